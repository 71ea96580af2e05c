/**
 * `npm run emulator` as a stranger on the network meets it: each exploit of issue 12 and variants, against the
 * real process. Every case checks the refusal, that the process is alive, and that another client is answered
 * promptly afterwards (assertStillServing).
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CloseCode } from '../../contract/close-codes.ts';
import { type RunningProcess, assertStillServing, startEmulatorProcess } from './abuse-support.ts';
import { RawSocket, rawLegacy, rawTransport, closeAll, withTimeout } from './socket-clients.ts';

/** Small per-account limits, so the limits are reached with a handful of sockets (a second emulator). */
const SMALL_LIMITS = ['--limit', 'maxSocketsPerAccount=4', '--limit', 'maxSubscriptionsPerAccount=6', '--limit', 'maxFailedLoginRecords=50'];

let emulator: RunningProcess & { url: string; origin: string };
let wsUrl: string;
let token: string;
let cookie: string;

async function post(body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(emulator.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string }[] } };
}

async function login(username = 'admin', password = 'admin') {
  const response = await fetch(emulator.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `mutation { login(username: "${username}", password: "${password}") { authToken { accessToken } } }` }),
  });
  const body = (await response.json()) as any;
  return { token: body.data.login.authToken.accessToken as string, cookie: response.headers.getSetCookie()[0].split(';')[0] };
}

const control = async (action: string, body: unknown = {}) =>
  (
    await fetch(`${emulator.origin}/simulator/${action}`, {
      method: action === 'state' ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      body: action === 'state' ? undefined : JSON.stringify(body),
    })
  ).json() as Promise<any>;

/** 2^n expanded fields in under 1 kB: each fragment spreads the next twice (under two distinct fields). */
function fragmentBomb(levels: number): string {
  const fragments = Array.from({ length: levels }, (_, i) =>
    i === levels - 1 ? `fragment F${i} on __Type { name }` : `fragment F${i} on __Type { ofType { ...F${i + 1} } interfaces { ...F${i + 1} } }`,
  );
  return `{ __schema { queryType { ...F0 } } }\n${fragments.join('\n')}`;
}

/** Any of the expanded-cost refusals. */
const COSTLY = /deeper than 20 levels|fields once its fragments are expanded/;

/** The same bomb at the root: every fragment spreads the next twice on Query itself (root-field walks). */
function rootFragmentBomb(levels: number): string {
  const fragments = Array.from({ length: levels }, (_, i) => (i === levels - 1 ? `fragment R${i} on Query { version { server { major } } }` : `fragment R${i} on Query { ...R${i + 1} ...R${i + 1} }`));
  return `{ ...R0 }\n${fragments.join('\n')}`;
}

const SERVICES_SUBSCRIPTION = 'subscription($s: [String!]!) { serviceStats(filter: { CALL: { services: $s } }) { code } }';

before(async () => {
  emulator = await startEmulatorProcess();
  wsUrl = emulator.url.replace(/^http/, 'ws');
  ({ token, cookie } = await login());
});
after(() => closeAll());

describe('tiny documents that would freeze the server', () => {
  for (const [levels, message] of [
    [16, /selects 98304 fields once its fragments are expanded; the limit is 2000/],
    [22, COSTLY],
    [40, COSTLY],
  ] as const) {
    it(`${levels} fragments each spreading the next twice, without a login: refused at once, others answered`, async () => {
      const document = fragmentBomb(levels);
      assert.ok(document.length < 4_000);
      const started = performance.now();
      const { status, body } = await post({ query: document });
      const took = performance.now() - started;
      assert.equal(status, 400);
      assert.match(body.errors![0].message, message);
      assert.ok(took < 1_000, `the refusal took ${Math.round(took)} ms`);
      await assertStillServing(emulator, emulator.url);
    });
  }

  it('the same bomb among root fields (the authentication walk): refused, others answered', async () => {
    const { status, body } = await post({ query: rootFragmentBomb(40) });
    assert.equal(status, 400);
    assert.match(body.errors![0].message, /fields once its fragments are expanded/);
    await assertStillServing(emulator, emulator.url);
  });

  it('the bomb over both socket protocols: an error for that operation, the socket stays open', async () => {
    for (const open of [() => rawTransport(wsUrl, { accessToken: token }), () => rawLegacy(wsUrl, { accessToken: token })]) {
      const socket = await open();
      const legacy = socket.ws.protocol === 'graphql-ws';
      socket.send({ id: 'bomb', type: legacy ? 'start' : 'subscribe', payload: { query: fragmentBomb(30) } });
      const error = await socket.waitFor((m) => m.type === 'error' && m.id === 'bomb', 3_000, 'the bomb refused');
      assert.match(error.payload[0].message, COSTLY);
      assert.equal(socket.closedWith, null);
      socket.close();
    }
    await assertStillServing(emulator, emulator.url);
  });

  it('1,000 aliased __schema introspections without a login: refused; with a login, the alias limit', async () => {
    const aliased = `{ ${Array.from({ length: 1_000 }, (_, i) => `s${i}: __schema { queryType { name } }`).join(' ')} }`;
    const anonymous = await post({ query: aliased });
    assert.equal(anonymous.status, 400);
    assert.match(anonymous.body.errors![0].message, /1000 introspection fields .* without a login the limit is 2/);
    const loggedIn = await post({ query: aliased }, { cookie });
    assert.equal(loggedIn.status, 400);
    assert.match(loggedIn.body.errors![0].message, /1000 aliased fields .* the limit is 100/);
    // GraphiQL's own introspection (one __schema) still works without a login.
    const one = await post({ query: '{ __schema { queryType { name } } }' });
    assert.equal(one.body.data.__schema.queryType.name, 'Query');
    await assertStillServing(emulator, emulator.url);
  });

  it('a document of 20,000 tokens under the size limit: refused by its token count', async () => {
    const { status, body } = await post({ query: `{ ${'a '.repeat(20_000)}}` });
    assert.equal(status, 413);
    assert.match(body.errors![0].message, /more than 10000 tokens/);
    await assertStillServing(emulator, emulator.url);
  });
});

describe('documents and variables that crashed the legacy protocol', () => {
  const rootSkip = 'subscription($s: Boolean!) { serviceStats(filter: { CALL: { services: ["ASSISTENZA"] } }) @skip(if: $s) { code } }';
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['variables a string', { query: SERVICES_SUBSCRIPTION, variables: '{"s": ["A"]}' }, /"variables" must be a JSON object/],
    ['variables a number', { query: SERVICES_SUBSCRIPTION, variables: 42 }, /"variables" must be a JSON object/],
    ['variables a boolean', { query: SERVICES_SUBSCRIPTION, variables: true }, /"variables" must be a JSON object/],
    ['variables an array', { query: SERVICES_SUBSCRIPTION, variables: [1] }, /"variables" must be a JSON object/],
    ['operationName a number', { query: SERVICES_SUBSCRIPTION, operationName: 7 }, /"operationName" must be a string/],
    ['@skip on the root field, its variable missing', { query: rootSkip }, /@skip or @include/],
    ['@skip on the root field, its variable a string', { query: rootSkip, variables: { s: 'yes' } }, /@skip or @include/],
    ['@include(if: true) on the root field', { query: rootSkip.replace('@skip(if: $s)', '@include(if: true)') }, /@skip or @include/],
  ];
  for (const [label, payload, message] of cases) {
    it(`a start with ${label}: an error message, the socket and the process live on`, async () => {
      const socket = await rawLegacy(wsUrl, { accessToken: token });
      socket.send({ id: '1', type: 'start', payload });
      const error = await socket.waitFor((m) => m.type === 'error' && m.id === '1', 3_000, 'an error for the start');
      assert.match(error.payload[0].message, message);
      // The same socket still runs a good operation.
      socket.send({ id: '2', type: 'start', payload: { query: '{ serverHealth { status } }' } });
      const data = await socket.waitFor((m) => m.type === 'data' && m.id === '2', 3_000, 'the next operation');
      assert.equal(data.payload.data.serverHealth.status, 'PASS');
      socket.close();
      await assertStillServing(emulator, emulator.url);
    });
  }

  it('variables nested 100,000 deep (graphql-js coerces recursively): an error, over both protocols and HTTP', async () => {
    // Written by hand: JSON.stringify itself overflows the stack on such a value.
    const nested = '['.repeat(100_000) + ']'.repeat(100_000);
    const payload = `{"query":${JSON.stringify(SERVICES_SUBSCRIPTION)},"variables":{"s":${nested}}}`;
    const legacy = await rawLegacy(wsUrl, { accessToken: token });
    legacy.send(`{"id":"deep","type":"start","payload":${payload}}`);
    assert.match((await legacy.waitFor((m) => m.type === 'error' && m.id === 'deep', 3_000, 'an error')).payload[0].message, /nested deeper than 16|cannot be read/);
    const transport = await rawTransport(wsUrl, { accessToken: token });
    transport.send(`{"id":"deep","type":"subscribe","payload":${payload}}`);
    await transport.until(() => transport.messages.some((m) => m.id === 'deep') || transport.closedWith !== null, 3_000, 'an answer');
    // graphql-ws reads the message first: an error for the operation, or 4400 for a message it cannot take.
    assert.ok(transport.ofType('error', 'deep').length === 1 || transport.closedWith?.code === CloseCode.BadRequest, JSON.stringify(transport.closedWith));
    const http = await fetch(emulator.url, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: payload.replace('subscription', 'query') });
    assert.equal(http.status, 400);
    legacy.close();
    transport.close();
    await assertStillServing(emulator, emulator.url);
  });

  it('the same documents over graphql-transport-ws: an error message, not a 4500 close', async () => {
    const socket = await rawTransport(wsUrl, { accessToken: token });
    socket.send({ id: 'skip', type: 'subscribe', payload: { query: rootSkip } });
    const error = await socket.waitFor((m) => m.type === 'error' && m.id === 'skip', 3_000, 'an error for the subscribe');
    assert.match(error.payload[0].message, /@skip or @include/);
    assert.equal(socket.closedWith, null);
    socket.close();
  });

  it('the same documents over HTTP: 400, not 500', async () => {
    for (const body of [
      { query: rootSkip },
      { query: '{ version { server { major } } }', variables: 'x' },
      { query: '{ version { server { major } } }', variables: { s: JSON.parse('['.repeat(1_000) + ']'.repeat(1_000)) } },
    ]) {
      const { status, body: answer } = await post(body, { cookie });
      assert.equal(status, 400, JSON.stringify(answer));
      assert.ok(answer.errors?.[0]?.message, JSON.stringify(answer));
    }
    await assertStillServing(emulator, emulator.url);
  });
});

describe('memory and load without bound', () => {
  it('150 failed logins with 200 kB usernames: refused, no record kept, memory flat', async () => {
    const before = emulator.rss();
    // 900 kB (the exploit's) is refused sooner, as variables over 256 kB; 200 kB reaches the login itself.
    const huge = 'x'.repeat(200_000);
    for (let i = 0; i < 150; i++) {
      const { body } = await post({ query: 'mutation($u: String!) { login(username: $u, password: "wrong") { username } }', variables: { u: `${i}${huge}` } });
      assert.match(body.errors![0].message, /Invalid username or password \(longer than 256 characters\)/);
    }
    const grown = emulator.rss() - before;
    console.log(`RSS before ${(before / 2 ** 20).toFixed(0)} MiB, after 150 logins with 200 kB usernames ${(emulator.rss() / 2 ** 20).toFixed(0)} MiB`);
    // Before the fix this grew by about 160 MB and never shrank: the records kept every username.
    assert.ok(grown < 80 * 2 ** 20, `RSS grew by ${(grown / 2 ** 20).toFixed(0)} MiB`);
    assert.equal((await control('state')).failedLoginRecords, 0);
    await assertStillServing(emulator, emulator.url);
  });

  it('a 60 MB connection_init: closed with 1009 before it is held in memory', async () => {
    for (const protocol of ['graphql-transport-ws', 'graphql-ws']) {
      const socket = await RawSocket.open(wsUrl, protocol);
      socket.send({ type: 'connection_init', payload: { accessToken: 'x'.repeat(60_000_000) } });
      const closed = await withTimeout(socket.closed, 5_000, 'the socket closed');
      assert.equal(closed.code, CloseCode.MessageTooBig, `${protocol}: ${JSON.stringify(closed)}`);
    }
    await assertStillServing(emulator, emulator.url);
  });

  it('a frame announcing 90 MB, then silence: the socket is closed at once, not held', async () => {
    const { port, hostname } = new URL(emulator.url);
    const raw = connect(Number(port), hostname);
    await new Promise<void>((resolve) => raw.once('connect', () => resolve()));
    raw.write(
      `GET /rtdserver HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n`,
    );
    await new Promise<void>((resolve) => raw.once('data', () => resolve()));
    // A masked text frame with a 64-bit length of 90 MB, and only its first bytes.
    const header = Buffer.alloc(14);
    header[0] = 0x81;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(90_000_000n, 2);
    raw.write(Buffer.concat([header, Buffer.from('{"type":"conn')]));
    const ended = await withTimeout(new Promise<boolean>((resolve) => raw.once('close', () => resolve(true))), 3_000, 'the server to close the socket');
    assert.ok(ended);
    await assertStillServing(emulator, emulator.url);
  });

  it('variables over 256 kB and filter lists over 10,000 entries: refused before they run', async () => {
    // 500,000 usernames (the exploit's) exceed the 1 MB body limit; 25,000 reach the variables limit.
    const users = Array.from({ length: 25_000 }, (_, i) => `user_${i}`);
    const large = await post({ query: 'query($u: [String!]!) { userStats(filter: { CALL: { users: $u } }) { username } }', variables: { u: users } }, { cookie });
    assert.equal(large.status, 413);
    assert.match(large.body.errors![0].message, /Variables are \d+ bytes as JSON; the limit is 256000/);
    const long = await post(
      { query: 'query($u: [Int!]!) { userProfileStats(filter: { CALL: { userProfiles: $u } }) { username } }', variables: { u: Array.from({ length: 10_001 }, (_, i) => i) } },
      { cookie },
    );
    assert.equal(long.status, 400);
    assert.match(long.body.errors![0].message, /10001 entries; the limit is 10000/);
    // A subscription with the same filter is refused the same way over a socket.
    const socket = await rawTransport(wsUrl, { accessToken: token });
    socket.send({
      id: 'f',
      type: 'subscribe',
      payload: { query: 'subscription($u: [String!]!) { userStats(filter: { CALL: { users: $u } }) { username } }', variables: { u: users.slice(0, 20_000) } },
    });
    const error = await socket.waitFor((m) => m.type === 'error' && m.id === 'f', 3_000, 'the filter refused');
    assert.match(error.payload[0].message, /20000 entries; the limit is 10000/);
    socket.close();
    await assertStillServing(emulator, emulator.url);
  });

  it('a filter of 10,000 activity codes, nearly all unknown: answered with the codes the contact centre has, not 10,000 rows per service', async () => {
    const codes = ['activityCode_1', ...Array.from({ length: 9_999 }, (_, i) => `NOT_A_CODE_${i}`)];
    const { status, body } = await post(
      {
        query: 'query($f: ServiceStatFilter!) { serviceStats(filter: $f) { code userStats { activityCodeIndicators { activityCode } } } }',
        variables: { f: { CALL: { services: ['service_1', 'service_2'], activityCodes: codes } } },
      },
      { cookie },
    );
    assert.equal(status, 200, JSON.stringify(body).slice(0, 300));
    assert.ok(body.data.serviceStats.length > 0);
    for (const service of body.data.serviceStats) {
      assert.deepEqual(
        service.userStats.activityCodeIndicators.map((i: { activityCode: string }) => i.activityCode),
        ['activityCode_1'],
      );
    }
    await assertStillServing(emulator, emulator.url);
  });
});

describe('per-account limits (an emulator with small ones)', () => {
  // Swapped in for these tests only: the same helpers, pointed at an emulator whose limits a handful of sockets reach.
  let main: typeof emulator;
  before(async () => {
    main = emulator;
    emulator = await startEmulatorProcess(SMALL_LIMITS);
    wsUrl = emulator.url.replace(/^http/, 'ws');
    ({ token, cookie } = await login());
  });
  after(async () => {
    await closeAll();
    await emulator.stop();
    emulator = main;
    wsUrl = emulator.url.replace(/^http/, 'ws');
    ({ token, cookie } = await login());
  });

  it('failed logins for 500 invented usernames: at most maxFailedLoginRecords remembered, a real account still locks', async () => {
    for (let i = 0; i < 500; i++) await post({ query: `mutation { login(username: "nobody${i}", password: "x") { username } }` });
    assert.ok((await control('state')).failedLoginRecords <= 50);
    for (let i = 0; i < 5; i++) await post({ query: 'mutation { login(username: "user_9", password: "wrong") { username } }' });
    const locked = await post({ query: 'mutation { login(username: "user_9", password: "user_9") { username } }' });
    assert.match(locked.body.errors![0].message, /Too many failed logins for "user_9"/);
    await assertStillServing(emulator, emulator.url);
  });

  it('sockets per account: one more than the limit is closed with 1008 and says why; another account connects', async () => {
    const sockets = await Promise.all(Array.from({ length: 4 }, () => rawTransport(wsUrl, { accessToken: token })));
    const extra = await RawSocket.open(wsUrl, 'graphql-transport-ws');
    extra.send({ type: 'connection_init', payload: { accessToken: token } });
    const closed = await withTimeout(extra.closed, 3_000, 'the fifth socket closed');
    assert.equal(closed.code, CloseCode.PolicyViolation);
    assert.match(closed.reason, /Too many open sockets for "admin" \(limit 4\)/);
    const legacyExtra = await rawLegacy(wsUrl, { accessToken: token });
    const refusal = await legacyExtra.waitFor((m) => m.type === 'connection_error', 3_000, 'connection_error');
    assert.match(refusal.payload.message, /Too many open sockets/);
    const agent = await login('user_1', 'user_1');
    const other = await rawTransport(wsUrl, { accessToken: agent.token });
    other.close();
    for (const s of sockets) s.close();
    await assertStillServing(emulator, emulator.url);
  });

  it('subscriptions per account, over all its sockets: one more than the limit is an error, the others keep running', async () => {
    await new Promise((r) => setTimeout(r, 200)); // the previous test's sockets finish closing
    const a = await rawTransport(wsUrl, { accessToken: token });
    const b = await rawLegacy(wsUrl, { accessToken: token });
    for (let i = 0; i < 3; i++) a.send({ id: `a${i}`, type: 'subscribe', payload: { query: SERVICES_SUBSCRIPTION, variables: { s: [`S${i}`] } } });
    for (let i = 0; i < 3; i++) b.send({ id: `b${i}`, type: 'start', payload: { query: SERVICES_SUBSCRIPTION, variables: { s: [`T${i}`] } } });
    await control('state');
    await new Promise((r) => setTimeout(r, 300));
    a.send({ id: 'seventh', type: 'subscribe', payload: { query: SERVICES_SUBSCRIPTION, variables: { s: ['X'] } } });
    // graphql-ws sends a result the subscribe function returns (not an iterator) as next + complete.
    const refused = await a.waitFor((m) => m.type === 'next' && m.id === 'seventh', 3_000, 'the seventh refused');
    assert.match(refused.payload.errors[0].message, /Too many subscriptions for one account \(limit 6\)/);
    assert.equal((await control('state')).subscriptions, 6);
    // Ending one makes room for another.
    a.send({ id: 'a0', type: 'complete' });
    await new Promise((r) => setTimeout(r, 200));
    a.send({ id: 'again', type: 'subscribe', payload: { query: SERVICES_SUBSCRIPTION, variables: { s: ['Y'] } } });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(a.ofType('next', 'again').length, 0, 'no refusal for the one that took the freed place');
    assert.equal((await control('state')).subscriptions, 6);
    a.close();
    b.close();
    await assertStillServing(emulator, emulator.url);
  });
});

describe('credentials revoked while their sockets are open', () => {
  it('a kiosk token switched off closes its sockets (both protocols, by token and by the session it opened) with 4401', async () => {
    const kiosk = 'rtd-wallboard-kiosk-demo-token';
    const session = await fetch(emulator.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { loginWithAccessToken(accessToken: "${kiosk}") { username } }` }),
    });
    const sessionCookie = session.headers.getSetCookie()[0].split(';')[0];
    const byToken = await rawTransport(wsUrl, { accessToken: kiosk });
    const legacy = await rawLegacy(wsUrl, { accessToken: kiosk });
    const bySession = await rawTransport(wsUrl, undefined, { cookie: sessionCookie });
    const bystander = await rawTransport(wsUrl, { accessToken: (await login('user_2', 'user_2')).token });
    try {
      const answer = await control('kiosk-tokens', { enabled: false });
      assert.equal(answer.closedSockets, 3);
      for (const socket of [byToken, legacy, bySession]) {
        const closed = await withTimeout(socket.closed, 3_000, 'the kiosk socket closed');
        assert.equal(closed.code, CloseCode.Unauthorized);
      }
      assert.match((await byToken.closed).reason, /Kiosk token revoked/);
      assert.equal(bystander.closedWith, null, 'a socket of another credential stays open');
      // The revoked token cannot open a new one.
      const again = await RawSocket.open(wsUrl, 'graphql-transport-ws');
      again.send({ type: 'connection_init', payload: { accessToken: kiosk } });
      assert.equal((await withTimeout(again.closed, 3_000, 'refused')).code, CloseCode.Forbidden);
    } finally {
      await control('kiosk-tokens', { enabled: true });
      bystander.close();
    }
    await assertStillServing(emulator, emulator.url);
  });
});

describe('surges beyond reason (POST /simulator/surge)', () => {
  const surge = async (body: string) => {
    const response = await fetch(`${emulator.origin}/simulator/surge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('a service named with 9,000 characters: 404 with the name cut short, no surge, others answered', async () => {
    const { status, body } = await surge(JSON.stringify({ service: 'x'.repeat(9_000), factor: 2, minutes: 10 }));
    assert.equal(status, 404);
    assert.match(body.error, /^Unknown service "x{80}": the scenario's services are service_1, /);
    assert.ok(body.error.length < 300, `a message of ${body.error.length} characters`);
    assert.deepEqual((await control('state')).surges, []);
    await assertStillServing(emulator, emulator.url);
  });

  it('factors and minutes that are not numbers of reason (NaN, Infinity, huge, negative, objects): 400 each, no surge', async () => {
    for (const [factor, minutes] of [
      ['1e400', '10'],
      ['2', '-1e400'],
      ['1e308', '10'],
      ['2', '1e308'],
      ['-0.0001', '10'],
      ['{"valueOf": 2}', '10'],
      ['[2]', '10'],
      ['null', 'null'],
    ]) {
      const { status, body } = await surge(`{"service": "service_1", "factor": ${factor}, "minutes": ${minutes}}`);
      assert.equal(status, 400, `factor ${factor}, minutes ${minutes}: ${JSON.stringify(body)}`);
      assert.match(body.error, /^"(factor|minutes)" must be/);
    }
    assert.deepEqual((await control('state')).surges, []);
    await assertStillServing(emulator, emulator.url);
  });

  it('1,000 surges on one service: the last one runs alone, the state stays small', async () => {
    for (let i = 0; i < 1_000; i++) assert.equal((await surge(JSON.stringify({ service: 'service_1', factor: 1 + (i % 20) / 10, minutes: 5 }))).status, 200);
    const state = await control('state');
    assert.deepEqual(
      state.surges.map((s: any) => [s.service, s.factor]),
      [['service_1', 2.9]],
    );
    await assertStillServing(emulator, emulator.url);
  });

  it('the largest surge (×20 for a day) on every service, then a simulated day in one step: answered, the queues bounded by the callers’ patience', async () => {
    const state = await control('state');
    for (let i = 1; i <= state.scenario.services; i++) assert.equal((await surge(JSON.stringify({ service: `service_${i}`, factor: 20, minutes: 1440 }))).status, 200);
    const started = performance.now();
    const stepped = await control('step', { seconds: 86_400 });
    console.log(`a simulated day at ×20 on every service stepped in ${Math.round(performance.now() - started)} ms`);
    assert.equal(stepped.surges.length, 0, 'over after the day');
    const { body } = await post({ query: '{ serviceStats(filter: { CALL: { services: ["service_1", "service_4"] } }) { channelStats { ... on ServiceCcCallAtStat { queuedCalls } } } }' }, { cookie });
    for (const stat of body.data.serviceStats) assert.ok(stat.channelStats.queuedCalls < 500, `queued ${stat.channelStats.queuedCalls}`);
    await assertStillServing(emulator, emulator.url);
  });
});

describe('cross-site WebSockets', () => {
  for (const origin of ['https://evil.example', 'null', '', 'not a url', 'file://', `http://127.0.0.1.evil.example`]) {
    it(`an upgrade with a session cookie and Origin ${JSON.stringify(origin)}: 403`, async () => {
      await assert.rejects(RawSocket.open(wsUrl, 'graphql-transport-ws', { cookie, origin }), (e: { status?: number }) => e.status === 403);
      await assertStillServing(emulator, emulator.url);
    });
  }

  it('the same origin, or no Origin (not a browser), or a foreign Origin without a cookie, may connect', async () => {
    const same = await rawTransport(wsUrl, undefined, { cookie, origin: emulator.origin });
    same.close();
    const none = await rawTransport(wsUrl, undefined, { cookie });
    none.close();
    const tokenOnly = await rawTransport(wsUrl, { accessToken: token }, { origin: 'https://elsewhere.example' });
    tokenOnly.close();
  });
});
