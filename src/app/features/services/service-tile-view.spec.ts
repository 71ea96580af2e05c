import type { HistorySample } from '../../../../contract/history-format';
import type { ServiceStatFieldsFragment } from '../../rtd/generated/graphql';
import type { KpiView } from '../../shared/kpi';
import type { TileSettings } from '../../shared/stat-tile/tile-figures';
import { type StatTileView, recordedTrends, shownTiles } from '../../shared/stat-tile/stat-tile-view';
import { DEFAULT_THRESHOLDS, LevelHold } from '../../shared/thresholds';
import { TOTAL_CODE, serviceStatOfSample, serviceTileView, serviceTiles } from './service-tile-view';

type UserStats = NonNullable<ServiceStatFieldsFragment['userStats']>;
const profiles = (count: number, profileIds: number[] = []) => ({ count, profileIds });

function userStats(ready: number[], busy: number[], notReady: number[] = [], postCall: number[] = []): UserStats {
  const none = profiles(0);
  const logged = [...ready, ...busy, ...notReady, ...postCall];
  return {
    readyUsers: profiles(ready.length, ready),
    busyUsers: profiles(busy.length, busy),
    notReadyUsers: profiles(notReady.length, notReady),
    postCallUsers: profiles(postCall.length, postCall),
    loggedUsers: profiles(logged.length, logged),
    busyOnDNCallInUsers: none,
    busyOnDNCallOutUsers: none,
    busyOnDNCallOutUsersPrivate: none,
    busyOnDNCallUsers: none,
    busyOnServUsers: none,
    notReadyUsersOnActivityCode: none,
    activityCodeIndicators: [],
  };
}

type CallFields = Partial<Omit<Extract<NonNullable<ServiceStatFieldsFragment['channelStats']>, { queuedCalls: unknown }>, '__typename'>>;

function callStat(code: string, fields: CallFields = {}, extra: Partial<ServiceStatFieldsFragment> = {}): ServiceStatFieldsFragment {
  return {
    code,
    channel: 'CALL',
    channelStats: {
      __typename: 'ServiceCcCallAtStat',
      answeredCalls: 0,
      answeredCallsUnderSpeedLimit: 0,
      closedCalls: 0,
      closedCallsCallBack: 0,
      connectedCall: 0,
      currentCalls: 0,
      hangupCalls: 0,
      maxTimeCallOnQueue: 0,
      outboundAnsweredCalls: 0,
      outboundClosedCallsGenericCause: 0,
      outboundHangupCalls: 0,
      outboundReceivedCalls: 0,
      queuedCalls: 0,
      receivedCalls: 0,
      receivedCallsInAccessList: 0,
      receivedCallsWithT4you: 0,
      receivedCallsWithT4youAnonymous: 0,
      receivedCallsWithT4youMultiple: 0,
      receivedCallsWithT4youSingle: 0,
      shortCalls: 0,
      averageTimeOnQueue: null,
      ...fields,
    },
    userStats: userStats([1, 2, 3], [4, 5], [6]),
    customStats: [],
    ...extra,
  };
}

function chatStat(code: string, channel: 'CHAT' | 'VIDEO', received: number, answered: number, closed: number): ServiceStatFieldsFragment {
  const __typename = channel === 'CHAT' ? ('ServiceCcChatAtStat' as const) : ('ServiceCcVideoAtStat' as const);
  return {
    code,
    channel,
    channelStats: { __typename, receivedCalls: received, answeredCalls: answered, closedCalls: closed, averageTimeOnQueue: 12.5 },
    userStats: userStats([1], [2]),
    customStats: null,
  };
}

const settings = (change: Partial<TileSettings> = {}): TileSettings => ({ customStatKeys: [], serviceLevel: 'answered', thresholds: DEFAULT_THRESHOLDS, hasField: () => true, ...change });
const byField = (kpis: KpiView[]) => Object.fromEntries(kpis.map((k) => [k.field, k.value]));
const figure = (kpis: KpiView[], field: string) => kpis.find((k) => k.field === field)!;

describe('service tile view', () => {
  it('leads a CALL tile with calls waiting, the longest wait (a duration) and the service level (a percentage)', () => {
    const tile = serviceTileView(callStat('service_1', { queuedCalls: 3, maxTimeCallOnQueue: 75, answeredCalls: 8, answeredCallsUnderSpeedLimit: 6 }), settings());
    expect(tile.id).toBe('service_1/CALL');
    expect(tile.headline.map((k) => k.field)).toEqual(['queuedCalls', 'maxTimeCallOnQueue', 'serviceLevel']);
    expect(tile.headline[1]).toEqual(jasmine.objectContaining({ value: 75, format: 'duration' }));
    expect(tile.headline[2]).toEqual(jasmine.objectContaining({ value: 75, format: 'percent', level: 'warning' }));
  });

  it('shows the traffic figures with the raw values and the abandon rate over answered + abandoned', () => {
    const tile = serviceTileView(
      callStat('service_1', { receivedCalls: 40, answeredCalls: 35, hangupCalls: 5, averageTimeOnQueue: 17.25, shortCalls: 2, closedCallsCallBack: 1, currentCalls: 4 }),
      settings(),
    );
    expect(byField(tile.traffic)).toEqual({
      averageTimeOnQueue: 17.25,
      receivedCalls: 40,
      answeredCalls: 35,
      hangupCalls: 5,
      abandonRate: 12.5,
      shortCalls: 2,
      closedCallsCallBack: 1,
      currentCalls: 4,
    });
    expect(figure(tile.traffic, 'abandonRate').level).toBe('critical');
  });

  it('leaves average wait off when the server version lacks it, rather than showing it as missing', () => {
    const tile = serviceTileView(callStat('s'), settings({ hasField: (type, field) => !(type === 'ServiceCcCallAtStat' && field === 'averageTimeOnQueue') }));
    expect(tile.traffic.map((k) => k.field)).not.toContain('averageTimeOnQueue');
  });

  it('has no service level and no abandon rate (not 0 % or 100 %) before the first answered call', () => {
    const tile = serviceTileView(callStat('s'), settings());
    expect(figure(tile.headline, 'serviceLevel')).toEqual(jasmine.objectContaining({ value: null }));
    expect(figure(tile.headline, 'serviceLevel').level).toBeUndefined();
    expect(figure(tile.traffic, 'abandonRate').value).toBeNull();
  });

  it('takes the service level from the sl1 custom stat when the board says so', () => {
    const stat = callStat('s', { answeredCalls: 10, answeredCallsUnderSpeedLimit: 10 }, { customStats: [{ key: 'sl1', value: { value: '65.5', aggregatedValue: '70.0' } }] });
    expect(figure(serviceTileView(stat, settings({ serviceLevel: 'sl1' })).headline, 'serviceLevel')).toEqual(jasmine.objectContaining({ value: 65.5, level: 'critical' }));
    expect(figure(serviceTileView(stat, settings()).headline, 'serviceLevel').value).toBe(100);
  });

  it('counts agents from the service user stats, with the profile ids behind each count', () => {
    const tile = serviceTileView(callStat('s'), settings());
    expect(byField(tile.agents)).toEqual({ readyUsers: 3, busyUsers: 2, notReadyUsers: 1, postCallUsers: 0, loggedUsers: 6 });
    expect(figure(tile.agents, 'readyUsers').profileIds).toEqual([1, 2, 3]);
    expect(figure(tile.agents, 'postCallUsers').profileIds).toBeUndefined();
  });

  it('rates the longest wait with the board thresholds, and the tile takes the worst level', () => {
    const level = (wait: number) => serviceTileView(callStat('s', { maxTimeCallOnQueue: wait }), settings()).level;
    expect(level(60)).toBe('ok');
    expect(level(61)).toBe('warning');
    expect(level(121)).toBe('critical');
    const strict = { ...DEFAULT_THRESHOLDS, longestWait: { warning: 10, critical: 20 } };
    expect(serviceTileView(callStat('s', { maxTimeCallOnQueue: 15 }), settings({ thresholds: strict })).level).toBe('warning');
  });

  it('lists the board custom stats in the board order, with value and aggregate; a missing key has no value', () => {
    const stat = callStat('s', {}, { customStats: [{ key: 'abandonRate', value: { value: '3.0', aggregatedValue: '4.5' } }] });
    expect(serviceTileView(stat, settings({ customStatKeys: ['sl1', 'abandonRate'] })).custom).toEqual([
      { key: 'sl1', value: null, aggregatedValue: null },
      { key: 'abandonRate', value: '3.0', aggregatedValue: '4.5' },
    ]);
  });

  it('shows VIDEO and CHAT tiles with the fields their types have', () => {
    const tile = serviceTileView(chatStat('service_3', 'CHAT', 9, 7, 6), settings());
    expect(byField(tile.headline)).toEqual({ receivedCalls: 9, answeredCalls: 7 });
    expect(byField(tile.traffic)).toEqual({ closedCalls: 6, averageTimeOnQueue: 12.5 });
    expect(tile.level).toBeUndefined();
  });
});

describe('service tiles of a board', () => {
  it('orders tiles by code as people count, then channel, after one totals tile per channel with two services or more', () => {
    const tiles = serviceTiles([callStat('service_10'), chatStat('service_2', 'CHAT', 1, 1, 1), null, callStat('service_2'), chatStat('service_2', 'VIDEO', 1, 1, 1)], settings());
    expect(tiles.map((t) => t.id)).toEqual([`${TOTAL_CODE}/CALL`, 'service_2/CALL', 'service_2/VIDEO', 'service_2/CHAT', 'service_10/CALL']);
  });

  it('totals sum counts, take the longest wait, work rates out from the sums and count each agent once', () => {
    const a = callStat('a', { queuedCalls: 2, maxTimeCallOnQueue: 30, receivedCalls: 10, answeredCalls: 8, answeredCallsUnderSpeedLimit: 8, hangupCalls: 2 });
    const b = callStat(
      'b',
      { queuedCalls: 1, maxTimeCallOnQueue: 90, receivedCalls: 30, answeredCalls: 32, answeredCallsUnderSpeedLimit: 24, hangupCalls: 0 },
      { userStats: userStats([3, 7], [4], []) },
    );
    const [total] = serviceTiles([a, b], settings());
    expect(total.total).toBeTrue();
    expect(byField(total.headline)).toEqual({ queuedCalls: 3, maxTimeCallOnQueue: 90, serviceLevel: 80 });
    expect(figure(total.traffic, 'abandonRate').value).toBeCloseTo(4.76, 2);
    // Agents 1–6 in a, 3, 4 and 7 in b: ready {1,2,3,7}, busy {4,5}.
    expect(figure(total.agents, 'readyUsers')).toEqual(jasmine.objectContaining({ value: 4, profileIds: [1, 2, 3, 7] }));
    expect(figure(total.agents, 'busyUsers').value).toBe(2);
    expect(total.level).toBe('warning');
  });

  it('totals show the server aggregate of each custom stat', () => {
    const custom = [{ key: 'sl1', value: { value: '90.0', aggregatedValue: '85.0' } }];
    const [total] = serviceTiles([callStat('a', {}, { customStats: custom }), callStat('b', {}, { customStats: custom })], settings({ customStatKeys: ['sl1'], serviceLevel: 'sl1' }));
    expect(total.custom).toEqual([{ key: 'sl1', value: '85.0', aggregatedValue: '85.0' }]);
    expect(figure(total.headline, 'serviceLevel').value).toBe(85);
  });
});

describe('service tiles over time: only the tiles that moved are new', () => {
  it('keeps the view of a service whose stats object did not change, and makes one for the service that did', () => {
    const board = settings();
    const quiet = callStat('service_1');
    const busy = callStat('service_2');
    const before = serviceTiles([quiet, busy], board);
    const after = serviceTiles([quiet, callStat('service_2', { queuedCalls: 4 })], board);
    expect(after.find((t) => t.id === 'service_1/CALL')).toBe(before.find((t) => t.id === 'service_1/CALL')!);
    expect(after.find((t) => t.id === 'service_2/CALL')).not.toBe(before.find((t) => t.id === 'service_2/CALL')!);
    expect(byField(after.find((t) => t.id === 'service_2/CALL')!.headline)['queuedCalls']).toBe(4);
    // Another board's settings: every view afresh.
    expect(serviceTiles([quiet, busy], settings()).find((t) => t.id === 'service_1/CALL')).not.toBe(before.find((t) => t.id === 'service_1/CALL')!);
  });

  it('shows the same tile object while its view, held levels and trend points stay the same', () => {
    const hold = new LevelHold();
    const reuse = new Map();
    const points = [{ at: 0, value: 1 }];
    const tiles = serviceTiles([callStat('service_1', { maxTimeCallOnQueue: 10 })], settings());
    const trend = () => points;
    const first = shownTiles(tiles, hold, 1_000, 5_000, trend, reuse);
    expect(shownTiles(tiles, hold, 2_000, 5_000, trend, reuse)[0]).toBe(first[0]);
    // New trend points: a new shown tile.
    const moved = shownTiles(tiles, hold, 3_000, 5_000, () => [...points], reuse);
    expect(moved[0]).not.toBe(first[0]);
    expect(moved[0].trends[0].points).toEqual(points);
  });

  it('shows a new tile when a held level ends, though the stats did not move', () => {
    const hold = new LevelHold();
    const reuse = new Map();
    const none: { at: number; value: number | null }[] = [];
    const trend = () => none;
    const board = settings();
    const critical = serviceTiles([callStat('service_1', { maxTimeCallOnQueue: 10_000 })], board);
    shownTiles(critical, hold, 0, 5_000, trend, reuse);
    const calm = serviceTiles([callStat('service_1', { maxTimeCallOnQueue: 1 })], board);
    const held = shownTiles(calm, hold, 1_000, 5_000, trend, reuse);
    expect(held[0].level).toBe('critical');
    expect(shownTiles(calm, hold, 2_000, 5_000, trend, reuse)[0]).toBe(held[0]);
    const released = shownTiles(calm, hold, 7_000, 5_000, trend, reuse);
    expect(released[0]).not.toBe(held[0]);
    expect(released[0].level).not.toBe('critical');
  });

  describe('the cause of a level', () => {
    it('names the figure that made the tile critical, though its headline looks perfect (finding 4)', () => {
      // Nobody waiting, service level 100 %, but 11.2 % abandoned: a red tile must say why.
      const tile = serviceTileView(callStat('service_1', { queuedCalls: 0, maxTimeCallOnQueue: 0, answeredCalls: 95, answeredCallsUnderSpeedLimit: 95, hangupCalls: 12 }), settings());
      expect(tile.level).toBe('critical');
      expect(tile.causes?.map((figure) => [figure.field, figure.value])).toEqual([['abandonRate', (12 / 107) * 100]]);
    });

    it('lists only the figures at the tile level, headline first, and none on an ok tile', () => {
      const both = serviceTileView(callStat('s', { maxTimeCallOnQueue: 200, answeredCalls: 10, answeredCallsUnderSpeedLimit: 5, hangupCalls: 1 }), settings());
      expect(both.level).toBe('critical');
      expect(both.causes?.map((figure) => figure.field)).toEqual(['maxTimeCallOnQueue', 'serviceLevel', 'abandonRate']);
      const warning = serviceTileView(callStat('s', { maxTimeCallOnQueue: 90, answeredCalls: 10, answeredCallsUnderSpeedLimit: 10 }), settings());
      expect(warning.level).toBe('warning');
      expect(warning.causes?.map((figure) => figure.field)).toEqual(['maxTimeCallOnQueue']);
      expect(serviceTileView(callStat('s', { answeredCalls: 10, answeredCallsUnderSpeedLimit: 10 }), settings()).causes).toBeUndefined();
    });

    it('follows the held level: the cause is the figure still held at it, and goes with it', () => {
      const hold = new LevelHold();
      const reuse = new Map();
      const trend = () => [];
      const board = settings();
      shownTiles(serviceTiles([callStat('service_1', { maxTimeCallOnQueue: 10_000 })], board), hold, 0, 5_000, trend, reuse);
      const calm = serviceTiles([callStat('service_1', { maxTimeCallOnQueue: 1 })], board);
      expect(calm[0].causes).toBeUndefined();
      const held = shownTiles(calm, hold, 1_000, 5_000, trend, reuse)[0];
      expect(held.causes?.map((figure) => [figure.field, figure.level])).toEqual([['maxTimeCallOnQueue', 'critical']]);
      expect(shownTiles(calm, hold, 7_000, 5_000, trend, reuse)[0].causes).toBeUndefined();
    });

    it('names the cause on a totals tile too', () => {
      const tiles = serviceTiles(
        [callStat('service_1', { answeredCalls: 10, answeredCallsUnderSpeedLimit: 10, hangupCalls: 5 }), callStat('service_2', { answeredCalls: 10, answeredCallsUnderSpeedLimit: 10 })],
        settings(),
      );
      const total = tiles.find((tile) => tile.total && tile.channel === 'CALL')!;
      expect(total.causes?.[0]).toEqual(jasmine.objectContaining({ field: 'abandonRate', level: total.level }));
    });
  });
});

describe('service tiles at recorded minutes (sparklines with their history)', () => {
  const MIN = 60_000;
  function sample(code: string, minute: number, queued: number, answered: number, answeredInTime: number): HistorySample {
    return {
      kind: 'service',
      code,
      channel: 'CALL',
      minute: new Date(minute).toISOString(),
      queued,
      longestWait: 30,
      received: answered + 2,
      answered,
      answeredInTime,
      abandoned: 1,
      shortAbandons: 0,
      agentsReady: 1,
      agentsBusy: 2,
      agentsPostCall: 0,
      agentsNotReady: 0,
      agentsLogged: 3,
    };
  }
  const tilesAt = (minute: number, samples: HistorySample[], change: Partial<TileSettings> = {}): [number, StatTileView[]] => [
    minute,
    serviceTiles(samples.map(serviceStatOfSample), settings(change)),
  ];

  it('gives each tile, totals included, the values its live tile would have shown, keyed as the live trends', () => {
    const trends = recordedTrends('service:answered', [
      tilesAt(0, [sample('sales', 0, 3, 10, 9), sample('care', 0, 1, 30, 15)]),
      tilesAt(MIN, [sample('sales', MIN, 4, 10, 8), sample('care', MIN, 0, 30, 15)]),
    ]);
    expect(trends.get('service:answered|sales/CALL/queuedCalls')).toEqual([
      { minute: 0, value: 3 },
      { minute: MIN, value: 4 },
    ]);
    expect(trends.get('service:answered|sales/CALL/serviceLevel')!.map((point) => point.value)).toEqual([90, 80]);
    // The totals tile: calls waiting summed, the service level from the summed counts (24/40), not an average of rates.
    expect(trends.get(`service:answered|${TOTAL_CODE}/CALL/queuedCalls`)!.map((point) => point.value)).toEqual([4, 4]);
    expect(trends.get(`service:answered|${TOTAL_CODE}/CALL/serviceLevel`)!.map((point) => point.value)).toEqual([60, 57.5]);
    // The same figures as the live tile built from the same stats.
    const live = serviceTileView(serviceStatOfSample(sample('sales', 0, 3, 10, 9)), settings());
    expect(live.headline.map((k) => k.value)).toEqual([3, 30, 90]);
  });

  it('leaves out a figure the record cannot give (the sl1 custom stat)', () => {
    const trends = recordedTrends('service:sl1', [tilesAt(0, [sample('sales', 0, 3, 10, 9)], { serviceLevel: 'sl1', customStatKeys: ['sl1'] })], ['queuedCalls']);
    expect([...trends.keys()]).toEqual(['service:sl1|sales/CALL/queuedCalls']);
  });
});
