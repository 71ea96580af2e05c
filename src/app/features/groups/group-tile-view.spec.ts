import type { GroupStatFieldsFragment } from '../../rtd/generated/graphql';
import type { KpiView } from '../../shared/kpi';
import { groupTileView, groupTiles } from './group-tile-view';

const profiles = (count: number) => ({ count, profileIds: [] });
const userStats = { readyUsers: profiles(4), notReadyUsers: profiles(1), postCallUsers: profiles(2), loggedUsers: profiles(9), notReadyUsersOnActivityCode: profiles(1) };
const byField = (kpis: KpiView[]) => Object.fromEntries(kpis.map((k) => [k.field, k.value]));

function callGroup(code: string): GroupStatFieldsFragment {
  return { code, channel: 'CALL', channelStats: { __typename: 'GroupCcCallStat', queuedCalls: 2, answeredCalls: 30, receivedCalls: 35, hangupCalls: 3, closedCalls: 33, shortCalls: 1 }, userStats, customStats: [] };
}

function videoGroup(code: string): GroupStatFieldsFragment {
  return { code, channel: 'VIDEO', channelStats: { __typename: 'GroupCcVideoStat', receivedCalls: 5, answeredCalls: 4, closedCalls: 4 }, userStats, customStats: [] };
}

describe('group tile view', () => {
  it('leads a CALL tile with calls waiting and answered, then received, abandoned and closed', () => {
    const tile = groupTileView(callGroup('skillset_1'));
    expect(tile.id).toBe('skillset_1/CALL');
    expect(byField(tile.headline)).toEqual({ queuedCalls: 2, answeredCalls: 30 });
    expect(byField(tile.traffic)).toEqual({ receivedCalls: 35, hangupCalls: 3, closedCalls: 33 });
  });

  it('counts agents from the group user stats, which have no busy count', () => {
    expect(byField(groupTileView(callGroup('g')).agents)).toEqual({ readyUsers: 4, notReadyUsers: 1, postCallUsers: 2, loggedUsers: 9 });
  });

  it('gives VIDEO and CHAT tiles received, answered and closed', () => {
    const tile = groupTileView(videoGroup('skillset_2'));
    expect(byField(tile.headline)).toEqual({ receivedCalls: 5, answeredCalls: 4 });
    expect(byField(tile.traffic)).toEqual({ closedCalls: 4 });
  });

  it('orders tiles by group code, then channel', () => {
    expect(groupTiles([videoGroup('skillset_10'), videoGroup('skillset_1'), callGroup('skillset_1')]).map((t) => t.id)).toEqual(['skillset_1/CALL', 'skillset_1/VIDEO', 'skillset_10/VIDEO']);
  });
});
