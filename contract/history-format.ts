/**
 * Intraday history: what the wallboard server's recorder keeps and what its API answers. The server writes these
 * shapes, the app and the forecast benchmark read them; one definition here.
 *
 * A sample is one service's or group's figures on one channel at the end of one UTC minute: what its tile showed
 * then (calls waiting, the longest wait of the minute, agents by state) and the day's cumulative counters as the RTD
 * Server had them (they reset at the RTD Server's daily reset). An interval is 15 minutes of those counters'
 * differences. A minute or an interval the recorder did not see is absent: a gap, never zeros.
 */

export type HistoryKind = 'service' | 'group';
export type HistoryChannel = 'CALL' | 'VIDEO' | 'CHAT';

/** Samples are per minute; intervals are 15 minutes, aligned to the UTC hour (:00, :15, :30, :45). */
export const SAMPLE_MS = 60_000;
export const INTERVAL_MS = 15 * 60_000;
/** How much of the recent past GET /api/history/samples answers at most (the sparklines show 30 minutes). */
export const SAMPLES_WINDOW_MAX_MS = 2 * 60 * 60_000;
/** Intervals asked for at once at most (GET /api/history/intervals): two days. */
export const INTERVALS_RANGE_MAX_MS = 2 * 24 * 60 * 60_000;

/** One entity's figures at the end of one minute. A figure its channel or kind lacks is null. */
export interface HistorySample {
  kind: HistoryKind;
  code: string;
  channel: HistoryChannel;
  /** The minute's start, ISO 8601 UTC (`2026-12-04T10:02:00.000Z`): the figures are as they stood at its end. */
  minute: string;
  /** Callers waiting at the minute's end (queuedCalls). */
  queued: number | null;
  /** The longest wait (s) seen during the minute (maxTimeCallOnQueue; services' CALL channel only). */
  longestWait: number | null;
  // The day's counters at the minute's end, as the RTD Server counts them (since its daily reset).
  received: number | null;
  answered: number | null;
  /** answeredCallsUnderSpeedLimit (services' CALL channel only). */
  answeredInTime: number | null;
  /** hangupCalls: callers who hung up waiting. */
  abandoned: number | null;
  /** shortCalls: abandons short enough not to count against the service. */
  shortAbandons: number | null;
  // Agents by state at the minute's end (userStats counts).
  agentsReady: number | null;
  agentsBusy: number | null;
  agentsPostCall: number | null;
  agentsNotReady: number | null;
  agentsLogged: number | null;
}

/** One entity's 15 minutes. Counts are differences of the day's counters, across a daily reset included. */
export interface HistoryInterval {
  kind: HistoryKind;
  code: string;
  channel: HistoryChannel;
  /** The interval's start, ISO 8601 UTC, on :00, :15, :30 or :45. */
  start: string;
  received: number | null;
  answered: number | null;
  answeredInTime: number | null;
  abandoned: number | null;
  shortAbandons: number | null;
  /** The longest wait (s) seen in the interval. */
  longestWait: number | null;
  /** Agents by state, averaged over the interval's minutes (agent-minutes / minutes). */
  agentsReady: number | null;
  agentsBusy: number | null;
  agentsPostCall: number | null;
  /**
   * Minutes of the 15 the counts cover: 15 is a whole interval; fewer, a partial one (the recorder started, came back
   * or stopped inside it; a gap across its start). A gap inside an interval, with minutes recorded on both sides, loses
   * no call (the counters carry across it); its agents and longest wait then come from the minutes recorded.
   */
  minutes: number;
}

/** What the recorder is doing, for the app to say so (and to draw no history when it records nothing). */
export interface RecorderStatus {
  /** True while it holds live subscriptions and writes samples. */
  recording: boolean;
  /**
   * Why not, in words for a supervisor (no RTD access token stored, the token refused, the RTD Server unreachable).
   * While recording, null, or what a supervisor should know (recording with the embedded emulator's demo token).
   */
  reason: string | null;
  /** The minute (ISO) of the last sample written (the minute in progress is written every 10 s), null before the first. */
  lastSampleAt: string | null;
  /** Services and groups followed. */
  entities: number;
  /** Days of intervals kept (HISTORY_RETENTION_DAYS). */
  retentionDays: number;
}

/** GET /api/history/samples?since=ISO&kind=service|group: the minutes after `since` (at most SAMPLES_WINDOW_MAX_MS). */
export interface HistorySamplesAnswer {
  recorder: RecorderStatus;
  samples: HistorySample[];
}

/** GET /api/history/intervals?kind=&code=&channel=&from=ISO&to=ISO: the intervals starting in [from, to). */
export interface HistoryIntervalsAnswer {
  recorder: RecorderStatus;
  intervals: HistoryInterval[];
}

/** The start (ms) of the 15-minute interval holding `ms`. */
export function intervalStart(ms: number): number {
  return ms - (((ms % INTERVAL_MS) + INTERVAL_MS) % INTERVAL_MS);
}

/** The start (ms) of the minute holding `ms`. */
export function minuteStart(ms: number): number {
  return ms - (((ms % SAMPLE_MS) + SAMPLE_MS) % SAMPLE_MS);
}

/**
 * How much a day's counter grew from one reading to the next. Counters only grow within a day; a smaller reading
 * means the RTD Server's daily reset came between, so the growth is the new reading (counted since the reset).
 */
export function counterGrowth(before: number | null, after: number | null): number | null {
  if (before === null || after === null) return null;
  return after >= before ? after - before : after;
}

/** The part of a ServiceStat or GroupStat (as the RTD Server sends it, deltas merged) a sample reads. */
export interface RecordedStat {
  code: string;
  channel: HistoryChannel;
  channelStats?: {
    queuedCalls?: number | null;
    maxTimeCallOnQueue?: number | null;
    receivedCalls?: number | null;
    answeredCalls?: number | null;
    answeredCallsUnderSpeedLimit?: number | null;
    hangupCalls?: number | null;
    shortCalls?: number | null;
  } | null;
  userStats?: Partial<Record<'readyUsers' | 'busyUsers' | 'postCallUsers' | 'notReadyUsers' | 'loggedUsers', { count?: number | null } | null>> | null;
}

// A group's userStats (GroupUserStat) has no busyUsers: its agentsBusy is null.
const RECORDED_AGENTS = {
  service: 'userStats { readyUsers { count } busyUsers { count } postCallUsers { count } notReadyUsers { count } loggedUsers { count } }',
  group: 'userStats { readyUsers { count } postCallUsers { count } notReadyUsers { count } loggedUsers { count } }',
};

/** What the recorder and the forecast benchmark select of a ServiceStat and of a GroupStat (read by `historySample`). */
export const RECORDED_FIELDS: Record<HistoryKind, string> = {
  service: `code channel channelStats { __typename
    ... on ServiceCcCallAtStat { queuedCalls maxTimeCallOnQueue receivedCalls answeredCalls answeredCallsUnderSpeedLimit hangupCalls shortCalls }
    ... on ServiceCcVideoAtStat { receivedCalls answeredCalls }
    ... on ServiceCcChatAtStat { receivedCalls answeredCalls } } ${RECORDED_AGENTS.service}`,
  group: `code channel channelStats { __typename
    ... on GroupCcCallStat { queuedCalls receivedCalls answeredCalls hangupCalls shortCalls }
    ... on GroupCcVideoStat { receivedCalls answeredCalls }
    ... on GroupCcChatStat { receivedCalls answeredCalls } } ${RECORDED_AGENTS.group}`,
};

/**
 * One entity's sample at the end of `minute` (ms): the stat as it stands, with the longest wait seen during the
 * minute (the recorder follows it between samples; null takes the stat's current one).
 */
export function historySample(kind: HistoryKind, stat: RecordedStat, minute: number, longestWaitSeen: number | null = null): HistorySample {
  const channel = stat.channelStats ?? {};
  const agents = stat.userStats ?? {};
  const count = (field: keyof NonNullable<RecordedStat['userStats']>) => agents[field]?.count ?? null;
  const current = channel.maxTimeCallOnQueue ?? null;
  return {
    kind,
    code: stat.code,
    channel: stat.channel,
    minute: new Date(minuteStart(minute)).toISOString(),
    queued: channel.queuedCalls ?? null,
    longestWait: longestWaitSeen === null ? current : Math.max(longestWaitSeen, current ?? 0),
    received: channel.receivedCalls ?? null,
    answered: channel.answeredCalls ?? null,
    answeredInTime: channel.answeredCallsUnderSpeedLimit ?? null,
    abandoned: channel.hangupCalls ?? null,
    shortAbandons: channel.shortCalls ?? null,
    agentsReady: count('readyUsers'),
    agentsBusy: count('busyUsers'),
    agentsPostCall: count('postCallUsers'),
    agentsNotReady: count('notReadyUsers'),
    agentsLogged: count('loggedUsers'),
  };
}
