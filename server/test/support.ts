/**
 * The server suite's parts: a fresh database on each engine (a temporary SQLite file; a database of its own on the
 * test PostgreSQL, so files running side by side never meet), the real emulator as the RTD Server, and the wallboard
 * server itself, in-process, on a free port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after } from 'node:test';
import pg from 'pg';
import { UserSessions } from '../src/auth/user-sessions.ts';
import { type DatabaseSettings, type OpenDatabase, openDatabase } from '../src/db/database.ts';
import { DisplayAuth } from '../src/displays/display-auth.ts';
import { createWallboardServer, type WallboardServer, type WallboardServerOptions } from '../src/http/wallboard-server.ts';
import { localPushHub, postgresPushHub, type PushHub } from '../src/push/push-hub.ts';
import { rtdWhoIs } from '../src/rtd/rtd-upstream.ts';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const ENGINES = ['sqlite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

/**
 * The test PostgreSQL (`.ci/run` installs and starts it; see the README): a login that may create databases. The
 * suite fails, loudly, when it is not there: both engines pass the same suite or the suite does not pass.
 */
export const TEST_POSTGRES_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://wallboard:wallboard@127.0.0.1:5432/wallboard_test';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

/** Settings for a new, empty database on `engine`, removed when the test file ends. */
export async function freshDatabaseSettings(engine: Engine): Promise<DatabaseSettings> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'wallboard-test-db-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    return { engine, file: join(dir, 'wallboard.sqlite') };
  }
  const name = `wallboard_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`the test PostgreSQL at ${TEST_POSTGRES_URL.replace(/:[^:@/]*@/, ':***@')} is not reachable (${(error as Error).message}): start it as .ci/run does, or set TEST_DATABASE_URL`, {
      cause: error,
    });
  }
  await admin.query(`create database ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const dropper = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await dropper.connect();
    await dropper.query(`drop database if exists ${name} with (force)`);
    await dropper.end();
  });
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return { engine, url: url.toString() };
}

/** A fresh database on `engine`, open and migrated, closed when the test file ends. */
export async function freshDatabase(engine: Engine): Promise<OpenDatabase & { settings: DatabaseSettings }> {
  const settings = await freshDatabaseSettings(engine);
  const opened = await openDatabase(settings);
  cleanups.push(() => opened.close());
  return Object.assign(opened, { settings });
}

export interface Emulator {
  origin: string;
  child: ChildProcess;
}

/** The emulator as a process of its own on a free port, stopped when the test file ends. */
export async function startEmulator(args: string[] = []): Promise<Emulator> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'emulator/src/main.ts', '--port', '0', '--start', '2026-11-24T09:30:00Z', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(async () => {
    child.kill('SIGTERM');
  });
  for await (const line of createInterface({ input: child.stdout! })) {
    const ready = line.match(/ready at (https?:\/\/[^\s/]+)/);
    if (ready) {
      child.stdout!.resume();
      return { origin: ready[1], child };
    }
  }
  throw new Error('the emulator stopped before it was ready');
}

export interface TestServer extends WallboardServer {
  origin: string;
  database: OpenDatabase;
  hub: PushHub;
  log: string[];
  close(): Promise<void>;
}

/** The wallboard server in this process, on `database`, with `emulator` as its RTD Server; `extra` sets a clock, trustProxy… */
export async function startTestServer(database: OpenDatabase & { settings: DatabaseSettings }, emulator: Emulator, extra: Partial<WallboardServerOptions> = {}): Promise<TestServer> {
  const log: string[] = [];
  const write = (line: string) => log.push(line);
  const hub = database.settings.engine === 'postgres' ? await postgresPushHub(database.settings.url, database.db, write) : localPushHub();
  const sessions = new UserSessions(database.db, rtdWhoIs(emulator.origin));
  const displays = new DisplayAuth(database.db);
  const started = createWallboardServer({ db: database.db, hub, sessions, displays, rtdUpstream: emulator.origin, builtApp: null, log: write, ...extra });
  await new Promise<void>((resolve) => started.server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(started.server.address() as AddressInfo).port}`;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    // Upgraded sockets are not the HTTP server's connections any more: server.close() would wait for them forever.
    started.push.close();
    started.server.closeAllConnections();
    await new Promise<void>((resolve) => started.server.close(() => resolve()));
    await hub.close();
  };
  cleanups.push(close);
  return Object.assign(started, { origin, database, hub, log, close });
}

/** An RTD access token for `username` from the emulator's login (admin is a supervisor, user_1 an agent). */
export async function rtdAccessToken(emulator: Emulator, username: string, password = username): Promise<string> {
  const response = await fetch(`${emulator.origin}/rtdserver`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { authToken { accessToken } } }', variables: { u: username, p: password } }),
  });
  const body = (await response.json()) as { data?: { login: { authToken: { accessToken: string } } }; errors?: unknown };
  if (!body.data) throw new Error(`login of ${username} failed: ${JSON.stringify(body.errors)}`);
  return body.data.login.authToken.accessToken;
}

/** Signs `username` in to the wallboard server; the cookie header to send with its requests. */
export async function signIn(server: TestServer, emulator: Emulator, username: string, password = username): Promise<string> {
  const response = await fetch(`${server.origin}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessToken: await rtdAccessToken(emulator, username, password) }),
  });
  if (response.status !== 201) throw new Error(`signing ${username} in: HTTP ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('wallboardSession='));
  return cookie!.split(';')[0];
}

/** JSON to the API as `cookie`'s user: the status and the body. */
export async function api(server: TestServer, method: string, path: string, cookie: string | null, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.origin}${path}`, {
    method,
    headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
