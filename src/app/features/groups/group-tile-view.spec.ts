import type { GroupStatFieldsFragment } from '../../rtd/generated/graphql';
import type { KpiView } from '../../shared/kpi';
import type { TileSettings } from '../../shared/stat-tile/tile-figures';
import { DEFAULT_THRESHOLDS } from '../../shared/thresholds';
import { groupTileView, groupTiles } from './group-tile-view';

const settings = (change: Partial<TileSettings> = {}): TileSettings => ({ customStatKeys: [], serviceLevel: 'answered', thresholds: DEFAULT_THRESHOLDS, hasField: () => true, ...change });

const profiles = (count: number) => ({ count, profileIds: [] });
const userStats = { readyUsers: profiles(4), notReadyUsers: profiles(1), postCallUsers: profiles(2), loggedUsers: profiles(9), notReadyUsersOnActivityCode: profiles(1) };
const byField = (kpis: KpiView[]) => Object.fromEntries(kpis.map((k) => [k.field, k.value]));

function callGroup(code: string): GroupStatFieldsFragment {
  return {
    code,
    channel: 'CALL',
    channelStats: { __typename: 'GroupCcCallStat', queuedCalls: 2, answeredCalls: 30, receivedCalls: 35, hangupCalls: 3, closedCalls: 33, shortCalls: 1 },
    userStats,
    customStats: [],
  };
}

function videoGroup(code: string): GroupStatFieldsFragment {
  return { code, channel: 'VIDEO', channelStats: { __typename: 'GroupCcVideoStat', receivedCalls: 5, answeredCalls: 4, closedCalls: 4 }, userStats, customStats: [] };
}

describe('group tile view', () => {
  it('leads a CALL tile with calls waiting and answered, then received, abandoned, abandon rate, short abandons and closed', () => {
    const tile = groupTileView(callGroup('skillset_1'), settings());
    expect(tile.id).toBe('skillset_1/CALL');
    expect(byField(tile.headline)).toEqual({ queuedCalls: 2, answeredCalls: 30 });
    expect(byField(tile.traffic)).toEqual({ receivedCalls: 35, hangupCalls: 3, abandonRate: 9.090909090909092, shortCalls: 1, closedCalls: 33 });
    expect(tile.level).toBe('critical');
  });

  it('counts agents from the group user stats, which have no busy count', () => {
    expect(byField(groupTileView(callGroup('g'), settings()).agents)).toEqual({ readyUsers: 4, notReadyUsers: 1, postCallUsers: 2, loggedUsers: 9 });
  });

  it('gives VIDEO and CHAT tiles received, answered and closed', () => {
    const tile = groupTileView(videoGroup('skillset_2'), settings());
    expect(byField(tile.headline)).toEqual({ receivedCalls: 5, answeredCalls: 4 });
    expect(byField(tile.traffic)).toEqual({ closedCalls: 4 });
  });

  it('orders tiles by group code, then channel', () => {
    expect(groupTiles([videoGroup('skillset_10'), videoGroup('skillset_1'), callGroup('skillset_1')], settings()).map((t) => t.id)).toEqual([
      'skillset_1/CALL',
      'skillset_1/VIDEO',
      'skillset_10/VIDEO',
    ]);
  });

  it('shows a service level only from the sl1 custom stat: group stats have no answers within the speed limit', () => {
    const group = { ...callGroup('g'), customStats: [{ key: 'sl1', value: { value: '82.0', aggregatedValue: '82.0' } }] };
    expect(groupTileView(group, settings()).headline.map((k) => k.field)).toEqual(['queuedCalls', 'answeredCalls']);
    expect(byField(groupTileView(group, settings({ serviceLevel: 'sl1', customStatKeys: ['sl1'] })).headline)).toEqual({ queuedCalls: 2, answeredCalls: 30, serviceLevel: 82 });
  });

  it('names the figure that put a group tile at its level (the abandon rate, or the sl1 service level)', () => {
    // 3 abandoned of 33: 9.1 %, past the 8 % critical default.
    const tile = groupTileView(callGroup('g'), settings());
    expect(tile.level).toBe('critical');
    expect(tile.causes?.map((figure) => figure.field)).toEqual(['abandonRate']);
    const group = {
      ...callGroup('g'),
      channelStats: { ...callGroup('g').channelStats!, hangupCalls: 0 },
      customStats: [{ key: 'sl1', value: { value: '75.0', aggregatedValue: '75.0' } }],
    } as GroupStatFieldsFragment;
    const warning = groupTileView(group, settings({ serviceLevel: 'sl1' }));
    expect(warning.level).toBe('warning');
    expect(warning.causes?.map((figure) => [figure.field, figure.value])).toEqual([['serviceLevel', 75]]);
  });
});
