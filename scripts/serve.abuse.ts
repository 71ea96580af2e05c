/**
 * The production server (scripts/serve.mjs) as a stranger on the network meets it: the proxy forwards /rtdserver and
 * nothing else (no way through to the emulator's control plane or to any other path of a TVox host), and socket
 * upgrades from odd origins or to disguised paths are answered and closed, never a crash.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { assertStillServing, startServeProcess, type RunningProcess } from '../emulator/test/abuse-support.ts';
import { rawRequest, requestText, upgradeText } from '../emulator/test/raw-requests.ts';
import { RawSocket, rawTransport } from '../emulator/test/socket-clients.ts';
// @ts-expect-error: a plain ES module script, without types
import { rtdRoute } from './rtd-proxy-path.mjs';

/** Ways to dress a path under /rtdserver up as another: each resolves to `/${target}` on a lenient server. */
const DISGUISES: ((target: string) => string)[] = [
  (t) => `/rtdserver/../${t}`,
  (t) => `/rtdserver/%2e%2e/${t}`,
  (t) => `/rtdserver/%2E%2E/${t}`,
  (t) => `/rtdserver/.%2e/${t}`,
  (t) => `/rtdserver/..%2f${t}`,
  (t) => `/rtdserver/..%2F${t}`,
  (t) => `/rtdserver/..%5c${t}`,
  (t) => `/rtdserver\\..\\${t.replaceAll('/', '\\')}`,
  (t) => `//rtdserver/../${t}`,
  (t) => `/rtdserver/%252e%252e/${t}`,
  (t) => `/rtdserver/./../${t}`,
  (t) => `/rtdserver/..;/${t}`,
  (t) => `/rtdserver%2f..%2f${t.replaceAll('/', '%2f')}`,
  (t) => `/RTDSERVER/../${t}`,
  (t) => `/rtdserver/x/../../${t}`,
];

/** Other paths under /rtdserver that are not /rtdserver itself: the playground is the emulator's tool, not ours. */
const NOT_RTDSERVER = ['/rtdserver/playground', '/rtdserver/playground/', '/rtdserver/', '/rtdserver/.', '/rtdserver;x', '/x/../rtdserver', '/%2e/rtdserver', '/RTDSERVER', '/rtdserver%00'];

/** The emulator's origin, from the ready line serve passes on. */
function emulatorOriginOf(proc: RunningProcess): string {
  const line = proc.output.find((l) => /ready at http:\/\/127\.0\.0\.1:\d+\/rtdserver/.test(l));
  assert.ok(line, `no emulator ready line in:\n${proc.output.join('\n')}`);
  return line.match(/ready at (http:\/\/127\.0\.0\.1:\d+)\/rtdserver/)![1];
}

const HEALTH_QUERY = '/rtdserver?query=%7B%20serverHealth%20%7B%20status%20%7D%20%7D';

// Both servers and the TVox stand-in start once for the file; abuse-support stops them when it ends.
const serve = await startServeProcess();
const stub = await startTvoxStub();
const tvoxServe = await startServeProcess({ TVOX_HOST: stub.hostPort });

describe('with the embedded emulator', () => {
  const host = new URL(serve.origin).host;
  const rtdUrl = `${serve.origin}/rtdserver`;
  const emulatorOrigin = emulatorOriginOf(serve);
  /** The emulator's simulation as its own port reports it, not through serve. */
  const simulation = async () => {
    const { seed, paused, health } = await (await fetch(`${emulatorOrigin}/simulator/state`)).json();
    return { seed, paused, health };
  };
  const kioskLogin = async () => {
    const response = await fetch(`${emulatorOrigin}/rtdserver`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { loginWithAccessToken(accessToken: "rtd-wallboard-kiosk-demo-token") { username } }' }),
    });
    return ((await response.json()) as { data?: { loginWithAccessToken?: { username: string } } }).data?.loginWithAccessToken?.username;
  };

  it('the way in works: /rtdserver with a query is forwarded and answered, a page path is the app', async () => {
    const health = await rawRequest(serve.origin, requestText('GET', HEALTH_QUERY, host));
    assert.equal(health.status, 200);
    assert.match(health.body, /"serverHealth":\{"status":"PASS"\}/);
    const page = await rawRequest(serve.origin, requestText('GET', '/kiosk', host));
    assert.equal(page.status, 200);
    assert.match(page.body, /<app-root/, 'the check below can see the page fallback');
    assert.deepEqual(await simulation(), { seed: 1, paused: false, health: 'PASS' });
    assert.equal(await kioskLogin(), 'admin');
  });

  it('the issue exploits and their variants: GET /simulator/state through the proxy is 404, never the page', async () => {
    for (const target of [...DISGUISES.map((d) => d('simulator/state')), ...NOT_RTDSERVER]) {
      const answer = await rawRequest(serve.origin, requestText('GET', target, host));
      assert.equal(answer.status, 404, `${target}: ${answer.head}`);
      assert.doesNotMatch(answer.body, /<app-root|"clock"/, `${target} answered with the page or the state`);
    }
    await assertStillServing(serve, rtdUrl);
  });

  it('POSTs to the control plane through the proxy (reset, pause, health, kiosk tokens) are 404 and change nothing', async () => {
    const before = await simulation();
    const actions: [string, string][] = [
      ['simulator/reset', '{"seed":42}'],
      ['simulator/pause', '{}'],
      ['simulator/health', '{"status":"FAIL"}'],
      ['simulator/kiosk-tokens', '{"enabled":false}'],
    ];
    for (const [action, body] of actions) {
      for (const disguise of DISGUISES) {
        for (const type of ['application/json', 'text/plain']) {
          const target = disguise(action);
          const answer = await rawRequest(serve.origin, requestText('POST', target, host, { 'content-type': type }, body));
          assert.equal(answer.status, 404, `POST ${target}: ${answer.head}`);
        }
      }
    }
    assert.deepEqual(await simulation(), before, 'seed, pause and health unchanged');
    assert.equal(await kioskLogin(), 'admin', 'kiosk tokens still on');
    await assertStillServing(serve, rtdUrl);
  });

  describe('socket upgrades', () => {
    const ODD_ORIGINS = [
      'null',
      '',
      'http://evil.example',
      `http://evil.example:${new URL(serve.origin).port}`,
      'file://',
      'file:///home/user/x.html',
      'not an origin',
      'http://[::1',
      'javascript:alert(1)',
      `${serve.origin}/`,
      `${serve.origin}, http://evil.example`,
      `http://${host}@evil.example`,
      `http://127.0.0.1:${Number(new URL(serve.origin).port) + 1}`,
    ];
    it('odd and foreign Origins get 403 Forbidden and a closed socket (Origin: null used to kill the server)', async () => {
      for (const origin of ODD_ORIGINS) {
        const answer = await rawRequest(serve.origin, upgradeText('/rtdserver', host, { origin }));
        assert.equal(answer.head, 'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0', `Origin ${JSON.stringify(origin)}`);
        assert.ok(answer.closed);
      }
      await assertStillServing(serve, rtdUrl);
    });

    it('disguised paths get 404 Not Found and a closed socket (they used to be neither answered nor closed)', async () => {
      const targets = [
        '/x/../rtdserver',
        '/rtdserver/../x',
        '/%2e%2e/rtdserver',
        '/x/%2e%2e/rtdserver',
        '/rtdserver/%2e%2e/simulator/state',
        '/x/..%2frtdserver',
        '/x\\..\\rtdserver',
        '//rtdserver',
        '/rtdserver/',
        '/rtdserver/playground',
        '/other',
        '*',
      ];
      for (const target of [...targets, ...DISGUISES.map((d) => d('rtdserver'))]) {
        for (const headers of [{}, { origin: serve.origin }]) {
          const answer = await rawRequest(serve.origin, upgradeText(target, host, headers));
          assert.equal(answer.head, 'HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0', `upgrade to ${target}`);
          assert.ok(answer.closed);
        }
      }
      await assertStillServing(serve, rtdUrl);
    });

    it('this origin, or no Origin (not a browser), opens a socket to /rtdserver', async () => {
      const port = new URL(serve.origin).port;
      for (const [hostHeader, headers] of [
        [host, {}],
        [host, { origin: serve.origin }],
        [`localhost:${port}`, { origin: `http://localhost:${port}` }],
        [host, { origin: serve.origin.toUpperCase() }],
      ] as [string, Record<string, string>][]) {
        const answer = await rawRequest(serve.origin, upgradeText('/rtdserver?x=1', hostHeader, headers), { until: 'head' });
        assert.equal(answer.status, 101, `${JSON.stringify(headers)}: ${answer.head}`);
      }
    });

    it('a page of this origin with its session cookie gets a working socket: serve vouches for it to the emulator, which refuses the same cookie from another origin', async () => {
      const login = await fetch(rtdUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { login(username: "admin", password: "admin") { username } }' }),
      });
      const cookie = login.headers.getSetCookie()[0].split(';')[0];
      const socket = await rawTransport(rtdUrl.replace(/^http/, 'ws'), undefined, { cookie, origin: serve.origin });
      socket.send({ id: '1', type: 'subscribe', payload: { query: '{ serverHealth { status } }' } });
      const next = await socket.waitFor((m) => m.type === 'next' && m.id === '1', 3_000, 'the answer over the proxied socket');
      assert.equal(next.payload.data.serverHealth.status, 'PASS');
      socket.close();
      // Straight to the emulator, the same cookie from serve's origin is a cross-site socket.
      await assert.rejects(
        RawSocket.open(`${emulatorOrigin.replace(/^http/, 'ws')}/rtdserver`, 'graphql-transport-ws', { cookie, origin: serve.origin }),
        (e: { status?: number }) => e.status === 403,
      );
      await assertStillServing(serve, rtdUrl);
    });

    it('clients that reset their socket mid-upgrade leave the server serving', async () => {
      for (let i = 0; i < 20; i++) {
        const socket: Socket = connect(Number(new URL(serve.origin).port), '127.0.0.1');
        await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
        socket.write(upgradeText(i % 2 ? '/rtdserver' : '/x/../rtdserver', host, i % 3 ? { origin: 'null' } : {}));
        socket.resetAndDestroy();
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
      await assertStillServing(serve, rtdUrl);
    });
  });
});

/** A stand-in TVox host over HTTPS (self-signed) that records every path it is asked for, HTTP and upgrade alike. */
async function startTvoxStub(): Promise<{ hostPort: string; paths: string[]; cookies: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'rtd-tvox-stub-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], {
    stdio: 'ignore',
  });
  const paths: string[] = [];
  const cookies: string[] = [];
  const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
    paths.push(req.url ?? '');
    cookies.push(req.headers.cookie ?? '');
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"serverHealth":{"status":"PASS"}}}');
  });
  server.on('upgrade', (req, socket: Socket) => {
    paths.push(req.url ?? '');
    cookies.push(req.headers.cookie ?? '');
    socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { hostPort: `127.0.0.1:${(server.address() as AddressInfo).port}`, paths, cookies };
}

/** Request targets an attacker would try, as a valid request line carries them (printable, no spaces). */
const hostileTarget = fc
  .array(fc.constantFrom('/', '//', '\\', '.', '..', '%2e', '%2E', '%2f', '%5c', '%252e', '%25', '%', ';', '?', '#', 'rtdserver', 'RTDSERVER', 'simulator', 'state', 'admin', 'playground', 'x'), {
    maxLength: 10,
  })
  .map((pieces) => pieces.join(''))
  .chain((rest) => fc.constantFrom(`/${rest}`, `/rtdserver${rest}`, `/rtdserver/${rest}`, `//${rest}`, `/x/../${rest}`));

describe('with TVOX_HOST: nothing but /rtdserver ever reaches the TVox host', () => {
  const serve = tvoxServe;
  const host = new URL(serve.origin).host;
  const rtdUrl = `${serve.origin}/rtdserver`;

  it('the exploits, other paths under /rtdserver and generated targets: 404 here, never seen upstream', async () => {
    const targets = [...DISGUISES.flatMap((d) => [d('simulator/state'), d('admin/config'), d('')]), ...NOT_RTDSERVER];
    for (const target of targets) {
      for (const method of ['GET', 'POST']) {
        const answer = await rawRequest(serve.origin, requestText(method, target, host, { 'content-type': 'application/json' }, method === 'POST' ? '{}' : ''));
        assert.equal(answer.status, 404, `${method} ${target}: ${answer.head}`);
      }
      const upgrade = await rawRequest(serve.origin, upgradeText(target, host));
      assert.equal(upgrade.status, 404, `upgrade to ${target}`);
    }
    // Other paths of the host's are this server's pages, never the host's.
    for (const target of ['/admin', '/tvox/rest/users']) {
      const page = await rawRequest(serve.origin, requestText('GET', target, host));
      assert.equal(page.status, 200);
      assert.match(page.body, /<app-root/);
      assert.equal((await rawRequest(serve.origin, requestText('POST', target, host, {}, '{}'))).status, 404);
    }
    assert.deepEqual(stub.paths, [], 'the TVox host saw none of them');

    let forwarded = 0;
    await fc.assert(
      fc.asyncProperty(hostileTarget, async (target) => {
        const answer = await rawRequest(serve.origin, requestText('GET', target, host));
        const route = rtdRoute(target).action;
        const fromUpstream = answer.body.includes('serverHealth');
        // 400 is Node's own parser refusing a request line before any of ours runs: a refusal all the same.
        if (route === 'forward') assert.ok(fromUpstream || answer.status === 400, `${target} is /rtdserver: ${answer.head}`);
        else if (route === 'refuse') assert.ok([400, 404].includes(answer.status) && !/<app-root/.test(answer.body), `${target}: ${answer.head}`);
        else assert.ok(!fromUpstream && [200, 400, 404].includes(answer.status), `${target} is a page path: ${answer.head}`);
        if (fromUpstream) forwarded++;
      }),
      { numRuns: 300 },
    );
    assert.equal(stub.paths.length, forwarded, 'only what the rule forwards reached the TVox host');
    for (const path of stub.paths) assert.equal(path.split('?')[0], '/rtdserver', `the TVox host was asked for ${path}`);
    await assertStillServing(serve, rtdUrl);
  });

  it('/rtdserver and its query are forwarded as sent, HTTP and upgrade', async () => {
    const seen = stub.paths.length;
    const answer = await rawRequest(serve.origin, requestText('GET', HEALTH_QUERY, host));
    assert.equal(answer.status, 200, answer.head);
    const upgrade = await rawRequest(serve.origin, upgradeText('/rtdserver?x=1', host, { origin: serve.origin }));
    assert.equal(upgrade.status, 503, `the stub's refusal comes back: ${upgrade.head}`);
    assert.deepEqual(stub.paths.slice(seen), [HEALTH_QUERY, '/rtdserver?x=1']);
    await assertStillServing(serve, rtdUrl);
  });

  it("the wallboard server's own cookies (a session, a TV's credential) never reach the TVox host; the RTD ones do", async () => {
    const seen = stub.cookies.length;
    const cookie = 'wallboardSession=person-secret; teleniaRtdSessionID=rtd-session; wallboardDisplay=tv-secret';
    assert.equal((await rawRequest(serve.origin, requestText('GET', HEALTH_QUERY, host, { cookie }))).status, 200);
    await rawRequest(serve.origin, upgradeText('/rtdserver', host, { origin: serve.origin, cookie }));
    assert.equal((await rawRequest(serve.origin, requestText('GET', HEALTH_QUERY, host, { cookie: 'wallboardSession=only-ours' }))).status, 200);
    assert.deepEqual(stub.cookies.slice(seen), ['teleniaRtdSessionID=rtd-session', 'teleniaRtdSessionID=rtd-session', '']);
  });
});
