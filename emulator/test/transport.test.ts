/**
 * The WebSocket transports on /rtdserver: sub-protocol selection, refused upgrades, operations over both
 * protocols, keep-alives, unsubscribing, the per-socket operation limit, malformed messages, and the
 * offline playground.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CloseCode } from '../../contract/close-codes.ts';
import { sleep, startTestEmulator } from './support.ts';
import { LEGACY_PROTOCOL, RawSocket, TRANSPORT_PROTOCOL, legacyClient, rawLegacy, rawTransport, transportClient, upgradeStatus, waitForSubscriptions } from './socket-clients.ts';

const KEEP_ALIVE_MS = 200;
const t = await startTestEmulator({ keepAliveMs: KEEP_ALIVE_MS, maxOperationsPerSocket: 2 });
const admin = await t.login();

/** Changes within five simulated minutes (many fields of a busy service). */
const SUBSCRIPTION = `subscription { serviceStats(filter: { CALL: { services: ["service_1"] } }) {
  code
  channelStats { ... on ServiceCcCallAtStat { receivedCalls answeredCalls currentCalls queuedCalls maxTimeCallOnQueue } }
  userStats { busyUsers { count } readyUsers { count } notReadyUsers { count } postCallUsers { count } }
} }`;
const STEP = 300;
const QUERY = '{ serverHealth { status } version { server { major minor patch } } serviceStats(filter: { CALL: { services: ["service_2"] } }) { code channel } }';
const QUERY_DATA = { serverHealth: { status: 'PASS' }, version: { server: { major: 1, minor: 0, patch: 2 } }, serviceStats: [{ code: 'service_2', channel: 'CALL' }] };
const MUTATION = 'mutation { login(username: "user_3", password: "user_3") { username supervisor } }';
const MUTATION_DATA = { login: { username: 'user_3', supervisor: false } };

describe('sub-protocol selection', () => {
  for (const [offered, expected] of [
    [[TRANSPORT_PROTOCOL], TRANSPORT_PROTOCOL],
    [[LEGACY_PROTOCOL], LEGACY_PROTOCOL],
    [[LEGACY_PROTOCOL, TRANSPORT_PROTOCOL], TRANSPORT_PROTOCOL],
    [[TRANSPORT_PROTOCOL, LEGACY_PROTOCOL], TRANSPORT_PROTOCOL],
  ] as const) {
    it(`offering ${offered.join(', ')} picks ${expected}, which then speaks its protocol`, async () => {
      const socket = await RawSocket.open(t.wsUrl, [...offered], { cookie: admin.cookie });
      try {
        assert.equal(socket.ws.protocol, expected);
        socket.send({ type: 'connection_init', payload: {} });
        const first = await socket.waitFor(() => true);
        assert.equal(first.type, 'connection_ack');
        // Only the legacy protocol sends `ka` right after the ack.
        if (expected === LEGACY_PROTOCOL) await socket.waitFor((m) => m.type === 'ka');
        else {
          await sleep(50);
          assert.deepEqual(
            socket.messages.map((m) => m.type),
            ['connection_ack'],
          );
        }
      } finally {
        socket.close();
      }
    });
  }

  it('the path with a trailing slash is accepted too', async () => {
    const socket = await RawSocket.open(`${t.wsUrl}/`, TRANSPORT_PROTOCOL);
    assert.equal(socket.ws.protocol, TRANSPORT_PROTOCOL);
    socket.close();
  });

  it('no known sub-protocol: HTTP 400 naming both', async () => {
    const { status, body } = await upgradeStatus(t.wsUrl, ['graphql-sse', 'mqtt']);
    assert.equal(status, 400);
    assert.match(body, /graphql-transport-ws/);
    assert.match(body, /graphql-ws/);
    assert.equal((await upgradeStatus(t.wsUrl, [])).status, 400);
  });

  it('a wrong path: HTTP 404', async () => {
    assert.equal((await upgradeStatus(t.wsUrl.replace('/rtdserver', '/graphql'), TRANSPORT_PROTOCOL)).status, 404);
    assert.equal((await upgradeStatus(`${t.wsUrl}/playground`, LEGACY_PROTOCOL)).status, 404);
  });
});

describe('queries and mutations over sockets', () => {
  it('graphql-transport-ws: a query returns data', async () => {
    const c = transportClient(t.wsUrl, { accessToken: admin.accessToken });
    try {
      assert.deepEqual(await c.run(QUERY), { data: QUERY_DATA });
    } finally {
      await c.close();
    }
  });

  it('graphql-transport-ws: a mutation returns data', async () => {
    const c = transportClient(t.wsUrl, { accessToken: admin.accessToken });
    try {
      assert.deepEqual(await c.run(MUTATION), { data: MUTATION_DATA });
    } finally {
      await c.close();
    }
  });

  it('legacy graphql-ws: a query returns data', async () => {
    const c = await legacyClient(t.wsUrl, { accessToken: admin.accessToken });
    try {
      assert.deepEqual(await c.run(QUERY), { data: QUERY_DATA });
    } finally {
      c.close();
    }
  });

  it('legacy graphql-ws: a mutation returns data', async () => {
    const c = await legacyClient(t.wsUrl, { accessToken: admin.accessToken });
    try {
      assert.deepEqual(await c.run(MUTATION), { data: MUTATION_DATA });
    } finally {
      c.close();
    }
  });

  it('graphql-transport-ws: a query is answered with next then complete', async () => {
    const socket = await rawTransport(t.wsUrl, { accessToken: admin.accessToken });
    try {
      socket.send({ id: 'q', type: 'subscribe', payload: { query: '{ __typename }' } });
      await socket.waitFor((m) => m.type === 'complete' && m.id === 'q');
      assert.deepEqual(socket.messages.slice(1), [
        { id: 'q', type: 'next', payload: { data: { __typename: 'Query' } } },
        { id: 'q', type: 'complete' },
      ]);
    } finally {
      socket.close();
    }
  });

  it('legacy graphql-ws: a query is answered with data then complete', async () => {
    const socket = await rawLegacy(t.wsUrl, { accessToken: admin.accessToken });
    try {
      socket.send({ id: 'q', type: 'start', payload: { query: '{ __typename }' } });
      await socket.waitFor((m) => m.type === 'complete' && m.id === 'q');
      assert.deepEqual(
        socket.messages.filter((m) => m.id === 'q'),
        [
          { id: 'q', type: 'data', payload: { data: { __typename: 'Query' } } },
          { id: 'q', type: 'complete' },
        ],
      );
    } finally {
      socket.close();
    }
  });

  it('graphql-transport-ws: a validation error is an error message, the socket stays open', async () => {
    const socket = await rawTransport(t.wsUrl, { accessToken: admin.accessToken });
    try {
      socket.send({ id: 'v', type: 'subscribe', payload: { query: '{ noSuchField }' } });
      const error = await socket.waitFor((m) => m.type === 'error' && m.id === 'v');
      assert.match(error.payload[0].message, /Cannot query field "noSuchField" on type "Query"/);
      socket.send({ id: 'q', type: 'subscribe', payload: { query: '{ __typename }' } });
      await socket.waitFor((m) => m.type === 'complete' && m.id === 'q');
      assert.equal(socket.closedWith, null);
    } finally {
      socket.close();
    }
  });

  it('graphql-transport-ws: a syntax error is an error message, the socket stays open', async () => {
    const socket = await rawTransport(t.wsUrl, { accessToken: admin.accessToken });
    try {
      socket.send({ id: 's', type: 'subscribe', payload: { query: 'subscription {' } });
      const error = await socket.waitFor((m) => m.type === 'error' && m.id === 's');
      assert.match(error.payload[0].message, /Syntax Error/);
      assert.equal(socket.closedWith, null);
    } finally {
      socket.close();
    }
  });

  it('legacy graphql-ws: a syntax error is an error message with locations', async () => {
    const socket = await rawLegacy(t.wsUrl, { accessToken: admin.accessToken });
    try {
      socket.send({ id: 's', type: 'start', payload: { query: 'subscription {' } });
      const error = await socket.waitFor((m) => m.type === 'error' && m.id === 's');
      assert.match(error.payload[0].message, /Syntax Error/);
      assert.deepEqual(error.payload[0].locations, [{ line: 1, column: 15 }]);
      assert.equal(socket.closedWith, null);
    } finally {
      socket.close();
    }
  });
});

describe('keep-alive', () => {
  it(`legacy: ka right after the ack, then every ${KEEP_ALIVE_MS} ms`, async () => {
    // Taken before connection_init, so it precedes the server's ack: robust against a slow test process.
    const opened = Date.now();
    const socket = await rawLegacy(t.wsUrl, { accessToken: admin.accessToken });
    try {
      assert.equal(socket.messages[0].type, 'connection_ack');
      await socket.waitFor((m) => m.type === 'ka');
      await socket.until(() => socket.ofType('ka').length >= 4, 3000, '4 ka messages');
      const elapsed = Date.now() - opened;
      // One ka with the ack, then one per interval: the 4th comes three intervals after the ack.
      assert.ok(elapsed >= 3 * KEEP_ALIVE_MS, `4 ka after ${elapsed} ms`);
      assert.ok(
        socket.messages.every((m) => m.type === 'connection_ack' || m.type === 'ka'),
        JSON.stringify(socket.messages),
      );
    } finally {
      socket.close();
    }
  });

  it('graphql-transport-ws: ws ping frames, no ka messages', async () => {
    const socket = await rawTransport(t.wsUrl, { accessToken: admin.accessToken });
    try {
      await socket.until(() => socket.pings >= 2, 3000, '2 ping frames');
      assert.deepEqual(
        socket.messages.map((m) => m.type),
        ['connection_ack'],
      );
    } finally {
      socket.close();
    }
  });
});

describe('unsubscribing', () => {
  it('legacy stop: no more data, the subscription is gone', async () => {
    const socket = await rawLegacy(t.wsUrl, { accessToken: admin.accessToken });
    try {
      socket.send({ id: '1', type: 'start', payload: { query: SUBSCRIPTION } });
      await waitForSubscriptions(t.emulator, 1);
      await t.control('step', { seconds: STEP });
      const data = await socket.waitFor((m) => m.type === 'data' && m.id === '1');
      assert.equal(data.payload.errors, undefined);
      assert.equal(data.payload.data.serviceStats[0].code, 'service_1');

      socket.send({ id: '1', type: 'stop' });
      await waitUntil(() => t.emulator.state().subscriptions === 0, 'the subscription to end');
      const before = socket.ofType('data', '1').length;
      await t.control('step', { seconds: STEP });
      await sleep(100);
      assert.equal(socket.ofType('data', '1').length, before);
      assert.equal(socket.closedWith, null);
    } finally {
      socket.close();
    }
  });

  it('graphql-transport-ws complete: no more next, the subscription is gone', async () => {
    const c = transportClient(t.wsUrl, { accessToken: admin.accessToken });
    const other = transportClient(t.wsUrl, { accessToken: admin.accessToken });
    try {
      const sub = c.subscribe(SUBSCRIPTION);
      // A second subscriber of the same operation keeps the group alive, so only this one is stopped.
      const kept = other.subscribe(SUBSCRIPTION);
      await waitForSubscriptions(t.emulator, 2);
      await t.control('step', { seconds: STEP });
      await sub.result(1);
      await kept.result(1);

      sub.stop();
      await waitUntil(() => t.emulator.state().subscriptions === 1, 'one subscription left');
      await t.control('step', { seconds: STEP });
      await kept.result(2);
      assert.equal(sub.results.length, 1);
      kept.stop();
      await waitUntil(() => t.emulator.state().subscriptions === 0, 'no subscription left');
    } finally {
      await c.close();
      await other.close();
    }
  });

  it('closing the socket ends its subscriptions', async () => {
    const socket = await rawLegacy(t.wsUrl, { accessToken: admin.accessToken });
    socket.send({ id: 'a', type: 'start', payload: { query: SUBSCRIPTION } });
    socket.send({ id: 'b', type: 'start', payload: { query: SUBSCRIPTION.replace('service_1', 'service_2') } });
    await waitForSubscriptions(t.emulator, 2);
    socket.close();
    await waitUntil(() => t.emulator.state().subscriptions === 0 && t.emulator.state().sockets.total === 0, 'no subscription and no socket');
  });
});

describe('operations per socket', () => {
  it('graphql-transport-ws: the third subscription gets an error naming the limit', async () => {
    const socket = await rawTransport(t.wsUrl, { accessToken: admin.accessToken });
    try {
      for (const id of ['1', '2', '3']) socket.send({ id, type: 'subscribe', payload: { query: SUBSCRIPTION } });
      const error = await socket.waitFor((m) => m.type === 'error');
      assert.equal(error.id, '3', `refused ${JSON.stringify(error)}`);
      assert.match(error.payload[0].message, /Too many operations on one socket \(limit 2\)/);
      await waitForSubscriptions(t.emulator, 2);
      assert.equal(socket.ofType('error').length, 1);
    } finally {
      socket.close();
      await waitUntil(() => t.emulator.state().subscriptions === 0, 'no subscription left');
    }
  });

  it('legacy graphql-ws: the third subscription gets an error naming the limit', async () => {
    const socket = await rawLegacy(t.wsUrl, { accessToken: admin.accessToken });
    try {
      for (const id of ['1', '2', '3']) socket.send({ id, type: 'start', payload: { query: SUBSCRIPTION } });
      const error = await socket.waitFor((m) => m.type === 'error');
      assert.equal(error.id, '3', `refused ${JSON.stringify(error)}`);
      assert.match(error.payload.message, /Too many operations on one socket \(limit 2\)/);
      await waitForSubscriptions(t.emulator, 2);
      // Stopping one frees a place.
      socket.send({ id: '1', type: 'stop' });
      await waitUntil(() => t.emulator.state().subscriptions === 1, 'one subscription stopped');
      socket.send({ id: '4', type: 'start', payload: { query: SUBSCRIPTION } });
      await waitForSubscriptions(t.emulator, 2);
      assert.equal(socket.ofType('error').length, 1);
    } finally {
      socket.close();
      await waitUntil(() => t.emulator.state().subscriptions === 0, 'no subscription left');
    }
  });
});

describe('malformed messages', () => {
  it('graphql-transport-ws: not JSON closes with 4400', async () => {
    const socket = await rawTransport(t.wsUrl, { accessToken: admin.accessToken });
    socket.send('this is not json');
    const closed = await socket.closed;
    assert.equal(closed.code, CloseCode.BadRequest);
    assert.equal(closed.reason, 'Invalid message received');
  });

  it('graphql-transport-ws: an unknown message type closes with 4400', async () => {
    const socket = await rawTransport(t.wsUrl, { accessToken: admin.accessToken });
    socket.send({ type: 'start', id: '1', payload: { query: '{ __typename }' } });
    assert.equal((await socket.closed).code, CloseCode.BadRequest);
  });

  for (const [name, message] of [
    ['not JSON', '{"type": '],
    ['JSON without a type', '{"id": "1"}'],
    ['a JSON array', '[1, 2]'],
  ] as const) {
    it(`legacy: ${name} gets connection_error and close 4400`, async () => {
      const socket = await rawLegacy(t.wsUrl, { accessToken: admin.accessToken });
      socket.send(message);
      const error = await socket.waitFor((m) => m.type === 'connection_error');
      assert.match(error.payload.message, /Invalid message/);
      const closed = await socket.closed;
      assert.equal(closed.code, CloseCode.BadRequest);
    });
  }

  it('legacy: an unknown message type is an error, the socket stays open', async () => {
    const socket = await rawLegacy(t.wsUrl, { accessToken: admin.accessToken });
    try {
      socket.send({ type: 'subscribe', id: '9' });
      const error = await socket.waitFor((m) => m.type === 'error' && m.id === '9');
      assert.equal(error.payload.message, 'Unknown message type "subscribe"');
      assert.equal(socket.closedWith, null);
    } finally {
      socket.close();
    }
  });

  it('a second connection_init closes with 4429 on both protocols', async () => {
    const transport = await rawTransport(t.wsUrl, { accessToken: admin.accessToken });
    transport.send({ type: 'connection_init', payload: { accessToken: admin.accessToken } });
    assert.equal((await transport.closed).code, CloseCode.TooManyInitialisationRequests);
    const legacy = await rawLegacy(t.wsUrl, { accessToken: admin.accessToken });
    legacy.send({ type: 'connection_init', payload: { accessToken: admin.accessToken } });
    assert.equal((await legacy.closed).code, CloseCode.TooManyInitialisationRequests);
  });
});

describe('playground', () => {
  it('serves HTML that loads only same-origin assets, each with a JS or CSS type', async () => {
    const response = await fetch(`${t.origin}/rtdserver/playground`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const html = await response.text();
    assert.match(html, /<html/i);
    const urls = [...html.matchAll(/(?:src|href)\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]);
    assert.ok(urls.length >= 2, `expected script and stylesheet references, got ${urls}`);
    assert.deepEqual(html.match(/https?:\/\/[^\s"'<>)]+/g) ?? [], [], 'no absolute http(s) URLs in the page');
    for (const url of urls) assert.match(url, /^\/rtdserver\/playground\/assets\/[\w.-]+$/, url);

    for (const url of urls) {
      const asset = await fetch(new URL(url, t.origin));
      assert.equal(asset.status, 200, url);
      const type = asset.headers.get('content-type') ?? '';
      if (url.endsWith('.css')) assert.match(type, /^text\/css/, `${url}: ${type}`);
      else assert.match(type, /^(text|application)\/javascript/, `${url}: ${type}`);
      assert.ok((await asset.arrayBuffer()).byteLength > 100, `${url} is not empty`);
    }
  });

  it('an unknown asset is 404', async () => {
    const response = await fetch(`${t.origin}/rtdserver/playground/assets/nothing.js`);
    assert.equal(response.status, 404);
    await response.arrayBuffer();
  });
});

async function waitUntil(check: () => boolean, what: string, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(t.emulator.state())}`);
    await sleep(10);
  }
}
