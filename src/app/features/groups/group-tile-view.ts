/**
 * A group's (skillset's) stats on one channel as a tile. Group CALL stats have calls waiting but no waiting
 * times; VIDEO and CHAT lead with received and answered. Group user stats have no busy count.
 */
import type { GroupStatFieldsFragment } from '../../rtd/generated/graphql';
import { compareCodeThenChannel } from '../../shared/channel';
import { kpi } from '../../shared/kpi';
import { type StatTileView, statTile } from '../../shared/stat-tile/stat-tile-view';

type GroupChannelStats = NonNullable<GroupStatFieldsFragment['channelStats']>;
type GroupCallStats = Extract<GroupChannelStats, { queuedCalls: unknown }>;

/** The CALL member of the channelStats union, told apart by the channel. */
export function groupCallStats(stat: GroupStatFieldsFragment): GroupCallStats | null {
  const stats = stat.channelStats;
  return stat.channel === 'CALL' && stats && 'queuedCalls' in stats ? stats : null;
}

export function groupTileView(stat: GroupStatFieldsFragment): StatTileView {
  const users = stat.userStats;
  const agents = [
    kpi('readyUsers', users?.readyUsers?.count),
    kpi('notReadyUsers', users?.notReadyUsers?.count),
    kpi('postCallUsers', users?.postCallUsers?.count),
    kpi('loggedUsers', users?.loggedUsers?.count),
  ];
  const call = groupCallStats(stat);
  if (call) {
    return statTile(
      stat.code,
      stat.channel,
      [kpi('queuedCalls', call.queuedCalls), kpi('answeredCalls', call.answeredCalls)],
      [kpi('receivedCalls', call.receivedCalls), kpi('hangupCalls', call.hangupCalls), kpi('closedCalls', call.closedCalls)],
      agents,
    );
  }
  const stats = stat.channelStats;
  return statTile(stat.code, stat.channel, [kpi('receivedCalls', stats?.receivedCalls), kpi('answeredCalls', stats?.answeredCalls)], [kpi('closedCalls', stats?.closedCalls)], agents);
}

/** The tiles of a board, by group code and then channel. */
export function groupTiles(stats: readonly (GroupStatFieldsFragment | null)[]): StatTileView[] {
  return stats
    .filter((stat): stat is GroupStatFieldsFragment => stat !== null)
    .slice()
    .sort(compareCodeThenChannel)
    .map(groupTileView);
}
