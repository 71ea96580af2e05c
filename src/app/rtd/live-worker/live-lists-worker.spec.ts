/**
 * The worker's side of the live lists, run here on the page's thread with a stand-in socket the spec answers: the
 * real cache, policies, writer and state machines; the patches it would post to the page.
 */
import fc from 'fast-check';
import type { Client, ClientOptions, Sink } from 'graphql-ws';
import { IMMEDIATELY, type RtdObject } from '../delta-writer';
import { DEFAULT_SOCKET_OPTIONS } from '../socket-timing';
import { serverDelta, user } from '../testing/rtd-histories';
import { LiveListsWorker, PAGE_BUDGET_MS } from './live-lists-worker';
import type { FromWorker, ListPatch } from './worker-protocol';

interface Operation {
  readonly query: string;
  readonly sink: Sink<{ data?: Record<string, unknown> | null }>;
  disposed: boolean;
}

const agent = (name: string): RtdObject => ({ ...fc.sample(user(name), { seed: 4, numRuns: 1 })[0], site: 1 });
const id = (name: string) => `User:{"username":"${name}"}`;
/** The patch follows the writer's run in a microtask, the snapshot's `done` in another. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

function world() {
  const operations: Operation[] = [];
  let options: ClientOptions | null = null;
  const posted: FromWorker[] = [];
  const connect = (given: ClientOptions) => {
    options = given;
    return {
      subscribe: (payload: { query: string }, sink: Operation['sink']) => {
        const operation: Operation = { query: payload.query, sink, disposed: false };
        operations.push(operation);
        return () => (operation.disposed = true);
      },
    } as unknown as Client;
  };
  // Written at once and whole, so that what a patch holds depends on the patch's bounds alone.
  const worker = new LiveListsWorker((message) => posted.push(message), connect, IMMEDIATELY);
  worker.receive({ type: 'init', url: 'ws://127.0.0.1/rtdserver', accessToken: 'token-1', socket: DEFAULT_SOCKET_OPTIONS, reconcileIntervalMs: 3_600_000 });
  const patches = () => posted.filter((m): m is Extract<FromWorker, { type: 'patch' }> => m.type === 'patch');
  const lastPatch = (): ListPatch => patches().at(-1)!.lists[0];
  const subscriptions = () => operations.filter((o) => /^\s*subscription\b/.test(o.query));
  const snapshots = () => operations.filter((o) => /^\s*query\b/.test(o.query));
  const answer = (operation: Operation, users: RtdObject[]) => {
    operation.sink.next({ data: { users } });
    operation.sink.complete();
  };
  return { worker, operations, posted, patches, lastPatch, subscriptions, snapshots, answer, options: () => options!, ack: (costMs = 1) => worker.receive({ type: 'ack', costMs }) };
}

/** A list opened, the version known, its snapshot of u1 and u2 written and patched to the page. */
async function liveList() {
  const w = world();
  w.worker.receive({ type: 'open', list: 1, field: 'users', variables: { filter: {} } });
  w.worker.receive({ type: 'version', fieldsVersion: '1.0.2' });
  await settle();
  w.ack();
  w.answer(w.snapshots()[0], [agent('u1'), agent('u2')]);
  await settle();
  return w;
}

describe('LiveListsWorker', () => {
  it('waits for the version, then subscribes on its socket before the snapshot, asking for __typename with the token', async () => {
    const w = world();
    w.worker.receive({ type: 'open', list: 1, field: 'users', variables: { filter: {} } });
    await settle();
    expect(w.operations.length).withContext('no operation before the version is known').toBe(0);
    expect(w.lastPatch().state?.state).toBe('waiting');
    w.worker.receive({ type: 'version', fieldsVersion: '1.0.2' });
    expect(w.operations.map((o) => o.query.trim().split(/\s/)[0])).toEqual(['subscription', 'query']);
    expect(w.operations[1].query).toContain('__typename');
    expect(w.options().connectionParams instanceof Function && (w.options().connectionParams as () => unknown)()).toEqual({ accessToken: 'token-1' });
  });

  it("patches the page with the snapshot's members and entities, and the list's state", async () => {
    const w = await liveList();
    const patch = w.lastPatch();
    expect(patch.members).toEqual([id('u1'), id('u2')]);
    expect(patch.entities.map(([entityId]) => entityId)).toEqual([id('u1'), id('u2')]);
    expect(patch.state?.state).toBe('live');
  });

  it('sends the next patch only after the page drew the last, with each entity changed meanwhile once, as merged', async () => {
    const w = await liveList();
    const sent = w.patches().length;
    const before = agent('u1');
    const moved = { ...before, site: 2 };
    const renamed = { ...moved, surname: 'Rossi' };
    w.subscriptions()[0].sink.next({ data: { users: [{ ...serverDelta(before, moved), mutation: 'UPDATED' }] } });
    w.subscriptions()[0].sink.next({ data: { users: [{ ...serverDelta(moved, renamed), mutation: 'UPDATED' }] } });
    await settle();
    expect(w.patches().length).withContext('nothing until the page acknowledges').toBe(sent);
    w.ack();
    await settle();
    expect(w.patches().length).toBe(sent + 1);
    const patch = w.lastPatch();
    expect(patch.members).withContext('membership unchanged').toBeUndefined();
    expect(patch.entities.length).withContext('one entity, once').toBe(1);
    const [entityId, entity] = patch.entities[0];
    expect(entityId).toBe(id('u1'));
    expect(entity['site']).toBe(2);
    expect(entity['surname']).toBe('Rossi');
    expect(entity['name']).withContext('a null in the delta kept the stored value').toBe(before['name']);
  });

  it("sizes each patch to the page's budget from what the last one cost it, and sends the rest next", async () => {
    const w = world();
    w.worker.receive({ type: 'open', list: 1, field: 'users', variables: { filter: {} } });
    w.worker.receive({ type: 'version', fieldsVersion: '1.0.2' });
    await settle();
    w.ack();
    const names = Array.from({ length: 2_400 }, (_, i) => `u${i + 1}`);
    w.answer(w.snapshots()[0], names.map(agent));
    await settle();
    expect(w.lastPatch().members?.length).toBe(names.length);
    expect(w.lastPatch().entities.length).withContext('a snapshot is never sent in part').toBe(names.length);
    // The page took 4 × its budget to draw it: the next patch carries fewer entities.
    w.ack(PAGE_BUDGET_MS * 4);
    await settle();
    const changedAll = names.map((name) => ({ ...serverDelta(agent(name), { ...agent(name), site: 2 }), mutation: 'UPDATED' }));
    w.subscriptions()[0].sink.next({ data: { users: changedAll } });
    await settle();
    const bounded = w.lastPatch().entities.length;
    expect(bounded).withContext('deltas in a patch of a bounded size').toBeLessThan(names.length);
    expect(w.lastPatch().members).toBeUndefined();
    // Cheap to draw from now on: patches grow again, until every change reached the page once.
    const seen = new Set(w.lastPatch().entities.map(([entityId]) => entityId));
    const sizes = [bounded];
    for (let i = 0; i < 50 && seen.size < names.length; i++) {
      w.ack(0.1);
      await settle();
      for (const [entityId] of w.lastPatch().entities) seen.add(entityId);
      sizes.push(w.lastPatch().entities.length);
    }
    expect(seen.size).toBe(names.length);
    expect(Math.max(...sizes.slice(1)))
      .withContext('patches grow when they are cheap')
      .toBeGreaterThan(bounded);
  });

  it('takes a fresh snapshot after its socket reconnects, and tells the page of the socket', async () => {
    const w = await liveList();
    const on = w.options().on!;
    on.closed!({ code: 1006, reason: '' } as never);
    on.connected!({} as never, {} as never, true);
    expect(w.snapshots().length).toBe(2);
    const events = w.posted.flatMap((m) => (m.type === 'socket' ? [m.event.kind] : []));
    expect(events).toEqual(['closed', 'connected']);
  });

  it('stops a closed list: its subscription ends and nothing more is patched for it', async () => {
    const w = await liveList();
    w.ack();
    w.worker.receive({ type: 'close', list: 1 });
    expect(w.subscriptions()[0].disposed).toBeTrue();
    const sent = w.patches().length;
    w.subscriptions()[0].sink.next({ data: { users: [{ ...serverDelta(agent('u1'), { ...agent('u1'), site: 2 }), mutation: 'UPDATED' }] } });
    await settle();
    expect(w.patches().length).toBe(sent);
  });
});
