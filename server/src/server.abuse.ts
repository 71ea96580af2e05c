/**
 * The wallboard server (`server/src/main.ts`, production mode, SQLite in a temporary DATA_DIR) as a stranger on the
 * network meets it: bodies that are not JSON, too big or too deep, huge headers, a flood of forged sign-ins, push
 * sockets from other origins, without a cookie, with big frames, opened and dropped by the hundred, and /api paths in
 * disguise. After each: refused, the process alive, and another client answered promptly. Then the start itself: a
 * database that cannot be opened or migrated stops the server with a message and exit 4, and it never listens.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createInterface } from 'node:readline';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { request as httpRequest } from 'node:http';
import { PROMPT_MS, ROOT, startEmulatorProcess, startServeProcess, type RunningProcess } from '../../emulator/test/abuse-support.ts';
import { rawRequest, requestText, upgradeText } from '../../emulator/test/raw-requests.ts';
import { freshDatabaseSettings, rtdAccessToken } from '../test/support.ts';
import { PushClient } from '../test/push-client.ts';
import { openDatabase } from './db/database.ts';
import { MIGRATIONS } from './db/migrations.ts';

const emulator = await startEmulatorProcess();
const server = await startServeProcess({ RTD_UPSTREAM: emulator.origin });
const host = new URL(server.origin).host;

/** Signs `username` in through the process: its session cookie. */
async function signIn(username: string): Promise<string> {
  const response = await fetch(`${server.origin}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessToken: await rtdAccessToken(emulator, username) }),
  });
  assert.equal(response.status, 201, `signing ${username} in`);
  return response.headers.getSetCookie()[0].split(';')[0];
}
const supervisor = await signIn('admin');
const agent = await signIn('user_1');

/** Open file descriptors of the process (sockets included), from /proc. */
const openFiles = (proc: RunningProcess) => readdirSync(`/proc/${proc.child.pid}/fd`).length;

/**
 * The process is alive, a signed-in supervisor is answered (GET /api/session, a database read) and a push socket
 * says hello, each within PROMPT_MS, and nothing unhandled was logged.
 */
async function assertStillServing(): Promise<void> {
  assert.ok(server.alive(), `the server died:\n${server.output.slice(-30).join('\n')}`);
  const started = performance.now();
  const response = await fetch(`${server.origin}/api/session`, { headers: { cookie: supervisor }, signal: AbortSignal.timeout(PROMPT_MS * 5) });
  assert.equal(response.status, 200, `another client got ${response.status}`);
  assert.deepEqual(await response.json(), { username: 'admin', supervisor: true });
  const waited = performance.now() - started;
  assert.ok(waited < PROMPT_MS, `another client waited ${Math.round(waited)} ms (limit ${PROMPT_MS})`);
  const push = await PushClient.open(server.origin, supervisor, { timeoutMs: PROMPT_MS });
  push.close();
  assert.ok(!server.output.some((l) => /Unhandled|uncaught|API error|RangeError|Maximum call stack/i.test(l)), `the server reported an error:\n${server.output.slice(-30).join('\n')}`);
}

/** `promise`, or a failure naming `what` after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise.finally(() => clearTimeout(timer)), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms)))]);
}

/** A refusal in the API's shape: a 4xx status and `{error: {code, message}}`. */
function assertRefused(answer: { status: number; head: string; body: string }, statuses: number[], what: string): void {
  assert.ok(statuses.includes(answer.status), `${what}: expected ${statuses.join(' or ')}, got ${answer.head.split('\r\n')[0] || '(nothing)'} ${answer.body.slice(0, 200)}`);
  // 431 and 400 from Node's own parser come before any of ours and carry no body.
  if (answer.status === 431 || (answer.status === 400 && !answer.body)) return;
  const body = JSON.parse(answer.body) as { error?: { code?: string; message?: string } };
  assert.ok(body.error?.code && body.error.message, `${what}: not an API refusal: ${answer.body.slice(0, 200)}`);
}

/** What the contract's writes look like: each refuses bad bodies the same way, whoever owns the route. */
const WRITES: [method: string, path: string][] = [
  ['POST', '/api/session'],
  ['PUT', '/api/boards/abuse'],
  ['POST', '/api/boards/upload'],
  ['PUT', '/api/playlists/abuse'],
  ['POST', '/api/pairing'],
  ['POST', '/api/displays'],
  ['PATCH', '/api/displays/abuse'],
  ['POST', '/api/display/status'],
  ['PUT', '/api/settings/display-token'],
];

describe('request bodies', () => {
  it('bodies that are not JSON are refused with 415, malformed JSON with 400, on every write', async () => {
    const notJson: [string, string][] = [
      ['text/plain', '{"accessToken":"x"}'],
      ['application/x-www-form-urlencoded', 'accessToken=x'],
      ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="accessToken"\r\n\r\nx\r\n--b--'],
      ['application/xml', '<accessToken>x</accessToken>'],
      ['application/json; charset=latin1', '{"accessToken":"x"}'],
    ];
    const malformed = ['{', '{"accessToken":', '{accessToken: "x"}', "{'accessToken':'x'}", 'nul', '{"a":1}}', '\u0000\u0001\u0002', '"just a string"', '42', '{"a":"\\x"}'];
    for (const [method, path] of WRITES) {
      for (const [type, body] of notJson) {
        assertRefused(await rawRequest(server.origin, requestText(method, path, host, { 'content-type': type, cookie: supervisor }, body)), [415], `${method} ${path} as ${type}`);
      }
      // No Content-Type at all, with a body: not JSON either.
      assertRefused(await rawRequest(server.origin, requestText(method, path, host, { cookie: supervisor }, '{"accessToken":"x"}')), [415], `${method} ${path} without a type`);
      for (const body of malformed) {
        assertRefused(
          await rawRequest(server.origin, requestText(method, path, host, { 'content-type': 'application/json', cookie: supervisor }, body)),
          [400],
          `${method} ${path} ${JSON.stringify(body)}`,
        );
      }
      // Well-formed JSON of the wrong shape reaches the route, which names what is wrong (or says the route is not there).
      // POST /api/pairing reads no body: a TV asks for a code with nothing to say.
      for (const body of path === '/api/pairing' ? [] : ['[]', '{}', 'null', '{"accessToken":["x"]}', '{"accessToken":{"$ne":null}}']) {
        assertRefused(
          await rawRequest(server.origin, requestText(method, path, host, { 'content-type': 'application/json', cookie: supervisor }, body)),
          [400, 401, 403, 404],
          `${method} ${path} ${body}`,
        );
      }
    }
    await assertStillServing();
  });

  it('a body over 2 MiB is refused with 413, whether it says its length, lies about it or comes in chunks', async () => {
    const big = JSON.stringify({ accessToken: 'x'.repeat(2 * 1024 * 1024 + 10) });
    for (const [method, path] of WRITES) {
      assertRefused(
        await rawRequest(server.origin, requestText(method, path, host, { 'content-type': 'application/json', cookie: supervisor }, big), { timeoutMs: 15_000 }),
        [413],
        `${method} ${path}`,
      );
    }
    // A length announced and never sent: refused on the announcement, without waiting for the body, and closed.
    for (const [method, path] of WRITES) {
      const started = performance.now();
      const announced = await rawRequest(
        server.origin,
        `${method} ${path} HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncookie: ${supervisor}\r\ncontent-length: 1000000000\r\n\r\n{`,
      );
      assertRefused(announced, [413], `${method} ${path} announcing 1 GB`);
      assert.ok(announced.closed && performance.now() - started < PROMPT_MS, `${method} ${path} announcing 1 GB was answered only after ${Math.round(performance.now() - started)} ms`);
    }
    // Chunked, no length: counted as it comes.
    const chunk = 'x'.repeat(64 * 1024);
    let chunked = `POST /api/session HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n`;
    chunked += `${(10).toString(16)}\r\n{"a":"xxxx\r\n`;
    for (let i = 0; i < 40; i++) chunked += `${chunk.length.toString(16)}\r\n${chunk}\r\n`;
    chunked += '2\r\n"}\r\n0\r\n\r\n';
    assertRefused(await rawRequest(server.origin, chunked, { timeoutMs: 15_000 }), [413], 'a chunked 2.5 MiB body');
    const rss = server.rss();
    assert.ok(rss < 400 * 1024 * 1024, `the server holds ${Math.round(rss / 1048576)} MB after the big bodies`);
    await assertStillServing();
  });

  it('deeply nested JSON (100,000 levels, under the size limit) is refused, never a stack overflow', async () => {
    const depth = 100_000;
    const arrays = '['.repeat(depth) + ']'.repeat(depth);
    const objects = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    for (const [method, path] of WRITES.filter(([, p]) => p !== '/api/pairing')) {
      for (const [shape, body] of [
        ['arrays', arrays],
        ['objects', objects],
        ['a deep accessToken', `{"accessToken":${objects}}`],
        ['a deep board', `{"board":${objects},"baseVersion":null,"name":${arrays},"playlist":${objects},"code":"ABC234"}`],
      ]) {
        const answer = await rawRequest(server.origin, requestText(method, path, host, { 'content-type': 'application/json', cookie: supervisor }, body), { timeoutMs: 15_000 });
        assertRefused(answer, [400, 401, 403, 404], `${method} ${path} with ${shape}`);
      }
    }
    await assertStillServing();
  });
});

describe('headers', () => {
  it('a huge header or cookie is refused with 431 before any of ours runs; many cookies or headers under the limit are read safely', async () => {
    const cases: [string, Record<string, string>][] = [
      ['a 64 KiB cookie', { cookie: `wallboardSession=${'a'.repeat(64 * 1024)}` }],
      ['a 20 KiB header', { 'x-filler': 'b'.repeat(20 * 1024) }],
    ];
    for (const [what, headers] of cases) {
      for (const path of ['/api/session', '/api/push', '/']) assertRefused(await rawRequest(server.origin, requestText('GET', path, host, headers)), [431], `${what} to ${path}`);
    }
    // Under Node's 16 KiB limit: a thousand cookies (the session's among them, forged), and many headers.
    const manyCookies = Array.from({ length: 1000 }, (_, i) => `c${i}=${i}`).join('; ') + '; wallboardSession=forged';
    assertRefused(await rawRequest(server.origin, requestText('GET', '/api/session', host, { cookie: manyCookies })), [401], 'a thousand cookies');
    const manyHeaders = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`x-h${i}`, String(i)]));
    assertRefused(await rawRequest(server.origin, requestText('GET', '/api/session', host, manyHeaders)), [401], 'five hundred headers');
    // The real cookie repeated, or next to a forged one: the first wallboardSession counts, and a forged one opens nothing.
    const twice = await rawRequest(server.origin, requestText('GET', '/api/session', host, { cookie: `wallboardSession=forged; ${supervisor}` }));
    assertRefused(twice, [401], 'a forged session cookie before the real one');
    await assertStillServing();
  });
});

describe('sign-in', () => {
  it('a flood of POST /api/session with forged tokens from one address: 20 asked about, the rest refused at once (429, or 400 past 4 KiB); a signed-in client and another address are answered during and after it', async () => {
    // The flood comes from 127.0.0.2, the test's other clients from 127.0.0.1: the limit is per address.
    const signInFromStranger = (accessToken: string) =>
      new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
        const body = JSON.stringify({ accessToken });
        const req = httpRequest(
          `${server.origin}/api/session`,
          { method: 'POST', localAddress: '127.0.0.2', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const tokens = Array.from({ length: 400 }, (_, i) => (i % 10 === 9 ? 'f'.repeat(5000) : `forged-${i}-${'z'.repeat(i % 7 === 0 ? 4000 : 20)}`));
    const statuses = new Map<number, number>();
    const during: number[] = [];
    let flooding = true;
    const watcher = (async () => {
      while (flooding) {
        const started = performance.now();
        const response = await fetch(`${server.origin}/api/session`, { headers: { cookie: supervisor } });
        assert.equal(response.status, 200);
        await response.arrayBuffer();
        during.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const queue = [...tokens];
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        for (let token = queue.pop(); token !== undefined; token = queue.pop()) {
          const response = await signInFromStranger(token);
          assert.equal(response.headers['set-cookie'], undefined, 'no cookie for a forged token');
          if (response.status === 429) {
            assert.match(response.body, /Too many refused sign-ins from this address: try again in \d+ (minutes|seconds?)/);
            assert.ok(Number(response.headers['retry-after']) > 0, 'a 429 says when to come back');
          }
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        }
      }),
    );
    flooding = false;
    await watcher;
    // 20 refused by the RTD Server; requests already past the check when the 20th came back count too (at most the
    // 40 in flight); every other forged token never reached the RTD Server.
    assert.equal(statuses.get(400), 40);
    const asked = statuses.get(401) ?? 0;
    assert.ok(asked >= 20 && asked <= 60, `${asked} forged tokens were asked about`);
    assert.equal(statuses.get(429), 360 - asked);
    // Another address signs in as usual; the flooding one is refused even with a good token until its window ends.
    assert.match(await signIn('user_2'), /^wallboardSession=/);
    assert.equal((await signInFromStranger(await rtdAccessToken(emulator, 'user_2'))).status, 429);
    assert.ok(during.length > 0);
    const slowest = Math.max(...during);
    assert.ok(slowest < PROMPT_MS, `the signed-in client waited up to ${Math.round(slowest)} ms during the flood`);
    // Forged session cookies are nobody, however many.
    for (let i = 0; i < 200; i++) {
      const response = await fetch(`${server.origin}/api/session`, { headers: { cookie: `wallboardSession=${i.toString(36).repeat(40)}` } });
      assert.equal(response.status, 401);
      await response.arrayBuffer();
    }
    await assertStillServing();
  });
});

describe('the push socket', () => {
  it('an upgrade from another origin is 403 and closed, even with a supervisor cookie', async () => {
    for (const origin of ['http://evil.example', 'null', '', `http://127.0.0.1:${Number(new URL(server.origin).port) + 1}`, `http://${host}@evil.example`, 'file://']) {
      const answer = await rawRequest(server.origin, upgradeText('/api/push', host, { origin, cookie: supervisor }));
      assert.equal(answer.status, 403, `Origin ${JSON.stringify(origin)}: ${answer.head}`);
      assert.ok(answer.closed);
    }
    await assert.rejects(PushClient.open(server.origin, supervisor, { headers: { origin: 'https://evil.example' } }), (e: { status?: number }) => e.status === 403);
    await assertStillServing();
  });

  it('an upgrade without a cookie, or with a forged or signed-out one, is 401 and closed', async () => {
    const signedOut = await signIn('admin');
    assert.equal((await fetch(`${server.origin}/api/session`, { method: 'DELETE', headers: { cookie: signedOut } })).status, 204);
    for (const cookie of [undefined, 'wallboardSession=forged', 'wallboardDisplay=forged', signedOut, 'wallboardSession=', `wallboardSession=${'x'.repeat(8000)}`]) {
      const answer = await rawRequest(server.origin, upgradeText('/api/push', host, { origin: server.origin, ...(cookie ? { cookie } : {}) }));
      assert.equal(answer.status, 401, `cookie ${cookie?.slice(0, 40)}: ${answer.head}`);
      assert.ok(answer.closed);
    }
    await assertStillServing();
  });

  it('a client frame over 1 KiB closes that socket (1009), others stay open; small frames are ignored', async () => {
    const bystander = await PushClient.open(server.origin, agent);
    for (const frame of [Buffer.alloc(1025, 1), 'x'.repeat(64 * 1024)]) {
      const client = await PushClient.open(server.origin, supervisor);
      client.socket.send('hello?');
      client.socket.send(Buffer.alloc(1024, 2));
      client.socket.send(frame);
      assert.equal((await within(client.closed, PROMPT_MS, 'close (1009) of a socket that sent a big frame')).code, 1009);
    }
    // A big message in small fragments is counted whole.
    const fragmented = await PushClient.open(server.origin, supervisor);
    for (let i = 0; i < 4; i++) fragmented.socket.send(Buffer.alloc(400, 3), { fin: i === 3, binary: true });
    assert.equal((await within(fragmented.closed, PROMPT_MS, 'close (1009) of a socket that sent a big fragmented message')).code, 1009);
    assert.equal(bystander.socket.readyState, bystander.socket.OPEN, 'the bystander is still connected');
    bystander.close();
    await assertStillServing();
  });

  it('hundreds of sockets opened and dropped (cut mid-upgrade, reset, or left without a goodbye) leave nothing behind', async () => {
    await assertStillServing();
    const filesBefore = openFiles(server);
    const port = Number(new URL(server.origin).port);
    for (let round = 0; round < 3; round++) {
      // Cut mid-upgrade: the request sent, the connection reset before the answer.
      await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          const socket: Socket = connect(port, '127.0.0.1');
          await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
          socket.write(upgradeText('/api/push', host, { origin: server.origin, cookie: i % 2 ? supervisor : 'wallboardSession=forged' }));
          if (i % 3) await new Promise((resolve) => setTimeout(resolve, i % 5));
          socket.resetAndDestroy();
        }),
      );
      // Opened for real, then dropped without a close frame.
      const clients = await Promise.all(Array.from({ length: 100 }, (_, i) => PushClient.open(server.origin, i % 2 ? supervisor : agent, { timeoutMs: 15_000 })));
      for (const client of clients) client.socket.terminate();
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    const filesAfter = openFiles(server);
    assert.ok(filesAfter <= filesBefore + 10, `the server holds ${filesAfter} files, ${filesBefore} before: dropped sockets were kept`);
    await assertStillServing();
  });

  it('a push path in disguise is not the push socket: 404 and closed; a bad handshake is 400', async () => {
    for (const target of ['/api/push/', '/api/push/../push', '/api/%70ush', '/api//push', '/api/push%00', '/x/../api/push', '//api/push', '/api/push;x', '/API/PUSH']) {
      const answer = await rawRequest(server.origin, upgradeText(target, host, { origin: server.origin, cookie: supervisor }));
      assert.equal(answer.status, 404, `upgrade to ${target}: ${answer.head}`);
      assert.ok(answer.closed);
    }
    for (const headers of [{ 'sec-websocket-version': '99' }, { 'sec-websocket-key': '' }, { upgrade: 'h2c' }] as Record<string, string>[]) {
      const answer = await rawRequest(server.origin, upgradeText('/api/push', host, { origin: server.origin, cookie: supervisor, ...headers }));
      assert.ok([400, 404, 426].includes(answer.status), `${JSON.stringify(headers)}: ${answer.head}`);
      assert.ok(answer.closed);
    }
    assert.equal((await rawRequest(server.origin, upgradeText('/api/push?x=1', host, { origin: server.origin, cookie: supervisor }), { until: 'head' })).status, 101);
    await assertStillServing();
  });
});

describe('/api paths in disguise', () => {
  /** What only a signed-in user, a supervisor or a display may read. */
  const PROTECTED = ['/api/session', '/api/boards', '/api/boards/abuse', '/api/playlists', '/api/displays', '/api/displays/abuse', '/api/settings/display-token', '/api/display'];
  const DISGUISES: ((p: string) => string)[] = [
    (p) => p.toUpperCase(),
    (p) => `${p}/`,
    (p) => p.replace('/api/', '/api//'),
    (p) => `/${p}`,
    (p) => p.replace('/api/', '/api/./'),
    (p) => p.replace('/api/', '/api/x/../'),
    (p) => p.replace('/api/', '/api/%2e/'),
    (p) => p.replace('/api/', '/x/../api/'),
    (p) => p.replace('/api/', '/api%2f'),
    (p) => p.replace(/\/(\w)/g, (_m, c: string) => `/%${c.charCodeAt(0).toString(16)}`),
    (p) => `${p};jsessionid=x`,
    (p) => `${p}%00`,
    (p) => `${p}?x=1#`,
    (p) => p.replace('/api/', '/rtdserver/../api/'),
    (p) => p.replace(/\//g, '\\'),
  ];

  it('never give what they guard to a stranger or an agent: a refusal, a 404 or the app page, never their data or a 5xx', async () => {
    for (const path of PROTECTED) {
      // What each may read on the path itself: a stranger nothing, an agent what any signed-in user reads.
      const plain = new Map<string | null, { status: number; body: string }>();
      for (const cookie of [null, agent, 'wallboardDisplay=forged']) plain.set(cookie, await rawRequest(server.origin, requestText('GET', path, host, cookie ? { cookie } : {})));
      assert.ok([401, 404].includes(plain.get(null)!.status), `GET ${path} as nobody: ${plain.get(null)!.status}`);
      for (const disguise of DISGUISES) {
        const target = disguise(path);
        for (const cookie of [null, agent, 'wallboardDisplay=forged']) {
          const answer = await rawRequest(server.origin, requestText('GET', target, host, cookie ? { cookie } : {}));
          const what = `GET ${target} as ${cookie?.split('=')[0] ?? 'nobody'}`;
          assert.ok(answer.status > 0 && answer.status < 500, `${what}: ${answer.head}`);
          const isJson = /content-type: application\/json/i.test(answer.head);
          if (answer.status === 200 && isJson) {
            // Only what the same cookie reads on the path itself (an agent's session, the lists any user reads).
            assert.equal(plain.get(cookie)!.status, 200, `${what} gave what ${path} refuses: ${answer.body.slice(0, 200)}`);
            assert.deepEqual(JSON.parse(answer.body), JSON.parse(plain.get(cookie)!.body), `${what}: ${answer.body.slice(0, 200)}`);
          } else if (answer.status === 200) {
            assert.match(answer.body, /<app-root/, `${what} is 200 but not the app page: ${answer.body.slice(0, 200)}`);
          }
          assert.doesNotMatch(answer.body, /serverHealth|"data":\{/, `${what} reached the RTD Server`);
        }
      }
    }
    await assertStillServing();
  });

  it('a write in disguise is refused like the write itself: no supervisor, no change', async () => {
    for (const [method, path] of WRITES.filter(([, p]) => p !== '/api/session' && p !== '/api/pairing')) {
      for (const disguise of DISGUISES) {
        const target = disguise(path);
        const answer = await rawRequest(
          server.origin,
          requestText(method, target, host, { 'content-type': 'application/json', cookie: agent }, '{"name":"x","baseVersion":null,"board":{},"playlist":{}}'),
        );
        assert.ok([400, 401, 403, 404, 405].includes(answer.status), `${method} ${target} as an agent: ${answer.head}`);
      }
    }
    await assertStillServing();
  });
});

describe('pairing and displays', () => {
  it('a flood of code requests from one address and of guessed codes runs into 429 with a wait; forged TV credentials open nothing', async () => {
    const asked = new Map<number, number>();
    let refusal: { error?: { code?: string; retryAfterSeconds?: number } } = {};
    for (let i = 0; i < 40; i++) {
      const response = await fetch(`${server.origin}/api/pairing`, { method: 'POST' });
      asked.set(response.status, (asked.get(response.status) ?? 0) + 1);
      if (response.status === 429) refusal = (await response.json()) as typeof refusal;
      else await response.arrayBuffer();
    }
    assert.deepEqual(Object.fromEntries(asked), { 201: 30, 429: 10 });
    assert.equal(refusal.error?.code, 'TOO_MANY_ATTEMPTS');
    assert.ok(Number(refusal.error?.retryAfterSeconds) > 0);
    const guessed = new Map<number, number>();
    for (let i = 0; i < 15; i++) {
      const response = await fetch(`${server.origin}/api/displays`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: supervisor },
        body: JSON.stringify({ code: `ZZZ${String(100 + i).replace(/[01]/g, '2')}`, name: 'Guess', playlistId: null }),
      });
      guessed.set(response.status, (guessed.get(response.status) ?? 0) + 1);
      await response.arrayBuffer();
    }
    assert.deepEqual(Object.fromEntries(guessed), { 404: 10, 429: 5 });
    for (let i = 0; i < 100; i++) {
      const credential = `wallboardDisplay=${i.toString(36).repeat(43).slice(0, 43)}`;
      const [display, status, pairing] = await Promise.all([
        fetch(`${server.origin}/api/display`, { headers: { cookie: credential } }),
        fetch(`${server.origin}/api/display/status`, { method: 'POST', headers: { cookie: credential, 'content-type': 'application/json' }, body: '{}' }),
        fetch(`${server.origin}/api/pairing/${'s'.repeat(20 + (i % 80))}`),
      ]);
      assert.equal(display.status, 401);
      assert.ok([400, 401].includes(status.status), `heartbeat with a forged credential: ${status.status}`);
      assert.ok([400, 404].includes(pairing.status), `a made-up pairing secret: ${pairing.status}`);
      await Promise.all([display.arrayBuffer(), status.arrayBuffer(), pairing.arrayBuffer()]);
    }
    await assertStillServing();
  });
});

// ---------------------------------------------------------------------------------------------------------------
// A database that cannot be opened or migrated.
// ---------------------------------------------------------------------------------------------------------------

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * Starts the server expecting it to give up: its exit code, what it printed, and whether anything ever accepted a
 * connection on its port while it ran (probed every 25 ms).
 */
async function startExpectingFailure(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string[]; listened: boolean }> {
  const port = await freePort();
  const dist = mkdtempSync(join(tmpdir(), 'wallboard-abuse-dist-'));
  after(() => rmSync(dist, { recursive: true, force: true }));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><html><body><app-root></app-root></body></html>');
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DIST: dist, RTD_UPSTREAM: emulator.origin, DATA_DIR: join(dist, 'data'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) => output.push(l));
  createInterface({ input: child.stderr! }).on('line', (l) => output.push(l));
  let listened = false;
  let running = true;
  const probing = (async () => {
    while (running) {
      listened ||= await new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  running = false;
  await probing;
  return { code, output, listened };
}

describe('a database that cannot be opened or migrated stops the server: a message, exit 4, never listening', () => {
  it('SQLite: DATA_DIR is a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wallboard-abuse-file-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'data'), 'a file, not a directory');
    const { code, output, listened } = await startExpectingFailure({ DATA_DIR: join(dir, 'data') });
    assert.equal(code, 4, output.join('\n'));
    assert.ok(!listened, 'it listened');
    assert.match(output.join('\n'), /cannot open the SQLite database .*set DATA_DIR to a writable directory.*The server did not start/);
  });

  it('PostgreSQL: DATABASE_URL names a port nobody listens on', async () => {
    const port = await freePort();
    const { code, output, listened } = await startExpectingFailure({ DATABASE_URL: `postgres://wallboard:secret-password@127.0.0.1:${port}/wallboard` });
    assert.equal(code, 4, output.join('\n'));
    assert.ok(!listened, 'it listened');
    const text = output.join('\n');
    assert.match(text, new RegExp(`cannot open the database \\(PostgreSQL postgres://wallboard:\\*\\*\\*@127\\.0\\.0\\.1:${port}/wallboard\\).*ECONNREFUSED.*The server did not start`));
    assert.doesNotMatch(text, /secret-password/);
  });

  for (const engine of ['sqlite', 'postgres'] as const) {
    it(`${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}: the database was migrated by a newer build (a migration this build does not know)`, async () => {
      const settings = await freshDatabaseSettings(engine);
      const opened = await openDatabase(settings);
      await sql`insert into kysely_migration (name, timestamp) values (${'2099-01-01-001-from-the-future'}, ${new Date().toISOString()})`.execute(opened.db);
      await opened.close();
      const env = settings.engine === 'sqlite' ? { DATA_DIR: join(settings.file, '..') } : { DATABASE_URL: settings.url };
      const { code, output, listened } = await startExpectingFailure(env);
      assert.equal(code, 4, output.join('\n'));
      assert.ok(!listened, 'it listened');
      assert.match(
        output.join('\n'),
        /the database was brought up to date by a newer wallboard server \(it has migration 2099-01-01-001-from-the-future, which this build does not know\).*The server did not start/,
      );
      // Nothing was undone or added: the newer build's record and this build's own are there as they were.
      const raw = new Kysely<any>({
        dialect: settings.engine === 'sqlite' ? new SqliteDialect({ database: new SQLite(settings.file) }) : new PostgresDialect({ pool: new pg.Pool({ connectionString: settings.url }) }),
      });
      try {
        const names = (await raw.selectFrom('kysely_migration').select('name').orderBy('name').execute()).map((r) => r.name);
        assert.deepEqual(names, [...Object.keys(MIGRATIONS), '2099-01-01-001-from-the-future']);
      } finally {
        await raw.destroy();
      }
    });
  }
});
