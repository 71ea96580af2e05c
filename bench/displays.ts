/**
 * Benchmark (not a test): what 200 paired TVs cost the wallboard server. One server process (`server/src/main.ts
 * --dev`, SQLite in a temporary DATA_DIR, or PostgreSQL with --postgres), 200 displays simulated without browsers,
 * each as the real TV behaves: paired through the pairing flow (its own address, through TRUST_PROXY), a push
 * socket with its display cookie, a heartbeat (POST /api/display/status) every 10 s, and on every push event a
 * GET /api/display. Then a supervisor changes the board the displays' playlist shows, N times, and the playlist
 * itself, N times. Recorded: the server's RSS and CPU (from /proc) with nobody, idle with 200 displays, and under
 * the changes; and for each change, from its acknowledged response to each display having re-fetched it, the push
 * latency p50 / p95 / max over all displays and changes.
 *
 *   npm run bench:displays [-- --postgres --displays 200 --changes 20 --change-seconds 2 --idle-seconds 30 --no-docs]
 *
 * Writes the section "## 200 displays on one server (SQLite|PostgreSQL)" of docs/benchmarks.md (unless --no-docs).
 * Needs the boards API (PUT /api/boards/:id) for board changes: without it, only playlist changes are measured.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import WebSocket from 'ws';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOCS = join(ROOT, 'docs/benchmarks.md');
const TEST_POSTGRES_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://wallboard:wallboard@127.0.0.1:5432/wallboard_test';
const HEARTBEAT_MS = 10_000;
/** A change not re-fetched by every display within this counts as missed for those. */
const CHANGE_TIMEOUT_MS = 15_000;

const { values } = parseArgs({
  options: {
    postgres: { type: 'boolean', default: false },
    displays: { type: 'string', default: '200' },
    changes: { type: 'string', default: '20' },
    'change-seconds': { type: 'string', default: '2' },
    'idle-seconds': { type: 'string', default: '30' },
    'no-docs': { type: 'boolean', default: false },
  },
});
const engine = values.postgres ? 'PostgreSQL' : 'SQLite';
const displayCount = Number(values.displays);
const changeCount = Number(values.changes);
const changeMs = Number(values['change-seconds']) * 1000;
const idleMs = Number(values['idle-seconds']) * 1000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

// -------------------------------------------------------------------------------------------------------------
// The server process and what /proc says about it.
// -------------------------------------------------------------------------------------------------------------

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) await Promise.resolve(cleanup()).catch(() => {});
}

async function databaseEnv(): Promise<Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'wallboard-bench-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  if (!values.postgres) return { DATA_DIR: dir };
  const name = `wallboard_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
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
  return { DATA_DIR: dir, DATABASE_URL: url.toString() };
}

async function startServer(): Promise<{ origin: string; pid: number }> {
  // The embedded emulator is the RTD Server (a process of its own, not counted); TRUST_PROXY lets each simulated TV
  // come from its own address (X-Forwarded-For), as real TVs do, within the pairing limit per address.
  const env = { ...process.env, PORT: '0', EMULATOR_PORT: '0', TRUST_PROXY: '1', ...(await databaseEnv()) };
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', '--dev'], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'inherit'] });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  );
  for await (const line of createInterface({ input: child.stdout! })) {
    const ready = line.match(/wallboard server ready at (http:\/\/\S+) \(/);
    if (ready) {
      child.stdout!.resume();
      return { origin: ready[1], pid: child.pid! };
    }
  }
  throw new Error('the server stopped before it was ready');
}

/** CPU seconds (user + system) the process has used so far. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/^VmRSS:\s+(\d+) kB/m)?.[1] ?? 0) / 1024;
}

interface Window {
  seconds: number;
  cpuPercent: number;
  rssMean: number;
  rssMax: number;
}

/** Samples RSS every second while `work` runs; CPU over the whole of it. */
async function measure(pid: number, work: () => Promise<void>): Promise<Window> {
  const rss: number[] = [rssMiB(pid)];
  const cpu0 = cpuSeconds(pid);
  const t0 = performance.now();
  const sampler = setInterval(() => rss.push(rssMiB(pid)), 1000);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  rss.push(rssMiB(pid));
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, cpuPercent: ((cpuSeconds(pid) - cpu0) / seconds) * 100, rssMean: rss.reduce((a, b) => a + b, 0) / rss.length, rssMax: Math.max(...rss) };
}

// -------------------------------------------------------------------------------------------------------------
// The supervisor and the TVs.
// -------------------------------------------------------------------------------------------------------------

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a benchmark reads the API's answers as they come; the server suite checks their shapes
async function json(origin: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function signInSupervisor(origin: string): Promise<string> {
  const login = await json(origin, 'POST', '/rtdserver', {}, { query: 'mutation { login(username: "admin", password: "admin") { authToken { accessToken } } }' });
  const accessToken = login.body?.data?.login?.authToken?.accessToken;
  if (!accessToken) throw new Error(`cannot log in to the RTD Server: ${JSON.stringify(login.body)}`);
  const response = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessToken }) });
  if (response.status !== 201) throw new Error(`POST /api/session: ${response.status} ${await response.text()}`);
  return response.headers.getSetCookie()[0].split(';')[0];
}

const board = (name: string) => ({
  id: 'floor',
  name,
  services: { CALL: ['SRV_1', 'SRV_2'], VIDEO: [], CHAT: [] },
  groups: { CALL: ['SKS_1'], VIDEO: [], CHAT: [] },
  thresholds: { serviceLevel: { warning: 80, critical: 70 }, longestWait: { warning: 60, critical: 120 }, abandonRate: { warning: 5, critical: 8 }, holdSeconds: 5 },
});
const playlist = (staleSeconds: number) => ({ slides: [{ board: 'floor', page: 'services', seconds: 20 }], secondsPer: 'screenful', sound: true, burnIn: true, staleSeconds, dailyReloadHour: null });

/** What a TV's GET /api/display returned: the board's name and the playlist's version, to tell a change arrived. */
interface Seen {
  boardName: string | null;
  playlistVersion: number | null;
  at: number;
}

class Tv {
  cookie = '';
  socket: WebSocket | null = null;
  fetches = 0;
  failures = 0;
  events = 0;
  private heartbeat: NodeJS.Timeout | null = null;

  constructor(
    readonly index: number,
    private readonly origin: string,
    private readonly onFetched: (tv: Tv, seen: Seen) => void,
  ) {}

  /** Its own address, as behind the load balancer (TRUST_PROXY). */
  get address() {
    return `10.${Math.floor(this.index / 65536) % 256}.${Math.floor(this.index / 256) % 256}.${this.index % 256}`;
  }

  async pair(supervisor: string, playlistId: string): Promise<void> {
    const asked = await json(this.origin, 'POST', '/api/pairing', { 'x-forwarded-for': this.address });
    if (asked.status !== 201) throw new Error(`TV ${this.index}: POST /api/pairing ${asked.status} ${JSON.stringify(asked.body)}`);
    const paired = await json(this.origin, 'POST', '/api/displays', { cookie: supervisor }, { code: asked.body.code, name: `TV ${this.index + 1}`, playlistId });
    if (paired.status !== 201) throw new Error(`TV ${this.index}: POST /api/displays ${paired.status} ${JSON.stringify(paired.body)}`);
    const collected = await fetch(`${this.origin}/api/pairing/${asked.body.secret}`, { headers: { 'x-forwarded-for': this.address } });
    await collected.arrayBuffer();
    const cookie = collected.headers.getSetCookie().find((c) => c.startsWith('wallboardDisplay='));
    if (!cookie) throw new Error(`TV ${this.index}: no credential after pairing (${collected.status})`);
    this.cookie = cookie.split(';')[0];
  }

  /** The socket, then the TV's routine: a fetch now and on every event, a heartbeat every 10 s. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(`${this.origin.replace(/^http/, 'ws')}/api/push`, { headers: { cookie: this.cookie, origin: this.origin } });
      this.socket = socket;
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as { topic: string };
        if (message.topic === 'hello') return resolve();
        this.events++;
        void this.fetch();
      });
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`TV ${this.index}: push refused ${res.statusCode}`)));
    });
    await this.fetch();
    const beat = () =>
      void fetch(`${this.origin}/api/display/status`, {
        method: 'POST',
        headers: { cookie: this.cookie, 'content-type': 'application/json', 'x-forwarded-for': this.address },
        body: JSON.stringify({ slide: 'Floor · services', dataAgeSeconds: 1, appVersion: 'bench', memoryMb: 150, lastError: null }),
      })
        .then((r) => r.arrayBuffer())
        .catch(() => this.failures++);
    // Spread over the 10 s, as TVs switched on at different times are.
    setTimeout(() => {
      beat();
      this.heartbeat = setInterval(beat, HEARTBEAT_MS);
    }, Math.random() * HEARTBEAT_MS).unref();
  }

  async fetch(): Promise<void> {
    try {
      const response = await fetch(`${this.origin}/api/display`, { headers: { cookie: this.cookie, 'x-forwarded-for': this.address } });
      const body = (await response.json()) as { playlist: { version: number } | null; boards: { name: string }[] };
      this.fetches++;
      if (response.status !== 200) throw new Error(String(response.status));
      this.onFetched(this, { boardName: body.boards[0]?.name ?? null, playlistVersion: body.playlist?.version ?? null, at: performance.now() });
    } catch {
      this.failures++;
    }
  }

  stop(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.socket?.terminate();
  }
}

/** One change in flight: which displays have fetched it, and when. */
interface PendingChange {
  arrived: (seen: Seen) => boolean;
  at: Map<Tv, number>;
  allArrived: () => void;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);

async function main(): Promise<void> {
  const { origin, pid } = await startServer();
  const supervisor = await signInSupervisor(origin);
  const boardsApi = (await json(origin, 'GET', '/api/boards', { cookie: supervisor })).status === 200;
  let boardVersion: number | null = null;
  if (boardsApi) {
    const created = await json(origin, 'PUT', '/api/boards/floor', { cookie: supervisor }, { board: board('Floor 0'), baseVersion: null });
    if (created.status !== 200) throw new Error(`PUT /api/boards/floor: ${created.status} ${JSON.stringify(created.body)}`);
    boardVersion = created.body.version;
  }
  const createdPlaylist = await json(origin, 'PUT', '/api/playlists/floor', { cookie: supervisor }, { name: 'Floor', playlist: playlist(15), baseVersion: null });
  if (createdPlaylist.status !== 200) throw new Error(`PUT /api/playlists/floor: ${createdPlaylist.status} ${JSON.stringify(createdPlaylist.body)}`);
  let playlistVersion: number = createdPlaylist.body.version;

  await sleep(2000);
  const empty = await measure(pid, () => sleep(Math.min(idleMs, 10_000)));
  console.log(`no displays: RSS ${empty.rssMean.toFixed(1)} MiB, CPU ${empty.cpuPercent.toFixed(1)} %`);

  let pending: PendingChange | null = null;
  const tvs: Tv[] = [];
  const onFetched = (tv: Tv, seen: Seen) => {
    const change = pending;
    if (!change || change.at.has(tv) || !change.arrived(seen)) return;
    change.at.set(tv, seen.at);
    if (change.at.size === tvs.length) change.allArrived();
  };
  const pairingStarted = performance.now();
  for (let i = 0; i < displayCount; i++) tvs.push(new Tv(i, origin, onFetched));
  // Ten at a time, as a supervisor with a stack of TVs and helpers would never manage, but it keeps the run short.
  for (let i = 0; i < tvs.length; i += 10) await Promise.all(tvs.slice(i, i + 10).map((tv) => tv.pair(supervisor, 'floor')));
  for (let i = 0; i < tvs.length; i += 20) await Promise.all(tvs.slice(i, i + 20).map((tv) => tv.start()));
  console.log(`${tvs.length} displays paired and listening in ${((performance.now() - pairingStarted) / 1000).toFixed(1)} s`);

  await sleep(HEARTBEAT_MS + 2000);
  const idle = await measure(pid, () => sleep(idleMs));
  console.log(`${tvs.length} displays, idle: RSS ${idle.rssMean.toFixed(1)} MiB (max ${idle.rssMax.toFixed(1)}), CPU ${idle.cpuPercent.toFixed(1)} %`);

  interface Result {
    kind: string;
    window: Window;
    latencies: number[];
    acknowledged: number[];
    missed: number;
  }
  const results: Result[] = [];
  /** `change(n)` says at once what a TV will see once the change is there, and sends it. */
  const runChanges = async (kind: string, change: (n: number) => { arrived: (seen: Seen) => boolean; send: () => Promise<void> }) => {
    const latencies: number[] = [];
    const acknowledged: number[] = [];
    let missed = 0;
    const window = await measure(pid, async () => {
      for (let n = 1; n <= changeCount; n++) {
        const started = performance.now();
        let allArrived!: () => void;
        const all = new Promise<void>((resolve) => (allArrived = resolve));
        const at = new Map<Tv, number>();
        const { arrived, send } = change(n);
        // Known before the request goes, so a TV that fetches before the response reaches us is not missed.
        pending = { arrived, at, allArrived };
        await send();
        const ackedAt = performance.now();
        acknowledged.push(ackedAt - started);
        await Promise.race([all, sleep(CHANGE_TIMEOUT_MS)]);
        for (const tv of tvs) {
          const arrivedAt = at.get(tv);
          if (arrivedAt === undefined) missed++;
          else latencies.push(Math.max(0, arrivedAt - ackedAt));
        }
        pending = null;
        await sleep(Math.max(0, changeMs - (performance.now() - started)));
      }
    });
    results.push({ kind, window, latencies: latencies.sort((a, b) => a - b), acknowledged: acknowledged.sort((a, b) => a - b), missed });
    const r = results.at(-1)!;
    console.log(
      `${kind}: ${changeCount} changes; ack p50 ${percentile(r.acknowledged, 50).toFixed(1)} ms; push → re-fetched p50 ${percentile(r.latencies, 50).toFixed(1)} / p95 ${percentile(r.latencies, 95).toFixed(1)} / max ${Math.max(...r.latencies).toFixed(1)} ms; missed ${missed}; RSS ${window.rssMean.toFixed(1)} (max ${window.rssMax.toFixed(1)}) MiB; CPU ${window.cpuPercent.toFixed(1)} %`,
    );
  };

  if (boardsApi) {
    await runChanges('board saves (PUT /api/boards/floor)', (n) => {
      const name = `Floor ${n}`;
      return {
        arrived: (seen) => seen.boardName === name,
        send: async () => {
          const saved = await json(origin, 'PUT', '/api/boards/floor', { cookie: supervisor }, { board: board(name), baseVersion: boardVersion });
          if (saved.status !== 200) throw new Error(`PUT /api/boards/floor: ${saved.status} ${JSON.stringify(saved.body)}`);
          boardVersion = saved.body.version;
        },
      };
    });
  }
  await runChanges('playlist saves (PUT /api/playlists/floor)', (n) => {
    const expected = playlistVersion + 1;
    return {
      arrived: (seen) => seen.playlistVersion === expected,
      send: async () => {
        const saved = await json(origin, 'PUT', '/api/playlists/floor', { cookie: supervisor }, { name: 'Floor', playlist: playlist(15 + (n % 30)), baseVersion: playlistVersion });
        if (saved.status !== 200) throw new Error(`PUT /api/playlists/floor: ${saved.status} ${JSON.stringify(saved.body)}`);
        playlistVersion = saved.body.version;
      },
    };
  });

  const fetches = tvs.reduce((n, tv) => n + tv.fetches, 0);
  const failures = tvs.reduce((n, tv) => n + tv.failures, 0);
  for (const tv of tvs) tv.stop();
  console.log(`TV fetches ${fetches}, failed requests ${failures}`);

  if (!values['no-docs']) writeDocs({ empty, idle, results, failures, boardsApi });
}

function writeDocs({
  empty,
  idle,
  results,
  failures,
  boardsApi,
}: {
  empty: Window;
  idle: Window;
  results: { kind: string; window: Window; latencies: number[]; acknowledged: number[]; missed: number }[];
  failures: number;
  boardsApi: boolean;
}): void {
  const section = `## ${displayCount} displays on one server (${engine})`;
  const cpuModel = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const args = [values.postgres ? '--postgres' : '', `--displays ${displayCount}`, `--changes ${changeCount}`, `--change-seconds ${changeMs / 1000}`, `--idle-seconds ${idleMs / 1000}`]
    .filter(Boolean)
    .join(' ');
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
  const lines = [
    section,
    '',
    `\`npm run bench:displays -- ${args}\`, run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} cores (\`nproc\` ${execFileSync('nproc', { encoding: 'utf8' }).trim()}), ${cpuModel}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
    '',
    `One server process (\`server/src/main.ts --dev\`, ${engine === 'SQLite' ? 'SQLite in a temporary DATA_DIR' : 'PostgreSQL 15 on the same machine'}); its embedded emulator and the ${displayCount} simulated TVs (this script, one Node process) run beside it on the same cores. Each TV was paired through the pairing flow, holds a push socket with its display cookie, sends a heartbeat every 10 s and fetches \`GET /api/display\` on every push event, as the kiosk does. A change's latency runs from the supervisor's acknowledged response to a TV having fetched the changed playlist or board (0 when it had it before the response arrived).${boardsApi ? '' : ' **The boards API was not there: only playlist changes were measured.**'}`,
    '',
    '| Server | RSS mean / max (MiB) | CPU (% of one core) |',
    '| --- | --- | --- |',
    `| no displays, idle (${f(empty.seconds)} s) | ${f(empty.rssMean)} / ${f(empty.rssMax)} | ${f(empty.cpuPercent)} |`,
    `| ${displayCount} displays, idle: heartbeats only (${f(idle.seconds)} s) | ${f(idle.rssMean)} / ${f(idle.rssMax)} | ${f(idle.cpuPercent)} |`,
    ...results.map((r) => `| ${changeCount} ${r.kind}, one every ${changeMs / 1000} s (${f(r.window.seconds)} s) | ${f(r.window.rssMean)} / ${f(r.window.rssMax)} | ${f(r.window.cpuPercent)} |`),
    '',
    `| Change | acknowledged p50 / max (ms) | push → all ${displayCount} re-fetched: p50 / p95 / max (ms) | missed |`,
    '| --- | --- | --- | --- |',
    ...results.map(
      (r) =>
        `| ${r.kind} | ${f(percentile(r.acknowledged, 50))} / ${f(Math.max(...r.acknowledged))} | ${f(percentile(r.latencies, 50))} / ${f(percentile(r.latencies, 95))} / ${f(Math.max(...r.latencies))} | ${r.missed} |`,
    ),
    '',
    `Failed TV requests over the run: ${failures}.`,
    '',
  ];
  const text = lines.join('\n');
  const existing = existsSync(DOCS) ? readFileSync(DOCS, 'utf8') : '# Benchmarks\n';
  const start = existing.indexOf(section);
  const next = start < 0 ? -1 : existing.indexOf('\n## ', start + section.length);
  const updated = start < 0 ? `${existing.trimEnd()}\n\n${text}` : `${existing.slice(0, start)}${text}${next < 0 ? '' : existing.slice(next + 1)}`;
  writeFileSync(DOCS, updated.endsWith('\n') ? updated : `${updated}\n`);
  console.log(`Wrote the "${section.slice(3)}" section of docs/benchmarks.md`);
}

try {
  await main();
} finally {
  await cleanUp();
}
