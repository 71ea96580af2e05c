/**
 * The server's truth, queried outside the browser, and its comparison with what a page shows. A tile's
 * `data-field` names a GraphQL field: a `channelStats` field, a `userStats` field (its `.count`), an activity
 * code of `activityCodeIndicators` (its `.count`), or a custom stat key (its `value`; `<key>.aggregatedValue`
 * for the aggregate).
 */
import { ENTITY_KEYS } from '../contract/rtd-keys.ts';
import type { Shown } from './harness.ts';

/** The default scenario's services, which its agents reveal: a new user's first board shows them all. */
export const DEFAULT_SERVICES = ['service_1', 'service_2', 'service_3', 'service_4', 'service_5', 'service_6'];
/** The first board's filter: every revealed service on every channel (the server leaves out what does not exist). */
export const DEFAULT_SERVICES_FILTER = { CALL: { services: DEFAULT_SERVICES }, VIDEO: { services: DEFAULT_SERVICES }, CHAT: { services: DEFAULT_SERVICES } };

/** Figures that have no value before a service's first answered or abandoned call (shown as a dash). */
export const MAY_HAVE_NO_VALUE = ['serviceLevel', 'abandonRate'];

/**
 * The README's definitions, written here again on purpose so the page is checked against the definition and
 * not against its own code: service level = answered within the speed limit / answered; abandon rate =
 * abandoned / (answered + abandoned); both in %, none when there is nothing to divide by.
 */
export function derivedFigures(calls: Record<string, Value>): Record<string, Value> {
  const answered = Number(calls.answeredCalls ?? 0);
  const under = Number(calls.answeredCallsUnderSpeedLimit ?? 0);
  const abandoned = Number(calls.hangupCalls ?? 0);
  const figures: Record<string, Value> = { abandonRate: answered + abandoned > 0 ? (100 * abandoned) / (answered + abandoned) : null };
  if ('answeredCallsUnderSpeedLimit' in calls) figures.serviceLevel = answered > 0 ? (100 * under) / answered : null;
  return figures;
}

const IN_STATUS = 'count';
const CUSTOM_STATS = 'customStats { key value { value aggregatedValue } }';

export const SERVICE_STATS_QUERY = `query ServiceStatsTruth($filter: ServiceStatFilter!) {
  serviceStats(filter: $filter) {
    code channel
    channelStats {
      __typename
      ... on ServiceCcCallAtStat {
        answeredCalls answeredCallsUnderSpeedLimit closedCalls closedCallsCallBack connectedCall currentCalls
        hangupCalls maxTimeCallOnQueue outboundAnsweredCalls outboundClosedCallsGenericCause outboundHangupCalls
        outboundReceivedCalls queuedCalls receivedCalls receivedCallsInAccessList receivedCallsWithT4you
        receivedCallsWithT4youAnonymous receivedCallsWithT4youMultiple receivedCallsWithT4youSingle shortCalls
        averageTimeOnQueue
      }
      ... on ServiceCcVideoAtStat { answeredCalls closedCalls receivedCalls averageTimeOnQueue }
      ... on ServiceCcChatAtStat { answeredCalls closedCalls receivedCalls averageTimeOnQueue }
    }
    userStats {
      busyOnDNCallInUsers { ${IN_STATUS} } busyOnDNCallOutUsers { ${IN_STATUS} }
      busyOnDNCallOutUsersPrivate { ${IN_STATUS} } busyOnDNCallUsers { ${IN_STATUS} }
      busyOnServUsers { ${IN_STATUS} } busyUsers { ${IN_STATUS} } loggedUsers { ${IN_STATUS} }
      notReadyUsers { ${IN_STATUS} } notReadyUsersOnActivityCode { ${IN_STATUS} } postCallUsers { ${IN_STATUS} }
      readyUsers { ${IN_STATUS} }
      activityCodeIndicators { activityCode count }
    }
    ${CUSTOM_STATS}
  }
}`;

export const GROUP_STATS_QUERY = `query GroupStatsTruth($filter: GroupStatFilter!) {
  groupStats(filter: $filter) {
    code channel
    channelStats {
      __typename
      ... on GroupCcCallStat { answeredCalls closedCalls hangupCalls queuedCalls receivedCalls shortCalls }
      ... on GroupCcVideoStat { answeredCalls closedCalls receivedCalls }
      ... on GroupCcChatStat { answeredCalls closedCalls receivedCalls }
    }
    userStats {
      loggedUsers { ${IN_STATUS} } notReadyUsers { ${IN_STATUS} } notReadyUsersOnActivityCode { ${IN_STATUS} }
      postCallUsers { ${IN_STATUS} } readyUsers { ${IN_STATUS} }
    }
    ${CUSTOM_STATS}
  }
}`;

type Value = number | string | null;
/** An entity's numbers by data-field name. */
export type Truth = Record<string, Record<string, Value>>;

interface Stat {
  code: string;
  channel: string;
  channelStats: Record<string, Value> | null;
  userStats: Record<string, { count: number | null } | { activityCode: string; count: number | null }[] | null> | null;
  customStats: { key: string; value: { value: string | null; aggregatedValue: string | null } | null }[] | null;
}

/** Flattens stats into `"code/CHANNEL" → data-field → value`. */
export function flatten(stats: Stat[]): Truth {
  const truth: Truth = {};
  for (const stat of stats) {
    const fields: Record<string, Value> = {};
    for (const [name, value] of Object.entries(stat.channelStats ?? {})) if (name !== '__typename') fields[name] = value;
    if (stat.channelStats && 'queuedCalls' in stat.channelStats) Object.assign(fields, derivedFigures(stat.channelStats));
    for (const [name, value] of Object.entries(stat.userStats ?? {})) {
      if (Array.isArray(value)) for (const entry of value) fields[entry.activityCode] = entry.count;
      else fields[name] = value?.count ?? null;
    }
    for (const custom of stat.customStats ?? []) {
      fields[`${custom.key}.value`] = custom.value?.value ?? null;
      fields[`${custom.key}.aggregatedValue`] = custom.value?.aggregatedValue ?? null;
    }
    // The entity's keys, in the key table's order (code, then channel), are the tile's key on the page.
    truth[ENTITY_KEYS.ServiceStat.map((key) => stat[key]).join('/')] = fields;
  }
  return truth;
}

/** The filter a page's tiles imply: codes by channel, from keys like "service_1/CALL". */
export function filterFromKeys(keys: string[], listName: 'services' | 'groups'): Record<string, Record<string, string[]>> {
  const filter: Record<string, Record<string, string[]>> = {};
  for (const key of keys) {
    const slash = key.lastIndexOf('/');
    const channel = key.slice(slash + 1);
    (filter[channel] ??= { [listName]: [] })[listName].push(key.slice(0, slash));
  }
  return filter;
}

/**
 * Whether a shown text is the server's value: numbers equal; a non-integer may be shown rounded to the
 * decimals the page shows (display precision is not a data error); null shows as empty or a dash.
 */
export function same(shown: string, truth: Value): boolean {
  if (truth === null || truth === undefined) return shown === '' || /^[-–—]$/.test(shown);
  if (shown === '') return false;
  const s = Number(shown);
  const t = Number(truth);
  if (Number.isNaN(s) || Number.isNaN(t)) return shown === String(truth);
  if (s === t) return true;
  const decimals = shown.includes('.') ? shown.split('.')[1].length : 0;
  return !Number.isInteger(t) && Number(t.toFixed(decimals)) === s;
}

export interface Comparison {
  /** How many numbers were compared. */
  compared: number;
  /** Human-readable differences, empty when the page equals the server. */
  differences: string[];
}

/** Compares every field of every tile shown with the truth; tiles the server has and the page lacks count too. */
export function compare(shown: Shown, truth: Truth): Comparison {
  const differences: string[] = [];
  let compared = 0;
  for (const key of Object.keys(truth)) if (!(key in shown)) differences.push(`${key}: the server has it, the page shows no tile`);
  for (const [key, fields] of Object.entries(shown)) {
    const expected = truth[key];
    if (!expected) {
      differences.push(`${key}: shown, but the server's answer has no such entity`);
      continue;
    }
    if (Object.keys(fields).length === 0) differences.push(`${key}: the tile shows no [data-field] number`);
    for (const [field, text] of Object.entries(fields)) {
      compared++;
      if (!(field in expected)) differences.push(`${key} ${field}: shown "${text}", but the server's stat has no field of that name`);
      else if (!same(text, expected[field])) differences.push(`${key} ${field}: page "${text}", server ${JSON.stringify(expected[field])}`);
    }
  }
  return { compared, differences };
}

export const AGENTS_QUERY = `query AgentsTruth {
  users(filter: {}) { username mutation statuses { CALL } activityCodes { CALL } }
}`;

export const AGENT_STATS_QUERY = `query AgentStatsTruth($filter: UserStatFilter!) {
  userStats(filter: $filter) {
    username channel status activityCode timeInState numberCallIn numberCallOut
    numberCallFromServiceAnswered numberCallFromServiceNotAnswered timeInStateReady timeInStateNotReady timeInStateBusy timeInStateWNR
  }
}`;

interface AgentUser {
  username: string;
  mutation: string | null;
  statuses: { CALL: string | null } | null;
  activityCodes: { CALL: string | null } | null;
}
interface AgentStat {
  username: string;
  channel: string;
  status: string | null;
  activityCode: string | null;
  timeInState: string | null;
  numberCallIn: number | null;
  numberCallOut: number | null;
  numberCallFromServiceAnswered: number | null;
  numberCallFromServiceNotAnswered: number | null;
  timeInStateReady: number | null;
  timeInStateNotReady: number | null;
  timeInStateBusy: number | null;
  timeInStateWNR: number | null;
}

/**
 * What each agents row must say, by username: the user's CALL stats (numbers, status, since when, activity
 * code), falling back to the user's own CALL status and activity code for users without CALL stats. Row
 * attributes are named `@status`, `@timeInState` and `@activityCode`, as `readAgentRows` reads them.
 */
export function agentTruth(users: AgentUser[], stats: AgentStat[]): Truth {
  const byUsername = new Map(stats.filter((s) => s.channel === 'CALL').map((s) => [s.username, s]));
  const truth: Truth = {};
  for (const user of users) {
    if (user.mutation === 'DELETED') continue;
    const stat = byUsername.get(user.username);
    truth[user.username] = {
      numberCallIn: stat?.numberCallIn ?? null,
      numberCallOut: stat?.numberCallOut ?? null,
      numberCallFromServiceAnswered: stat?.numberCallFromServiceAnswered ?? null,
      numberCallFromServiceNotAnswered: stat?.numberCallFromServiceNotAnswered ?? null,
      timeInStateReady: stat?.timeInStateReady ?? null,
      timeInStateNotReady: stat?.timeInStateNotReady ?? null,
      timeInStateBusy: stat?.timeInStateBusy ?? null,
      timeInStateWNR: stat?.timeInStateWNR ?? null,
      '@status': stat?.status ?? user.statuses?.CALL ?? null,
      '@timeInState': stat?.timeInState ?? null,
      '@activityCode': stat?.activityCode ?? user.activityCodes?.CALL ?? null,
    };
  }
  return truth;
}
