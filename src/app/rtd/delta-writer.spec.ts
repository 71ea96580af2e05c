/**
 * The cache's view must equal the truth after every delta: random snapshots and random histories of
 * service stats (union members, nested user stats, keyed lists) and of users entering and leaving a filter,
 * turned into server-style deltas (unchanged fields null) by a differ written here, independently of the
 * emulator, and applied through the same DeltaWriter and cache policies the app uses.
 */
import fc from 'fast-check';
import { createRtdCache } from './cache-policies';
import type { RtdObject } from './delta-filling';
import { DeltaWriter, type LiveListSpec, MAX_COALESCE_MS } from './delta-writer';
import { LIVE_LISTS } from './live-query';
import { entityFault } from './payload-guard';

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

/** Every non-null value inside an entity, as paths: where a broken payload may put the wrong kind of value. */
function valuePaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return path.length ? [path] : [];
  const children = Array.isArray(value) ? value.map((item, i) => [i, item] as const) : Object.entries(value).filter(([field]) => field !== '__typename');
  return [...(path.length ? [path] : []), ...children.flatMap(([step, child]) => (child === null ? [] : valuePaths(child, [...path, step])))];
}

/** A copy of `entity` with the value at `path` replaced by one of another JSON kind: a string for a number, etc. */
function withWrongKind(entity: RtdObject, path: (string | number)[]): RtdObject {
  const copy = structuredClone(entity);
  let parent = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  const value = parent[last];
  parent[last] = typeof value === 'string' ? 7 : typeof value === 'number' || typeof value === 'boolean' || Array.isArray(value) ? 'BUSY' : 7;
  return copy;
}

/** A copy of `entity` whose key field is null, gone, or of another type. */
function withBrokenKey(entity: RtdObject, key: string, how: 'null' | 'missing' | 'wrong type'): RtdObject {
  const copy: RtdObject = { ...entity, [key]: how === 'null' ? null : typeof entity[key] === 'string' ? 1 : 'one' };
  if (how === 'missing') delete copy[key];
  return copy;
}

describe('DeltaWriter with payloads that contradict the schema', () => {
  const users = LIVE_LISTS.users;
  const variables = { filter: {} };
  const agent = (username: string): RtdObject => ({ ...fc.sample(user(username), { seed: 3, numRuns: 1 })[0], site: 1 });

  function agentsBoard(...names: string[]) {
    const cache = createRtdCache();
    const writer = new DeltaWriter(cache, 0);
    cache.writeQuery({ query: users.snapshot, variables, data: { users: names.map((n) => agent(n)) } });
    return { cache, writer, read: () => readableList(cache) };
  }

  /** The agents as the board's list query reads them, or null if the cache can no longer answer it whole. */
  function readableList(cache: ReturnType<typeof createRtdCache>): RtdObject[] | null {
    const diff = cache.diff<{ users: RtdObject[] }>({ query: users.snapshot, variables, optimistic: false, returnPartialData: false });
    return diff.complete ? diff.result.users : null;
  }

  beforeEach(() => spyOn(console, 'warn'));

  it('a CREATED agent whose key is null writes nothing and is counted', () => {
    const { cache, writer, read } = agentsBoard('u1');
    writer.enqueue(users, variables, [{ ...agent('u2'), username: null }]);
    expect(read()?.map((u) => u['username'])).toEqual(['u1']);
    expect(Object.keys(cache.extract()).filter((id) => id.startsWith('User:'))).toEqual(['User:{"username":"u1"}']);
    expect(writer.stats.rejected).toBe(1);
    expect(writer.stats.written).toBe(0);
  });

  it('a wrong-typed field drops only that agent: the list stays readable and the rest of the payload is written', () => {
    const { writer, read } = agentsBoard('u1', 'u2');
    writer.enqueue(users, variables, [
      { __typename: 'User', username: 'u1', mutation: 'UPDATED', statuses: 'BUSY' },
      { __typename: 'User', username: 'u2', mutation: 'UPDATED', site: 2 },
      agent('u3'),
    ]);
    const listed = read();
    expect(listed?.map((u) => [u['username'], u['site']])).toEqual([['u1', 1], ['u2', 2], ['u3', 1]]);
    expect((listed?.[0]['statuses'] as RtdObject)['CALL']).toBe((agent('u1')['statuses'] as RtdObject)['CALL']);
    expect(writer.stats).toEqual(jasmine.objectContaining({ rejected: 1, written: 2 }));
  });

  it('a flood of 1,000 bad agents is logged once per reason, and counted', () => {
    const { writer, read } = agentsBoard('u1');
    // Each with another unknown field: a reason is a kind of fault, not a path a server can vary.
    for (let i = 0; i < 1_000; i++) writer.enqueue(users, variables, [{ ...agent('u1'), [`field${i}`]: i }]);
    expect(console.warn).toHaveBeenCalledTimes(1);
    expect(console.warn).toHaveBeenCalledWith(jasmine.stringMatching(/users.*unknown field.*field0/));
    writer.enqueue(users, variables, [{ ...agent('u9'), username: null }]);
    expect(console.warn).toHaveBeenCalledTimes(2);
    expect(writer.stats.rejected).toBe(1_001);
    expect(read()?.length).toBe(1);
  });

  type Break = { entity: number; how: 'null' | 'missing' | 'wrong type' | 'field'; at: number };
  const breaks = fc.array(fc.record({ entity: fc.nat(), how: fc.constantFrom<Break['how']>('null', 'missing', 'wrong type', 'field'), at: fc.nat() }), { maxLength: 3 });

  /** Random histories of a list whose deltas are broken at random: a key made null, dropped or retyped, or any value retyped. */
  function neverUnreadable(spec: LiveListSpec, typename: string, lists: fc.Arbitrary<RtdObject[]>, keyOf: (e: RtdObject) => string, keyFields: readonly string[], withMutation: boolean) {
    const readList = (cache: ReturnType<typeof createRtdCache>) => {
      const diff = cache.diff<RtdObject>({ query: spec.snapshot, variables, optimistic: false, returnPartialData: false });
      return diff.complete ? (diff.result[spec.field] as RtdObject[]) : null;
    };
    fc.assert(
      fc.property(lists, fc.array(fc.tuple(lists, breaks), { minLength: 1, maxLength: 8 }), (snapshot, history) => {
        const cache = createRtdCache();
        const writer = new DeltaWriter(cache, 0);
        cache.writeQuery({ query: spec.snapshot, variables, data: { [spec.field]: snapshot } });
        let truth = snapshot;
        let broken = 0;
        for (const [next, faults] of history) {
          const deltas = entityDeltas(truth, next, keyOf, withMutation);
          const damaged = new Set<number>();
          for (const { entity, how, at } of faults) {
            const i = entity % (deltas.length || 1);
            // One break an entity: a second could turn the first back into a valid value.
            if (!deltas.length || damaged.has(i)) continue;
            const paths = valuePaths(deltas[i]);
            deltas[i] = how === 'field' ? withWrongKind(deltas[i], paths[at % paths.length]) : withBrokenKey(deltas[i], keyFields[at % keyFields.length], how);
            damaged.add(i);
          }
          broken += damaged.size;
          if (deltas.length) writer.enqueue(spec, variables, deltas);
          // The server's view moves on whatever the client dropped.
          truth = next;
          const listed = readList(cache);
          expect(listed).not.toBeNull();
          for (const entity of listed ?? []) expect(entityFault(typename, entity)).toBeNull();
        }
        expect(writer.stats.rejected).toBe(broken);
      }),
      { numRuns: 60 },
    );
  }

  it('any payload that breaks a key or a type never makes the agents list unreadable (random histories)', () => {
    neverUnreadable(users, 'User', usersInFilter, (e) => String(e['username']), ['username'], true);
  });

  it('any payload that breaks a key or a type never makes the service stats unreadable (random histories, nested values)', () => {
    neverUnreadable(LIVE_LISTS.serviceStats, 'ServiceStat', serviceStats, (e) => `${e['code']}/${e['channel']}`, ['code', 'channel'], false);
  });
});
