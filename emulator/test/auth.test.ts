/**
 * Authentication as a client sees it: HTTP GET/POST with the session cookie, the access-token cookie or
 * nothing; both WebSocket sub-protocols authenticated by connection_init payload, by cookie, or refused;
 * login failures and lockout; expiry of sessions and tokens; what a non-supervisor may see; kiosk tokens.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CloseCode } from '../../contract/close-codes.ts';
import { DEFAULT_AUTH_OPTIONS } from '../src/auth/auth.ts';
import { generateScenario, parseScenario } from '../src/simulation/scenario.ts';
import { sleep, startTestEmulator, type TestEmulator } from './support.ts';
import { type Closed, legacyClient, rawLegacy, transportClient, waitForSubscriptions } from './socket-clients.ts';

const PROTECTED = '{ serviceStats(filter: { CALL: { services: ["service_1"] } }) { code channel } }';
/** Selects enough that five simulated minutes always change something. */
const SUBSCRIPTION = `subscription { serviceStats(filter: { CALL: { services: ["service_1"] } }) {
  code channel
  channelStats { ... on ServiceCcCallAtStat { receivedCalls answeredCalls currentCalls queuedCalls maxTimeCallOnQueue } }
  userStats { busyUsers { count } readyUsers { count } notReadyUsers { count } postCallUsers { count } }
} }`;
/** Simulated seconds stepped to make a subscription deliver. */
const STEP = 300;

async function getQuery(t: TestEmulator, query: string, cookie?: string) {
  const response = await fetch(`${t.url}?query=${encodeURIComponent(query)}`, {
    headers: { accept: 'application/json', ...(cookie ? { cookie } : {}) },
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}

async function postQuery(t: TestEmulator, query: string, cookie?: string) {
  const { body, response } = await t.gql(query, { cookie });
  return { status: response.status, body };
}

function assertUnauthenticated(body: { data?: unknown; errors?: any[] }, reason: string) {
  assert.ok(!('data' in body), `no data key expected, got ${JSON.stringify(body)}`);
  assert.equal(body.errors?.length, 1, JSON.stringify(body));
  assert.equal(body.errors![0].extensions?.code, 'UNAUTHENTICATED');
  assert.equal(body.errors![0].extensions?.reason, reason);
}

describe('HTTP authentication', async () => {
  const t = await startTestEmulator();
  const admin = await t.login();
  const credentials: Record<string, string | undefined> = {
    'session cookie': admin.cookie,
    'access-token cookie': `teleniaRtdAccessToken=${admin.accessToken}`,
    'no cookie': undefined,
  };

  for (const [method, send] of [
    ['GET', getQuery],
    ['POST', postQuery],
  ] as const) {
    for (const [name, cookie] of Object.entries(credentials)) {
      it(`${method} with ${name}: ${cookie ? 'data' : 'UNAUTHENTICATED, no data'}`, async () => {
        const { status, body } = await send(t, PROTECTED, cookie);
        assert.equal(status, 200);
        if (cookie) {
          assert.equal(body.errors, undefined, JSON.stringify(body.errors));
          assert.deepEqual(body.data, { serviceStats: [{ code: 'service_1', channel: 'CALL' }] });
        } else {
          assertUnauthenticated(body, 'MISSING_CREDENTIALS');
          assert.match(body.errors![0].message, /Not authenticated/);
        }
      });
    }
    it(`${method}: version and serverHealth need no login`, async () => {
      const { status, body } = await send(t, '{ version { server { major minor patch } } serverHealth { status } }');
      assert.equal(status, 200);
      assert.equal(body.errors, undefined);
      assert.deepEqual(body.data, { version: { server: { major: 1, minor: 0, patch: 2 } }, serverHealth: { status: 'PASS' } });
    });
  }

  it('an unknown session cookie gets SESSION_UNKNOWN, an unknown token cookie TOKEN_UNKNOWN', async () => {
    assertUnauthenticated((await postQuery(t, PROTECTED, 'teleniaRtdSessionID=nonsense')).body, 'SESSION_UNKNOWN');
    assertUnauthenticated((await postQuery(t, PROTECTED, 'teleniaRtdAccessToken=nonsense')).body, 'TOKEN_UNKNOWN');
  });

  it('one public and one protected field together: refused as a whole', async () => {
    const { body } = await postQuery(t, `{ version { server { major } } ${PROTECTED.slice(1)}`);
    assertUnauthenticated(body, 'MISSING_CREDENTIALS');
  });

  it('login sets an HttpOnly, SameSite=Lax session cookie, Secure only behind HTTPS', async () => {
    const login = (headers: Record<string, string>) =>
      fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify({ query: 'mutation { login(username: "admin", password: "admin") { session { id expiresIn } } }' }),
      });
    const plain = await login({});
    const plainBody = await plain.json();
    const [plainCookie, ...others] = plain.headers.getSetCookie();
    assert.equal(others.length, 0);
    const attributes = plainCookie.split(';').map((a) => a.trim());
    assert.equal(attributes[0], `teleniaRtdSessionID=${plainBody.data.login.session.id}`);
    assert.ok(attributes.includes('HttpOnly'), plainCookie);
    assert.ok(attributes.includes('SameSite=Lax'), plainCookie);
    assert.ok(attributes.includes('Path=/'), plainCookie);
    assert.ok(attributes.includes(`Max-Age=${DEFAULT_AUTH_OPTIONS.sessionSeconds}`), plainCookie);
    assert.ok(!attributes.includes('Secure'), plainCookie);
    assert.equal(plainBody.data.login.session.expiresIn, DEFAULT_AUTH_OPTIONS.sessionSeconds);

    const proxied = await login({ 'x-forwarded-proto': 'https' });
    const proxiedCookie = proxied.headers.getSetCookie()[0];
    assert.ok(
      proxiedCookie
        .split(';')
        .map((a) => a.trim())
        .includes('Secure'),
      proxiedCookie,
    );
    assert.ok(proxiedCookie.includes('HttpOnly') && proxiedCookie.includes('SameSite=Lax'), proxiedCookie);
  });

  it('a failed login sets no cookie', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: 'mutation { login(username: "user_5", password: "nope") { username } }' }),
    });
    assert.deepEqual(response.headers.getSetCookie(), []);
    const body = await response.json();
    assert.equal(body.errors[0].extensions.reason, 'INVALID_CREDENTIALS');
  });
});

describe('WebSocket authentication', async () => {
  const t = await startTestEmulator();
  const admin = await t.login();
  const credentials: Record<string, { accessToken?: string; cookie?: string }> = {
    'connection_init accessToken': { accessToken: admin.accessToken },
    'session cookie on the upgrade': { cookie: admin.cookie },
    'access-token cookie on the upgrade': { cookie: `teleniaRtdAccessToken=${admin.accessToken}` },
  };

  for (const [name, options] of Object.entries(credentials)) {
    it(`graphql-transport-ws with ${name}: a subscription delivers`, async () => {
      const c = transportClient(t.wsUrl, options);
      try {
        const sub = c.subscribe(SUBSCRIPTION);
        await c.connected;
        await waitForSubscriptions(t.emulator, 1);
        await t.control('step', { seconds: STEP });
        const result = await sub.result(1);
        assert.equal(result.errors, undefined);
        const stats = (result.data as any).serviceStats;
        assert.ok(Array.isArray(stats) && stats.length === 1, JSON.stringify(result));
      } finally {
        await c.close();
      }
    });

    it(`legacy graphql-ws with ${name}: a subscription delivers`, async () => {
      const c = await legacyClient(t.wsUrl, options);
      try {
        assert.equal(c.connectionError, null);
        const sub = c.subscribe(SUBSCRIPTION);
        await waitForSubscriptions(t.emulator, 1);
        await t.control('step', { seconds: STEP });
        const result = await sub.result(1);
        assert.equal(result.errors, undefined);
        assert.equal((result.data as any).serviceStats.length, 1, JSON.stringify(result));
      } finally {
        c.close();
      }
    });
  }

  for (const [name, options, reason] of [
    ['no credentials', {}, /^Not authenticated/],
    ['an unknown accessToken', { accessToken: 'not-a-token' }, /^Access token not recognised/],
    ['an unknown session cookie', { cookie: 'teleniaRtdSessionID=stale' }, /^Session not recognised/],
  ] as const) {
    it(`graphql-transport-ws with ${name}: closed 4403 with a reason`, async () => {
      const c = transportClient(t.wsUrl, options);
      try {
        const sub = c.subscribe(SUBSCRIPTION);
        const closed = await c.closed;
        assert.equal(closed.code, CloseCode.Forbidden);
        assert.match(closed.reason, reason);
        const error = (await sub.end()) as Closed;
        assert.equal(error.code, CloseCode.Forbidden);
      } finally {
        await c.close();
      }
    });

    it(`legacy graphql-ws with ${name}: connection_error`, async () => {
      const c = await legacyClient(t.wsUrl, options);
      try {
        const error = c.connectionError as { message: string; extensions: { code: string } };
        assert.ok(error, 'expected a connection_error');
        assert.match(error.message, reason);
        assert.equal(error.extensions.code, 'UNAUTHENTICATED');
      } finally {
        c.close();
      }
      // The raw protocol: connection_error, then a close.
      const raw = await rawLegacy(t.wsUrl, 'accessToken' in options ? { accessToken: options.accessToken } : {}, 'cookie' in options ? { cookie: options.cookie! } : {});
      assert.deepEqual(
        raw.messages.map((m) => m.type),
        ['connection_error'],
      );
      const closed = await raw.closed;
      assert.equal(closed.code, CloseCode.Forbidden);
    });
  }

  it('a refused legacy socket runs nothing sent after the connection_error', async () => {
    const raw = await rawLegacy(t.wsUrl);
    raw.send({ type: 'start', id: '1', payload: { query: PROTECTED } });
    // The socket is closing after connection_error; whatever arrives must not be data.
    await raw.closed;
    assert.equal(raw.ofType('data').length, 0);
  });
});

describe('login', async () => {
  const t = await startTestEmulator();

  it('a wrong password: INVALID_CREDENTIALS, "Invalid username or password", no data', async () => {
    const { body } = await t.gql('mutation { login(username: "admin", password: "wrong") { username } }');
    assert.equal(body.data, null);
    assert.equal(body.errors?.length, 1);
    assert.equal(body.errors![0].message, 'Invalid username or password');
    assert.equal(body.errors![0].extensions.code, 'UNAUTHENTICATED');
    assert.equal(body.errors![0].extensions.reason, 'INVALID_CREDENTIALS');
    assert.deepEqual(body.errors![0].path, ['login']);
  });

  it('an unknown user gets the same answer as a wrong password', async () => {
    const { body } = await t.gql('mutation { login(username: "nobody", password: "x") { username } }');
    assert.equal(body.errors![0].message, 'Invalid username or password');
    assert.equal(body.errors![0].extensions.reason, 'INVALID_CREDENTIALS');
  });

  it('after 5 wrong passwords the 6th attempt, even right, gets TOO_MANY_ATTEMPTS', async () => {
    const attempt = (password: string) => t.gql(`mutation { login(username: "supervisor", password: "${password}") { username } }`);
    for (let i = 1; i <= 5; i++) {
      const { body } = await attempt(`wrong-${i}`);
      assert.equal(body.errors![0].extensions.reason, 'INVALID_CREDENTIALS', `attempt ${i}`);
    }
    const { body } = await attempt('supervisor');
    assert.equal(body.data, null);
    assert.equal(body.errors![0].extensions.code, 'UNAUTHENTICATED');
    assert.equal(body.errors![0].extensions.reason, 'TOO_MANY_ATTEMPTS');
    assert.equal(body.errors![0].extensions.retryAfterSeconds, DEFAULT_AUTH_OPTIONS.lockoutSeconds);
    assert.match(body.errors![0].message, /Too many failed logins for "supervisor"/);
    // Another account is not locked.
    const other = await t.gql('mutation { login(username: "admin", password: "admin") { username } }');
    assert.deepEqual(other.body.data, { login: { username: 'admin' } });
  });

  it('loginWithAccessToken with a valid token opens a new session on the same token', async () => {
    const first = await t.login();
    const { body, response } = await t.gql(
      `mutation { loginWithAccessToken(accessToken: "${first.accessToken}") { username supervisor session { id expiresIn } authToken { accessToken expiresIn } } }`,
    );
    assert.equal(body.errors, undefined);
    const login = body.data.loginWithAccessToken;
    assert.equal(login.username, 'admin');
    assert.equal(login.supervisor, true);
    assert.equal(login.authToken.accessToken, first.accessToken);
    assert.ok(login.authToken.expiresIn > 0 && login.authToken.expiresIn <= DEFAULT_AUTH_OPTIONS.tokenSeconds);
    assert.notEqual(`teleniaRtdSessionID=${login.session.id}`, first.cookie);
    const cookie = response.headers.getSetCookie()[0].split(';')[0];
    assert.equal(cookie, `teleniaRtdSessionID=${login.session.id}`);
    const { body: data } = await t.gql(PROTECTED, { cookie });
    assert.deepEqual(data.data, { serviceStats: [{ code: 'service_1', channel: 'CALL' }] });
  });

  it('loginWithAccessToken with an unknown token: TOKEN_UNKNOWN', async () => {
    const { body } = await t.gql('mutation { loginWithAccessToken(accessToken: "no-such-token") { username } }');
    assert.equal(body.data, null);
    assert.equal(body.errors![0].extensions.code, 'UNAUTHENTICATED');
    assert.equal(body.errors![0].extensions.reason, 'TOKEN_UNKNOWN');
  });

  it('login over a socket works (no cookie there) and returns a usable token', async () => {
    // An unauthenticated socket is refused, so log in over HTTP first and run the mutation on the socket.
    const admin = await t.login();
    const authed = transportClient(t.wsUrl, { accessToken: admin.accessToken });
    try {
      const result = await authed.run('mutation { login(username: "user_2", password: "user_2") { username supervisor authToken { accessToken } } }');
      assert.equal(result.errors, undefined);
      const login = (result.data as any).login;
      assert.equal(login.username, 'user_2');
      assert.equal(login.supervisor, false);
      const { body } = await t.gql('{ users(filter: {}) { username } }', { cookie: `teleniaRtdAccessToken=${login.authToken.accessToken}` });
      assert.deepEqual(body.data, { users: [{ username: 'user_2' }] });
    } finally {
      await authed.close();
    }
  });
});

describe('expiry', async () => {
  const t = await startTestEmulator({ tickMs: 100, auth: { ...DEFAULT_AUTH_OPTIONS, sessionSeconds: 1, tokenSeconds: 1 } });

  it('session cookie, access-token cookie and sockets stop working after their TTL', async () => {
    const admin = await t.login();
    const before = await t.gql(PROTECTED, { cookie: admin.cookie });
    assert.equal(before.body.errors, undefined);
    assert.equal(before.response.headers.getSetCookie().length, 0);

    // A graphql-transport-ws socket authenticated by the token, and a legacy socket by the session cookie.
    const transport = transportClient(t.wsUrl, { accessToken: admin.accessToken });
    const sub = transport.subscribe(SUBSCRIPTION);
    await transport.connected;
    const legacy = await rawLegacy(t.wsUrl, {}, { cookie: admin.cookie });
    assert.equal(legacy.messages[0].type, 'connection_ack');

    await sleep(1200);
    const session = await t.gql(PROTECTED, { cookie: admin.cookie });
    assert.equal(session.response.status, 200);
    assertUnauthenticated(session.body, 'SESSION_EXPIRED');
    assert.equal(session.body.errors![0].message, 'Session expired: log in again');
    assertUnauthenticated((await t.gql(PROTECTED, { cookie: `teleniaRtdAccessToken=${admin.accessToken}` })).body, 'TOKEN_EXPIRED');

    const closed = await transport.closed;
    assert.equal(closed.code, CloseCode.Unauthorized);
    assert.equal(closed.reason, 'Access token expired: log in again');
    assert.equal(((await sub.end()) as Closed).code, CloseCode.Unauthorized);
    const legacyClosed = await legacy.closed;
    assert.equal(legacyClosed.code, CloseCode.Unauthorized);
    assert.equal(legacyClosed.reason, 'Session expired: log in again');
    await transport.close();

    const relogin = await t.gql(`mutation { loginWithAccessToken(accessToken: "${admin.accessToken}") { username } }`);
    assert.equal(relogin.body.errors![0].extensions.reason, 'TOKEN_EXPIRED');
  });
});

describe('non-supervisor visibility', async () => {
  const t = await startTestEmulator();
  const user = await t.login('user_1', 'user_1');
  const admin = await t.login();

  it('users returns only the user itself', async () => {
    const { body } = await t.gql('{ users(filter: {}) { username } }', { cookie: user.cookie });
    assert.deepEqual(body, { data: { users: [{ username: 'user_1' }] } });
    const all = await t.gql('{ users(filter: {}) { username } }', { cookie: admin.cookie });
    assert.equal(all.body.data.users.length, 30);
  });

  it('serviceStats of a service user_1 does not belong to is [], of its own service not', async () => {
    const { body: self } = await t.gql('{ users(filter: {}) { username services } }', { cookie: user.cookie });
    const own: string[] = self.data.users[0].services;
    assert.ok(own.includes('service_1'), JSON.stringify(own));
    assert.ok(!own.includes('service_3'), JSON.stringify(own));

    const query = '{ serviceStats(filter: { CALL: { services: ["service_3"] } }) { code } }';
    assert.deepEqual((await t.gql(query, { cookie: user.cookie })).body, { data: { serviceStats: [] } });
    assert.deepEqual((await t.gql(query, { cookie: admin.cookie })).body, { data: { serviceStats: [{ code: 'service_3' }] } });
    assert.deepEqual((await t.gql(PROTECTED, { cookie: user.cookie })).body, { data: { serviceStats: [{ code: 'service_1', channel: 'CALL' }] } });
  });

  it('userStats of another user is [], of itself one item', async () => {
    const { body } = await t.gql('{ userStats(filter: { CALL: { users: ["user_1", "user_2"] } }) { username } }', { cookie: user.cookie });
    assert.deepEqual(body, { data: { userStats: [{ username: 'user_1' }] } });
  });
});

describe('kiosk tokens', async () => {
  const kiosk = 'k'.repeat(20);
  const base = generateScenario({ agents: 30, services: 6, groups: 3 }, 'kiosk');
  const scenario = parseScenario({ ...base, kioskTokens: [{ token: kiosk, username: 'admin' }] });
  const t = await startTestEmulator({ scenario });

  it('loginWithAccessToken with a kiosk token logs in as its account, for a year', async () => {
    const { body, response } = await t.gql(`mutation { loginWithAccessToken(accessToken: "${kiosk}") { username supervisor authToken { accessToken expiresIn } } }`);
    assert.equal(body.errors, undefined);
    assert.deepEqual(body.data.loginWithAccessToken, { username: 'admin', supervisor: true, authToken: { accessToken: kiosk, expiresIn: 365 * 24 * 3600 } });
    const cookie = response.headers.getSetCookie()[0].split(';')[0];
    assert.deepEqual((await t.gql(PROTECTED, { cookie })).body, { data: { serviceStats: [{ code: 'service_1', channel: 'CALL' }] } });
  });

  it('a kiosk token authenticates a socket directly', async () => {
    const c = transportClient(t.wsUrl, { accessToken: kiosk });
    try {
      const sub = c.subscribe(SUBSCRIPTION);
      await c.connected;
      await waitForSubscriptions(t.emulator, 1);
      await t.control('step', { seconds: STEP });
      const result = await sub.result(1);
      assert.equal(result.errors, undefined);
      assert.equal((result.data as any).serviceStats.length, 1);
    } finally {
      await c.close();
    }
  });
});
