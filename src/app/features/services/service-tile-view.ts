/**
 * A service's stats on one channel as a tile. CALL tiles lead with calls waiting, the longest wait and the
 * service level; VIDEO and CHAT have no queue figures in the schema, so they lead with received and answered.
 */
import type { HistorySample } from '../../../../contract/history-format';
import type { MultiChannel, ServiceStatFieldsFragment } from '../../rtd/generated/graphql';
import { CHANNELS, byCodeThenChannel } from '../../shared/channel';
import type { SortedOrder } from '../../shared/sorted-order';
import { type KpiView, agentCount, kpi } from '../../shared/kpi';
import { type StatTileView, statTile, viewPerEntity } from '../../shared/stat-tile/stat-tile-view';
import { type TileSettings, abandonRateFigure, customStatViews, maxOf, serviceLevelFigure, sumOf, unionCount } from '../../shared/stat-tile/tile-figures';
import { levelOf } from '../../shared/thresholds';

type ServiceChannelStats = NonNullable<ServiceStatFieldsFragment['channelStats']>;
type ServiceCallStats = Extract<ServiceChannelStats, { queuedCalls: unknown }>;

/** The CALL member of the channelStats union, told apart by the channel (the union's types share field names). */
export function serviceCallStats(stat: ServiceStatFieldsFragment): ServiceCallStats | null {
  const stats = stat.channelStats;
  return stat.channel === 'CALL' && stats && 'queuedCalls' in stats ? stats : null;
}

const AGENT_FIELDS = ['readyUsers', 'busyUsers', 'notReadyUsers', 'postCallUsers', 'loggedUsers'] as const;

function agentCounts(stat: ServiceStatFieldsFragment): KpiView[] {
  return AGENT_FIELDS.map((field) => agentCount(field, stat.userStats?.[field]));
}

/** Figures the server's version may lack are left off the tile rather than shown as missing. */
function present(figures: (KpiView | false)[]): KpiView[] {
  return figures.filter((figure): figure is KpiView => figure !== false);
}

export function serviceTileView(stat: ServiceStatFieldsFragment, settings: TileSettings): StatTileView {
  const custom = customStatViews(stat.customStats, settings.customStatKeys);
  const call = serviceCallStats(stat);
  if (call) {
    return statTile(stat.code, stat.channel, {
      headline: [
        kpi('queuedCalls', call.queuedCalls),
        kpi('maxTimeCallOnQueue', call.maxTimeCallOnQueue, 'duration', levelOf('longestWait', call.maxTimeCallOnQueue, settings.thresholds)),
        serviceLevelFigure(settings, call, stat.customStats),
      ],
      traffic: present([
        settings.hasField('ServiceCcCallAtStat', 'averageTimeOnQueue') && kpi('averageTimeOnQueue', call.averageTimeOnQueue, 'duration'),
        kpi('receivedCalls', call.receivedCalls),
        kpi('answeredCalls', call.answeredCalls),
        kpi('hangupCalls', call.hangupCalls),
        abandonRateFigure(settings, call),
        kpi('shortCalls', call.shortCalls),
        kpi('closedCallsCallBack', call.closedCallsCallBack),
        kpi('currentCalls', call.currentCalls),
      ]),
      agents: agentCounts(stat),
      custom,
    });
  }
  const stats = stat.channelStats;
  const type = stat.channel === 'VIDEO' ? 'ServiceCcVideoAtStat' : 'ServiceCcChatAtStat';
  return statTile(stat.code, stat.channel, {
    headline: [kpi('receivedCalls', stats?.receivedCalls), kpi('answeredCalls', stats?.answeredCalls)],
    traffic: present([kpi('closedCalls', stats?.closedCalls), settings.hasField(type, 'averageTimeOnQueue') && kpi('averageTimeOnQueue', stats?.averageTimeOnQueue, 'duration')]),
    agents: agentCounts(stat),
    custom,
  });
}

/** The code of a totals tile; no service can have it, since the server's codes have no spaces. */
export const TOTAL_CODE = 'All services';

/**
 * A totals tile per channel over the board's services: counts summed, the longest wait the longest of all,
 * rates from the summed counts (not an average of rates), agents counted once by profile id.
 */
export function serviceTotalsTile(channel: MultiChannel, stats: readonly ServiceStatFieldsFragment[], tiles: readonly StatTileView[], settings: TileSettings): StatTileView {
  const onChannel = stats.filter((stat) => stat.channel === channel);
  const agents = AGENT_FIELDS.map((field) =>
    unionCount(
      field,
      tiles.filter((tile) => tile.channel === channel),
    ),
  );
  // The server's aggregate over the board is the same on every tile: take the first one that has it.
  const custom = settings.customStatKeys.map((key) => {
    const aggregated = onChannel.map((stat) => stat.customStats?.find((entry) => entry.key === key)?.value?.aggregatedValue).find((value) => value != null) ?? null;
    return { key, value: aggregated, aggregatedValue: aggregated };
  });
  const base = { agents, custom, total: true };
  if (channel === 'CALL') {
    const calls = onChannel.map(serviceCallStats).filter((call): call is ServiceCallStats => call !== null);
    const sum = (field: keyof ServiceCallStats) => sumOf(calls.map((call) => call[field] as number | null | undefined));
    const answered = sum('answeredCalls');
    const under = sum('answeredCallsUnderSpeedLimit');
    const sl1 = settings.serviceLevel === 'sl1' ? custom.find((entry) => entry.key === 'sl1')?.aggregatedValue : undefined;
    const serviceLevel =
      settings.serviceLevel === 'sl1'
        ? serviceLevelFigure(settings, null, sl1 != null ? [{ key: 'sl1', value: { value: sl1 } }] : [])
        : serviceLevelFigure(settings, { answeredCalls: answered, answeredCallsUnderSpeedLimit: under }, null);
    const longest = maxOf(calls.map((call) => call.maxTimeCallOnQueue));
    return statTile(TOTAL_CODE, channel, {
      ...base,
      headline: [kpi('queuedCalls', sum('queuedCalls')), kpi('maxTimeCallOnQueue', longest, 'duration', levelOf('longestWait', longest, settings.thresholds)), serviceLevel],
      traffic: [
        kpi('receivedCalls', sum('receivedCalls')),
        kpi('answeredCalls', answered),
        kpi('hangupCalls', sum('hangupCalls')),
        abandonRateFigure(settings, { hangupCalls: sum('hangupCalls'), answeredCalls: answered }),
        kpi('shortCalls', sum('shortCalls')),
        kpi('closedCallsCallBack', sum('closedCallsCallBack')),
        kpi('currentCalls', sum('currentCalls')),
      ],
    });
  }
  const sum = (field: 'receivedCalls' | 'answeredCalls' | 'closedCalls') => sumOf(onChannel.map((stat) => stat.channelStats?.[field]));
  return statTile(TOTAL_CODE, channel, {
    ...base,
    headline: [kpi('receivedCalls', sum('receivedCalls')), kpi('answeredCalls', sum('answeredCalls'))],
    traffic: [kpi('closedCalls', sum('closedCalls'))],
  });
}

const serviceTileOf = viewPerEntity(serviceTileView);

/** The tiles of a board, by service code (service_2 before service_10) and then channel, then the totals. */
export function serviceTiles(stats: readonly (ServiceStatFieldsFragment | null)[], settings: TileSettings, order?: SortedOrder<ServiceStatFieldsFragment>): StatTileView[] {
  const listed = byCodeThenChannel(
    stats.filter((stat): stat is ServiceStatFieldsFragment => stat !== null),
    order,
  );
  const tiles = listed.map((stat) => serviceTileOf(stat, settings));
  // A totals tile only says something new when it sums two services or more.
  const totals = CHANNELS.filter((channel) => tiles.filter((tile) => tile.channel === channel).length > 1).map((channel) => serviceTotalsTile(channel, listed, tiles, settings));
  return [...totals, ...tiles];
}

const counted = (count: number | null) => ({ count, profileIds: null });

/**
 * A service's stat as the recorder saw it at a minute's end (contract/history-format.ts), for the tile builders to
 * work out the tile it showed then: what a sample does not keep (callbacks, calls in progress, custom stats, who the
 * agents were) is null.
 */
export function serviceStatOfSample(sample: HistorySample): ServiceStatFieldsFragment {
  const userStats: ServiceStatFieldsFragment['userStats'] = {
    busyOnDNCallInUsers: null,
    busyOnDNCallOutUsers: null,
    busyOnDNCallOutUsersPrivate: null,
    busyOnDNCallUsers: null,
    busyOnServUsers: null,
    busyUsers: counted(sample.agentsBusy),
    loggedUsers: counted(sample.agentsLogged),
    notReadyUsers: counted(sample.agentsNotReady),
    notReadyUsersOnActivityCode: null,
    postCallUsers: counted(sample.agentsPostCall),
    readyUsers: counted(sample.agentsReady),
    activityCodeIndicators: null,
  };
  const base = { code: sample.code, channel: sample.channel, userStats, customStats: null };
  if (sample.channel !== 'CALL') {
    const __typename = sample.channel === 'VIDEO' ? 'ServiceCcVideoAtStat' : 'ServiceCcChatAtStat';
    return { ...base, channelStats: { __typename, answeredCalls: sample.answered, closedCalls: null, receivedCalls: sample.received, averageTimeOnQueue: null } };
  }
  return {
    ...base,
    channelStats: {
      __typename: 'ServiceCcCallAtStat',
      answeredCalls: sample.answered,
      answeredCallsUnderSpeedLimit: sample.answeredInTime,
      closedCalls: null,
      closedCallsCallBack: null,
      connectedCall: null,
      currentCalls: null,
      hangupCalls: sample.abandoned,
      maxTimeCallOnQueue: sample.longestWait,
      outboundAnsweredCalls: null,
      outboundClosedCallsGenericCause: null,
      outboundHangupCalls: null,
      outboundReceivedCalls: null,
      queuedCalls: sample.queued,
      receivedCalls: sample.received,
      receivedCallsInAccessList: null,
      receivedCallsWithT4you: null,
      receivedCallsWithT4youAnonymous: null,
      receivedCallsWithT4youMultiple: null,
      receivedCallsWithT4youSingle: null,
      shortCalls: sample.shortAbandons,
      averageTimeOnQueue: null,
    },
  };
}
