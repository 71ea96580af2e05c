/**
 * Benchmark (not a test) of issues 6 and 13: the wallboard at contact-centre scale, compared with what a team would
 * otherwise build; and the everyday TV.
 *
 *   npm run bench [-- --only large|tv|kiosk --no-docs --dist DIR]
 *     large: [--minutes 10 --compare-minutes 2 --warmup 1 --speed 30 --strategies a,p,b,c --profile-seconds 20 --profile-out PREFIX]
 *     tv:    [--tv-minutes 3 --tv-warmup 1 --tv-cpu-throttle 4 --tv-page kiosk|frames --tv-slide-seconds 5]
 *
 * The large scenario. The production build (made here with `ng build` and scripts/build-sw.mjs into a temporary
 * directory, unless --dist names one) served by the wallboard server (server/src/main.ts) with its embedded emulator on the generated large
 * scenario (2,000 agents, 200 services, 50 groups; seed 1; clock from a busy hour). For each strategy, in turn and
 * each on a fresh emulator with the same seed and start, so on the same data:
 *   (a) the wallboard as it is (live lists in a Web Worker); (p) the same lists written on the page's thread (its
 *   previous design, and its fallback); (b) Apollo's documented `subscribeToMore` + `updateQuery`; (c) polling every second
 * (the `?live=` parameter of the bench build, bench/app/live-strategies.ts), Debian's Chromium logs in as admin and shows one
 * board of every service and every agent: a 1920×2160 page holding its services page and its agents page as two
 * 1080p same-origin frames, so both run on one renderer main thread, as on one TV. After a warm-up it measures
 * (bench/wallboard-page.ts in the page, CDP outside it): message-to-screen latency, main-thread busy share and
 * long tasks, frames dropped, JS heap and DOM nodes after a forced GC, entities and bytes per second; then cold and
 * warm loads of /kiosk (bytes and time to the first live number). Strategy (a) runs `--minutes` (its heap and DOM
 * run), the comparison uses the first `--compare-minutes` of it and the same length of (b) and (c). After (a)'s
 * window, once, the emulator is paused through its control plane and the page watched until its figures stop
 * changing ("settled"), then resumed.
 *
 * The everyday TV (issue 13): 300 agents, 30 services, 10 groups at real time (speed 1), the production build, the
 * page's CPU throttled 4× (CDP `Emulation.setCPUThrottlingRate`), strategy (a) only. By default the page is what a TV
 * runs: the board's kiosk link at 1920×1080, playing its services, groups and agents slides, paging long slides,
 * `--tv-slide-seconds` (5) a step, so that one window sees every slide; `--tv-page frames` shows the large scenario's two-frame page instead
 * (two 1080p screens on one main thread: more than a TV does). The same figures over `--tv-minutes` after
 * `--tv-warmup`, then the same settle watch.
 *
 * Prints the figures and writes the sections "## Wallboard at scale" (with the chart docs/wallboard-at-scale.svg)
 * and "## The everyday TV" of docs/benchmarks.md, each only for a scenario that ran (unless --no-docs).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as echarts from 'echarts';
import { type Browser, type BrowserContext, type CDPSession, type Page, chromium } from 'playwright-core';
import { ADMIN, CHROMIUM, CHROMIUM_FLAGS, ROOT, assertChromium, freePort, loginThroughForm, sleep, startProcess, stopProcess } from '../e2e/harness.ts';
import { machineDescription, percentile, writeDocsSection } from './bench-report.ts';
import { type Drained, type Settled, instrumentPage } from './wallboard-page.ts';
import { type OfferProbe, startOfferProbe } from './wallboard-probe.ts';
import { WorkerHeaps } from './worker-heap.ts';

const SECTION = '## Wallboard at scale';
const TV_SECTION = '## The everyday TV';
/** Where the TV's section goes the first time: after the large scenario's reading. */
const TV_SECTION_AFTER = '## Wallboard at scale: reading (by hand, not overwritten by the benchmark)';
const CHART = fileURLToPath(new URL('../docs/wallboard-at-scale.svg', import.meta.url));
/** The emulator's history: the same seed and start (a busy hour) for every run. */
const TICK_MS = 1000;
const HISTORY = ['--seed', '1', '--start', '2026-11-24T10:00:00Z', '--tick-ms', String(TICK_MS)];
const TOKEN = 'rtd-wallboard-kiosk-demo-token';
const BENCH_PATH = '/__wallboard-bench';
const SAMPLE_MS = 5_000;
const HEAP_EVERY_MS = 120_000;
const FRAME = { width: 1920, height: 1080 };
/** How long the page is watched after the server pauses; a figure still changing at its end is reported as such. */
const SETTLE_WATCH_MS = 10_000;
/** The watch starts this long before the pause: the changes it sees then show that it sees changes at all. */
const SETTLE_BEFORE_MS = 3_000;
/** Ticks stepped one at a time while paused, each watched this long: the worst counts. */
const SETTLE_STEPS = 3;
const SETTLE_STEP_WATCH_MS = 5_000;
/** The kiosk link editor's default step (src/app/features/kiosk/kiosk-config.ts, DEFAULT_SLIDE_SECONDS). */
const KIOSK_DEFAULT_SLIDE_SECONDS = 20;

const STRATEGIES = {
  a: {
    live: null,
    label:
      'the wallboard: its live lists in a Web Worker (socket, subscribe, snapshot, deltas merged by the generated cache policies, state machines), the page patched at most once a frame with the entities written, sized to its budget, into per-list signals',
  },
  p: {
    live: 'page',
    label: "the wallboard's previous design, its fallback without workers: the same live lists written on the page's thread, paced per frame within a budget, on the page's own socket",
  },
  b: {
    live: 'subscribe-to-more',
    label: "Apollo's documented pattern: watchQuery + subscribeToMore, each payload written by Apollo through the same policies, updateQuery adding and removing entries",
  },
  c: { live: 'polling', label: 'polling the same queries every 1 s over HTTP, no subscriptions' },
} as const;
type StrategyKey = keyof typeof STRATEGIES;

// ---------------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const { values } = parseArgs({
  args: argv,
  strict: true,
  options: {
    /**
     * One scenario only: `large` (issue 6's comparison) or `tv` (the everyday TV); both when left out. `kiosk` only
     * prints the large scenario's cold and warm /kiosk loads (a minute, nothing written to the docs).
     */
    only: { type: 'string' },
    minutes: { type: 'string', default: '10' },
    'compare-minutes': { type: 'string', default: '2' },
    warmup: { type: 'string', default: '1' },
    speed: { type: 'string', default: '30' },
    strategies: { type: 'string', default: 'a,p,b,c' },
    'tv-minutes': { type: 'string', default: '3' },
    'tv-warmup': { type: 'string', default: '1' },
    'tv-cpu-throttle': { type: 'string', default: '4' },
    'tv-page': { type: 'string', default: 'kiosk' },
    /**
     * The TV kiosk's step. The link editor's default is 20 s, but at 1080p the services slide alone then takes over
     * 4 minutes (13 or more screenfuls): at 5 s one window sees every slide and the changes between them.
     */
    'tv-slide-seconds': { type: 'string', default: '5' },
    dist: { type: 'string' },
    'profile-seconds': { type: 'string', default: '20' },
    /** Also writes each strategy's raw CPU profile (Chromium's .cpuprofile, for DevTools) to this file prefix. */
    'profile-out': { type: 'string' },
    'no-docs': { type: 'boolean', default: false },
  },
});
function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
type NumberOption = 'minutes' | 'compare-minutes' | 'warmup' | 'speed' | 'tv-minutes' | 'tv-warmup' | 'tv-cpu-throttle';
function positive(name: NumberOption, min = 0): number {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n <= min) fail(`--${name} must be a number above ${min} (got "${values[name]}")`);
  return n;
}
const minutes = positive('minutes');
const compareMinutes = Math.min(positive('compare-minutes'), minutes);
const warmupMinutes = positive('warmup');
const speed = positive('speed');
const tvMinutes = positive('tv-minutes');
const tvWarmupMinutes = positive('tv-warmup');
const tvThrottle = Number(values['tv-cpu-throttle']);
if (!Number.isFinite(tvThrottle) || tvThrottle < 1) fail(`--tv-cpu-throttle must be a number from 1 (none) up (got "${values['tv-cpu-throttle']}")`);
const tvSlideSeconds = Number(values['tv-slide-seconds']);
if (!Number.isFinite(tvSlideSeconds) || tvSlideSeconds < 3 || tvSlideSeconds > 3600)
  fail(`--tv-slide-seconds must be a number of seconds from 3 to 3600, as in a kiosk link (got "${values['tv-slide-seconds']}")`);
const tvPage = values['tv-page'];
if (tvPage !== 'kiosk' && tvPage !== 'frames') fail(`--tv-page must be kiosk or frames (got "${tvPage}")`);
const profileSeconds = Number(values['profile-seconds']);
if (!Number.isFinite(profileSeconds) || profileSeconds < 0) fail(`--profile-seconds must be a number, 0 for no profile (got "${values['profile-seconds']}")`);
const strategies = [...new Set(values.strategies.split(',').map((s) => s.trim()))] as StrategyKey[];
if (!strategies.length || strategies.some((s) => !(s in STRATEGIES))) fail(`--strategies takes a comma-separated list of a, p, b and c (got "${values.strategies}")`);
if (values.only !== undefined && !['large', 'tv', 'kiosk'].includes(values.only)) fail(`--only takes large, tv or kiosk (got "${values.only}")`);
const runKioskOnly = values.only === 'kiosk';
const runLarge = values.only === undefined || values.only === 'large';
const runTv = values.only === undefined || values.only === 'tv';
const command = `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`;

// ---------------------------------------------------------------------------------------------------------
// The scenarios, the board, the page, the server
// ---------------------------------------------------------------------------------------------------------

/** A generated contact centre, how fast it runs, and how the browser shows it. */
interface Scenario {
  name: 'large' | 'tv';
  agents: number;
  services: number;
  groups: number;
  speed: number;
  /** The board's id and name. */
  board: { id: string; name: string };
  /** `frames`: /services and /agents as two 1080p frames of one page; `kiosk`: the kiosk link on one 1080p screen. */
  page: 'frames' | 'kiosk';
  /** Chromium's CPU slowed this many times (CDP Emulation.setCPUThrottlingRate); 1 is none. */
  cpuThrottle: number;
  warmupMinutes: number;
  /** The first minutes of a measured window, the "compare" phase (the whole window for the TV). */
  compareMinutes: number;
}

const LARGE: Scenario = {
  name: 'large',
  agents: 2000,
  services: 200,
  groups: 50,
  speed,
  board: { id: 'scale', name: 'Every service and agent' },
  page: 'frames',
  cpuThrottle: 1,
  warmupMinutes,
  compareMinutes,
};
const TV: Scenario = {
  name: 'tv',
  agents: 300,
  services: 30,
  groups: 10,
  speed: 1,
  board: { id: 'tv', name: 'The everyday TV' },
  page: tvPage,
  cpuThrottle: tvThrottle,
  warmupMinutes: tvWarmupMinutes,
  compareMinutes: tvMinutes,
};

const emulatorArgs = (scenario: Scenario) => [
  '--agents',
  String(scenario.agents),
  '--services',
  String(scenario.services),
  '--groups',
  String(scenario.groups),
  ...HISTORY,
  '--speed',
  String(scenario.speed),
];
/** The emulator's options as the docs show them. */
const emulatorLine = (scenario: Scenario) => `\`--agents ${scenario.agents} --services ${scenario.services} --groups ${scenario.groups}\`, \`${HISTORY.join(' ')} --speed ${scenario.speed}\``;

const codes = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}_${i + 1}`);
const onEveryChannel = (list: string[]) => ({ CALL: list, VIDEO: list, CHAT: list });
/**
 * Every service and group of the generated scenario on every channel, and every agent (an empty agent filter), in
 * the board file format; the fields left out take their defaults (README, Boards).
 */
function boardFile(scenario: Scenario) {
  return {
    format: 'rtd-wallboard/boards',
    version: 1,
    boards: [
      {
        ...scenario.board,
        services: onEveryChannel(codes('service', scenario.services)),
        groups: onEveryChannel(codes('skillset', scenario.groups)),
        thresholds: { serviceLevel: { warning: 80, critical: 70 }, longestWait: { warning: 60, critical: 120 }, abandonRate: { warning: 5, critical: 8 }, holdSeconds: 5 },
      },
    ],
  };
}

const liveQuery = (key: StrategyKey) => (STRATEGIES[key].live ? `live=${STRATEGIES[key].live}` : '');

/**
 * The kiosk link of the board (README, Kiosk mode): for the kiosk loads, its services then its agents, 60 s each;
 * for a TV, its services, groups and agents at the link editor's default step.
 */
function kioskLink(origin: string, key: StrategyKey, scenario: Scenario, tv = false): string {
  const slides = tv
    ? (['services', 'groups', 'agents'] as const).map((page) => ({ board: scenario.board.id, page, seconds: tvSlideSeconds }))
    : (['services', 'agents'] as const).map((page) => ({ board: scenario.board.id, page, seconds: 60 }));
  const config = { slides, sound: false, burnIn: false, staleSeconds: 15, dailyReloadHour: null };
  const bundle = Buffer.from(JSON.stringify({ config, boards: boardFile(scenario) })).toString('base64url');
  const query = liveQuery(key);
  return `${origin}/kiosk${query ? `?${query}` : ''}#${new URLSearchParams({ token: TOKEN, kiosk: bundle })}`;
}

/** One screen, two same-origin frames: the board's services page above its agents page. */
function benchPage(key: StrategyKey, scenario: Scenario): string {
  const query = `board=${scenario.board.id}${liveQuery(key) ? `&${liveQuery(key)}` : ''}`;
  const frame = (page: string) => `<iframe id="${page}" src="/${page}?${query}" width="${FRAME.width}" height="${FRAME.height}"></iframe>`;
  return `<!doctype html><title>Wallboard at scale</title><style>body{margin:0}iframe{display:block;border:0}</style>${frame('services')}${frame('agents')}`;
}

/**
 * Runs in every document before the app: the measuring script. tsx's esbuild may wrap named functions in
 * `__name(…)`, which the page does not have: a stand-in keeps the function's source valid.
 */
const initScript = `var __name = (target) => target;
(${instrumentPage.toString()})();`;

/** Saves the scenario's board on the wallboard server as the signed-in supervisor (the page's session), as the board editor does. */
async function saveBoard(page: Page, scenario: Scenario): Promise<void> {
  const [board] = boardFile(scenario).boards;
  let answer = '';
  // The app opens its server session just after the login: until it has, the server answers 401.
  for (const started = Date.now(); Date.now() - started < 30_000; await sleep(500)) {
    answer = await page.evaluate(async (board) => {
      const response = await fetch(`/api/boards/${encodeURIComponent(board.id)}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ board, baseVersion: null }),
      });
      return `${response.status} ${await response.text()}`;
    }, board);
    if (!answer.startsWith('401')) break;
  }
  if (!answer.startsWith('200')) throw new Error(`PUT /api/boards/${board.id}: ${answer.slice(0, 300)}`);
}

function runNode(args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, NG_CLI_ANALYTICS: 'false', NG_FORCE_TTY: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`node ${args.join(' ')} failed (exit ${code}):\n${output.slice(-3000)}`));
    });
  });
}

/** `npm run build`, into a temporary directory: the production build with its service worker and precompressed files. */
async function buildApp(configuration: 'production' | 'bench'): Promise<{ dist: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'rtd-bench-build-'));
  console.log(`Building the app (ng build --configuration ${configuration}, then the service worker and the precompressed copies) into ${dir}…`);
  const started = Date.now();
  await runNode(['node_modules/@angular/cli/bin/ng.js', 'build', '--configuration', configuration, '--output-path', dir], 600_000);
  const dist = join(dir, 'browser');
  await runNode(['scripts/build-sw.mjs', dist], 120_000);
  await runNode(['scripts/precompress.mjs', dist], 120_000);
  console.log(`Built in ${Math.round((Date.now() - started) / 1000)} s`);
  return { dist, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The wallboard server (server/src/main.ts) with a fresh embedded emulator: the same seed and start every time, so the same history. The
 * emulator's own origin (EMULATOR_PORT, loopback) is where its control plane answers.
 */
async function startServer(dist: string, scenario: Scenario) {
  const port = await freePort();
  const emulatorPort = await freePort();
  const server = await startProcess(
    'serve',
    ['--import', 'tsx', 'server/src/main.ts', ...emulatorArgs(scenario)],
    { DIST: dist, PORT: String(port), HOST: '127.0.0.1', EMULATOR_PORT: String(emulatorPort), DATA_DIR: mkdtempSync(join(tmpdir(), 'rtd-bench-data-')) },
    /open (http:\/\/127\.0\.0\.1:\d+)\//,
    180_000,
  );
  return { origin: server.match[1], control: `http://127.0.0.1:${emulatorPort}`, stop: () => stopProcess(server.child) };
}

/**
 * One request to the emulator's control plane (emulator/src/transport/control-plane.ts): from loopback, to a
 * loopback Host, with a JSON body and no foreign Origin, as it requires.
 */
async function controlPlane(control: string, action: 'pause' | 'resume' | 'step', body: Record<string, unknown> = {}): Promise<{ paused?: boolean }> {
  const response = await fetch(`${control}/simulator/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`POST /simulator/${action}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as { paused?: boolean };
}

// ---------------------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------------------

/** CPU time of every core since boot, ms: busy and in all. */
function machineCpu(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * The browser's own record of /rtdserver traffic (CDP Network): bytes each way, and when each data payload reached
 * the browser, so that latency also counts the time a message waited for a busy main thread before the page's
 * script saw it. CDP stamps are monotonic seconds: calibration requests made from the page, which notes its own
 * clock as it makes them, give the offset to the page's clock (the largest offset seen is the closest).
 */
class NetworkLog {
  /**
   * Bytes each way; entities the server put in subscription payloads (whether or not the page kept up with them);
   * sockets opened (more than one per frame means the app dropped and reopened its socket).
   */
  readonly traffic = { received: 0, sent: 0, sentEntities: 0, socketsOpened: 0 };
  /** Ids of the queries the page sent (snapshots): their answers are not subscription payloads. */
  private readonly queryIds = new Set<string>();
  private readonly rtd = new Map<string, number>();
  private readonly arrivals = new Map<string, number[]>();
  private readonly calibrations = new Map<string, number>();
  private offsetMs = -Infinity;
  private calibration = 0;
  /** Set once the measuring is over: the log stops reading frames, so this process keeps up with what follows. */
  quiet = false;

  constructor(
    cdp: CDPSession,
    private readonly page: Page,
  ) {
    cdp.on('Network.requestWillBeSent', (e) => {
      const url = new URL(e.request.url);
      const asked = this.calibrations.get(url.searchParams.get('bench-clock') ?? '');
      if (asked !== undefined) this.offsetMs = Math.max(this.offsetMs, asked - e.timestamp * 1000);
      if (url.pathname !== '/rtdserver') return;
      this.rtd.set(e.requestId, 0);
      this.traffic.sent += e.request.postData?.length ?? 0;
    });
    cdp.on('Network.dataReceived', (e) => {
      const bytes = this.rtd.get(e.requestId);
      if (bytes !== undefined) this.rtd.set(e.requestId, bytes + e.dataLength);
    });
    cdp.on('Network.loadingFinished', (e) => {
      const bytes = this.rtd.get(e.requestId);
      if (bytes === undefined) return;
      this.rtd.delete(e.requestId);
      this.traffic.received += e.encodedDataLength;
      this.arrived(`http:${bytes}`, e.timestamp);
    });
    cdp.on('Network.webSocketCreated', () => this.traffic.socketsOpened++);
    cdp.on('Network.webSocketFrameReceived', (e) => {
      if (this.quiet) return;
      const text = e.response.payloadData;
      this.traffic.received += text.length;
      if (!text.includes('"next"')) return;
      this.arrived(`${text.length}:${text.slice(0, 60)}`, e.timestamp);
      const message = parseJson(text) as { id?: string; payload?: { data?: Record<string, unknown> } } | null;
      // A subscription started before this log (the page's own, on a socket that never dropped) is any id not seen
      // going out as a query.
      if (!message?.payload?.data || this.queryIds.has(message.id ?? '')) return;
      for (const list of Object.values(message.payload.data)) if (Array.isArray(list)) this.traffic.sentEntities += list.length;
    });
    cdp.on('Network.webSocketFrameSent', (e) => {
      if (this.quiet) return;
      const text = e.response.payloadData;
      this.traffic.sent += text.length;
      const message = text.includes('"subscribe"') ? (parseJson(text) as { id?: string; payload?: { query?: string } } | null) : null;
      if (message?.id && !/(^|\s)subscription\s/.test(message.payload?.query ?? '')) this.queryIds.add(message.id);
    });
  }

  private arrived(key: string, timestamp: number): void {
    const list = this.arrivals.get(key) ?? [];
    list.push(timestamp * 1000);
    this.arrivals.set(key, list);
  }

  /** A CDP timestamp (monotonic seconds) on the page's clock (epoch ms); NaN before the first calibration. */
  pageTime(timestamp: number): number {
    return Number.isFinite(this.offsetMs) ? timestamp * 1000 + this.offsetMs : NaN;
  }

  /** A request from the page that notes the page's clock as it goes: one more point for the offset. */
  async calibrate(): Promise<void> {
    const id = String(++this.calibration);
    const at = await this.page.evaluate((id) => {
      const at = performance.timeOrigin + performance.now();
      void fetch(`/favicon.ico?bench-clock=${id}`, { cache: 'no-store' }).catch(() => {});
      return at;
    }, id);
    this.calibrations.set(id, at);
    await sleep(50);
  }

  /**
   * When the payload with this key reached the browser, on the page's clock: the oldest arrival of that key not
   * after the page saw it (older ones are dropped with it). Null when unknown.
   */
  take(key: string, dispatched: number): number | null {
    const list = this.arrivals.get(key);
    if (!list?.length || !Number.isFinite(this.offsetMs)) return null;
    const at = list[0]! + this.offsetMs;
    if (at > dispatched + 2) return null;
    list.shift();
    if (!list.length) this.arrivals.delete(key);
    return at;
  }

  /** Forgets arrivals nobody claimed (payloads the page did not see, e.g. before the frames loaded). */
  prune(olderThan: number): void {
    for (const [key, list] of this.arrivals) {
      while (list.length && list[0]! + this.offsetMs < olderThan) list.shift();
      if (!list.length) this.arrivals.delete(key);
    }
  }
}

/** Counters the page keeps (see Drained); a sample holds their growth since the last one. */
const COUNTERS = ['frames', 'framesDropped', 'subscriptionEntities', 'snapshotEntities', 'httpEntities', 'expectations', 'superseded', 'expired', 'instrumentMs'] as const;

interface Sample extends Pick<Drained, (typeof COUNTERS)[number]> {
  /** Seconds since the comparison window began, at the sample's end. */
  t: number;
  phase: 'compare' | 'rest';
  ms: number;
  taskMs: number;
  scriptMs: number;
  styleLayoutMs: number;
  /** Milliseconds of forced garbage collection (the benchmark's own) within the sample. */
  gcMs: number;
  /**
   * [start epoch ms, ms to the DOM, ms to the painted frame, ms the payload waited before the page's script saw it
   * (NaN: unknown), the payload was a snapshot (a query's answer over the socket)].
   */
  latencies: [number, number, number, number, boolean][];
  /** Payloads matched with the browser's network record, and not. */
  matched: number;
  unmatched: number;
  longTasks: [number, number][];
  longestFrameGap: number;
  received: number;
  sent: number;
  /** Entities in subscription payloads: sent to the page (its frames' sockets), offered to a subscriber that keeps up. */
  sentEntities: number;
  offeredEntities: number;
  socketsOpened: number;
  /** The whole machine's CPU time (every process, every core) in the sample, ms, and the time available, ms. */
  machineBusyMs: number;
  machineMs: number;
  heapMb: number;
  nodes: number;
  /** The kiosk's slide at the sample's end (board/page/screenful), '' for the two-frame page. */
  slide: string;
}

interface HeapSample {
  minute: number;
  /** The page's and its workers' JS heap together, MiB. */
  heapMb: number;
  /** Of which the workers' (the live lists' worker: socket and Apollo cache). */
  workerHeapMb: number;
  nodes: number;
}

/** Samples the page: what its frames gathered, and CDP's metrics, as differences since the last sample. */
class Meter {
  private last = new Map<string, number>();
  private lastAt = Date.now();
  private lastCounters: Record<string, number> = {};
  private lastTraffic = { received: 0, sent: 0, sentEntities: 0, socketsOpened: 0 };
  private lastOffered = 0;
  private lastCpu = machineCpu();
  private gcMs = 0;
  /** Payloads seen by the page, by id: when the page's script saw each, and when the browser had it. */
  private readonly payloads = new Map<string, { dispatched: number; start: number; queued: number; snapshot: boolean }>();
  readonly gcWindows: [number, number][] = [];

  private readonly traffic: NetworkLog['traffic'];

  constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
    private readonly network: NetworkLog,
    private readonly probe: OfferProbe,
    private readonly workers: WorkerHeaps,
  ) {
    this.traffic = network.traffic;
  }

  private async metrics(): Promise<Map<string, number>> {
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    return new Map(metrics.map((m) => [m.name, m.value]));
  }

  async sample(t: number, phase: Sample['phase']): Promise<Sample> {
    await this.network.calibrate();
    const drained = (
      await Promise.all(this.page.frames().map((frame) => frame.evaluate(() => (window as unknown as { __bench?: { drain(): unknown } }).__bench?.drain() ?? null).catch(() => null)))
    ).filter((d): d is Drained => d !== null);
    const slide = await this.page.evaluate(() => document.querySelector('app-kiosk-page')?.getAttribute('data-slide') ?? '').catch(() => '');
    const now = Date.now();
    const cpu = machineCpu();
    const metrics = await this.metrics();
    const workerHeapMb = await this.workers.usedMb();
    const delta = (name: string) => 1000 * ((metrics.get(name) ?? 0) - (this.last.get(name) ?? 0));
    const counters = Object.fromEntries(COUNTERS.map((name) => [name, drained.reduce((sum, d) => sum + d[name], 0)]));
    // A frame that reloaded starts its counters again: never a negative difference.
    const since = (name: (typeof COUNTERS)[number]) => Math.max(0, counters[name]! - (this.lastCounters[name] ?? 0));
    const sample: Sample = {
      t,
      phase,
      ms: now - this.lastAt,
      taskMs: delta('TaskDuration'),
      scriptMs: delta('ScriptDuration'),
      styleLayoutMs: delta('RecalcStyleDuration') + delta('LayoutDuration'),
      gcMs: this.gcMs,
      ...this.latencies(drained),
      longTasks: drained.flatMap((d) => d.longTasks),
      ...(Object.fromEntries(COUNTERS.map((name) => [name, since(name)])) as Pick<Sample, (typeof COUNTERS)[number]>),
      longestFrameGap: Math.max(0, ...drained.map((d) => d.longestFrameGap)),
      received: this.traffic.received - this.lastTraffic.received,
      sent: this.traffic.sent - this.lastTraffic.sent,
      sentEntities: this.traffic.sentEntities - this.lastTraffic.sentEntities,
      offeredEntities: this.probe.entities() - this.lastOffered,
      machineBusyMs: cpu.busy - this.lastCpu.busy,
      machineMs: cpu.total - this.lastCpu.total,
      socketsOpened: this.traffic.socketsOpened - this.lastTraffic.socketsOpened,
      heapMb: (metrics.get('JSHeapUsedSize') ?? 0) / 2 ** 20 + workerHeapMb,
      nodes: metrics.get('Nodes') ?? 0,
      slide,
    };
    this.last = metrics;
    this.lastAt = now;
    this.lastCounters = counters;
    this.lastTraffic = { ...this.traffic };
    this.lastOffered = this.probe.entities();
    this.lastCpu = cpu;
    this.gcMs = 0;
    return sample;
  }

  /** Each timed figure from the moment its payload reached the browser (or, unmatched, reached the page's script). */
  private latencies(drained: Drained[]): Pick<Sample, 'latencies' | 'matched' | 'unmatched'> {
    let matched = 0;
    let unmatched = 0;
    for (const [id, key, dispatched, snapshot] of drained.flatMap((d) => d.seen)) {
      const arrived = this.network.take(key, dispatched);
      if (arrived === null) unmatched++;
      else matched++;
      this.payloads.set(id, { dispatched, start: arrived ?? dispatched, queued: arrived === null ? NaN : dispatched - arrived, snapshot });
    }
    const latencies: Sample['latencies'] = [];
    for (const [id, dom, painted] of drained.flatMap((d) => d.latencies)) {
      const payload = this.payloads.get(id);
      if (payload) latencies.push([payload.start, dom - payload.start, painted - payload.start, payload.queued, payload.snapshot]);
    }
    const old = Date.now() - 60_000;
    for (const [id, payload] of this.payloads) if (payload.dispatched < old) this.payloads.delete(id);
    this.network.prune(old);
    return { latencies, matched, unmatched };
  }

  /** JS heap (the page's and its workers') and DOM nodes after a forced garbage collection; its time is left out of the busy share. */
  async heap(minute: number): Promise<HeapSample> {
    const started = Date.now();
    await Promise.all([this.cdp.send('HeapProfiler.collectGarbage'), this.workers.collectGarbage()]);
    const ended = Date.now();
    this.gcWindows.push([started, ended]);
    this.gcMs += ended - started;
    const metrics = await this.metrics();
    const workerHeapMb = await this.workers.usedMb();
    return { minute, heapMb: (metrics.get('JSHeapUsedSize') ?? 0) / 2 ** 20 + workerHeapMb, workerHeapMb, nodes: metrics.get('Nodes') ?? 0 };
  }
}

interface StrategyRun {
  key: StrategyKey;
  samples: Sample[];
  heap: HeapSample[];
  gcWindows: [number, number][];
  kiosk: { cold: KioskLoad; warm: KioskLoad };
  profile: ProfileRow[];
  /** The settle watch after the window (null: not done in this run). */
  settle: Settle | null;
  errors: string[];
}
/** A run without the kiosk loads (the TV's). */
type Measured = Omit<StrategyRun, 'kiosk'>;

interface ProfileRow {
  /** Function name (method names survive minification) and script file. */
  where: string;
  /** Share of the samples in which the main thread was not idle. */
  selfPct: number;
}

/**
 * Where the main thread's time goes: a CPU profile (CDP Profiler, 1 ms sampling) taken after the measured window,
 * so its overhead never touches the figures; self time per function, the top ones.
 */
async function profileTopFunctions(cdp: CDPSession, seconds: number, saveAs?: string): Promise<ProfileRow[]> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  await sleep(seconds * 1000);
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.send('Profiler.disable');
  if (saveAs) writeFileSync(saveAs, JSON.stringify(profile));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, number>();
  let busy = 0;
  (profile.samples ?? []).forEach((id, i) => {
    const frame = nodes.get(id);
    const ms = (profile.timeDeltas?.[i + 1] ?? 1000) / 1000;
    if (!frame || frame.functionName === '(idle)') return;
    const file = frame.url ? frame.url.slice(frame.url.lastIndexOf('/') + 1) : '';
    const where = `${frame.functionName || '(anonymous)'}${file ? ` ${file}` : ''}`;
    self.set(where, (self.get(where) ?? 0) + ms);
    busy += ms;
  });
  return [...self.entries()]
    .sort((x, y) => y[1] - x[1])
    .slice(0, 12)
    .map(([where, ms]) => ({ where, selfPct: (100 * ms) / Math.max(busy, 1) }));
}

async function waitForBoard(page: Page, shape: Scenario['page']): Promise<void> {
  if (shape === 'kiosk') {
    await page.locator('[data-service] [data-field="queuedCalls"]:not([data-value=""])').first().waitFor({ timeout: 180_000 });
    return;
  }
  const services = page.frameLocator('#services');
  const agents = page.frameLocator('#agents');
  await services.locator('[data-service] [data-field="queuedCalls"]:not([data-value=""])').first().waitFor({ timeout: 180_000 });
  await agents.locator('[data-username] [data-field="numberCallIn"]:not([data-value=""])').first().waitFor({ timeout: 180_000 });
}

/** The page's clock (epoch ms, as the instrumentation stamps) minus this process's, from the quickest of a few asks. */
async function pageClockOffset(page: Page): Promise<number> {
  let best = { roundTrip: Infinity, offset: 0 };
  for (let i = 0; i < 5; i++) {
    const before = Date.now();
    const at = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = Date.now();
    if (after - before < best.roundTrip) best = { roundTrip: after - before, offset: at - (before + after) / 2 };
  }
  return best.offset;
}

/** What the page did after one control request, in ms from the emulator's answer to it. */
interface SettlePart {
  /** The request's round trip: it took effect within it. */
  roundTripMs: number;
  /** The last figure change painted (0: none after the answer). */
  settledMs: number;
  /** The same change, in the DOM. */
  settledDomMs: number;
  /** Figure changes after the answer, and the keys (entity|field) of the last few. */
  changes: number;
  lastKeys: string[];
  /** Data payloads that reached the page's script after the answer, and the last one. */
  payloads: number;
  lastPayloadMs: number;
  /** A figure changed in the last second of the watch: the screen had not settled by its end. */
  stillChanging: boolean;
}

/** The settle watch: the server paused, then one more tick sent while it stays paused. */
interface Settle {
  /** Figure changes seen in the SETTLE_BEFORE_MS before the pause (while the server ran): the watch sees changes. */
  changesBefore: number;
  /** After `POST /simulator/pause`, sent as a subscription message reached the browser. */
  pause: SettlePart;
  /** How long after that message reached the browser the pause was answered (NaN: none came within 5 s). */
  pauseLateMs: number;
  /** After each `POST /simulator/step` of one tick's simulated seconds, the page having settled: the tick's messages are queued before the answer, nothing after. */
  steps: SettlePart[];
  stepSeconds: number;
}

/** What the frames saw since they were armed, from `from` (page clock) on. */
function settlePart(found: Settled[], from: number, roundTripMs: number, watchedMs: number): SettlePart {
  const changes = found.flatMap((f) => f.changes).filter(([dom]) => dom >= from);
  const payloads = found.flatMap((f) => f.payloads).filter((at) => at >= from);
  const byPaint = changes.slice().sort((x, y) => x[1] - y[1] || x[0] - y[0]);
  return {
    roundTripMs,
    settledMs: byPaint.length ? byPaint[byPaint.length - 1]![1] - from : 0,
    settledDomMs: changes.length ? Math.max(...changes.map(([dom]) => dom)) - from : 0,
    changes: changes.length,
    lastKeys: byPaint.slice(-5).map(([, , key]) => key),
    payloads: payloads.length,
    lastPayloadMs: payloads.length ? Math.max(...payloads) - from : 0,
    stillChanging: changes.some(([dom]) => dom > from + watchedMs - 1_000),
  };
}

const partLine = (part: SettlePart) =>
  `settled ${n0(part.settledMs)} ms after the answer (in the DOM ${n0(part.settledDomMs)} ms): ${part.changes} figure changes after it, the last ${part.lastKeys.join(', ') || '—'}; ${part.payloads ? `${part.payloads} payloads after it, the last at ${n0(part.lastPayloadMs)} ms` : 'no payload after it'}${part.stillChanging ? '; STILL CHANGING at the end of the watch' : ''}`;

/**
 * The settle watch (bench/wallboard-page.ts: a figure's `data-value`, an agent row's `data-status`, keyed by entity
 * and field). Armed SETTLE_BEFORE_MS before the pause, so it is seen to see changes. Then: the emulator paused
 * (control plane) as soon as a subscription message reaches the browser, and the page watched SETTLE_WATCH_MS; then,
 * still paused, one tick's simulated time stepped, whose messages the emulator makes and queues to every subscriber before it answers (graphql-ws
 * writes them out one after another), and the page watched again. The first is the literal "the server pauses", at whatever point of a tick this process's reaction
 * lands (its lateness is given); the second is the server falling silent right after a tick, every time. Resumed
 * whatever happened.
 */
async function measureSettle(page: Page, cdp: CDPSession, network: NetworkLog, control: string, label: string, stepSeconds: number): Promise<Settle> {
  const frames = page.frames();
  const arm = () => Promise.all(frames.map((frame) => frame.evaluate(() => (window as unknown as { __bench?: { armSettle(): void } }).__bench?.armSettle()).catch(() => {})));
  const collect = async () =>
    (await Promise.all(frames.map((frame) => frame.evaluate(() => (window as unknown as { __bench?: { settle(): Settled } }).__bench?.settle() ?? null).catch(() => null)))).filter(
      (f): f is Settled => f !== null,
    );
  await arm();
  const armed = Date.now();
  const offset = await pageClockOffset(page);
  await sleep(Math.max(0, armed + SETTLE_BEFORE_MS - Date.now()));
  // When a subscription message reached the browser, on the page's clock (CDP's stamp), or null when none came in 5 s.
  const messageArrived = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => done(null), 5_000);
    const listener = (e: { timestamp: number; response: { payloadData: string } }) => {
      if (e.response.payloadData.includes('"next"')) done(network.pageTime(e.timestamp));
    };
    const done = (at: number | null) => {
      clearTimeout(timer);
      cdp.off('Network.webSocketFrameReceived', listener);
      resolve(at);
    };
    cdp.on('Network.webSocketFrameReceived', listener);
  });
  try {
    const asked = Date.now();
    const state = await controlPlane(control, 'pause');
    const answered = Date.now();
    if (state.paused !== true) throw new Error(`the emulator did not say it paused: ${JSON.stringify(state).slice(0, 200)}`);
    const pauseAt = answered + offset;
    const pauseLateMs = messageArrived === null ? NaN : pauseAt - messageArrived;
    console.log(
      `  (${label}) emulator paused ${messageArrived === null ? 'with no subscription message in 5 s' : `${n0(pauseLateMs)} ms after a subscription message reached the browser`}; watching the page for ${SETTLE_WATCH_MS / 1000} s…`,
    );
    await sleep(SETTLE_WATCH_MS);
    const afterPause = await collect();
    const changesBefore = afterPause.flatMap((f) => f.changes).filter(([dom]) => dom < asked + offset).length;
    const pause = settlePart(afterPause, pauseAt, answered - asked, SETTLE_WATCH_MS);
    console.log(`  (${label}) ${changesBefore} figure changes in the ${SETTLE_BEFORE_MS / 1000} s before the pause; after it: ${partLine(pause)}`);

    const steps: SettlePart[] = [];
    for (let i = 1; i <= SETTLE_STEPS; i++) {
      await arm();
      const stepAsked = Date.now();
      await controlPlane(control, 'step', { seconds: stepSeconds });
      const stepAnswered = Date.now();
      await sleep(SETTLE_STEP_WATCH_MS);
      const step = settlePart(await collect(), stepAnswered + offset, stepAnswered - stepAsked, SETTLE_STEP_WATCH_MS);
      console.log(`  (${label}) one tick stepped (${stepSeconds} simulated s) while paused, ${i} of ${SETTLE_STEPS}: ${partLine(step)}`);
      steps.push(step);
    }
    return { changesBefore, pause, pauseLateMs, steps, stepSeconds };
  } finally {
    await controlPlane(control, 'resume').catch((error) => console.warn(`  (${label}) could not resume the emulator: ${(error as Error).message}`));
  }
}

/**
 * Opens the scenario's page with the strategy (the two-frame page after logging in as admin, or the kiosk link),
 * warms up, measures the window; then, given the emulator's control plane, the settle watch; then a CPU profile.
 */
async function measureStrategy(browser: Browser, origin: string, key: StrategyKey, scenario: Scenario, windowMinutes: number, control: string | null): Promise<Measured> {
  const label = scenario.name === 'tv' ? `tv ${key}` : key;
  const viewport = scenario.page === 'frames' ? { width: FRAME.width, height: 2 * FRAME.height } : FRAME;
  // The probe in the app's worker loads from blob: URLs, which the app's policy (worker-src 'self') refuses.
  const context = await browser.newContext({ viewport, locale: 'en-US', serviceWorkers: 'block', bypassCSP: true });
  const errors: string[] = [];
  let probe: OfferProbe | undefined;
  try {
    await context.addInitScript({ content: initScript });
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    // Why the app dropped a socket (rtd-client.ts logs it), as it happens.
    page.on('console', (message) => {
      if (message.text().startsWith('RTD socket closed')) console.log(`  (${label}) ${message.text()}`);
    });
    const cdp = await context.newCDPSession(page);
    // Before anything loads: a slow TV is slow from its first page. The rate holds for the page's renderer, its
    // same-origin frames included, across navigations.
    if (scenario.cpuThrottle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: scenario.cpuThrottle });
    if (scenario.page === 'kiosk') {
      // The kiosk logs itself in with the link's token, as a TV does.
      await page.goto(kioskLink(origin, key, scenario, true), { waitUntil: 'commit' });
    } else {
      await page.goto(`${origin}/login`);
      await loginThroughForm(page, ADMIN.username, ADMIN.password);
      await page.waitForURL((url) => url.pathname !== '/login', { timeout: 60_000 });
      // Boards live on the wallboard server since issue 15: the board is saved there, as a supervisor's editor saves it.
      await saveBoard(page, scenario);
      // The production server forbids framing (X-Frame-Options, frame-ancestors): lifted for the two pages only,
      // while they load; the rest of the policy stays. Documents answered that way have no address, so Chromium's
      // local network access checks would refuse their sockets to 127.0.0.1 unless the origin may reach it.
      await context.grantPermissions(['local-network-access'], { origin });
      await context.route(
        (url) => url.pathname === BENCH_PATH,
        (route) => route.fulfill({ contentType: 'text/html', body: benchPage(key, scenario) }),
      );
      await context.route(
        (url) => url.pathname === '/services' || url.pathname === '/agents',
        async (route) => {
          const response = await route.fetch();
          const headers = { ...response.headers() };
          for (const name of ['x-frame-options', 'content-encoding', 'content-length']) delete headers[name];
          if (headers['content-security-policy']) headers['content-security-policy'] = headers['content-security-policy'].replace(/frame-ancestors[^;]*;?/, '');
          await route.fulfill({ response, headers });
        },
      );
      await page.goto(`${origin}${BENCH_PATH}`);
    }
    await waitForBoard(page, scenario.page);
    await context.unrouteAll({ behavior: 'wait' });

    await cdp.send('Performance.enable');
    await cdp.send('Network.enable');
    probe = await startOfferProbe(origin, codes('service', scenario.services), codes('user', scenario.agents));
    const network = new NetworkLog(cdp, page);
    const meter = new Meter(page, cdp, network, probe, await WorkerHeaps.attach(cdp));
    await meter.sample(0, 'compare');
    console.log(`  (${label}) warming up ${scenario.warmupMinutes} min…`);
    const warmupEnd = Date.now() + scenario.warmupMinutes * 60_000;
    // Drained as it goes, and thrown away: what the page gathers must not pile up in the heap being measured.
    while (Date.now() < warmupEnd) {
      await sleep(Math.min(SAMPLE_MS, warmupEnd - Date.now()));
      await meter.sample(0, 'compare');
    }
    const heap = [await meter.heap(0)];
    await sleep(2_000);
    await meter.sample(0, 'compare');

    const started = Date.now();
    const samples: Sample[] = [];
    let nextHeap = started + scenario.compareMinutes * 60_000;
    const end = started + windowMinutes * 60_000;
    while (Date.now() < end - 500) {
      await sleep(Math.min(SAMPLE_MS, end - Date.now()));
      const t = (Date.now() - started) / 1000;
      const sample = await meter.sample(t, t <= scenario.compareMinutes * 60 + 1 ? 'compare' : 'rest');
      samples.push(sample);
      const p95 = percentile(
        sample.latencies.map((l) => l[2]),
        0.95,
      );
      console.log(
        `  (${label}) ${(t / 60).toFixed(1)} min  entities/s: ${Math.round((1000 * sample.offeredEntities) / sample.ms)} offered, ${Math.round((1000 * sample.sentEntities) / sample.ms)} sent to the page, ${Math.round((1000 * sample.subscriptionEntities) / sample.ms)} seen by the page, ${Math.round((1000 * sample.snapshotEntities) / sample.ms)} in snapshots, ${Math.round((1000 * sample.httpEntities) / sample.ms)} in HTTP answers${sample.socketsOpened ? `  sockets opened ${sample.socketsOpened}` : ''}  latency p95 ${p95.toFixed(0)} ms (${sample.latencies.length})  busy ${((100 * (sample.taskMs - sample.gcMs)) / sample.ms).toFixed(0)} %  long tasks ${sample.longTasks.length}  heap ${sample.heapMb.toFixed(0)} MiB  nodes ${sample.nodes}${sample.slide ? `  slide ${sample.slide}` : ''}`,
      );
      if (Date.now() >= nextHeap - 1_000) {
        const h = await meter.heap((Date.now() - started) / 60_000);
        heap.push(h);
        console.log(`  (${label}) after a forced GC: heap ${h.heapMb.toFixed(1)} MiB (workers ${h.workerHeapMb.toFixed(1)}), ${h.nodes} DOM nodes`);
        nextHeap = Math.min(end, nextHeap + HEAP_EVERY_MS);
      }
    }
    if (heap[heap.length - 1]!.minute < windowMinutes - 0.2) heap.push(await meter.heap((Date.now() - started) / 60_000));
    // After the window, so its few seconds without data stay out of the figures; with this process quiet (the probe
    // and the network log each parse every message), so that it reacts at once to the message that prompts the pause.
    network.quiet = true;
    await probe.close().catch(() => {});
    probe = undefined;
    const settle = control
      ? await measureSettle(page, cdp, network, control, label, scenario.speed * (TICK_MS / 1000)).catch(
          (error) => (console.warn(`  (${label}) settle watch failed: ${(error as Error).message}`), null),
        )
      : null;
    const profileFile = values['profile-out'] && `${values['profile-out']}-${scenario.name === 'tv' ? 'tv' : key}.cpuprofile`;
    const profile = profileSeconds > 0 ? await profileTopFunctions(cdp, profileSeconds, profileFile) : [];
    return { key, samples, heap, gcWindows: meter.gcWindows, profile, settle, errors };
  } finally {
    await probe?.close().catch(() => {});
    await context.close().catch(() => {});
  }
}

interface KioskLoad {
  /** From navigation start to the first number of a tile on screen. */
  firstNumberMs: number;
  /** App files over the network (HTML, JS, CSS, fonts, images), transfer size. */
  appBytes: number;
  appRequests: number;
  /** Served by the service worker or the browser's cache instead. */
  cachedRequests: number;
  /** /rtdserver HTTP and socket bytes received until then. */
  rtdBytes: number;
}

/** A kiosk opening its link in a fresh browser profile (cold), then starting again from the same profile (warm). */
/** What a GET of `url` transfers, headers and compressed body, asked as Chromium asks (gzip, deflate, br). */
function transferBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers: { 'accept-encoding': 'gzip, deflate, br' } }, (response) => {
      let bytes = response.rawHeaders.reduce((sum, part) => sum + part.length + 2, 0);
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve(bytes));
      response.on('error', reject);
    }).on('error', reject);
  });
}

async function kioskLoads(browser: Browser, origin: string, key: StrategyKey): Promise<StrategyRun['kiosk']> {
  const context: BrowserContext = await browser.newContext({ viewport: FRAME, locale: 'en-US', serviceWorkers: 'allow' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable', {});
    const requests = new Map<string, { rtd: boolean; cached: boolean }>();
    let load: KioskLoad = { firstNumberMs: 0, appBytes: 0, appRequests: 0, cachedRequests: 0, rtdBytes: 0 };
    cdp.on('Network.requestWillBeSent', (e) => requests.set(e.requestId, { rtd: e.request.url.includes('/rtdserver'), cached: false }));
    cdp.on('Network.requestServedFromCache', (e) => requests.get(e.requestId) && (requests.get(e.requestId)!.cached = true));
    cdp.on('Network.responseReceived', (e) => {
      const request = requests.get(e.requestId);
      if (request && (e.response.fromDiskCache || e.response.fromServiceWorker || e.response.fromPrefetchCache)) request.cached = true;
    });
    cdp.on('Network.loadingFinished', (e) => {
      const request = requests.get(e.requestId);
      if (!request) return;
      if (request.rtd) load.rtdBytes += e.encodedDataLength;
      else if (request.cached) load.cachedRequests++;
      else {
        load.appBytes += e.encodedDataLength;
        load.appRequests++;
      }
    });
    cdp.on('Network.webSocketFrameReceived', (e) => (load.rtdBytes += e.response.payloadData.length));

    // The app's worker fetches its script itself, out of the page's CDP log: its transfer is added to a cold load.
    const workers = new Set<string>();
    page.on('worker', (worker) => workers.add(worker.url()));
    const measure = async (url: string): Promise<KioskLoad> => {
      load = { firstNumberMs: 0, appBytes: 0, appRequests: 0, cachedRequests: 0, rtdBytes: 0 };
      workers.clear();
      await page.goto(url, { waitUntil: 'commit' });
      // A service's tile or a channel's total: a large board's first screenful may hold only totals.
      const found = await page.waitForFunction(() => (document.querySelector(':is([data-service], [data-total]) [data-field][data-value]:not([data-value=""])') ? performance.now() : false), null, {
        polling: 'raf',
        timeout: 120_000,
      });
      return { ...load, firstNumberMs: (await found.jsonValue()) as number };
    };
    const cold = await measure(kioskLink(origin, key, LARGE));
    for (const url of workers) {
      cold.appBytes += await transferBytes(url);
      cold.appRequests++;
    }
    // The service worker installs in the background and takes over, as on a TV before its next start.
    await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 60_000 }).catch(() => console.warn('  the service worker did not take over within 60 s'));
    await sleep(3_000);
    const warm = await measure(`${origin}/kiosk${liveQuery(key) ? `?${liveQuery(key)}` : ''}`);
    return { cold, warm };
  } finally {
    await context.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------------------

interface Figures {
  seconds: number;
  offeredEntitiesPerS: number;
  sentEntitiesPerS: number;
  snapshotEntitiesPerS: number;
  socketsOpened: number;
  subscriptionEntitiesPerS: number;
  httpEntitiesPerS: number;
  latencies: number;
  p50: number;
  /** The same without the figures timed from snapshots (queries' answers over the socket): subscription messages and polling answers. */
  deltaLatencies: number;
  deltaP50: number;
  deltaP95: number;
  deltaP99: number;
  p95: number;
  p99: number;
  domP95: number;
  queuedP95: number;
  unmatchedPct: number;
  superseded: number;
  expired: number;
  busyPct: number;
  machinePct: number;
  scriptPct: number;
  styleLayoutPct: number;
  instrumentPct: number;
  longTasks: number;
  /** Tasks over 100 ms (issue 13's TV target). */
  tasksOver100: number;
  longestTaskMs: number;
  longTaskMsPerMin: number;
  framesDroppedPct: number;
  longestFrameGapMs: number;
  receivedKiBPerMin: number;
  sentKiBPerMin: number;
}

function figures(samples: Sample[], gcWindows: [number, number][]): Figures {
  const sum = (pick: (s: Sample) => number) => samples.reduce((total, s) => total + pick(s), 0);
  const ms = sum((s) => s.ms);
  const paint = samples.flatMap((s) => s.latencies.map((l) => l[2]));
  const dom = samples.flatMap((s) => s.latencies.map((l) => l[1]));
  const deltaPaint = samples.flatMap((s) => s.latencies.filter((l) => !l[4]).map((l) => l[2]));
  // A long task can be reported to several frames of the one thread: once each. The benchmark's own forced GCs are not the app's.
  const tasks = new Map<string, number>();
  for (const [start, duration] of samples.flatMap((s) => s.longTasks)) {
    const ours = gcWindows.some(([from, to]) => start < to + 20 && start + duration > from - 20);
    if (!ours) tasks.set(`${Math.round(start)}|${Math.round(duration)}`, duration);
  }
  const durations = [...tasks.values()];
  const frames = sum((s) => s.frames + s.framesDropped);
  const pct = (part: number) => (100 * part) / ms;
  return {
    seconds: ms / 1000,
    offeredEntitiesPerS: (1000 * sum((s) => s.offeredEntities)) / ms,
    sentEntitiesPerS: (1000 * sum((s) => s.sentEntities)) / ms,
    snapshotEntitiesPerS: (1000 * sum((s) => s.snapshotEntities)) / ms,
    socketsOpened: sum((s) => s.socketsOpened),
    subscriptionEntitiesPerS: (1000 * sum((s) => s.subscriptionEntities)) / ms,
    httpEntitiesPerS: (1000 * sum((s) => s.httpEntities)) / ms,
    latencies: paint.length,
    deltaLatencies: deltaPaint.length,
    deltaP50: percentile(deltaPaint, 0.5),
    deltaP95: percentile(deltaPaint, 0.95),
    deltaP99: percentile(deltaPaint, 0.99),
    p50: percentile(paint, 0.5),
    p95: percentile(paint, 0.95),
    p99: percentile(paint, 0.99),
    domP95: percentile(dom, 0.95),
    queuedP95: percentile(
      samples.flatMap((s) => s.latencies.map((l) => l[3]).filter((q) => !Number.isNaN(q))),
      0.95,
    ),
    unmatchedPct:
      (100 * sum((s) => s.unmatched)) /
      Math.max(
        1,
        sum((s) => s.matched + s.unmatched),
      ),
    superseded: sum((s) => s.superseded),
    expired: sum((s) => s.expired),
    busyPct: pct(sum((s) => Math.max(0, s.taskMs - s.gcMs))),
    machinePct:
      (100 * sum((s) => s.machineBusyMs)) /
      Math.max(
        1,
        sum((s) => s.machineMs),
      ),
    scriptPct: pct(sum((s) => s.scriptMs)),
    styleLayoutPct: pct(sum((s) => s.styleLayoutMs)),
    instrumentPct: pct(sum((s) => s.instrumentMs)),
    longTasks: durations.length,
    tasksOver100: durations.filter((d) => d > 100).length,
    longestTaskMs: Math.max(0, ...durations),
    longTaskMsPerMin: (60_000 * durations.reduce((a, b) => a + b, 0)) / ms,
    framesDroppedPct: frames ? (100 * sum((s) => s.framesDropped)) / frames : NaN,
    longestFrameGapMs: Math.max(0, ...samples.map((s) => s.longestFrameGap)),
    receivedKiBPerMin: (60_000 * sum((s) => s.received)) / ms / 1024,
    sentKiBPerMin: (60_000 * sum((s) => s.sent)) / ms / 1024,
  };
}

/** 3, 0.5, 0.25: as given. */
const minutesText = (minutes: number) => String(Number(minutes.toFixed(2)));
const growth = (from: number, to: number) => (from ? (100 * (to - from)) / from : NaN);
const n0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const n1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
const kB = (bytes: number) => `${(bytes / 1000).toFixed(0)} kB`;
const ratio = (x: number, a: number) => (Number.isFinite(x) && Number.isFinite(a) && a > 0 ? `${(x / a).toFixed(x / a >= 10 ? 0 : 1)}×` : '—');

/** Rows of the comparison: label, how to read a run, how to print it, whether ratios make sense. */
type Row = [label: string, value: (r: Report) => number, format: (n: number) => string, ratio?: false];
interface Report {
  run: StrategyRun;
  compare: Figures;
  whole: Figures;
}
const ROWS: Row[] = [
  ['Entity changes per second offered to the board (a subscriber outside the browser that keeps up)', (r) => r.compare.offeredEntitiesPerS, n0, false],
  ["Entities per second sent to the page's sockets in subscription payloads (browser network log)", (r) => r.compare.sentEntitiesPerS, n0, false],
  ["Entities per second in subscription payloads the page's script saw", (r) => r.compare.subscriptionEntitiesPerS, n0, false],
  ['Entities per second in snapshot answers over the socket', (r) => r.compare.snapshotEntitiesPerS, n0, false],
  ['Sockets opened in the window (the app dropped and reopened its socket)', (r) => r.compare.socketsOpened, n0, false],
  ['Entities per second in HTTP answers (polling: whole lists)', (r) => r.compare.httpEntitiesPerS, n0, false],
  ['Message-to-screen latency p50 (ms)', (r) => r.compare.p50, n0],
  ['Message-to-screen latency p95 (ms)', (r) => r.compare.p95, n0],
  ['Message-to-screen latency p99 (ms)', (r) => r.compare.p99, n0],
  ['  to the DOM, before the paint, p95 (ms)', (r) => r.compare.domP95, n0],
  ["  waiting for the main thread before the page's script saw the payload, p95 (ms)", (r) => r.compare.queuedP95, n0],
  ['  figures timed / superseded / expired', (r) => r.compare.latencies, n0, false],
  ["  payloads not found in the browser's network log, timed from the page's script instead (%)", (r) => r.compare.unmatchedPct, n1, false],
  ['Main thread busy (%)', (r) => r.compare.busyPct, n1],
  ['  of which script (%)', (r) => r.compare.scriptPct, n1],
  ['  of which style and layout (%)', (r) => r.compare.styleLayoutPct, n1],
  ["  of which this benchmark's instrumentation (%)", (r) => r.compare.instrumentPct, n1],
  ['Whole machine CPU busy, every process and core (%)', (r) => r.compare.machinePct, n1],
  ['Long tasks (> 50 ms)', (r) => r.compare.longTasks, n0],
  ['Longest task (ms)', (r) => r.compare.longestTaskMs, n0],
  ['Long-task time per minute (ms)', (r) => r.compare.longTaskMsPerMin, n0],
  ['Frames dropped (%)', (r) => r.compare.framesDroppedPct, n1],
  ['Longest frame gap (ms)', (r) => r.compare.longestFrameGapMs, n0],
  ['JS heap after GC, page and its workers, start of window (MiB)', (r) => r.run.heap[0]!.heapMb, n1],
  ["  of which the live lists' worker (MiB)", (r) => r.run.heap[0]!.workerHeapMb, n1],
  ['JS heap after GC, page and its workers, end of run (MiB)', (r) => r.run.heap[r.run.heap.length - 1]!.heapMb, n1],
  ['JS heap growth (%)', (r) => growth(r.run.heap[0]!.heapMb, r.run.heap[r.run.heap.length - 1]!.heapMb), n1, false],
  ['DOM nodes, start → end growth (%)', (r) => growth(r.run.heap[0]!.nodes, r.run.heap[r.run.heap.length - 1]!.nodes), n1, false],
  ['/rtdserver received (KiB per minute)', (r) => r.compare.receivedKiBPerMin, n0],
  ['/rtdserver sent (KiB per minute)', (r) => r.compare.sentKiBPerMin, n0],
  ['/kiosk cold: app transfer (kB)', (r) => r.run.kiosk.cold.appBytes / 1000, n0],
  ['/kiosk cold: first live number (ms)', (r) => r.run.kiosk.cold.firstNumberMs, n0],
  ['/kiosk cold: /rtdserver bytes until then (kB)', (r) => r.run.kiosk.cold.rtdBytes / 1000, n0],
  ['/kiosk warm: app transfer (kB)', (r) => r.run.kiosk.warm.appBytes / 1000, n0],
  ['/kiosk warm: first live number (ms)', (r) => r.run.kiosk.warm.firstNumberMs, n0],
];

function comparisonTable(reports: Report[]): string[] {
  const a = reports.find((r) => r.run.key === 'a');
  const others = reports.filter((r) => r.run.key !== 'a');
  const header = ['Figure', ...reports.map((r) => `(${r.run.key})`), ...(a ? others.map((r) => `${r.run.key}/a`) : [])];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const [label, value, format, withRatio] of ROWS) {
    if (label.includes('timed / superseded')) {
      lines.push(`| ${label} | ${reports.map((r) => `${n0(r.compare.latencies)} / ${n0(r.compare.superseded)} / ${n0(r.compare.expired)}`).join(' | ')}${a ? others.map(() => ' | ').join('') : ''} |`);
      continue;
    }
    const ratios = a ? others.map((r) => (withRatio === false ? '' : ratio(value(r), value(a)))) : [];
    lines.push(`| ${label} | ${reports.map((r) => format(value(r))).join(' | ')}${ratios.length ? ` | ${ratios.join(' | ')}` : ''} |`);
  }
  return lines;
}

function targetLines(a: Report | undefined, key: StrategyKey = 'a'): string[] {
  if (!a) return [`Strategy (${key}) was not run: no verdict on the targets.`];
  const heapGrowth = growth(a.run.heap[0]!.heapMb, a.run.heap[a.run.heap.length - 1]!.heapMb);
  const nodeGrowth = growth(a.run.heap[0]!.nodes, a.run.heap[a.run.heap.length - 1]!.nodes);
  const check = (ok: boolean) => (ok ? 'met' : '**NOT met**');
  return [
    `| Target (issue 6) | Measured for (${key}) | |`,
    '| --- | --- | --- |',
    `| the load: at least 1,000 entity changes per second reach the board | offered ${n0(a.compare.offeredEntitiesPerS)}/s; the page's sockets got ${n0(a.compare.sentEntitiesPerS)}/s, its script saw ${n0(a.compare.subscriptionEntitiesPerS)}/s | offered: ${check(a.compare.offeredEntitiesPerS >= 1000)}; reached the page: ${check(a.compare.subscriptionEntitiesPerS >= 1000)} |`,
    `| p95 message-to-screen under 100 ms | ${n0(a.compare.p95)} ms (whole run ${n0(a.whole.p95)} ms) | ${check(a.compare.p95 < 100 && a.whole.p95 < 100)} |`,
    `| no long task over 50 ms | ${a.compare.longTasks} in the window, longest ${n0(a.compare.longestTaskMs)} ms (whole run ${a.whole.longTasks}, longest ${n0(a.whole.longestTaskMs)} ms) | ${check(a.whole.longTasks === 0)} |`,
    `| main thread busy under 30 % | ${n1(a.compare.busyPct)} % (whole run ${n1(a.whole.busyPct)} %) | ${check(a.compare.busyPct < 30 && a.whole.busyPct < 30)} |`,
    `| heap and DOM nodes under 10 % growth over ${minutesText(minutes)} min | heap ${n1(heapGrowth)} %, DOM nodes ${n1(nodeGrowth)} % | ${check(heapGrowth < 10 && nodeGrowth < 10)} |`,
    `| /kiosk initial transfer under 350 kB | ${kB(a.run.kiosk.cold.appBytes)} (cold) | ${check(a.run.kiosk.cold.appBytes < 350_000)} |`,
    `| first live number under 1.5 s on loopback | ${n0(a.run.kiosk.cold.firstNumberMs)} ms cold, ${n0(a.run.kiosk.warm.firstNumberMs)} ms warm | ${check(a.run.kiosk.cold.firstNumberMs < 1500 && a.run.kiosk.warm.firstNumberMs < 1500)} |`,
    settleTargetLine(a.run.settle),
  ];
}

const SETTLE_TARGET_MS = 300;
/** The settle watch in a sentence. */
function settleText(settle: Settle | null): string {
  if (!settle) return 'not measured';
  const part = (p: SettlePart) => (p.changes ? `${n0(p.settledMs)} ms${p.stillChanging ? ' (still changing at the end of the watch)' : ''} (${n0(p.changes)} changes)` : 'no change');
  return [
    `after the pause: last change painted at ${part(settle.pause)}${Number.isFinite(settle.pauseLateMs) ? `, the pause answered ${n0(settle.pauseLateMs)} ms after the message that prompted it reached the browser` : ''}`,
    `after one more tick queued while paused, ${settle.steps.length} times: ${settle.steps.map(part).join(', ')}`,
    `${n0(settle.changesBefore)} changes seen in the ${SETTLE_BEFORE_MS / 1000} s before the pause`,
  ].join('; ');
}
const partMet = (p: SettlePart) => !p.stillChanging && p.settledMs < SETTLE_TARGET_MS;
const stepsMet = (settle: Settle) => settle.steps.length > 0 && settle.steps.every(partMet);
const settleTargetLine = (settle: Settle | null) =>
  `| screen settled under ${SETTLE_TARGET_MS} ms after the server pauses (issue 13) | ${settleText(settle)} | ${settle ? `pause: ${partMet(settle.pause) ? 'met' : '**NOT met**'}; tick then silence: ${stepsMet(settle) ? 'met' : '**NOT met**'}` : 'not measured'} |`;
const SETTLE_HOW = `- *Settled after the server pauses*: once, after the measured window, through the emulator's control plane (its own loopback port): \`POST /simulator/pause\`, sent as soon as a subscription message reaches the browser (CDP Network), then the page watched ${SETTLE_WATCH_MS / 1000} s; then, still paused, ${SETTLE_STEPS} times, \`POST /simulator/step\` of one tick's simulated seconds, whose messages the emulator queues to every subscriber before it answers and makes none after, each watched ${SETTLE_STEP_WATCH_MS / 1000} s; then resumed. The pause is the literal measure, but this process reacts late to the message that prompts it (given), so it may land after the page has drawn that tick; the steps are the server falling silent right after a tick, every time. A change is a figure the server drives (the \`data-value\` of a \`[data-field]\`, an agent row's \`data-status\`) taking a value other than the one last seen for the same entity and field (MutationObserver; a row reused for another agent, a re-rendered slide and the client-side clocks such as time in status are not changes); the watch starts ${SETTLE_BEFORE_MS / 1000} s before the pause, and the changes it sees then show it sees changes. *Settled*: when the frame holding the last change was painted, from the emulator's answer; the target is met when the pause and every step are under ${SETTLE_TARGET_MS} ms.`;

/** The top functions of each strategy's profile, side by side. */
function profileTable(reports: { run: Pick<Measured, 'key' | 'profile'> }[]): string[] {
  const withProfile = reports.filter((r) => r.run.profile.length);
  if (!withProfile.length) return [];
  const rows = Math.max(...withProfile.map((r) => r.run.profile.length));
  const cell = (row: ProfileRow | undefined) => (row ? `\`${row.where.replace(/`/g, "'")}\` ${n1(row.selfPct)} %` : '');
  return [
    `| # | ${withProfile.map((r) => `(${r.run.key})`).join(' | ')} |`,
    `| --- | ${withProfile.map(() => '---').join(' | ')} |`,
    ...Array.from({ length: rows }, (_, i) => `| ${i + 1} | ${withProfile.map((r) => cell(r.run.profile[i])).join(' | ')} |`),
  ];
}

/** Latency p95 and main-thread busy share per sample, per strategy, over the comparison window. */
function renderChart(reports: Report[]): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 1000, height: 640 });
  const series = reports.flatMap((r, i) => {
    const window = r.run.samples.filter((s) => s.phase === 'compare');
    const name = `(${r.run.key}) ${{ a: 'wallboard', p: 'on the page', b: 'subscribeToMore', c: 'polling' }[r.run.key]}`;
    const color = ['#1565c0', '#6a1b9a', '#c62828', '#2e7d32'][i % 4];
    const point = (s: Sample, value: number) => [Number(s.t.toFixed(1)), Number.isFinite(value) ? Number(value.toFixed(1)) : null];
    return [
      {
        name,
        type: 'line',
        xAxisIndex: 0,
        yAxisIndex: 0,
        showSymbol: false,
        lineStyle: { color },
        itemStyle: { color },
        data: window.map((s) =>
          point(
            s,
            percentile(
              s.latencies.map((l) => l[2]),
              0.95,
            ),
          ),
        ),
      },
      {
        name,
        type: 'line',
        xAxisIndex: 1,
        yAxisIndex: 1,
        showSymbol: false,
        lineStyle: { color },
        itemStyle: { color },
        data: window.map((s) => point(s, (100 * Math.max(0, s.taskMs - s.gcMs)) / s.ms)),
      },
    ];
  });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    title: [
      { text: `Message-to-screen latency, p95 per ${SAMPLE_MS / 1000} s (ms)`, left: 60, top: 8, textStyle: { fontSize: 14 } },
      { text: 'Main thread busy (%)', left: 60, top: 330, textStyle: { fontSize: 14 } },
    ],
    legend: { top: 8, right: 20 },
    grid: [
      { left: 60, right: 20, top: 40, height: 240 },
      { left: 60, right: 20, top: 360, height: 230 },
    ],
    xAxis: [
      { type: 'value', gridIndex: 0, name: 's', max: compareMinutes * 60 },
      { type: 'value', gridIndex: 1, name: 's into the comparison window', nameLocation: 'middle', nameGap: 28, max: compareMinutes * 60 },
    ],
    yAxis: [
      { type: 'log', gridIndex: 0, min: 10 },
      { type: 'value', gridIndex: 1, min: 0, max: 100 },
    ],
    series,
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

// ---------------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  assertChromium();
  const started = Date.now();
  // (a), the kiosk loads and the TV run the production build; (b) and (c) the bench build, the only one that carries them.
  const builds = new Map<'production' | 'bench', { dist: string; remove(): void }>();
  const buildFor = async (key: StrategyKey) => {
    const configuration = key === 'a' ? 'production' : 'bench';
    if (configuration === 'production' && values.dist) return values.dist;
    if (!builds.has(configuration)) builds.set(configuration, await buildApp(configuration));
    return builds.get(configuration)!.dist;
  };
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
  const runs: StrategyRun[] = [];
  let largeTook = 0;
  let tvRun: Measured | null = null;
  let tvTook = 0;
  try {
    if (runLarge) {
      for (const key of strategies) {
        const windowMinutes = key === 'a' ? minutes : compareMinutes;
        console.log(`\n(${key}) ${STRATEGIES[key].label}: a fresh emulator at speed ${speed}, ${warmupMinutes} min warm-up, ${windowMinutes} min measured`);
        const server = await startServer(await buildFor(key), LARGE);
        try {
          // The settle watch in (a)'s run and in (p)'s, the design measured against it.
          const measured = await measureStrategy(browser, server.origin, key, LARGE, windowMinutes, key === 'a' || key === 'p' ? server.control : null);
          const kiosk = await kioskLoads(browser, server.origin, key);
          console.log(
            `  (${key}) /kiosk cold: ${kB(kiosk.cold.appBytes)} app transfer, first number after ${n0(kiosk.cold.firstNumberMs)} ms; warm: ${kB(kiosk.warm.appBytes)}, ${n0(kiosk.warm.firstNumberMs)} ms`,
          );
          if (measured.errors.length) console.warn(`  (${key}) page errors: ${measured.errors.slice(0, 5).join(' | ')}`);
          runs.push({ ...measured, kiosk });
        } finally {
          await server.stop();
        }
      }
      largeTook = (Date.now() - started) / 60_000;
    }
    if (runKioskOnly) {
      const server = await startServer(await buildFor('a'), LARGE);
      try {
        const kiosk = await kioskLoads(browser, server.origin, 'a');
        for (const [name, load] of Object.entries(kiosk))
          console.log(
            `(a) /kiosk ${name}: ${kB(load.appBytes)} app transfer in ${load.appRequests} requests (${load.cachedRequests} cached), first live number after ${n0(load.firstNumberMs)} ms, ${kB(load.rtdBytes)} from /rtdserver until then`,
          );
      } finally {
        await server.stop();
      }
    }
    if (runTv) {
      const tvStarted = Date.now();
      const dist = await buildFor('a');
      console.log(
        `\n(tv a) the everyday TV: ${TV.agents} agents, ${TV.services} services, ${TV.groups} groups at speed ${TV.speed}, CPU throttled ${TV.cpuThrottle}×, ${TV.page === 'kiosk' ? 'the kiosk link at 1920×1080' : 'the two-frame page'}; ${TV.warmupMinutes} min warm-up, ${tvMinutes} min measured`,
      );
      const server = await startServer(dist, TV);
      try {
        tvRun = await measureStrategy(browser, server.origin, 'a', TV, tvMinutes, server.control);
        if (tvRun.errors.length) console.warn(`  (tv a) page errors: ${tvRun.errors.slice(0, 5).join(' | ')}`);
      } finally {
        await server.stop();
      }
      tvTook = (Date.now() - tvStarted) / 60_000;
    }
  } finally {
    const chromiumVersion = browser.version();
    await browser.close().catch(() => {});
    for (const build of builds.values()) build.remove();
    report(runs, chromiumVersion, largeTook || (Date.now() - started) / 60_000);
    if (tvRun) reportTv(tvRun, chromiumVersion, tvTook);
  }
}

function report(runs: StrategyRun[], chromiumVersion: string, tookMinutes: number): void {
  if (!runs.length) return;
  const reports: Report[] = runs.map((run) => ({
    run,
    compare: figures(
      run.samples.filter((s) => s.phase === 'compare'),
      run.gcWindows,
    ),
    whole: figures(run.samples, run.gcWindows),
  }));
  const a = reports.find((r) => r.run.key === 'a');
  const p = reports.find((r) => r.run.key === 'p');
  const table = comparisonTable(reports);
  const profiles = profileTable(reports);
  const pTargets = p ? ['', 'The same targets for (p), the previous design, written on the page (its window is the comparison window only):', '', ...targetLines(p, 'p')] : [];
  console.log(`\n${table.join('\n')}\n\n${targetLines(a).join('\n')}\n${pTargets.join('\n')}\n\n${profiles.join('\n')}\n`);
  if (values['no-docs']) return;

  writeFileSync(CHART, renderChart(reports));
  const heapLines = reports.map((r) => `- (${r.run.key}): ${r.run.heap.map((h) => `${n1(h.minute)} min ${n1(h.heapMb)} MiB (workers ${n1(h.workerHeapMb)}) / ${n0(h.nodes)} nodes`).join(' → ')}`);
  const body = [
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineDescription()}, Chromium ${chromiumVersion} (headless); ${runTv ? 'this scenario' : 'the whole run'} took ${n0(tookMinutes)} min.`,
    `- Command: \`${command}\``,
    `- Scenario: the emulator's generated ${emulatorLine(LARGE)}, started afresh for each strategy, so each sees the same history.`,
    `- App: the production build (\`ng build\` + service worker + precompressed copies) served by the wallboard server (\`server/src/main.ts\`, which records history as in production) with its embedded emulator. The board is saved on the server (\`PUT /api/boards\`) after the login. One board of every service on every channel and every agent; a 1920×2160 page holds its \`/services\` and \`/agents\` pages as two 1080p same-origin frames, so both run on one renderer main thread, as on one TV (the production server's X-Frame-Options and \`frame-ancestors\` are lifted for those two documents only). Service worker blocked during the measured runs.`,
    `- Strategies (the \`?live=\` parameter of the bench build configuration, \`bench/app/live-strategies.ts\`; (a) and the kiosk loads run the production build): ${strategies.map((k) => `(${k}) ${STRATEGIES[k].label}`).join('; ')}.`,
    `- Windows: ${minutesText(warmupMinutes)} min warm-up, then ${minutesText(compareMinutes)} min compared for every strategy${strategies.includes('a') ? `; (a) goes on to ${minutesText(minutes)} min for its heap and DOM run ("whole run" figures)` : ''}. Heap and DOM nodes are read after a forced GC (CDP \`HeapProfiler.collectGarbage\`) at the window's start, then every ${HEAP_EVERY_MS / 60_000} min after the comparison window, and at the end; those GCs are left out of the busy share and the long tasks.`,
    '',
    ...table,
    '',
    'How each figure is taken:',
    "- *Entities per second*: *offered* counts the entities in the subscription payloads received by a subscriber outside the browser that always keeps up (bench/wallboard-probe.ts: the app's own three subscription documents with the board's filters, over the same server): what the server offers this board at this speed. *Sent to the page* counts them in the frames' socket traffic (CDP), *seen by the page* in what its script received; a page that falls behind, or drops its socket, gets fewer. Snapshot answers are counted apart; for polling, entities in the HTTP answers, which carry every entity whether it changed or not. *Sockets opened*: a socket the app opens again (after its 3 s pong timeout, say) restarts its lists with fresh snapshots.",
    "- *Whole machine CPU*: every process on the machine (browser, emulator, server, this benchmark), from the kernel's counters over the window, as a share of both cores.",
    `- *Latency*: from a payload's arrival in the browser (CDP Network: the socket frame received, or the HTTP answer's body finished, for polling) to the first frame painted with the new value: so it includes any wait for a busy main thread before the page's script saw the payload (shown apart). The figures timed are the service tiles' counts (calls waiting, received, answered, abandoned, in progress, short, callbacks) and the visible agent rows' counts and times: a payload that carries a value other than the one shown becomes an expectation, met when a MutationObserver sees \`data-value\` change to it, stamped after the next rendering step (a task posted from requestAnimationFrame). An expectation replaced by a newer payload for the same figure is *superseded*; one not met within 10 s *expired*. Payloads are matched with the network log by their length and first characters; CDP's monotonic clock is put on the page's by requests the page makes while noting its own clock. For (a), whose socket is in its worker, CDP's page session does not see the socket: a probe loaded in the worker before the app's code relays each message with the time the worker saw it (so the wait behind a task of the worker's own, a write of up to 40 ms, is not counted; the page's is). The probe's blob: scripts need the app's CSP lifted (Playwright's bypassCSP), for every strategy alike.`,
    '- *Busy*: CDP `Performance.getMetrics` TaskDuration over wall time (the renderer main thread that runs both frames); script, style and layout from the same metrics. The instrumentation row is the time the measuring script itself spent (it parses every payload once more), included in the busy share.',
    '- *Long tasks*: PerformanceObserver `longtask` in every frame, each task counted once. *Frames dropped*: a requestAnimationFrame loop in the top document, each gap counted as its number of missed 60 Hz frames.',
    "- *Bytes*: CDP Network: /rtdserver HTTP transfer sizes (headers included) and socket frame payloads. *Kiosk*: the kiosk link opened in a fresh profile (cold), then `/kiosk` again once the service worker took over (warm); app transfer counts the page's own requests that went to the network, plus, cold, the app worker's script (which the worker fetches itself, out of the page's log: its size as served to a GET asking for gzip, deflate or br); /rtdserver bytes leave out a worker's socket; the first live number is the first tile figure with a value, from navigation start.",
    `${SETTLE_HOW} In (a)'s and (p)'s runs, after the window and heap readings, before the profile.`,
    '',
    "Targets of issue 6 (and issue 13's settle target), for (a):",
    '',
    ...targetLines(a),
    ...pTargets,
    '',
    `Heap and DOM nodes after forced GCs:`,
    ...heapLines,
    '',
    ...(profiles.length
      ? [
          `Where the main thread's time went: a CPU profile (CDP Profiler, 1 ms sampling) of ${n0(profileSeconds)} s taken right after each measured window (for (a), after its settle watch), so its overhead stays out of the figures; self time per function, as a share of the samples in which the main thread was busy (the build is minified: method names survive, local names do not).`,
          '',
          ...profiles,
          '',
        ]
      : []),
    `![Latency p95 and main-thread busy share over the comparison window, per strategy](wallboard-at-scale.svg)`,
  ].join('\n');
  writeDocsSection(SECTION, body);
  console.log(`Wrote the "${SECTION.slice(3)}" section of docs/benchmarks.md and docs/wallboard-at-scale.svg`);
}

/** Which slide the kiosk showed at each sample's end, by page: "services 9, groups 6, agents 21 of 36 samples". */
function slidesShown(samples: Sample[]): string {
  const counts = new Map<string, number>();
  for (const sample of samples) {
    const page = sample.slide.split('/')[1] ?? '?';
    counts.set(page, (counts.get(page) ?? 0) + 1);
  }
  return `${[...counts].map(([page, n]) => `${page} ${n}`).join(', ')} of ${samples.length} samples`;
}

/** The figures of the samples that ended on each kind of slide (a sample that spans a slide change counts for the later one). */
function perSlide(run: Measured): [string, string][] {
  const kinds = [...new Set(run.samples.map((sample) => sample.slide.split('/')[1] ?? '?'))];
  return kinds.map((kind) => {
    const f = figures(
      run.samples.filter((sample) => (sample.slide.split('/')[1] ?? '?') === kind),
      run.gcWindows,
    );
    return [
      `  samples ending on the ${kind} slide: p95 messages / with snapshots (ms), busy (%), tasks over 100 ms, longest task (ms)`,
      `${n0(f.deltaP95)} / ${n0(f.p95)}, ${n1(f.busyPct)}, ${n0(f.tasksOver100)}, ${n0(f.longestTaskMs)}`,
    ];
  });
}

const settledCell = (p: SettlePart) => `${n0(p.settledMs)}${p.stillChanging ? ' (still changing)' : ''}`;

function tvTable(run: Measured, f: Figures): string[] {
  const [first, last] = [run.heap[0]!, run.heap[run.heap.length - 1]!];
  const rows: [string, string][] = [
    ['Entity changes per second offered to the board (a subscriber outside the browser that keeps up)', n0(f.offeredEntitiesPerS)],
    ["Entities per second in subscription payloads the page's script saw", n0(f.subscriptionEntitiesPerS)],
    ['Entities per second in snapshot answers over the socket', n0(f.snapshotEntitiesPerS)],
    ['Sockets opened in the window (the app dropped and reopened its socket)', n0(f.socketsOpened)],
    ['Message-to-screen latency, subscription messages, p50 / p95 / p99 (ms)', `${n0(f.deltaP50)} / ${n0(f.deltaP95)} / ${n0(f.deltaP99)}`],
    ["Message-to-screen latency, snapshots included (a slide's first answers), p50 / p95 / p99 (ms)", `${n0(f.p50)} / ${n0(f.p95)} / ${n0(f.p99)}`],
    ['  to the DOM, before the paint, p95 (ms)', n0(f.domP95)],
    ["  waiting for the main thread before the page's script saw the payload, p95 (ms)", n0(f.queuedP95)],
    ['  figures timed (from subscription messages) / superseded / expired', `${n0(f.latencies)} (${n0(f.deltaLatencies)}) / ${n0(f.superseded)} / ${n0(f.expired)}`],
    ['Main thread busy (%)', n1(f.busyPct)],
    ['  of which script (%)', n1(f.scriptPct)],
    ['  of which style and layout (%)', n1(f.styleLayoutPct)],
    ["  of which this benchmark's instrumentation (%)", n1(f.instrumentPct)],
    ['Whole machine CPU busy, every process and core (%)', n1(f.machinePct)],
    ['Long tasks (> 50 ms)', n0(f.longTasks)],
    ['Tasks over 100 ms', n0(f.tasksOver100)],
    ['Longest task (ms)', n0(f.longestTaskMs)],
    ['Frames dropped (%)', n1(f.framesDroppedPct)],
    ['Longest frame gap (ms)', n0(f.longestFrameGapMs)],
    ['JS heap after GC, page and its workers, start → end of window (MiB)', `${n1(first.heapMb)} → ${n1(last.heapMb)} (workers ${n1(first.workerHeapMb)} → ${n1(last.workerHeapMb)})`],
    ['DOM nodes after GC, start → end of window', `${n0(first.nodes)} → ${n0(last.nodes)}`],
    ['/rtdserver received (KiB per minute)', n0(f.receivedKiBPerMin)],
    [
      `Screen settled (last change painted, ms): after the pause / after one more tick queued while paused (${SETTLE_STEPS} times)`,
      run.settle ? `${settledCell(run.settle.pause)} / ${run.settle.steps.map(settledCell).join(', ')}` : 'n/a',
    ],
    ...(TV.page === 'kiosk' ? ([["Slide on screen at the samples' ends", slidesShown(run.samples)], ...perSlide(run)] as [string, string][]) : []),
  ];
  return ['| Figure | (a) |', '| --- | --- |', ...rows.map(([label, value]) => `| ${label} | ${value} |`)];
}

function tvTargetLines(run: Measured, f: Figures): string[] {
  const check = (ok: boolean) => (ok ? 'met' : '**NOT met**');
  return [
    '| Target (issue 13, the everyday TV) | Measured | |',
    '| --- | --- | --- |',
    `| p95 message-to-screen under 250 ms | subscription messages ${n0(f.deltaP95)} ms (${n0(f.deltaLatencies)} figures timed); snapshots included ${n0(f.p95)} ms (${n0(f.latencies)}) | messages: ${check(f.deltaP95 < 250)}; with snapshots: ${check(f.p95 < 250)} |`,
    `| main thread busy under 30 % | ${n1(f.busyPct)} % | ${check(f.busyPct < 30)} |`,
    `| no task over 100 ms | ${n0(f.tasksOver100)} over 100 ms, longest ${n0(f.longestTaskMs)} ms (${n0(f.longTasks)} over 50 ms) | ${check(f.tasksOver100 === 0)} |`,
    settleTargetLine(run.settle).replace(' (issue 13)', ''),
  ];
}

function reportTv(run: Measured, chromiumVersion: string, tookMinutes: number): void {
  const f = figures(run.samples, run.gcWindows);
  const table = tvTable(run, f);
  const targets = tvTargetLines(run, f);
  const profile = profileTable([{ run }]);
  console.log(`\nThe everyday TV\n\n${table.join('\n')}\n\n${targets.join('\n')}\n\n${profile.join('\n')}\n`);
  if (values['no-docs']) return;
  const page =
    TV.page === 'kiosk'
      ? `the board's kiosk link (the kiosk logs in with the demo token) on one 1920×1080 screen, playing its services, groups and agents slides, as a TV does: long slides page by screenful, the agent grid by its viewport, ${tvSlideSeconds} s a step${tvSlideSeconds === KIOSK_DEFAULT_SLIDE_SECONDS ? " (the link editor's default)" : ` (the link editor's default is ${KIOSK_DEFAULT_SLIDE_SECONDS} s, with which the services slide alone outlasts a 3-minute window: the shorter step lets one window see every slide and the changes between them, with their page loads and snapshots, more often than a TV would)`}`
      : "a 1920×2160 page holding the board's `/services` and `/agents` pages as two 1080p same-origin frames on one renderer main thread, as in the large scenario (two screens' worth: more than one TV shows)";
  const body = [
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineDescription()}, Chromium ${chromiumVersion} (headless); this part took ${n0(tookMinutes)} min.`,
    `- Command: \`${command}\``,
    `- Scenario: a contact centre a TV usually shows, in real time: the emulator's generated ${emulatorLine(TV)}, started afresh.`,
    `- App: the production build served by the wallboard server (\`server/src/main.ts\`) with its embedded emulator, strategy (a) only. One board of every service and group on every channel and every agent; the page is ${page}. Chromium's CPU throttled ${TV.cpuThrottle}× (CDP \`Emulation.setCPUThrottlingRate\` on the page's CDP session, from before its first load), for a TV's or stick's slower CPU: busy share and task lengths are in throttled wall time. Service worker blocked.`,
    `- Window: ${minutesText(TV.warmupMinutes)} min warm-up, then ${minutesText(tvMinutes)} min measured; heap and DOM nodes after a forced GC at its start and end (those GCs left out of the busy share and the long tasks). Each figure is taken as in "Wallboard at scale" above; *tasks over 100 ms* are the long tasks (PerformanceObserver \`longtask\`) longer than 100 ms. Latency is given for subscription messages (the live updates) and with snapshots included: ${TV.page === 'kiosk' ? "each slide's page asks for its lists afresh, and a snapshot's hundreds of figures are painted together, so they weigh heavily in the second figure" : 'snapshots come only at the start and after a socket is reopened'}.${TV.page === 'kiosk' ? ' The slide on screen differs between the start and the end of the window: the heap and DOM figures are not a growth measure (the kiosk soak above is).' : ''}`,
    SETTLE_HOW,
    '',
    ...table,
    '',
    ...targets,
    '',
    ...(profile.length
      ? [
          `Where the main thread's time went: a CPU profile (CDP Profiler, 1 ms sampling, still throttled) of ${n0(profileSeconds)} s taken after the window and the settle watch; self time per function, as a share of the busy samples.`,
          '',
          ...profile,
          '',
        ]
      : []),
  ].join('\n');
  writeDocsSection(TV_SECTION, body, undefined, TV_SECTION_AFTER);
  console.log(`Wrote the "${TV_SECTION.slice(3)}" section of docs/benchmarks.md`);
}

const watchdog = setTimeout(
  () => {
    console.error('benchmark: still running long after its planned end, giving up');
    process.exit(1);
  },
  (15 + (runLarge ? warmupMinutes * strategies.length + minutes + compareMinutes * strategies.length + 5 * strategies.length : 0) + (runTv ? 10 + tvWarmupMinutes + tvMinutes : 0)) * 60_000,
);
watchdog.unref();

try {
  await main();
  process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}
