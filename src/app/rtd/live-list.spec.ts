/**
 * The live list's state machine with stand-ins for the world: a subscription the spec feeds, snapshots it answers
 * when it says, and the real writer and cache (written at once).
 */
import fc from 'fast-check';
import { createRtdCache } from './cache-policies';
import { DeltaWriter, IMMEDIATELY, type RtdObject } from './delta-writer';
import { type LiveListDeps, LiveListMachine, type LiveListState } from './live-list';
import { LIVE_LISTS } from './live-list-specs';
import { user } from './testing/rtd-histories';

const users = LIVE_LISTS.users;
const agent = (name: string, site = 1): RtdObject => ({ ...fc.sample(user(name), { seed: 4, numRuns: 1 })[0], site });
const moved = (name: string, site: number): RtdObject => ({ __typename: 'User', username: name, mutation: 'UPDATED', site });

function world() {
  const cache = createRtdCache();
  const writer = new DeltaWriter(cache, { scheduler: IMMEDIATELY });
  const snapshots: { resolve(entities: RtdObject[]): void; reject(e: unknown): void }[] = [];
  let feed: Parameters<LiveListDeps['subscribe']>[0] | null = null;
  let subscriptions = 0;
  let unsubscribed = 0;
  const deps: LiveListDeps = {
    writer,
    subscribe: (handlers) => {
      feed = handlers;
      subscriptions++;
      return () => unsubscribed++;
    },
    fetchSnapshot: () => new Promise((resolve, reject) => snapshots.push({ resolve, reject })),
    readEntity: (id) => cache.readFragment<RtdObject>({ id, fragment: users.fragment, fragmentName: users.fragmentName }),
    connectionLive: () => true,
    describeError: (e) => `failed: ${String(e)}`,
    now: () => 1_000,
    corrected: () => {},
  };
  const machine = new LiveListMachine(users, deps);
  const states: LiveListState[] = [];
  machine.onChange = () => states.push(machine.state);
  const site = (name: string) => (deps.readEntity(`User:{"username":"${name}"}`) ?? {})['site'];
  // The snapshot's `done` runs in a microtask, after the frame that wrote it.
  const settle = () => new Promise((resolve) => setTimeout(resolve));
  return { machine, states, snapshots, send: (entities: RtdObject[]) => feed!.next(entities), end: () => feed!.complete(), site, settle, counts: () => ({ subscriptions, unsubscribed }) };
}

describe('LiveListMachine', () => {
  it('waits for the version, subscribes before the snapshot, holds payloads until it is in, then goes live', async () => {
    const w = world();
    expect(w.machine.state).toBe('waiting');
    w.machine.start();
    expect(w.machine.state).toBe('buffering');
    expect(w.counts().subscriptions).toBe(1);
    expect(w.snapshots.length).toBe(1);
    w.send([moved('u1', 2)]);
    expect(w.site('u1')).toBeUndefined();
    w.snapshots[0].resolve([agent('u1'), agent('u2')]);
    await w.settle();
    expect(w.machine.state).toBe('live');
    expect(w.site('u1')).withContext('the held payload, after the snapshot').toBe(2);
    expect(w.machine.target.members.list()).toEqual(['User:{"username":"u1"}', 'User:{"username":"u2"}']);
    expect(w.machine.snapshotAt).toBe(1_000);
    expect(w.states).toEqual(['buffering', 'live']);
  });

  it('writes payloads at once while live', async () => {
    const w = world();
    w.machine.start();
    w.snapshots[0].resolve([agent('u1')]);
    await w.settle();
    w.send([moved('u1', 2)]);
    expect(w.site('u1')).toBe(2);
  });

  it("ignores a late snapshot of an earlier start: only the latest start's answer is written", async () => {
    const w = world();
    w.machine.start();
    w.machine.start();
    w.snapshots[1].resolve([agent('u2')]);
    await w.settle();
    w.snapshots[0].resolve([agent('u1')]);
    await w.settle();
    expect(w.machine.target.members.list()).toEqual(['User:{"username":"u2"}']);
    expect(w.counts()).toEqual({ subscriptions: 2, unsubscribed: 1 });
  });

  it('takes a fresh snapshot after a reconnect, and starts again if the subscription ended', async () => {
    const w = world();
    w.machine.start();
    w.snapshots[0].resolve([agent('u1')]);
    await w.settle();
    w.machine.reconnected();
    expect(w.snapshots.length).toBe(2);
    expect(w.counts().subscriptions).toBe(1);
    w.snapshots[1].resolve([agent('u1', 2)]);
    await w.settle();
    expect(w.site('u1')).toBe(2);
    w.end();
    w.machine.reconnected();
    expect(w.counts().subscriptions).toBe(2);
  });

  it('says what went wrong when the snapshot fails, and recovers with the next one', async () => {
    const w = world();
    w.machine.start();
    w.snapshots[0].reject('no route');
    await w.settle();
    expect(w.machine.state).toBe('error');
    expect(w.machine.error).toBe('failed: no route');
    void w.machine.refresh();
    w.snapshots[1].resolve([agent('u1')]);
    await w.settle();
    expect(w.machine.state).toBe('live');
    expect(w.machine.error).toBeNull();
  });

  it('writes nothing more once stopped', async () => {
    const w = world();
    w.machine.start();
    w.machine.stop();
    w.snapshots[0].resolve([agent('u1')]);
    await w.settle();
    expect(w.machine.target.members.size).toBe(0);
    expect(w.counts().unsubscribed).toBe(1);
  });
});
