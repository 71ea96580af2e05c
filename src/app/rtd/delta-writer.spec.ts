/**
 * The cache's view must equal the truth after every delta: random snapshots and random histories (rtd-histories.ts)
 * applied through the same DeltaWriter and generated cache policies the app uses; the writer's frame budget and
 * backlog; payloads that contradict the schema.
 */
import type { StoreObject } from '@apollo/client';
import fc from 'fast-check';
import { createRtdCache } from './cache-policies';
import { type Backlog, DeltaWriter, IMMEDIATELY, LATE_BUDGET_MS, animationFrames, type LiveListSpec, Membership, type RtdObject, type WriteTarget, type Written } from './delta-writer';
import { LIVE_LISTS } from './live-list-specs';
import { entityFault } from './payload-guard';
import { CALL_FIELDS, byKey, entityDeltas, normalise, serverDelta, serviceStats, user, userStats, usersInFilter } from './testing/rtd-histories';

type Cache = ReturnType<typeof createRtdCache>;

/** A list to write for, and its entities as the cache holds them, in the list's order. */
function listFor(cache: Cache, writer: DeltaWriter, spec: LiveListSpec, snapshot: readonly RtdObject[]) {
  const target: WriteTarget = { spec, members: new Membership() };
  writer.attach(target);
  writer.snapshot(target, snapshot, () => {});
  const read = () => target.members.list().map((id) => cache.readFragment<RtdObject>({ id, fragment: spec.fragment, fragmentName: spec.fragmentName }));
  return { target, read };
}

const serviceKey = (e: RtdObject) => `${e['code']}/${e['channel']}`;

describe('DeltaWriter and the generated cache policies', () => {
  const spec = LIVE_LISTS.serviceStats;

  /** Random histories of a list through the writer: after every step, the cache holds what the server has. */
  function equalsTheTruth(listSpec: LiveListSpec, snapshots: fc.Arbitrary<RtdObject[]>, histories: fc.Arbitrary<RtdObject[]>, keyOf: (e: RtdObject) => string) {
    fc.assert(
      fc.property(snapshots, fc.array(histories, { minLength: 1, maxLength: 8 }), (snapshot, history) => {
        const cache = createRtdCache();
        const writer = new DeltaWriter(cache, { scheduler: IMMEDIATELY });
        const list = listFor(cache, writer, listSpec, snapshot);
        expect(byKey(list.read() as RtdObject[], keyOf)).toEqual(byKey(snapshot, keyOf));
        let truth: RtdObject[] = snapshot;
        for (const next of history) {
          const deltas = entityDeltas(truth, next, keyOf, false);
          if (deltas.length) writer.enqueue(list.target, deltas);
          truth = next;
          expect(byKey(list.read() as RtdObject[], keyOf)).toEqual(byKey(truth, keyOf));
        }
        expect(writer.stats.unfillable).toBe(0);
      }),
      { numRuns: 60 },
    );
  }

  it('service stats: the cache equals the truth after every delta (random histories: union members changing type, keyed-list entries appearing, genuine nulls in snapshots)', () => {
    equalsTheTruth(spec, serviceStats({ genuineNulls: true, someCustomStats: true }), serviceStats(), serviceKey);
  });

  it('agent stats: the cache equals the truth after every delta (random histories: time-per-activity-code lists merged by code)', () => {
    equalsTheTruth(LIVE_LISTS.userStats, userStats, userStats, (e) => `${e['username']}/${e['channel']}`);
  });

  it('a snapshot written over numbers writes its genuine nulls (random pairs)', () => {
    fc.assert(
      fc.property(serviceStats(), serviceStats({ genuineNulls: true }), (first, second) => {
        const cache = createRtdCache();
        const writer = new DeltaWriter(cache, { scheduler: IMMEDIATELY });
        const list = listFor(cache, writer, spec, first);
        writer.snapshot(list.target, second, () => {});
        expect(byKey(list.read() as RtdObject[], serviceKey)).toEqual(byKey(second, serviceKey));
      }),
      { numRuns: 40 },
    );
  });

  it('users entering and leaving a filter are added to and removed from the list', () => {
    const users = LIVE_LISTS.users;
    const key = (e: RtdObject) => String(e['username']);
    const withoutMutation = (list: readonly RtdObject[]) => list.map(({ mutation: _m, ...rest }) => rest);
    fc.assert(
      fc.property(usersInFilter, fc.array(usersInFilter, { minLength: 1, maxLength: 10 }), (snapshot, history) => {
        const cache = createRtdCache();
        const writer = new DeltaWriter(cache, { scheduler: IMMEDIATELY });
        const list = listFor(cache, writer, users, snapshot);
        let truth = snapshot;
        for (const next of history) {
          const deltas = entityDeltas(truth, next, key, true);
          if (deltas.length) writer.enqueue(list.target, deltas);
          truth = next;
          expect(byKey(withoutMutation(list.read() as RtdObject[]), key)).toEqual(byKey(withoutMutation(truth), key));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('an agent another list still shows is not evicted when it leaves this one', () => {
    const users = LIVE_LISTS.users;
    const cache = createRtdCache();
    const writer = new DeltaWriter(cache, { scheduler: IMMEDIATELY });
    const agent = fc.sample(user('u1'), { seed: 1, numRuns: 1 })[0];
    const ready = listFor(cache, writer, users, [agent]);
    const site = listFor(cache, writer, users, [agent]);
    writer.enqueue(ready.target, [{ __typename: 'User', username: 'u1', mutation: 'DELETED' }]);
    expect(ready.target.members.list()).toEqual([]);
    expect(site.read()[0]?.['username']).toBe('u1');
  });

  it("tells exactly the entities it wrote, and whether the list's members changed", () => {
    const cache = createRtdCache();
    const writer = new DeltaWriter(cache, { scheduler: IMMEDIATELY });
    const [snapshot] = fc.sample(serviceStats(), { seed: 5, numRuns: 1 });
    const list = listFor(cache, writer, spec, snapshot);
    const told: Written[] = [];
    writer.onWritten = (written) => told.push(written);
    const s1 = snapshot.find((s) => s['code'] === 's1')!;
    writer.enqueue(list.target, [{ ...serverDelta(s1, { ...s1, channelStats: { ...(s1['channelStats'] as RtdObject), queuedCalls: 42 } })! }]);
    expect(told.map((w) => [...w.changed])).toEqual([[cache.identify(s1 as StoreObject)!]]);
    expect(told[0].membersChanged).toBeFalse();
    writer.enqueue(list.target, [{ ...snapshot[0], code: 's7' }]);
    expect(told[1].membersChanged).toBeTrue();
    expect(list.target.members.size).toBe(snapshot.length + 1);
  });

  it('never writes a null from a delta over a stored value', () => {
    const cache = createRtdCache();
    const writer = new DeltaWriter(cache, { scheduler: IMMEDIATELY });
    const [snapshot] = fc.sample(serviceStats(), { seed: 42, numRuns: 1 });
    const list = listFor(cache, writer, spec, snapshot);
    const onlyQueued = {
      __typename: 'ServiceStat',
      code: 's1',
      channel: 'CALL',
      channelStats: { __typename: 'ServiceCcCallAtStat', ...Object.fromEntries(CALL_FIELDS.map((f) => [f, null])), queuedCalls: 99 },
      userStats: null,
      customStats: null,
    };
    writer.enqueue(list.target, [onlyQueued]);
    const s1 = list.read().find((s) => s?.['code'] === 's1')!;
    const before = snapshot.find((s) => s['code'] === 's1')!;
    expect((s1['channelStats'] as RtdObject)['queuedCalls']).toBe(99);
    expect((s1['channelStats'] as RtdObject)['answeredCalls']).toBe((before['channelStats'] as RtdObject)['answeredCalls']);
    expect(normalise(s1['userStats'])).toEqual(normalise(before['userStats']));
  });
});

describe('DeltaWriter pacing', () => {
  const users = LIVE_LISTS.users;
  /** Frames run when the spec says, and a clock that moves 1 ms each time it is read. */
  function paced(budgetMs: number) {
    const frames: ((late: boolean) => void)[] = [];
    let clock = 0;
    const cache = createRtdCache();
    const writer = new DeltaWriter(cache, { scheduler: { request: (run) => frames.push(run) }, budgetMs, now: () => clock++ });
    /** A frame; `late`: the tab is hidden and the scheduler's timer ran the writer instead. */
    const frame = (late = false) => frames.splice(0).forEach((run) => run(late));
    return { cache, writer, frame, frames, advance: (ms: number) => (clock += ms) };
  }
  const agents = (n: number, site = 1) => Array.from({ length: n }, (_, i) => ({ ...fc.sample(user(`u${i}`), { seed: i, numRuns: 1 })[0], site }));

  it('writes nothing until a frame, then no more than the budget a frame, and the rest in the frames after', () => {
    const { writer, frame, frames } = paced(10);
    const target: WriteTarget = { spec: users, members: new Membership() };
    writer.attach(target);
    let done = false;
    writer.snapshot(target, agents(30), () => (done = true));
    expect(writer.stats.written).toBe(0);
    expect(frames.length).toBe(1);
    frame();
    // Each write reads the clock about twice: far fewer than 30 fit in 10 ms.
    expect(writer.stats.written).toBeGreaterThan(0);
    expect(writer.stats.written).toBeLessThan(30);
    expect(target.members.size).toBe(0);
    while (frames.length) frame();
    expect(writer.stats.written).toBe(30);
    expect(target.members.size).toBe(30);
    return Promise.resolve().then(() => expect(done).toBeTrue());
  });

  it('in a hidden tab (a timer runs it) writes up to LATE_BUDGET_MS at a time, so a background tab keeps up', () => {
    const { writer, frame } = paced(8);
    const target: WriteTarget = { spec: users, members: new Membership() };
    writer.attach(target);
    writer.snapshot(target, agents(40), () => {});
    frame(false);
    const inAFrame = writer.stats.written;
    writer.detach(target);
    const late = paced(8);
    late.writer.attach(target);
    late.writer.snapshot(target, agents(40), () => {});
    late.frame(true);
    // The clock moves 1 ms a read, about two reads a write: 8 ms holds a few writes, 40 ms five times as many.
    expect(late.writer.stats.written).toBeGreaterThan(inAFrame * 3);
    expect(late.writer.stats.written).toBeLessThanOrEqual(LATE_BUDGET_MS);
  });

  it('the frame scheduler: a visible tab waits for a frame, even a late one; a hidden tab is written by a timer at once', () => {
    jasmine.clock().install();
    try {
      const frameCallbacks: FrameRequestCallback[] = [];
      spyOn(window, 'requestAnimationFrame').and.callFake((callback) => frameCallbacks.push(callback));
      let visibility: DocumentVisibilityState = 'visible';
      spyOnProperty(document, 'visibilityState').and.callFake(() => visibility);
      const scheduler = animationFrames();
      const runs: boolean[] = [];
      scheduler.request((late) => runs.push(late));
      frameCallbacks.at(-1)!(0);
      expect(runs).withContext('a frame runs it, at the frame budget').toEqual([false]);
      // A visible tab whose frame is late (a long task): the second-long fallback, still at the frame budget.
      scheduler.request((late) => runs.push(late));
      jasmine.clock().tick(1_000);
      expect(runs).toEqual([false, false]);
      scheduler.request((late) => runs.push(late));
      jasmine.clock().tick(0);
      expect(runs).withContext('visible: no timer at once, however late the last frame was').toEqual([false, false]);
      frameCallbacks.at(-1)!(0);
      expect(runs).toEqual([false, false, false]);
      // Hidden: no frames come; a timer runs it at once, with the larger budget, again and again.
      visibility = 'hidden';
      scheduler.request((late) => runs.push(late));
      scheduler.request((late) => runs.push(late));
      jasmine.clock().tick(0);
      expect(runs).toEqual([false, false, false, true, true]);
      // Hidden while waiting for a frame: within a second.
      visibility = 'visible';
      scheduler.request((late) => runs.push(late));
      visibility = 'hidden';
      jasmine.clock().tick(1_000);
      expect(runs.at(-1)).toBeTrue();
    } finally {
      jasmine.clock().uninstall();
    }
  });

  it('reports its backlog: how many entities wait and how long the oldest has waited', () => {
    const { writer, frame, frames, advance } = paced(4);
    const target: WriteTarget = { spec: users, members: new Membership() };
    writer.attach(target);
    const heard: Backlog[] = [];
    writer.onBacklog = (backlog) => heard.push(backlog);
    writer.snapshot(target, agents(20), () => {});
    advance(2_000);
    frame();
    expect(heard[0].entities).toBeGreaterThan(0);
    expect(heard[0].behindMs).toBeGreaterThanOrEqual(2_000);
    while (frames.length) frame();
    expect(heard[heard.length - 1]).toEqual({ entities: 0, behindMs: 0 });
  });

  it("keeps the order of a list's snapshot and the payloads after it, across frames", () => {
    const { cache, writer, frames, frame } = paced(3);
    const target: WriteTarget = { spec: users, members: new Membership() };
    writer.attach(target);
    writer.snapshot(target, agents(10), () => {});
    writer.enqueue(target, [{ __typename: 'User', username: 'u9', mutation: 'UPDATED', site: 2 }]);
    while (frames.length) frame();
    expect(cache.readFragment<RtdObject>({ id: 'User:{"username":"u9"}', fragment: users.fragment, fragmentName: users.fragmentName })?.['site']).toBe(2);
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
  const agent = (username: string): RtdObject => ({ ...fc.sample(user(username), { seed: 3, numRuns: 1 })[0], site: 1 });

  /** A list's entities as the cache holds them, or null if any of them can no longer be read whole. */
  function readable(list: ReturnType<typeof listFor>): RtdObject[] | null {
    const entities = list.read();
    return entities.every((e) => e !== null) ? (entities as RtdObject[]) : null;
  }

  function agentsBoard(...names: string[]) {
    const cache = createRtdCache();
    const writer = new DeltaWriter(cache, { scheduler: IMMEDIATELY });
    const list = listFor(
      cache,
      writer,
      users,
      names.map((n) => agent(n)),
    );
    // Count only what the payloads write.
    writer.stats.written = 0;
    return { cache, writer, target: list.target, read: () => readable(list) };
  }

  beforeEach(() => spyOn(console, 'warn'));

  it('a CREATED agent whose key is null writes nothing and is counted', () => {
    const { cache, writer, target, read } = agentsBoard('u1');
    writer.enqueue(target, [{ ...agent('u2'), username: null }]);
    expect(read()?.map((u) => u['username'])).toEqual(['u1']);
    expect(Object.keys(cache.extract()).filter((id) => id.startsWith('User:'))).toEqual(['User:{"username":"u1"}']);
    expect(writer.stats.rejected).toBe(1);
    expect(writer.stats.written).toBe(0);
  });

  it('a wrong-typed field drops only that agent: the list stays readable and the rest of the payload is written', () => {
    const { writer, target, read } = agentsBoard('u1', 'u2');
    writer.enqueue(target, [{ __typename: 'User', username: 'u1', mutation: 'UPDATED', statuses: 'BUSY' }, { __typename: 'User', username: 'u2', mutation: 'UPDATED', site: 2 }, agent('u3')]);
    const listed = read();
    expect(listed?.map((u) => [u['username'], u['site']])).toEqual([
      ['u1', 1],
      ['u2', 2],
      ['u3', 1],
    ]);
    expect((listed?.[0]['statuses'] as RtdObject)['CALL']).toBe((agent('u1')['statuses'] as RtdObject)['CALL']);
    expect(writer.stats).toEqual(jasmine.objectContaining({ rejected: 1, written: 2 }));
  });

  it('a flood of 1,000 bad agents is logged once per reason, and counted', () => {
    const { writer, target, read } = agentsBoard('u1');
    // Each with another unknown field: a reason is a kind of fault, not a path a server can vary.
    for (let i = 0; i < 1_000; i++) writer.enqueue(target, [{ ...agent('u1'), [`field${i}`]: i }]);
    expect(console.warn).toHaveBeenCalledTimes(1);
    expect(console.warn).toHaveBeenCalledWith(jasmine.stringMatching(/users.*unknown field.*field0/));
    writer.enqueue(target, [{ ...agent('u9'), username: null }]);
    expect(console.warn).toHaveBeenCalledTimes(2);
    expect(writer.stats.rejected).toBe(1_001);
    expect(read()?.length).toBe(1);
  });

  type Break = { entity: number; how: 'null' | 'missing' | 'wrong type' | 'field'; at: number };
  const breaks = fc.array(fc.record({ entity: fc.nat(), how: fc.constantFrom<Break['how']>('null', 'missing', 'wrong type', 'field'), at: fc.nat() }), { maxLength: 3 });

  /** Random histories of a list whose deltas are broken at random: a key made null, dropped or retyped, or any value retyped. */
  function neverUnreadable(spec: LiveListSpec, typename: string, lists: fc.Arbitrary<RtdObject[]>, keyOf: (e: RtdObject) => string, keyFields: readonly string[], withMutation: boolean) {
    fc.assert(
      fc.property(lists, fc.array(fc.tuple(lists, breaks), { minLength: 1, maxLength: 8 }), (snapshot, history) => {
        const cache = createRtdCache();
        const writer = new DeltaWriter(cache, { scheduler: IMMEDIATELY });
        const list = listFor(cache, writer, spec, snapshot);
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
          if (deltas.length) writer.enqueue(list.target, deltas);
          // The server's view moves on whatever the client dropped.
          truth = next;
          const listed = readable(list);
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
    neverUnreadable(LIVE_LISTS.serviceStats, 'ServiceStat', serviceStats(), (e) => `${e['code']}/${e['channel']}`, ['code', 'channel'], false);
  });
});
