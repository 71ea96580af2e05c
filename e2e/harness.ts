/**
 * End-to-end harness: the real RTD Server emulator and `ng serve` as separate processes, and Debian's Chromium
 * driven by playwright-core. One stack per test file (ng serve takes 10-20 s to build), torn down when the file
 * ends, whether its tests passed or not, and killed as whole process groups if the test process dies early.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';

export const ROOT = new URL('..', import.meta.url).pathname;
export const CHROMIUM = process.env.CHROME_BIN ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** The emulator's defaults: admin is a supervisor and sees everything. */
export const ADMIN = { username: 'admin', password: 'admin' } as const;

/** Options of the emulator for the e2e suite: a busy mid-morning, deterministic, fast enough to see change. */
const EMULATOR_ARGS = ['--port', '0', '--start', '2026-11-24T10:00:00Z', '--seed', '7', '--tick-ms', '500', '--speed', '4'];
const EMULATOR_READY_MS = 30_000;
const APP_READY_MS = 180_000;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A clear message instead of playwright's launch error when Chromium is not installed. */
export function assertChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium) or set CHROME_BIN`);
  }
}

// Every process group we started, so an exit for any reason (a failed assertion, a timeout, Ctrl-C) kills them.
const groups = new Set<number>();
function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
process.on('exit', () => {
  for (const pid of groups) killGroup(pid, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const pid of groups) killGroup(pid, 'SIGKILL');
    process.exit(130);
  });
}

interface Started {
  child: ChildProcess;
  /** The last lines of its output, for error messages. */
  output: string[];
}

/**
 * Spawns `args` in its own process group and resolves with the first stdout match of `ready`, failing with the
 * process's recent output if it exits or stays silent too long.
 */
export function startProcess(name: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs: number): Promise<Started & { match: RegExpMatchArray }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  groups.add(child.pid!);
  child.on('exit', () => groups.delete(child.pid!));
  const output: string[] = [];
  const remember = (raw: string) => {
    // eslint-disable-next-line no-control-regex -- strips ANSI colour codes, which begin with the ESC character
    const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
    output.push(line);
    if (output.length > 60) output.shift();
    if (process.env.E2E_VERBOSE) console.error(`[${name}] ${line}`);
  };
  createInterface({ input: child.stderr! }).on('line', remember);
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      killGroup(child.pid!, 'SIGKILL');
      reject(new Error(`${name} ${why}; its last output:\n${output.join('\n')}`));
    };
    const timer = setTimeout(() => fail(`was not ready within ${timeoutMs / 1000} s`), timeoutMs);
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before it was ready`));
    let done = false;
    createInterface({ input: child.stdout! }).on('line', (raw) => {
      // eslint-disable-next-line no-control-regex -- strips ANSI colour codes, which begin with the ESC character
      const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
      remember(raw);
      const match = done ? null : line.match(ready);
      if (match) {
        done = true;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.on('exit', () => groups.delete(child.pid!));
        resolve({ child, output, match });
      }
    });
  });
}

/** Stops a process group: SIGTERM, then SIGKILL if it lingers. */
export async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  killGroup(child.pid, 'SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), sleep(5_000).then(() => true)]);
  if (timedOut) {
    killGroup(child.pid, 'SIGKILL');
    await Promise.race([exited, sleep(2_000)]);
  }
  groups.delete(child.pid);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface GqlResult<T> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface Stack {
  /** http://127.0.0.1:PORT, the emulator's origin. */
  emulatorOrigin: string;
  /** http://127.0.0.1:PORT, the wallboard server's origin (server/ in development mode: /api, /rtdserver). */
  serverOrigin: string;
  /** The wallboard server's SQLite directory (DATA_DIR), kept across its restarts. */
  dataDir: string;
  /** http://127.0.0.1:PORT, the dev server's origin (it proxies /api and /rtdserver to the wallboard server). */
  appUrl: string;
  browser: Browser;
  /** The emulator's control plane: pause, resume, step {seconds}, disconnect, health {status}, state. */
  control(action: string, body?: unknown): Promise<any>;
  /** A query run outside the browser as admin, straight to the emulator; throws on GraphQL errors. */
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** A fresh browser context (no cookies, no storage) at 1920×1080 with a page in it. */
  newPage(): Promise<Page>;
  /** Stops the emulator process (as a server crash or restart would), leaving the app and browser running. */
  stopEmulator(): Promise<void>;
  /** Starts it again on the same port with the same arguments: a fresh simulation, no sessions. */
  startEmulator(): Promise<void>;
  /** Stops the wallboard server: SIGTERM, or SIGKILL (`kill -9`, nothing flushed) with `{ kill: true }`. */
  stopServer(options?: { kill?: boolean }): Promise<void>;
  /** Starts it again on the same port and database. */
  startServer(): Promise<void>;
  /**
   * Freezes the emulator process (SIGSTOP), as a hung server: its sockets stay open but nothing answers, not even
   * the keep-alive pings (the control plane's `pause` stops only the simulation). `thawEmulator` resumes it.
   */
  freezeEmulator(): void;
  thawEmulator(): void;
  close(): Promise<void>;
}

export interface StackOptions {
  /** More emulator arguments, after the suite's own (a later option wins), e.g. `['--rtd-version', '1.0.0']`. */
  emulatorArgs?: readonly string[];
  /** More environment for the wallboard server, e.g. `{ DATABASE_URL }`. */
  serverEnv?: NodeJS.ProcessEnv;
  /**
   * Run once the wallboard server is up, while the app still compiles (e.g. store the RTD token its recorder uses, so
   * it records from then on); the stack is returned once it is done.
   */
  afterServer?: (origins: { serverOrigin: string; emulatorOrigin: string }) => Promise<void>;
}

/** Starts the emulator, then the app proxied to it, then Chromium. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  assertChromium();
  const started: ChildProcess[] = [];
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const close = async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})));
    await browser?.close().catch(() => {});
    await Promise.all(started.map((child) => stopProcess(child)));
    for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  };
  const temporaryDirs: string[] = [];
  try {
    const emulatorArgs = ['--import', 'tsx', 'emulator/src/main.ts', ...EMULATOR_ARGS, ...(options.emulatorArgs ?? [])];
    const emulator = await startProcess('emulator', emulatorArgs, {}, /ready at (http:\/\/[^\s/]+)/, EMULATOR_READY_MS);
    started.push(emulator.child);
    const emulatorOrigin = emulator.match[1];
    let emulatorChild: ChildProcess | null = emulator.child;
    const stopEmulator = async () => {
      if (emulatorChild) await stopProcess(emulatorChild);
      emulatorChild = null;
    };
    const startEmulator = async () => {
      if (emulatorChild) return;
      const again = await startProcess('emulator', [...emulatorArgs, '--port', new URL(emulatorOrigin).port], {}, /ready at (http:\/\/[^\s/]+)/, EMULATOR_READY_MS);
      started.push(again.child);
      emulatorChild = again.child;
    };

    const signalEmulator = (signal: NodeJS.Signals) => {
      if (emulatorChild?.pid) process.kill(emulatorChild.pid, signal);
    };
    const freezeEmulator = () => signalEmulator('SIGSTOP');
    const thawEmulator = () => signalEmulator('SIGCONT');

    const dataDir = mkdtempSync(join(tmpdir(), 'rtd-e2e-data-'));
    temporaryDirs.push(dataDir);
    const serverPort = await freePort();
    const serverEnv = { PORT: String(serverPort), RTD_UPSTREAM: emulatorOrigin, DATA_DIR: dataDir, ...options.serverEnv };
    const serverArgs = ['--import', 'tsx', 'server/src/main.ts', '--dev'];
    const serverReady = /wallboard server ready at (http:\/\/\S+)/;
    let serverChild: ChildProcess | null = (await startProcess('wallboard server', serverArgs, serverEnv, serverReady, EMULATOR_READY_MS)).child;
    started.push(serverChild);
    const serverOrigin = `http://127.0.0.1:${serverPort}`;
    const stopServer = async ({ kill = false } = {}) => {
      if (serverChild?.pid && kill) {
        killGroup(serverChild.pid, 'SIGKILL');
        await new Promise<void>((resolve) => (serverChild!.exitCode !== null || serverChild!.signalCode !== null ? resolve() : serverChild!.once('exit', () => resolve())));
      } else if (serverChild) await stopProcess(serverChild);
      serverChild = null;
    };
    const startServer = async () => {
      if (serverChild) return;
      serverChild = (await startProcess('wallboard server', serverArgs, serverEnv, serverReady, EMULATOR_READY_MS)).child;
      started.push(serverChild);
    };

    const afterServer = options.afterServer?.({ serverOrigin, emulatorOrigin });
    // Not left unhandled while the app compiles: awaited below.
    afterServer?.catch(() => {});
    const port = await freePort();
    const app = await startProcess(
      'ng serve',
      ['node_modules/@angular/cli/bin/ng.js', 'serve', '--port', String(port), '--host', '127.0.0.1', '--watch=false', '--live-reload=false', '--hmr=false'],
      { WALLBOARD_SERVER: serverOrigin, NG_CLI_ANALYTICS: 'false', NG_FORCE_TTY: 'false' },
      /Local:\s+(http:\/\/\S+?)\/?$/,
      APP_READY_MS,
    );
    started.push(app.child);
    const appUrl = `http://127.0.0.1:${port}`;
    await afterServer;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });

    const control = async (action: string, body?: unknown) => {
      const get = action === 'state';
      const response = await fetch(`${emulatorOrigin}/simulator/${action}`, {
        method: get ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: get ? undefined : JSON.stringify(body ?? {}),
      });
      if (!response.ok) throw new Error(`POST /simulator/${action}: HTTP ${response.status} ${await response.text()}`);
      return response.json();
    };

    let cookie: string | undefined;
    const post = async <T>(query: string, variables?: Record<string, unknown>) => {
      const response = await fetch(`${emulatorOrigin}/rtdserver`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { response, body: (await response.json()) as GqlResult<T> };
    };
    const login = async () => {
      const { response, body } = await post('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { username } }', { u: ADMIN.username, p: ADMIN.password });
      if (body.errors) throw new Error(`admin login failed: ${JSON.stringify(body.errors)}`);
      const session = response.headers.getSetCookie().find((c) => c.startsWith('teleniaRtdSessionID='));
      if (!session) throw new Error('the login set no teleniaRtdSessionID cookie');
      cookie = session.split(';')[0];
    };
    const gql = async <T = any>(query: string, variables?: Record<string, unknown>): Promise<T> => {
      if (!cookie) await login();
      let { body } = await post<T>(query, variables);
      if (body.errors?.some((e) => e.extensions?.['code'] === 'UNAUTHENTICATED')) {
        await login();
        ({ body } = await post<T>(query, variables));
      }
      if (body.errors?.length || !body.data) throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
      return body.data;
    };

    const newPage = async () => {
      const context = await browser!.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'en-US' });
      contexts.push(context);
      context.setDefaultTimeout(15_000);
      return context.newPage();
    };

    return { emulatorOrigin, serverOrigin, dataDir, appUrl, browser, control, gql, newPage, stopEmulator, startEmulator, stopServer, startServer, freezeEmulator, thawEmulator, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The embedded emulator's demo kiosk token: a scenario token that never expires. */
export const DEMO_KIOSK_TOKEN = 'rtd-wallboard-kiosk-demo-token';

/**
 * As a supervisor would on the Displays page: stores the RTD token the displays and the wallboard server's recorder
 * use. As a stack's `afterServer`, the recorder records from then on (with RTD_UPSTREAM it has no demo token).
 */
export async function storeDisplayToken({ serverOrigin, emulatorOrigin }: { serverOrigin: string; emulatorOrigin: string }, token = DEMO_KIOSK_TOKEN): Promise<void> {
  const login = await fetch(`${emulatorOrigin}/rtdserver`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { authToken { accessToken } } }', variables: { u: ADMIN.username, p: ADMIN.password } }),
  });
  const accessToken = ((await login.json()) as { data: { login: { authToken: { accessToken: string } } } }).data.login.authToken.accessToken;
  const session = await fetch(`${serverOrigin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessToken }) });
  if (!session.ok) throw new Error(`POST /api/session: HTTP ${session.status}`);
  const cookie = session.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const stored = await fetch(`${serverOrigin}/api/settings/display-token`, { method: 'PUT', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ accessToken: token }) });
  if (!stored.ok) throw new Error(`PUT /api/settings/display-token: HTTP ${stored.status} ${await stored.text()}`);
}

/** Logs in through the form at /login (the caller navigates there, or is sent there by the guard). */
export async function loginThroughForm(page: Page, username: string, password: string): Promise<void> {
  const form = page.locator('form').filter({ has: page.locator('input[name="password"]') });
  await form.locator('input[name="username"]').fill(username);
  await form.locator('input[name="password"]').fill(password);
  await form.locator('button[type="submit"], button:not([type])').first().click();
}

/** Waits until the URL's path is `path` (query string ignored). */
export async function waitForPath(page: Page, path: string, timeout = 15_000): Promise<void> {
  await page.waitForURL((url) => url.pathname === path, { timeout });
}

/** The connection badge's state (idle/connecting/live/reconnecting/offline/degraded), or null if absent. */
export function badgeState(page: Page): Promise<string | null> {
  return page
    .locator('[data-testid="connection-badge"]')
    .first()
    .getAttribute('data-state', { timeout: 1_000 })
    .catch(() => null);
}

/** Every number a page shows: tile key (e.g. "service_1/CALL") → data-field → value (data-value wins over text). */
export type Shown = Record<string, Record<string, string>>;

/** Reads every `[data-field]` inside every tile or row matching `[attr]`, in one pass in the page. */
export function readShown(page: Page, attr: 'data-service' | 'data-group' | 'data-username'): Promise<Shown> {
  return page.evaluate((attr) => {
    const shown: Record<string, Record<string, string>> = {};
    for (const tile of Array.from(document.querySelectorAll(`[${attr}]`))) {
      const key = tile.getAttribute(attr)!;
      const fields = (shown[key] ??= {});
      for (const el of Array.from(tile.querySelectorAll('[data-field]'))) {
        // A field of a nested tile belongs to that tile, not to this one.
        if (el.closest(`[${attr}]`) !== tile) continue;
        fields[el.getAttribute('data-field')!] = (el.getAttribute('data-value') ?? el.textContent ?? '').trim();
      }
    }
    return shown;
  }, attr);
}

/** Every agents row: its `[data-field]` numbers and its status, status-since and activity-code attributes. */
export function readAgentRows(page: Page): Promise<Shown> {
  return page.evaluate(() => {
    const shown: Record<string, Record<string, string>> = {};
    const attributes: [string, string][] = [
      ['@status', 'data-status'],
      ['@timeInState', 'data-time-in-state'],
      ['@activityCode', 'data-activity-code'],
    ];
    for (const row of Array.from(document.querySelectorAll('[data-username]'))) {
      const fields: Record<string, string> = {};
      for (const el of Array.from(row.querySelectorAll('[data-field]'))) fields[el.getAttribute('data-field')!] = (el.getAttribute('data-value') ?? el.textContent ?? '').trim();
      for (const [name, attribute] of attributes) {
        const holder = row.hasAttribute(attribute) ? row : row.querySelector(`[${attribute}]`);
        if (holder) fields[name] = holder.getAttribute(attribute) ?? '';
      }
      shown[row.getAttribute('data-username')!] = fields;
    }
    return shown;
  });
}

/** The usernames of the agent rows on the page, sorted, once they equal `expected` (or what shows after `timeout`). */
export async function shownUsernames(page: Page, expected: readonly string[], timeout = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeout;
  let shown: string[] = [];
  while (Date.now() < deadline) {
    shown = (await page.locator('[data-username]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-username')!))).sort();
    if (shown.join() === expected.join()) break;
    await sleep(250);
  }
  return shown;
}

/** Reads until `ok` says the value is what the test waits for, or `timeout` ms passed; the last value read either way. */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeout: number, every = 50): Promise<T> {
  const deadline = Date.now() + timeout;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await sleep(every);
    value = await read();
  }
  return value;
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * WCAG 2.1 A/AA violations on the page (or within the element `within` selects), as axe-core finds them: one line
 * each, with what it asks and where (the first five places).
 */
export async function axeViolations(page: Page, within?: string): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (within) => {
    type Violation = { id: string; help: string; nodes: { target: string[]; failureSummary?: string }[] };
    const axe = (window as unknown as { axe: { run(context: Element | Document, options: object): Promise<{ violations: Violation[] }> } }).axe;
    const context = within ? document.querySelector(within) : document;
    if (!context) return [`nothing matches ${within}`];
    const result = await axe.run(context, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map(
      (v) =>
        `${v.id} (${v.help}): ${v.nodes
          .slice(0, 5)
          .map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`)
          .join('; ')}`,
    );
  }, within);
}
