/**
 * The proof the issue asks for, over real sockets: pause, snapshot, subscribe, resume, collect the deltas,
 * pause again; the snapshot with every delta applied equals a fresh snapshot, field for field — for
 * serviceStats, groupStats, users (entering and leaving), userStats and userProfileStats, on both
 * WebSocket sub-protocols.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { generateScenario } from '../src/simulation/scenario.ts';
import { applyDelta, byEntityKey, liveOperations } from './operations.ts';
import { sleep, startTestEmulator } from './support.ts';

const SIZE = { agents: 40, services: 8, groups: 3 };
const operations = liveOperations(SIZE);
type Entity = Record<string, unknown>;

/** Subscribes over graphql-transport-ws with graphql-ws's own client; returns the messages as they come. */
function transportWsSubscriber(wsUrl: string, accessToken: string) {
  const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, connectionParams: { accessToken }, lazy: false, retryAttempts: 0 });
  return {
    subscribe(query: string, onData: (data: Record<string, Entity[]>) => void) {
      client.subscribe({ query }, { next: (r) => onData(r.data as Record<string, Entity[]>), error: (e) => assert.fail(`subscription error: ${JSON.stringify(e)}`), complete: () => {} });
    },
    close: () => client.dispose(),
  };
}

/** Subscribes over the legacy graphql-ws protocol with a raw socket, as subscriptions-transport-ws does. */
async function legacySubscriber(wsUrl: string, accessToken: string) {
  const socket = new WebSocket(wsUrl, 'graphql-ws');
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const handlers = new Map<string, (data: Record<string, Entity[]>) => void>();
  socket.on('message', (raw) => {
    const message = JSON.parse(String(raw));
    if (message.type === 'data') handlers.get(message.id)?.(message.payload.data);
    if (message.type === 'error' || message.type === 'connection_error') assert.fail(`legacy error: ${JSON.stringify(message.payload)}`);
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: { accessToken } }));
  let next = 1;
  return {
    subscribe(query: string, onData: (data: Record<string, Entity[]>) => void) {
      const id = String(next++);
      handlers.set(id, onData);
      socket.send(JSON.stringify({ id, type: 'start', payload: { query } }));
    },
    close: () => socket.close(),
  };
}

for (const protocol of ['graphql-transport-ws', 'graphql-ws'] as const) {
  test(`snapshot + deltas = fresh snapshot for every live operation over ${protocol}`, async () => {
    // 40 agents, one simulated 10 s per 40 ms tick: a few hundred changes in a second of wall time.
    const rtd = await startTestEmulator({ scenario: generateScenario(SIZE), tickMs: 40, speed: 250 });
    const { cookie, accessToken } = await rtd.login();
    const snapshot = async (body: string) => {
      const { body: result } = await rtd.gql<Record<string, Entity[]>>(`query { ${body} }`, { cookie });
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      return result.data!;
    };

    await rtd.control('pause');
    const clients: Record<string, Entity[]> = {};
    const counts: Record<string, number> = {};
    for (const [name, body] of Object.entries(operations)) clients[name] = Object.values(await snapshot(body))[0];

    const subscriber = protocol === 'graphql-transport-ws' ? transportWsSubscriber(rtd.wsUrl, accessToken) : await legacySubscriber(rtd.wsUrl, accessToken);
    for (const [name, body] of Object.entries(operations)) {
      const root = name.startsWith('users') ? 'users' : name;
      counts[name] = 0;
      subscriber.subscribe(`subscription { ${body} }`, (data) => {
        counts[name]++;
        clients[name] = applyDelta(root, clients[name], data[root]);
      });
    }
    // Subscribed before the simulation moves on, and nothing is sent at start.
    for (let i = 0; i < 50 && rtd.emulator.state().subscriptions < 6; i++) await sleep(20);
    assert.equal(rtd.emulator.state().subscriptions, 6);
    await sleep(150);
    assert.ok(
      Object.values(counts).every((n) => n === 0),
      'a subscription sends nothing at start',
    );

    await rtd.control('resume');
    await sleep(1200);
    await rtd.control('pause');
    await sleep(300); // the last tick's messages are on their way

    for (const [name, body] of Object.entries(operations)) {
      const root = name.startsWith('users') ? 'users' : name;
      assert.ok(counts[name] > 3, `${name} received ${counts[name]} deltas`);
      const fresh = (await snapshot(body))[root];
      assert.deepEqual(byEntityKey(root, clients[name]), byEntityKey(root, fresh), `${name} converged`);
    }
    subscriber.close();
  });
}

test('a subscriber is sent only what changed since its own last message, not since the group began', async () => {
  const rtd = await startTestEmulator({ scenario: generateScenario(SIZE), tickMs: 1000 });
  const { accessToken, cookie } = await rtd.login();
  const body = operations.serviceStats;
  const first = transportWsSubscriber(rtd.wsUrl, accessToken);
  const firstMessages: Record<string, Entity[]>[] = [];
  first.subscribe(`subscription { ${body} }`, (d) => firstMessages.push(d));
  for (let i = 0; i < 50 && rtd.emulator.state().subscriptions < 1; i++) await sleep(20);
  await rtd.control('step', { seconds: 60 });
  await sleep(100);
  assert.equal(firstMessages.length, 1);

  // A second wallboard joins later with a fresh snapshot; the next step must converge both.
  const { body: snap } = await rtd.gql(`query { ${body} }`, { cookie });
  let late = snap.data.serviceStats as Entity[];
  let early = late; // the first subscriber already holds the same state
  const second = transportWsSubscriber(rtd.wsUrl, accessToken);
  second.subscribe(`subscription { ${body} }`, (d) => (late = applyDelta('serviceStats', late, d.serviceStats)));
  first.subscribe(`subscription { ${body} }`, (d) => (early = applyDelta('serviceStats', early, d.serviceStats)));
  for (let i = 0; i < 50 && rtd.emulator.state().subscriptions < 3; i++) await sleep(20);
  await rtd.control('step', { seconds: 30 });
  await sleep(150);
  const { body: fresh } = await rtd.gql(`query { ${body} }`, { cookie });
  assert.deepEqual(byEntityKey('serviceStats', late), byEntityKey('serviceStats', fresh.data.serviceStats));
  assert.deepEqual(byEntityKey('serviceStats', early), byEntityKey('serviceStats', fresh.data.serviceStats));
  assert.equal(rtd.emulator.state().subscriptionGroups, 1, 'identical subscriptions share one group');
  first.close();
  second.close();
});
