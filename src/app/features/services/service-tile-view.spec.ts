import type { ServiceStatFieldsFragment } from '../../rtd/generated/graphql';
import type { KpiView } from '../../shared/kpi';
import { serviceTileView, serviceTiles } from './service-tile-view';

type UserStats = NonNullable<ServiceStatFieldsFragment['userStats']>;
const profiles = (count: number) => ({ count, profileIds: [] });

function userStats(ready: number, busy: number, notReady: number, logged: number): UserStats {
  const none = profiles(0);
  return {
    readyUsers: profiles(ready), busyUsers: profiles(busy), notReadyUsers: profiles(notReady), loggedUsers: profiles(logged),
    busyOnDNCallInUsers: none, busyOnDNCallOutUsers: none, busyOnDNCallOutUsersPrivate: none, busyOnDNCallUsers: none,
    busyOnServUsers: none, notReadyUsersOnActivityCode: none, postCallUsers: none, activityCodeIndicators: [],
  };
}

function callStat(code: string, fields: { queuedCalls?: number | null; maxTimeCallOnQueue?: number | null; receivedCalls?: number; answeredCalls?: number; hangupCalls?: number; averageTimeOnQueue?: number | null }): ServiceStatFieldsFragment {
  return {
    code,
    channel: 'CALL',
    channelStats: {
      __typename: 'ServiceCcCallAtStat',
      answeredCalls: fields.answeredCalls ?? 0, answeredCallsUnderSpeedLimit: 0, closedCalls: 0, closedCallsCallBack: 0, connectedCall: 0, currentCalls: 0,
      hangupCalls: fields.hangupCalls ?? 0, maxTimeCallOnQueue: fields.maxTimeCallOnQueue ?? 0, outboundAnsweredCalls: 0, outboundClosedCallsGenericCause: 0,
      outboundHangupCalls: 0, outboundReceivedCalls: 0, queuedCalls: fields.queuedCalls === undefined ? 0 : fields.queuedCalls, receivedCalls: fields.receivedCalls ?? 0, receivedCallsInAccessList: 0,
      receivedCallsWithT4you: 0, receivedCallsWithT4youAnonymous: 0, receivedCallsWithT4youMultiple: 0, receivedCallsWithT4youSingle: 0, shortCalls: 0,
      averageTimeOnQueue: fields.averageTimeOnQueue ?? null,
    },
    userStats: userStats(3, 2, 1, 6),
    customStats: [],
  };
}

function chatStat(code: string, channel: 'CHAT' | 'VIDEO', received: number, answered: number, closed: number): ServiceStatFieldsFragment {
  const __typename = channel === 'CHAT' ? ('ServiceCcChatAtStat' as const) : ('ServiceCcVideoAtStat' as const);
  return { code, channel, channelStats: { __typename, receivedCalls: received, answeredCalls: answered, closedCalls: closed, averageTimeOnQueue: 12.5 }, userStats: userStats(1, 1, 0, 2), customStats: null };
}

const byField = (kpis: KpiView[]) => Object.fromEntries(kpis.map((k) => [k.field, k.value]));

describe('service tile view', () => {
  it('leads a CALL tile with calls waiting and the longest wait (a duration)', () => {
    const tile = serviceTileView(callStat('service_1', { queuedCalls: 3, maxTimeCallOnQueue: 75 }));
    expect(tile.id).toBe('service_1/CALL');
    expect(tile.headline.map((k) => k.field)).toEqual(['queuedCalls', 'maxTimeCallOnQueue']);
    expect(tile.headline[0].value).toBe(3);
    expect(tile.headline[1]).toEqual(jasmine.objectContaining({ value: 75, format: 'duration', labelKey: 'kpi.maxTimeCallOnQueue' }));
  });

  it('shows received, answered and abandoned (hangupCalls) calls with their raw values', () => {
    const tile = serviceTileView(callStat('service_1', { receivedCalls: 40, answeredCalls: 35, hangupCalls: 4, averageTimeOnQueue: 17.25 }));
    expect(byField(tile.traffic)).toEqual({ receivedCalls: 40, answeredCalls: 35, hangupCalls: 4, averageTimeOnQueue: 17.25 });
  });

  it('counts agents ready, busy, not ready and logged in from the service user stats', () => {
    expect(byField(serviceTileView(callStat('service_1', {})).agents)).toEqual({ readyUsers: 3, busyUsers: 2, notReadyUsers: 1, loggedUsers: 6 });
  });

  it('rates the longest wait: warning over 60 s, critical over 120 s, and the tile takes the worst level', () => {
    expect(serviceTileView(callStat('s', { maxTimeCallOnQueue: 30 })).level).toBe('ok');
    expect(serviceTileView(callStat('s', { maxTimeCallOnQueue: 90 })).level).toBe('warning');
    const critical = serviceTileView(callStat('s', { maxTimeCallOnQueue: 121 }));
    expect(critical.level).toBe('critical');
    expect(critical.headline[1].level).toBe('critical');
  });

  it('gives VIDEO and CHAT tiles the figures their types have, with no queue figures', () => {
    const tile = serviceTileView(chatStat('service_5', 'CHAT', 10, 9, 8));
    expect(tile.id).toBe('service_5/CHAT');
    expect(byField(tile.headline)).toEqual({ receivedCalls: 10, answeredCalls: 9 });
    expect(byField(tile.traffic)).toEqual({ closedCalls: 8, averageTimeOnQueue: 12.5 });
    expect(tile.level).toBeUndefined();
  });

  it('keeps a missing value as null (shown as a dash), never as 0', () => {
    const tile = serviceTileView(callStat('s', { queuedCalls: null, averageTimeOnQueue: null }));
    expect(tile.headline[0].value).toBeNull();
    expect(tile.traffic[3].value).toBeNull();
    const bare: ServiceStatFieldsFragment = { code: 's', channel: 'VIDEO', channelStats: null, userStats: null, customStats: null };
    const view = serviceTileView(bare);
    expect(view.headline.every((k) => k.value === null)).toBeTrue();
    expect(view.agents.every((k) => k.value === null)).toBeTrue();
  });

  it('orders tiles by service as people count (service_2 before service_10), then CALL, VIDEO, CHAT', () => {
    const tiles = serviceTiles([chatStat('service_10', 'CHAT', 1, 1, 1), null, chatStat('service_2', 'CHAT', 1, 1, 1), chatStat('service_2', 'VIDEO', 1, 1, 1), callStat('service_2', {})]);
    expect(tiles.map((t) => t.id)).toEqual(['service_2/CALL', 'service_2/VIDEO', 'service_2/CHAT', 'service_10/CHAT']);
  });
});
