/**
 * The cache's view must equal the truth after every delta: random snapshots and random histories of
 * service stats (union members, nested user stats, keyed lists) and of users entering and leaving a filter,
 * turned into server-style deltas (unchanged fields null) by a differ written here, independently of the
 * emulator, and applied through the same DeltaWriter and cache policies the app uses.
 */
import fc from 'fast-check';
import { createRtdCache } from './cache-policies';
import type { RtdObject } from './delta-filling';
import { DeltaWriter, MAX_COALESCE_MS } from './delta-writer';
import { LIVE_LISTS } from './live-query';

const CHANNEL_TYPES: Record<string, string> = { CALL: 'ServiceCcCallAtStat', VIDEO: 'ServiceCcVideoAtStat', CHAT: 'ServiceCcChatAtStat' };
const CALL_FIELDS = [
  'answeredCalls', 'answeredCallsUnderSpeedLimit', 'closedCalls', 'closedCallsCallBack', 'connectedCall', 'currentCalls', 'hangupCalls',
  'maxTimeCallOnQueue', 'outboundAnsweredCalls', 'outboundClosedCallsGenericCause', 'outboundHangupCalls', 'outboundReceivedCalls',
  'queuedCalls', 'receivedCalls', 'receivedCallsInAccessList', 'receivedCallsWithT4you', 'receivedCallsWithT4youAnonymous',
  'receivedCallsWithT4youMultiple', 'receivedCallsWithT4youSingle', 'shortCalls', 'averageTimeOnQueue',
];
const OTHER_FIELDS = ['answeredCalls', 'closedCalls', 'receivedCalls', 'averageTimeOnQueue'];
const BUCKETS = [
  'busyOnDNCallInUsers', 'busyOnDNCallOutUsers', 'busyOnDNCallOutUsersPrivate', 'busyOnDNCallUsers', 'busyOnServUsers', 'busyUsers',
  'loggedUsers', 'notReadyUsers', 'notReadyUsersOnActivityCode', 'postCallUsers', 'readyUsers',
];
const CODES = ['lunch', 'training', 'meeting'];
const SERVICES: [string, string][] = [['s1', 'CALL'], ['s2', 'CALL'], ['s2', 'VIDEO'], ['s3', 'CHAT']];

/** Small numbers make repeats likely, so many fields stay unchanged between steps, as in real traffic. */
const small = fc.integer({ min: 0, max: 3 });

function profiles(n: number): RtdObject {
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  return { __typename: 'UserProfileInStatus', count: n, profileIds: ids };
}

const serviceStat = ([code, channel]: [string, string]) =>
  fc
    .record({
      numbers: fc.array(small, { minLength: 21, maxLength: 21 }),
      buckets: fc.array(small, { minLength: 11, maxLength: 11 }),
      indicators: fc.array(small, { minLength: 3, maxLength: 3 }),
      sl: small,
    })
    .map(({ numbers, buckets, indicators, sl }): RtdObject => {
      const fields = channel === 'CALL' ? CALL_FIELDS : OTHER_FIELDS;
      return {
        __typename: 'ServiceStat',
        code,
        channel,
        channelStats: { __typename: CHANNEL_TYPES[channel], ...Object.fromEntries(fields.map((f, i) => [f, numbers[i]])) },
        userStats: {
          __typename: 'ServiceUserStat',
          ...Object.fromEntries(BUCKETS.map((b, i) => [b, profiles(buckets[i])])),
          // Entries never leave keyed lists (a delta cannot say "removed"): every code, with its count.
          activityCodeIndicators: CODES.map((activityCode, i) => ({ __typename: 'UserProfileInActivityCode', activityCode, count: indicators[i], profileIds: [indicators[i]] })),
        },
        customStats: [{ __typename: 'CustomStat', key: 'sl1', value: { __typename: 'CustomStatValue', value: `${80 + sl}.0`, aggregatedValue: `${70 + sl}.0` } }],
      };
    });

const serviceStats = fc.tuple(...SERVICES.map(serviceStat));

const user = (username: string) =>
  fc.record({ status: fc.constantFrom('READY', 'NOT_READY', 'BUSY_service', 'WNR'), code: fc.constantFrom('__EMPTY__', 'lunch'), site: fc.constantFrom(1, 2) }).map(
    ({ status, code, site }): RtdObject => ({
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
    }),
  );

/** Which users are in the filter at one step, and their state. */
const usersInFilter = fc.tuple(...['u1', 'u2', 'u3', 'u4', 'u5'].map((u) => fc.option(user(u), { nil: undefined }))).map((list) => list.filter((u): u is RtdObject => !!u));

/** Fields a server always sets in a delta: keys and non-null fields of the schema. */
const ALWAYS_SET = new Set(['__typename', 'code', 'channel', 'username', 'key', 'activityCode', 'mutation']);
const KEYED: Record<string, string> = { customStats: 'key', activityCodeIndicators: 'activityCode' };

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What the RTD Server sends for one object: changed fields, nulls for the rest, or null if nothing changed. */
function serverDelta(previous: RtdObject, next: RtdObject): RtdObject | null {
  const delta: RtdObject = {};
  let changed = false;
  for (const [field, value] of Object.entries(next)) {
    const before = previous[field];
    if (ALWAYS_SET.has(field)) delta[field] = value;
    else if (same(before, value)) delta[field] = null;
    else if (KEYED[field]) {
      const key = KEYED[field];
      const entries = (value as RtdObject[]).flatMap((entry) => {
        const old = (before as RtdObject[]).find((e) => e[key] === entry[key]);
        if (!old) return [entry];
        const d = serverDelta(old, entry);
        return d ? [d] : [];
      });
      delta[field] = entries;
      changed = true;
    } else if (value && typeof value === 'object' && !Array.isArray(value) && before && typeof before === 'object') {
      delta[field] = serverDelta(before as RtdObject, value as RtdObject);
      changed = true;
    } else {
      delta[field] = value;
      changed = true;
    }
  }
  return changed ? delta : null;
}

function entityDeltas(previous: RtdObject[], next: RtdObject[], key: (e: RtdObject) => string, withMutation: boolean): RtdObject[] {
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
function normalise(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(normalise);
    return items.every((i) => i && typeof i === 'object' && ('activityCode' in i || 'key' in i))
      ? [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
      : items;
  }
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, normalise(v)]));
  return value;
}

function byKey(list: readonly RtdObject[], key: (e: RtdObject) => string) {
  return normalise(Object.fromEntries(list.map((e) => [key(e), e])));
}

describe('DeltaWriter with the app cache', () => {
  it('service stats: the cache equals the truth after every delta (random histories)', () => {
    const spec = LIVE_LISTS.serviceStats;
    const variables = { filter: { CALL: { services: ['s1', 's2'] } } };
    const key = (e: RtdObject) => `${e['code']}/${e['channel']}`;
    fc.assert(
      fc.property(serviceStats, fc.array(serviceStats, { minLength: 1, maxLength: 8 }), (snapshot, history) => {
        const cache = createRtdCache();
        const writer = new DeltaWriter(cache, 0);
        cache.writeQuery({ query: spec.snapshot, variables, data: { serviceStats: snapshot } });
        let truth: RtdObject[] = snapshot;
        for (const next of history) {
          const deltas = entityDeltas(truth, next, key, false);
          if (deltas.length) writer.enqueue(spec, variables, deltas);
          truth = next;
          const seen = cache.readQuery<{ serviceStats: RtdObject[] }>({ query: spec.snapshot, variables })!.serviceStats;
          expect(byKey(seen, key)).toEqual(byKey(truth, key));
        }
        expect(writer.stats.unfillable).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('users entering and leaving a filter are added and evicted', () => {
    const spec = LIVE_LISTS.users;
    const variables = { filter: { statuses: ['READY'] } };
    const key = (e: RtdObject) => String(e['username']);
    const withoutMutation = (list: readonly RtdObject[]) => list.map(({ mutation: _m, ...rest }) => rest);
    fc.assert(
      fc.property(usersInFilter, fc.array(usersInFilter, { minLength: 1, maxLength: 10 }), (snapshot, history) => {
        const cache = createRtdCache();
        const writer = new DeltaWriter(cache, 0);
        cache.writeQuery({ query: spec.snapshot, variables, data: { users: snapshot } });
        let truth = snapshot;
        for (const next of history) {
          const deltas = entityDeltas(truth, next, key, true);
          if (deltas.length) writer.enqueue(spec, variables, deltas);
          truth = next;
          const seen = cache.readQuery<{ users: RtdObject[] }>({ query: spec.snapshot, variables })!.users;
          expect(byKey(withoutMutation(seen), key)).toEqual(byKey(withoutMutation(truth), key));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('coalesces payloads that arrive close together into one cache write', async () => {
    const spec = LIVE_LISTS.users;
    const variables = { filter: {} };
    const cache = createRtdCache();
    const writer = new DeltaWriter(cache, 20);
    const base = fc.sample(user('u1'), 1)[0];
    cache.writeQuery({ query: spec.snapshot, variables, data: { users: [base] } });
    let broadcasts = 0;
    const stop = cache.watch({ query: spec.snapshot, variables, optimistic: false, callback: () => broadcasts++ });
    for (const site of [2, 1, 2]) writer.enqueue(spec, variables, [{ __typename: 'User', username: 'u1', mutation: 'UPDATED', site }]);
    expect(broadcasts).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(writer.stats.flushes).toBe(1);
    expect(broadcasts).toBe(1);
    expect(cache.readQuery<{ users: RtdObject[] }>({ query: spec.snapshot, variables })!.users[0]['site']).toBe(2);
    stop();
  });

  it('widens its window while re-reading the lists after a write is costly, and narrows it again', () => {
    const spec = LIVE_LISTS.users;
    const variables = { filter: {} };
    const cache = createRtdCache();
    let clock = 0;
    let rereadTakes = 0;
    // The clock is read once the entities are written, and again once the watches have read their lists.
    let reads = 0;
    const writer = new DeltaWriter(cache, 50, () => (clock += reads++ % 2 ? rereadTakes : 5));
    cache.writeQuery({ query: spec.snapshot, variables, data: { users: [fc.sample(user('u1'), 1)[0]] } });
    const burst = () => {
      writer.enqueue(spec, variables, [{ __typename: 'User', username: 'u1', mutation: 'UPDATED', site: 1 }]);
      writer.flush();
    };
    expect(writer.windowMs).toBe(50);
    rereadTakes = 30;
    burst();
    expect(writer.windowMs).toBe(120);
    rereadTakes = 500; // never past the most a number may wait
    burst();
    expect(writer.windowMs).toBe(MAX_COALESCE_MS);
    rereadTakes = 1;
    burst();
    expect(writer.windowMs).toBe(50);
  });

  it('fills a delta from a snapshot written since its last write', () => {
    const spec = LIVE_LISTS.serviceStats;
    const variables = { filter: {} };
    const cache = createRtdCache();
    const writer = new DeltaWriter(cache, 0);
    const [snapshot] = fc.sample(serviceStats, { seed: 7, numRuns: 1 });
    cache.writeQuery({ query: spec.snapshot, variables, data: { serviceStats: snapshot } });
    const delta = (fields: Record<string, number>) => ({ __typename: 'ServiceStat', code: 's1', channel: 'CALL', channelStats: { __typename: 'ServiceCcCallAtStat', ...Object.fromEntries(CALL_FIELDS.map((f) => [f, null])), ...fields }, userStats: null, customStats: null });
    const s1 = () => cache.readQuery<{ serviceStats: RtdObject[] }>({ query: spec.snapshot, variables })!.serviceStats.find((s) => s['code'] === 's1')!['channelStats'] as RtdObject;
    writer.enqueue(spec, variables, [delta({ queuedCalls: 1 })]);
    // A reconnect's snapshot: the server's answered count moved on meanwhile.
    const fresh = snapshot.map((s) => (s['code'] === 's1' ? { ...s, channelStats: { ...(s['channelStats'] as RtdObject), queuedCalls: 1, answeredCalls: 500 } } : s));
    cache.writeQuery({ query: spec.snapshot, variables, data: { serviceStats: fresh } });
    writer.enqueue(spec, variables, [delta({ queuedCalls: 2 })]);
    expect(s1()['queuedCalls']).toBe(2);
    expect(s1()['answeredCalls']).toBe(500);
  });

  it('never writes a null from a delta over a cached value', () => {
    const spec = LIVE_LISTS.serviceStats;
    const variables = { filter: {} };
    const cache = createRtdCache();
    const writer = new DeltaWriter(cache, 0);
    const [snapshot] = fc.sample(serviceStats, { seed: 42, numRuns: 1 });
    cache.writeQuery({ query: spec.snapshot, variables, data: { serviceStats: snapshot } });
    const onlyQueued = { __typename: 'ServiceStat', code: 's1', channel: 'CALL', channelStats: { __typename: 'ServiceCcCallAtStat', ...Object.fromEntries(CALL_FIELDS.map((f) => [f, null])), queuedCalls: 99 }, userStats: null, customStats: null };
    writer.enqueue(spec, variables, [onlyQueued]);
    const s1 = cache.readQuery<{ serviceStats: RtdObject[] }>({ query: spec.snapshot, variables })!.serviceStats.find((s) => s['code'] === 's1')!;
    const before = snapshot.find((s) => s['code'] === 's1')!;
    expect((s1['channelStats'] as RtdObject)['queuedCalls']).toBe(99);
    expect((s1['channelStats'] as RtdObject)['answeredCalls']).toBe((before['channelStats'] as RtdObject)['answeredCalls']);
    expect(normalise(s1['userStats'])).toEqual(normalise(before['userStats']));
  });
});
