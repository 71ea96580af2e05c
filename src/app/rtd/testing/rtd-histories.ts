/**
 * RTD entities and server-style histories for specs: random snapshots of service stats (union members, nested
 * user stats, keyed lists, genuine nulls) and of users entering and leaving a filter, turned into deltas (unchanged
 * fields null) by a differ written here, independently of the emulator's.
 */
import fc from 'fast-check';
import type { RtdObject } from '../delta-writer';

export const CHANNEL_TYPES: Record<string, string> = { CALL: 'ServiceCcCallAtStat', VIDEO: 'ServiceCcVideoAtStat', CHAT: 'ServiceCcChatAtStat' };
export const CALL_FIELDS = [
  'answeredCalls',
  'answeredCallsUnderSpeedLimit',
  'closedCalls',
  'closedCallsCallBack',
  'connectedCall',
  'currentCalls',
  'hangupCalls',
  'maxTimeCallOnQueue',
  'outboundAnsweredCalls',
  'outboundClosedCallsGenericCause',
  'outboundHangupCalls',
  'outboundReceivedCalls',
  'queuedCalls',
  'receivedCalls',
  'receivedCallsInAccessList',
  'receivedCallsWithT4you',
  'receivedCallsWithT4youAnonymous',
  'receivedCallsWithT4youMultiple',
  'receivedCallsWithT4youSingle',
  'shortCalls',
  'averageTimeOnQueue',
];
export const OTHER_FIELDS = ['answeredCalls', 'closedCalls', 'receivedCalls', 'averageTimeOnQueue'];
/** The agent buckets of `ServiceUserStat`, each a `UserProfileInStatus`. */
export const BUCKETS = [
  'busyOnDNCallInUsers',
  'busyOnDNCallOutUsers',
  'busyOnDNCallOutUsersPrivate',
  'busyOnDNCallUsers',
  'busyOnServUsers',
  'busyUsers',
  'loggedUsers',
  'notReadyUsers',
  'notReadyUsersOnActivityCode',
  'postCallUsers',
  'readyUsers',
];
const CODES = ['lunch', 'training', 'meeting'];
const SERVICES: [string, string][] = [
  ['s1', 'CALL'],
  ['s2', 'CALL'],
  ['s2', 'VIDEO'],
  ['s3', 'CHAT'],
];

/** Small numbers make repeats likely, so many fields stay unchanged between steps, as in real traffic. */
const small = fc.integer({ min: 0, max: 3 });

function profiles(n: number): RtdObject {
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  return { __typename: 'UserProfileInStatus', count: n, profileIds: ids };
}

/** How a random service stat may differ from the everyday one. */
export interface ServiceStatOptions {
  /** Some numbers genuinely null, as a snapshot may have them (a delta cannot turn a number back into null). */
  genuineNulls?: boolean;
  /** The union member's type drawn at random, whatever the channel: a member changing type between steps. */
  anyMemberType?: boolean;
  /** Custom stats drawn from a subset of keys: entries appear in later steps. */
  someCustomStats?: boolean;
}

const CUSTOM_KEYS = ['sl1', 'sl2'];

export const serviceStat = ([code, channel]: [string, string], options: ServiceStatOptions = {}) =>
  fc
    .record({
      numbers: fc.array(options.genuineNulls ? fc.option(small, { nil: null, freq: 4 }) : small, { minLength: 21, maxLength: 21 }),
      buckets: fc.array(small, { minLength: 11, maxLength: 11 }),
      indicators: fc.array(small, { minLength: 3, maxLength: 3 }),
      sl: small,
      memberType: options.anyMemberType ? fc.constantFrom(...Object.values(CHANNEL_TYPES)) : fc.constant(CHANNEL_TYPES[channel]),
      customKeys: options.someCustomStats ? fc.subarray(CUSTOM_KEYS) : fc.constant(CUSTOM_KEYS),
    })
    .map(({ numbers, buckets, indicators, sl, memberType, customKeys }): RtdObject => {
      const fields = memberType === CHANNEL_TYPES['CALL'] ? CALL_FIELDS : OTHER_FIELDS;
      return {
        __typename: 'ServiceStat',
        code,
        channel,
        channelStats: { __typename: memberType, ...Object.fromEntries(fields.map((f, i) => [f, numbers[i]])) },
        userStats: {
          __typename: 'ServiceUserStat',
          ...Object.fromEntries(BUCKETS.map((b, i) => [b, profiles(buckets[i])])),
          // Entries never leave keyed lists (a delta cannot say "removed"): every code, with its count.
          activityCodeIndicators: CODES.map((activityCode, i) => ({ __typename: 'UserProfileInActivityCode', activityCode, count: indicators[i], profileIds: [indicators[i]] })),
        },
        customStats: customKeys.map((key, i) => ({ __typename: 'CustomStat', key, value: { __typename: 'CustomStatValue', value: `${80 + sl + i}.0`, aggregatedValue: `${70 + sl}.0` } })),
      };
    });

/** A board's service stats: three everyday ones and one whose union member changes type. */
export const serviceStats = (options: ServiceStatOptions = {}) => fc.tuple(...SERVICES.map((key) => serviceStat(key, options)), serviceStat(['s9', 'CALL'], { ...options, anyMemberType: true }));

export const user = (username: string) =>
  fc
    .record({ status: fc.constantFrom('READY', 'NOT_READY', 'BUSY_service', 'WNR'), code: fc.constantFrom('__EMPTY__', 'lunch'), site: fc.constantFrom(1, 2) })
    .map(({ status, code, site }): RtdObject => ({
      __typename: 'User',
      mutation: 'CREATED',
      username,
      activeProfile: Number(username.slice(1)),
      surname: `S${username}`,
      name: `N${username}`,
      activityCodes: { __typename: 'UserActivityCodeMap', CALL: code, VIDEO: null, CHAT: null },
      services: site === 1 ? ['s1'] : ['s1', 's2'],
      site,
      skillsets: ['k1'],
      statuses: { __typename: 'UserStatusMultiChannelMap', CALL: status, VIDEO: null, CHAT: null },
    }));

/** An agent's stats on one channel: counts, times, and the time-per-activity-code lists keyed by code. */
export const userStat = (username: string, channel = 'CALL') => {
  // Every code each time (a delta carries the entries that changed; none leaves a list here).
  const times = fc.tuple(fc.nat(5_000), fc.nat(5_000), fc.nat(5_000)).map((totals) => ['lunch', 'training', 'break'].map((activityCode, i) => ({ activityCode, totalTime: totals[i] })));
  return fc
    .record({
      status: fc.constantFrom('READY', 'NOT_READY', 'BUSY_service'),
      calls: fc.nat(200),
      inState: fc.nat(10_000),
      times,
      busy: times,
      notReady: times,
      code: fc.constantFrom('lunch', 'training'),
    })
    .map(({ status, calls, inState, times, busy, notReady, code }): RtdObject => {
      const list = (entries: { activityCode: string; totalTime: number }[]) => entries.map((e) => ({ __typename: 'TimeInActivityCode', ...e }));
      return {
        __typename: 'UserStat',
        username,
        channel,
        name: `N${username}`,
        surname: `S${username}`,
        userSite: 1,
        loggedProfileId: 1,
        activityCode: code,
        activityCode2: null,
        currentGroup: null,
        // Never back to null: a delta cannot say a value became null (its null means unchanged).
        currentService: status === 'BUSY_service' ? 's1' : 's2',
        numberCallFromService: calls,
        numberCallFromServiceAnswered: calls,
        numberCallFromServiceNotAnswered: 0,
        numberCallIn: calls,
        numberCallOut: 0,
        numberCallOutPrivate: 0,
        numberCallServiceOverSpeedAnswer: 0,
        status,
        timeInActivityCode: list(times),
        timeInActivityCodeStateBusy: list(busy),
        timeInActivityCodeStateNotReady: list(notReady),
        // When the agent entered the state (a Date: an ISO string).
        timeInState: new Date(Date.UTC(2026, 11, 3, 8) + inState * 1000).toISOString(),
        timeInStateBooked: 0,
        timeInStateBusy: inState,
        timeInStateBusyDnCallIn: 0,
        timeInStateBusyDnCallOut: 0,
        timeInStateBusyDnCallOutPrivate: 0,
        timeInStateBusyOnService: inState,
        timeInStateNotReady: 0,
        timeInStateReady: 0,
        timeInStateWNR: 0,
      };
    });
};

/** Three agents' stats at one step. */
export const userStats = fc.tuple(userStat('u1'), userStat('u2'), userStat('u3'));

/** Which users are in the filter at one step, and their state. */
export const usersInFilter = fc.tuple(...['u1', 'u2', 'u3', 'u4', 'u5'].map((u) => fc.option(user(u), { nil: undefined }))).map((list) => list.filter((u): u is RtdObject => !!u));

/** Fields a server always sets in a delta: keys and non-null fields of the schema. */
const ALWAYS_SET = new Set(['__typename', 'code', 'channel', 'username', 'key', 'activityCode', 'mutation', 'loggedProfileId']);
const KEYED: Record<string, string> = {
  customStats: 'key',
  activityCodeIndicators: 'activityCode',
  timeInActivityCode: 'activityCode',
  timeInActivityCodeStateBusy: 'activityCode',
  timeInActivityCodeStateNotReady: 'activityCode',
};

const isObject = (value: unknown): value is RtdObject => typeof value === 'object' && value !== null && !Array.isArray(value);

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * What the RTD Server sends for one object: changed fields, nulls for the rest, or null if nothing changed; a union
 * member of another type whole.
 */
export function serverDelta(previous: RtdObject, next: RtdObject): RtdObject | null {
  const delta: RtdObject = {};
  let changed = false;
  for (const [field, value] of Object.entries(next)) {
    const before = previous[field];
    if (ALWAYS_SET.has(field)) delta[field] = value;
    else if (same(before, value)) delta[field] = null;
    else if (KEYED[field] && Array.isArray(before)) {
      const key = KEYED[field];
      const entries = (value as RtdObject[]).flatMap((entry) => {
        const old = (before as RtdObject[]).find((e) => e[key] === entry[key]);
        if (!old) return [entry];
        const d = serverDelta(old, entry);
        return d ? [d] : [];
      });
      delta[field] = entries;
      changed = true;
    } else if (isObject(value) && isObject(before) && value['__typename'] === before['__typename']) {
      delta[field] = serverDelta(before as RtdObject, value as RtdObject);
      changed = true;
    } else {
      delta[field] = value;
      changed = true;
    }
  }
  return changed ? delta : null;
}

export function entityDeltas(previous: RtdObject[], next: RtdObject[], key: (e: RtdObject) => string, withMutation: boolean): RtdObject[] {
  const before = new Map(previous.map((e) => [key(e), e]));
  const deltas: RtdObject[] = [];
  for (const entity of next) {
    const old = before.get(key(entity));
    before.delete(key(entity));
    if (!old) deltas.push(entity);
    else {
      const d = serverDelta(old, entity);
      if (d) deltas.push(withMutation ? { ...d, mutation: 'UPDATED' } : d);
    }
  }
  if (withMutation) for (const gone of before.values()) deltas.push({ __typename: 'User', username: gone['username'], mutation: 'DELETED', site: null, statuses: null });
  return deltas;
}

/** Keyed lists may legitimately grow in a different order in the cache: compare entries by key. */
export function normalise(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalise);
    return items.every((i) => i && typeof i === 'object' && ('activityCode' in i || 'key' in i)) ? [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : items;
  }
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalise(v)]),
    );
  return value;
}

export function byKey(list: readonly RtdObject[], key: (e: RtdObject) => string) {
  return normalise(Object.fromEntries(list.map((e) => [key(e), e])));
}
