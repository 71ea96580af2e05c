/**
 * A service's stats on one channel as a tile. CALL tiles lead with calls waiting and the longest wait; VIDEO
 * and CHAT have no queue figures in the schema, so they lead with received and answered.
 */
import type { ServiceStatFieldsFragment } from '../../rtd/generated/graphql';
import { compareCodeThenChannel } from '../../shared/channel';
import { kpi } from '../../shared/kpi';
import { type StatTileView, statTile } from '../../shared/stat-tile/stat-tile-view';
import { LONGEST_WAIT_SECONDS, levelOf } from '../../shared/thresholds';

type ServiceChannelStats = NonNullable<ServiceStatFieldsFragment['channelStats']>;
type ServiceCallStats = Extract<ServiceChannelStats, { queuedCalls: unknown }>;

/** The CALL member of the channelStats union, told apart by the channel (the union's types share field names). */
export function serviceCallStats(stat: ServiceStatFieldsFragment): ServiceCallStats | null {
  const stats = stat.channelStats;
  return stat.channel === 'CALL' && stats && 'queuedCalls' in stats ? stats : null;
}

export function serviceTileView(stat: ServiceStatFieldsFragment): StatTileView {
  const users = stat.userStats;
  const agents = [
    kpi('readyUsers', users?.readyUsers?.count),
    kpi('busyUsers', users?.busyUsers?.count),
    kpi('notReadyUsers', users?.notReadyUsers?.count),
    kpi('loggedUsers', users?.loggedUsers?.count),
  ];
  const call = serviceCallStats(stat);
  if (call) {
    return statTile(
      stat.code,
      stat.channel,
      [kpi('queuedCalls', call.queuedCalls), kpi('maxTimeCallOnQueue', call.maxTimeCallOnQueue, 'duration', levelOf(call.maxTimeCallOnQueue, LONGEST_WAIT_SECONDS))],
      [kpi('receivedCalls', call.receivedCalls), kpi('answeredCalls', call.answeredCalls), kpi('hangupCalls', call.hangupCalls), kpi('averageTimeOnQueue', call.averageTimeOnQueue, 'duration')],
      agents,
    );
  }
  const stats = stat.channelStats;
  return statTile(
    stat.code,
    stat.channel,
    [kpi('receivedCalls', stats?.receivedCalls), kpi('answeredCalls', stats?.answeredCalls)],
    [kpi('closedCalls', stats?.closedCalls), kpi('averageTimeOnQueue', stats?.averageTimeOnQueue, 'duration')],
    agents,
  );
}

/** The tiles of a board, by service code (service_2 before service_10) and then channel. */
export function serviceTiles(stats: readonly (ServiceStatFieldsFragment | null)[]): StatTileView[] {
  return stats
    .filter((stat): stat is ServiceStatFieldsFragment => stat !== null)
    .slice()
    .sort(compareCodeThenChannel)
    .map(serviceTileView);
}
