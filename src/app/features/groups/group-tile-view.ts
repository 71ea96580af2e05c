/**
 * A group's (skillset's) stats on one channel as a tile. Group CALL stats have calls waiting and abandons but
 * no waiting times nor answers within the speed limit, so their service level can only come from `sl1`;
 * VIDEO and CHAT lead with received and answered. Group user stats have no busy count.
 */
import type { HistorySample } from '../../../../contract/history-format';
import type { GroupStatFieldsFragment } from '../../rtd/generated/graphql';
import { byCodeThenChannel } from '../../shared/channel';
import type { SortedOrder } from '../../shared/sorted-order';
import { type KpiView, agentCount, kpi } from '../../shared/kpi';
import { type StatTileView, statTile, viewPerEntity } from '../../shared/stat-tile/stat-tile-view';
import { type TileSettings, abandonRateFigure, customStatViews, serviceLevelFigure } from '../../shared/stat-tile/tile-figures';

type GroupChannelStats = NonNullable<GroupStatFieldsFragment['channelStats']>;
type GroupCallStats = Extract<GroupChannelStats, { queuedCalls: unknown }>;

/** The CALL member of the channelStats union, told apart by the channel. */
export function groupCallStats(stat: GroupStatFieldsFragment): GroupCallStats | null {
  const stats = stat.channelStats;
  return stat.channel === 'CALL' && stats && 'queuedCalls' in stats ? stats : null;
}

const AGENT_FIELDS = ['readyUsers', 'notReadyUsers', 'postCallUsers', 'loggedUsers'] as const;

export function groupTileView(stat: GroupStatFieldsFragment, settings: TileSettings): StatTileView {
  const agents = AGENT_FIELDS.map((field) => agentCount(field, stat.userStats?.[field]));
  const custom = customStatViews(stat.customStats, settings.customStatKeys);
  const call = groupCallStats(stat);
  if (call) {
    const headline: KpiView[] = [kpi('queuedCalls', call.queuedCalls), kpi('answeredCalls', call.answeredCalls)];
    if (settings.serviceLevel === 'sl1') headline.push(serviceLevelFigure(settings, null, stat.customStats));
    return statTile(stat.code, stat.channel, {
      headline,
      traffic: [
        kpi('receivedCalls', call.receivedCalls),
        kpi('hangupCalls', call.hangupCalls),
        abandonRateFigure(settings, call),
        kpi('shortCalls', call.shortCalls),
        kpi('closedCalls', call.closedCalls),
      ],
      agents,
      custom,
    });
  }
  const stats = stat.channelStats;
  return statTile(stat.code, stat.channel, {
    headline: [kpi('receivedCalls', stats?.receivedCalls), kpi('answeredCalls', stats?.answeredCalls)],
    traffic: [kpi('closedCalls', stats?.closedCalls)],
    agents,
    custom,
  });
}

const groupTileOf = viewPerEntity(groupTileView);

/** The tiles of a board, by group code and then channel. */
export function groupTiles(stats: readonly (GroupStatFieldsFragment | null)[], settings: TileSettings, order?: SortedOrder<GroupStatFieldsFragment>): StatTileView[] {
  return byCodeThenChannel(
    stats.filter((stat): stat is GroupStatFieldsFragment => stat !== null),
    order,
  ).map((stat) => groupTileOf(stat, settings));
}

const counted = (count: number | null) => ({ count, profileIds: null });

/**
 * A group's stat as the recorder saw it at a minute's end (contract/history-format.ts), for the tile builders to work
 * out the tile it showed then; what a sample does not keep is null.
 */
export function groupStatOfSample(sample: HistorySample): GroupStatFieldsFragment {
  const userStats: GroupStatFieldsFragment['userStats'] = {
    loggedUsers: counted(sample.agentsLogged),
    notReadyUsers: counted(sample.agentsNotReady),
    notReadyUsersOnActivityCode: null,
    postCallUsers: counted(sample.agentsPostCall),
    readyUsers: counted(sample.agentsReady),
  };
  const base = { code: sample.code, channel: sample.channel, userStats, customStats: null };
  if (sample.channel !== 'CALL') {
    const __typename = sample.channel === 'VIDEO' ? 'GroupCcVideoStat' : 'GroupCcChatStat';
    return { ...base, channelStats: { __typename, answeredCalls: sample.answered, closedCalls: null, receivedCalls: sample.received } };
  }
  return {
    ...base,
    channelStats: {
      __typename: 'GroupCcCallStat',
      answeredCalls: sample.answered,
      closedCalls: null,
      hangupCalls: sample.abandoned,
      queuedCalls: sample.queued,
      receivedCalls: sample.received,
      shortCalls: sample.shortAbandons,
    },
  };
}
