/**
 * Benchmark: the RTD Server emulator's subscription fan-out on a 2,000-agent contact centre.
 *
 *   npm run bench:emulator [-- --subscribers 500,2000 --seconds 60 --speed 1 --warmup 10 --no-docs]
 *
 * Starts the emulator in this process (2,000 agents, 200 services, 50 skillsets; seed 1; clock at a busy
 * hour; one tick a second), logs in as admin, and starts the subscribers in a child process
 * (bench/fanout-clients.ts) so their CPU is not counted as the emulator's. After a warm-up it records, for
 * every tick of the measured window, the fan-out's duration and messages (Emulator.onTick), the simulation
 * step's duration, and the time until the tick's messages were serialised and written to the sockets; over
 * the window, the process's CPU and RSS and the bytes the clients received. It prints a table and writes the
 * section "## RTD Server emulator: subscription fan-out" of docs/benchmarks.md (unless --no-docs).
 *
 * `--subscribers` takes a list (default 500,2000): each count runs in a process of its own, one after the
 * other, so each has a fresh emulator and heap, and the section gets one column per count. The first
 * `count` subscribers of the seeded mix are the same whatever the list, so the 500 are part of the 2,000.
 */
// As `npm run emulator` runs it: graphql-js in production mode.
import '../emulator/src/production-mode.ts';
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, Emulator } from '../emulator/src/emulator.ts';
import { generateScenario } from '../emulator/src/simulation/scenario.ts';
import { type ClientTotals, type FromClients, type ToClients, buildMix, describeMix } from './fanout-mix.ts';

const SECTION = '## RTD Server emulator: subscription fan-out';
const AIM_P95_MS = 100;
/** The aim is for this many subscribers; other counts are recorded to show how the cost grows. */
const AIM_SUBSCRIBERS = 500;
const SIZE = { agents: 2000, services: 200, groups: 50 };
const SEED = 1;
const START = '2026-11-24T10:00:00Z';
const TICK_MS = 1000;
const DOCS = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
const CLIENTS = fileURLToPath(new URL('./fanout-clients.ts', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const { values } = parseArgs({
  args: argv,
  strict: true,
  options: {
    speed: { type: 'string', default: '1' },
    seconds: { type: 'string', default: '60' },
    subscribers: { type: 'string', default: '500,2000' },
    warmup: { type: 'string', default: '10' },
    'no-docs': { type: 'boolean', default: false },
    /** Internal: a run of one count started by a run of several writes its report here as JSON. */
    'report-to': { type: 'string' },
  },
});
const positive = (name: string, integer: boolean, text = String(values[name as keyof typeof values])) => {
  const n = Number(text);
  if (!text.trim() || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    console.error(`--${name} must be a ${integer ? 'whole ' : ''}number above 0${name === 'subscribers' ? ', or a comma-separated list of them' : ''} (got "${values[name as keyof typeof values]}")`);
    process.exit(2);
  }
  return n;
};
const speed = positive('speed', false);
const seconds = positive('seconds', true);
const subscriberCounts = [...new Set(values.subscribers!.split(',').map((part) => positive('subscribers', true, part)))];
const warmupSeconds = positive('warmup', true);
const writeDocs = !values['no-docs'];
const reportTo = values['report-to'];

const command =
  process.env.npm_lifecycle_event === 'bench:emulator'
    ? `npm run bench:emulator${argv.length ? ` -- ${argv.join(' ')}` : ''}`
    : `${process.execArgv.some((a) => a.startsWith('--cpu-prof')) ? 'node --cpu-prof --import tsx' : 'tsx'} bench/emulator-fanout.ts${argv.length ? ` ${argv.join(' ')}` : ''}`;

// A hard limit, whatever happens: the run is bounded in time (a list's runs each have their own as well).
const deadlineMs = (warmupSeconds + seconds + 400) * 1000 * subscriberCounts.length;
const watchdog = setTimeout(() => {
  console.error(`benchmark: still running after ${deadlineMs / 1000} s, giving up`);
  if (child?.pid && child.exitCode === null) child.kill('SIGKILL');
  process.exit(1);
}, deadlineMs);
watchdog.unref();

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  // Nearest-rank: the smallest value with at least q of the samples at or below it.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function stats(values: number[]) {
  const sorted = values.slice().sort((a, b) => a - b);
  const sum = values.reduce((a, b) => a + b, 0);
  return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1] ?? NaN, mean: values.length ? sum / values.length : NaN };
}

const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'n/a');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const rate = (bytesPerSecond: number) => (bytesPerSecond >= 1024 * 1024 ? `${(bytesPerSecond / 1024 / 1024).toFixed(2)} MiB/s` : `${(bytesPerSecond / 1024).toFixed(1)} KiB/s`);
const int = (n: number) => Math.round(n).toLocaleString('en-US');

let child: ChildProcess | undefined;
let snapshotId = 0;
const waiters = new Map<string, (message: FromClients) => void>();

function waitFor<T extends FromClients['type']>(key: string, timeoutMs: number, what: string): Promise<Extract<FromClients, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiters.delete(key);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for the clients' ${what}`));
    }, timeoutMs);
    waiters.set(key, (message) => {
      clearTimeout(timer);
      resolve(message as Extract<FromClients, { type: T }>);
    });
  });
}

function toClients(message: ToClients): void {
  child!.send(message);
}

async function clientSnapshot(): Promise<ClientTotals> {
  const id = ++snapshotId;
  const reply = waitFor<'snapshot'>(`snapshot:${id}`, 10_000, 'counters');
  toClients({ type: 'snapshot', id });
  return (await reply).totals;
}

// ---------------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------------

interface TickSample {
  fanOutMs: number;
  /** CPU the process spent during the fan-out: the work, apart from time the machine gave to other processes. */
  fanOutCpuMs: number;
  /** From the fan-out's start until the event loop is idle again: the messages are serialised and written. */
  deliveredMs: number;
  advanceMs: number;
  messages: number;
  groups: number;
  subscribers: number;
}

/** What one count's run found: the table's column and what the section says around it. */
interface RunReport {
  subscribers: number;
  date: string;
  machine: string;
  mixText: string;
  rows: [string, string][];
  windowSeconds: number;
  ticks: number;
  simulatedSeconds: number;
  groups: number;
  connected: number;
  failed: number;
  connectSeconds: number;
  otherCpuPercent: number;
  fanOutP50: number;
  fanOutP95: number;
}

/** One count's run, in this process: the emulator, its subscribers, the warm-up and the measured window. */
async function measure(subscriberCount: number): Promise<RunReport> {
  const mix = describeMix(buildMix(subscriberCount, SIZE, SEED));
  console.log(`Generating the ${SIZE.agents}-agent scenario and starting the emulator…`);
  const scenario = generateScenario(SIZE);
  const startedAt = performance.now();
  const emulator = await Emulator.start({
    port: 0,
    host: '127.0.0.1',
    seed: SEED,
    speed,
    tickMs: TICK_MS,
    scenario,
    startTime: Date.parse(START),
    paused: false,
    // One admin account holds every socket here: the per-account limits must not refuse the larger counts.
    maxSocketsPerAccount: Math.max(DEFAULT_OPTIONS.maxSocketsPerAccount, subscriberCount),
    maxSubscriptionsPerAccount: Math.max(DEFAULT_OPTIONS.maxSubscriptionsPerAccount, subscriberCount),
  });
  console.log(`Emulator at ${emulator.url} (started in ${((performance.now() - startedAt) / 1000).toFixed(1)} s, clock ${emulator.state().clock})`);

  /** The last measured tick until its messages are written: the event loop's next idle moment or next tick. */
  let undelivered: { sample: TickSample; fanOutStart: number } | null = null;
  const delivered = () => {
    if (!undelivered) return;
    undelivered.sample.deliveredMs = performance.now() - undelivered.fanOutStart;
    undelivered = null;
  };

  // Times the simulation step from outside: the tick calls runtime.cc.advance just before the fan-out.
  let lastAdvanceMs = 0;
  const cc = emulator.runtime.cc;
  const advance = cc.advance.bind(cc);
  cc.advance = (stepMs: number) => {
    // A late interval can run the next tick before setImmediate; the previous tick's sends (microtasks) are done by then.
    delivered();
    const t = performance.now();
    advance(stepMs);
    lastAdvanceMs = performance.now() - t;
  };

  // Times the fan-out's CPU from outside too: on a shared machine its wall time also holds other processes' turns.
  let lastFanOutCpuMs = NaN;
  const hub = emulator.hub;
  const hubFanOut = hub.fanOut.bind(hub);
  hub.fanOut = (lose?: boolean) => {
    const before = process.cpuUsage();
    const report = hubFanOut(lose);
    const used = process.cpuUsage(before);
    lastFanOutCpuMs = (used.user + used.system) / 1000;
    return report;
  };

  let measuring = false;
  const samples: TickSample[] = [];
  const rssSamples: number[] = [];
  const tickListeners = new Set<() => void>();
  emulator.onTick = (report) => {
    if (measuring) {
      const fanOutStart = performance.now() - report.durationMs;
      const sample: TickSample = {
        fanOutMs: report.durationMs,
        fanOutCpuMs: lastFanOutCpuMs,
        deliveredMs: NaN,
        advanceMs: lastAdvanceMs,
        messages: report.messages,
        groups: report.groups,
        subscribers: report.subscribers,
      };
      samples.push(sample);
      // The pushes resolve promises; the sockets' send loops run as microtasks, all done before setImmediate.
      undelivered = { sample, fanOutStart };
      setImmediate(() => {
        delivered();
        rssSamples.push(process.memoryUsage.rss());
      });
    }
    for (const listener of [...tickListeners]) listener();
  };
  /** Resolves at the first tick (after its fan-out) for which `done()` holds. */
  const tickWhen = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      const listener = () => {
        if (done()) {
          tickListeners.delete(listener);
          resolve();
        }
      };
      tickListeners.add(listener);
    });

  // Log in as a supervisor over HTTP, as a wallboard does.
  const response = await fetch(emulator.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: 'mutation { login(username: "admin", password: "admin") { authToken { accessToken expiresIn } session { expiresIn } } }' }),
  });
  const body = (await response.json()) as { data?: { login: { authToken: { accessToken: string } } }; errors?: unknown };
  const cookie = response.headers
    .getSetCookie()
    .find((c) => c.startsWith('teleniaRtdSessionID='))
    ?.split(';')[0];
  if (!body.data || !cookie) throw new Error(`login failed: ${JSON.stringify(body.errors ?? body)}`);
  const accessToken = body.data.login.authToken.accessToken;
  console.log(`Logged in as admin (session cookie ${cookie.split('=')[0]}, access token ${accessToken.slice(0, 8)}…)`);

  // The subscribers, in their own process. tsx is loaded explicitly so a --cpu-prof of this process is not inherited.
  child = fork(CLIENTS, [], {
    execArgv: ['--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('message', (message: FromClients) => {
    const key = message.type === 'snapshot' ? `snapshot:${message.id}` : message.type;
    const waiter = waiters.get(key);
    waiters.delete(key);
    waiter?.(message);
  });
  const childExited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  child.once('exit', (code, signal) => {
    if (!stopping) {
      console.error(`benchmark: the client process exited early (${signal ?? code})`);
      process.exit(1);
    }
  });

  const wsUrl = emulator.url.replace(/^http/, 'ws');
  const ready = waitFor<'ready'>('ready', 240_000, 'connections');
  toClients({ type: 'start', wsUrl, accessToken, count: subscriberCount, seed: SEED, size: SIZE, concurrency: 25 });
  const readyMessage = await ready;
  const connectSeconds = readyMessage.elapsedMs / 1000;
  console.log(
    `${readyMessage.connected} subscribers connected in ${(readyMessage.elapsedMs / 1000).toFixed(1)} s${readyMessage.failed ? `, ${readyMessage.failed} failed (${readyMessage.firstError})` : ''}`,
  );
  if (readyMessage.connected === 0) throw new Error(`no subscriber connected: ${readyMessage.firstError}`);

  // Every start/subscribe message is sent once connected; wait until the hub holds them all.
  const settleBy = performance.now() + 30_000;
  while (emulator.hub.subscriptionCount < readyMessage.connected && performance.now() < settleBy) await sleep(50);
  const subscriptions = emulator.hub.subscriptionCount;
  console.log(`${subscriptions} subscriptions in ${emulator.hub.groupCount} groups; warming up for ${warmupSeconds} s…`);

  await sleep(warmupSeconds * 1000);
  // Window edges half-way between ticks, so each edge falls after one tick's messages were delivered: at
  // one tick a second, the window holds exactly `seconds` ticks; a slower emulator gets fewer, and a window
  // that ends at the first tick after `seconds`.
  await tickWhen(() => true);
  await sleep(TICK_MS / 2);
  const clockBefore = Date.parse(emulator.state().clock);
  const before = { machine: machineTimes(), load: os.loadavg()[0], cpu: process.cpuUsage(), rss: process.memoryUsage.rss(), at: performance.now(), clients: await clientSnapshot() };
  rssSamples.push(before.rss);
  measuring = true;
  console.log(`Measuring for ${seconds} s…`);
  await tickWhen(() => performance.now() - before.at >= seconds * 1000 - TICK_MS / 2);
  measuring = false;
  const clockAfter = Date.parse(emulator.state().clock);
  await sleep(TICK_MS / 2);
  const cpu = process.cpuUsage(before.cpu);
  const machineAfter = machineTimes();
  const loadAfter = os.loadavg()[0];
  const windowMs = performance.now() - before.at;
  const after = { rss: process.memoryUsage.rss(), clients: await clientSnapshot() };
  rssSamples.push(after.rss);
  const state = emulator.state();
  const simulatedSeconds = (clockAfter - clockBefore) / 1000;

  // Stop: clients first (they close their sockets), then the emulator.
  stopping = true;
  const stoppedReply = waitFor<'stopped'>('stopped', 15_000, 'shutdown');
  toClients({ type: 'stop' });
  const stopped = await stoppedReply.catch(() => null);
  const exitCode = await Promise.race([childExited, sleep(5_000).then(() => 'timeout' as const)]);
  if (exitCode === 'timeout' && child.exitCode === null) child.kill('SIGKILL');
  await emulator.close();

  // Figures.
  const windowSeconds = windowMs / 1000;
  const fanOut = stats(samples.map((s) => s.fanOutMs));
  const fanOutCpu = stats(samples.map((s) => s.fanOutCpuMs));
  const deliveredStats = stats(samples.map((s) => s.deliveredMs).filter(Number.isFinite));
  const advanceStats = stats(samples.map((s) => s.advanceMs));
  const messagesPerTick = stats(samples.map((s) => s.messages));
  const groups = stats(samples.map((s) => s.groups));
  const received = after.clients.messages - before.clients.messages;
  const bytes = after.clients.bytes - before.clients.bytes;
  const resultBytes = after.clients.resultBytes - before.clients.resultBytes;
  const receivingSubscribers = after.clients.perSubscriber.filter((n, i) => n > (before.clients.perSubscriber[i] ?? 0)).length;
  const cpuPercent = ((cpu.user + cpu.system) / 1000 / windowMs) * 100;
  const clientCpuPercent = ((after.clients.cpuUs - before.clients.cpuUs) / 1000 / windowMs) * 100;
  // Everything the machine's cores did over the window, in % of one core, from /proc/stat via os.cpus().
  const machineBusyPercent = ((machineAfter.busy - before.machine.busy) / (machineAfter.total - before.machine.total)) * 100 * os.cpus().length;
  const otherCpuPercent = Math.max(0, machineBusyPercent - cpuPercent - clientCpuPercent);
  const rssMax = Math.max(...rssSamples);
  const aimMet = fanOut.p95 < AIM_P95_MS;
  const errors = (stopped?.totals ?? after.clients).errors;
  const unexpectedCloses = (stopped?.totals ?? after.clients).closedUnexpectedly;

  const cpus = os.cpus();
  const machine = `${cpus[0]?.model.trim() ?? 'unknown CPU'} × ${cpus.length}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${os.type()} ${os.release()} (${os.arch()}), Node ${process.version}`;
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const mixText =
    `${subscriberCount} subscribers, one socket each: ${mix.transport} graphql-transport-ws (graphql-ws client), ${mix.legacy} legacy graphql-ws; ` +
    `serviceStats ${mix.byKind.serviceStats}, groupStats ${mix.byKind.groupStats}, users ${mix.byKind.users}, userStats ${mix.byKind.userStats}, ` +
    `userProfileStats ${mix.byKind.userProfileStats}; ${mix.copies} reuse an earlier subscriber's exact operation; ${mix.distinctOperations} distinct operations`;

  const rows: [string, string][] = [
    ['Subscriptions / groups', `${int(subscriptions)} / ${int(groups.max)}`],
    ['Ticks in window', `${samples.length} in ${windowSeconds.toFixed(1)} s (simulated clock advanced ${simulatedSeconds} s)`],
    ['Fan-out per tick (onTick), p50 / p95 / max', `${ms(fanOut.p50)} / ${ms(fanOut.p95)} / ${ms(fanOut.max)}`],
    ['Fan-out CPU per tick (process CPU during it), p50 / p95 / max', `${ms(fanOutCpu.p50)} / ${ms(fanOutCpu.p95)} / ${ms(fanOutCpu.max)}`],
    ['Fan-out + serialise + write, p50 / p95 / max', `${ms(deliveredStats.p50)} / ${ms(deliveredStats.p95)} / ${ms(deliveredStats.max)}`],
    ['Simulation step, p50 / p95 / max', `${ms(advanceStats.p50)} / ${ms(advanceStats.p95)} / ${ms(advanceStats.max)}`],
    ['Messages per tick, p50 / mean / max', `${int(messagesPerTick.p50)} / ${int(messagesPerTick.mean)} / ${int(messagesPerTick.max)}`],
    ['Messages received by clients', `${int(received)} (${int(received / windowSeconds)}/s; ${receivingSubscribers} of ${subscriptions} subscribers got some)`],
    ['Bytes sent (received by clients)', `${rate(bytes / windowSeconds)} (${int(bytes)} B; results ${int(resultBytes)} B)`],
    ['Emulator CPU', `${cpuPercent.toFixed(1)} % of one core (user ${(cpu.user / 1e6).toFixed(1)} s, system ${(cpu.system / 1e6).toFixed(1)} s)`],
    [
      'Machine during the window',
      `${machineBusyPercent.toFixed(0)} % of one core busy of ${os.cpus().length * 100} %: emulator ${cpuPercent.toFixed(0)} %, clients ${clientCpuPercent.toFixed(0)} %, other processes ${otherCpuPercent.toFixed(0)} %; 1-min load average ${before.load.toFixed(2)} → ${loadAfter.toFixed(2)}`,
    ],
    ['Emulator RSS, start / end / max', `${mib(before.rss)} / ${mib(after.rss)} / ${mib(rssMax)}`],
    ['Client errors / unexpected closes', `${errors} / ${unexpectedCloses}`],
    [
      `Aim: p95 fan-out < ${AIM_P95_MS} ms at ${int(AIM_SUBSCRIBERS)} subscribers`,
      subscriberCount !== AIM_SUBSCRIBERS ? `no aim at ${int(subscriberCount)} (p95 ${ms(fanOut.p95)})` : aimMet ? `met (${ms(fanOut.p95)})` : `NOT met (${ms(fanOut.p95)})`,
    ],
  ];

  const report: RunReport = {
    subscribers: subscriberCount,
    date,
    machine,
    mixText,
    rows,
    windowSeconds,
    ticks: samples.length,
    simulatedSeconds,
    groups: groups.max,
    connected: readyMessage.connected,
    failed: readyMessage.failed,
    connectSeconds,
    otherCpuPercent,
    fanOutP50: fanOut.p50,
    fanOutP95: fanOut.p95,
  };
  printReport(report);
  console.log(`Emulator clock at end: ${state.clock}`);
  return report;
}

function printReport(report: RunReport): void {
  const width = Math.max(...report.rows.map(([k]) => k.length));
  console.log('');
  console.log(`RTD Server emulator fan-out: ${SIZE.agents} agents, ${SIZE.services} services, ${SIZE.groups} groups; ${report.ticks} ticks in ${report.windowSeconds.toFixed(1)} s at speed ${speed}`);
  console.log(report.mixText);
  console.log('-'.repeat(width + 40));
  for (const [k, v] of report.rows) console.log(`${k.padEnd(width)}  ${v}`);
  console.log('-'.repeat(width + 40));
}

/** Each count of the list in a process of its own (this script with that one count); their reports in order. */
async function measureEach(counts: number[]): Promise<RunReport[]> {
  const reports: RunReport[] = [];
  for (const count of counts) {
    const file = join(os.tmpdir(), `rtd-fanout-${process.pid}-${count}.json`);
    const args = ['--subscribers', String(count), '--seconds', String(seconds), '--speed', String(speed), '--warmup', String(warmupSeconds), '--no-docs', '--report-to', file];
    console.log(`\n=== ${count} subscribers (a process of its own) ===`);
    const run = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), SELF, ...args], { stdio: 'inherit' });
    const code = await new Promise<number | null>((resolve) => run.once('exit', (c) => resolve(c)));
    if (code !== 0 || !existsSync(file)) throw new Error(`the ${count}-subscriber run exited ${code}`);
    reports.push(JSON.parse(readFileSync(file, 'utf8')) as RunReport);
    rmSync(file, { force: true });
  }
  return reports;
}

/** The section: one column per count, the same rows for each. */
function docsSection(reports: RunReport[]): string {
  const first = reports[0];
  const count = (n: number) => n.toLocaleString('en-US');
  const aimed = reports.find((r) => r.subscribers === AIM_SUBSCRIBERS);
  const others = reports.filter((r) => r !== aimed);
  const aimLine = aimed
    ? `**Aim (p95 fan-out under ${AIM_P95_MS} ms per tick at ${count(AIM_SUBSCRIBERS)} subscribers on these 2-core machines): ${aimed.fanOutP95 < AIM_P95_MS ? 'met' : 'not met'}** (p95 ${ms(aimed.fanOutP95)}).`
    : `**No ${count(AIM_SUBSCRIBERS)}-subscriber run in this list, so the aim (p95 fan-out under ${AIM_P95_MS} ms at ${count(AIM_SUBSCRIBERS)}) is not judged here.**`;
  const growth = others.map((r) => `${count(r.subscribers)} subscribers, p50 ${ms(r.fanOutP50)} and p95 ${ms(r.fanOutP95)}`);
  const busy = reports.filter((r) => r.otherCpuPercent >= 20);
  return [
    SECTION,
    '',
    `- Date: ${first.date}`,
    `- Machine: ${first.machine}`,
    `- Command: \`${command}\`${reports.length > 1 ? ' (each subscriber count in a process of its own, one after the other)' : ''}`,
    `- Scenario: \`generateScenario({ agents: ${SIZE.agents}, services: ${SIZE.services}, groups: ${SIZE.groups} })\`, seed ${SEED}, clock from ${START} (a busy hour), tick ${TICK_MS} ms, speed ${speed}; ${warmupSeconds} s warm-up, then a window of about ${seconds} s`,
    ...reports.map(
      (r) =>
        `- ${r.mixText}; ${r.groups} subscription groups (operation + variables + visibility); connecting and subscribing all ${count(r.connected)} (25 handshakes at a time) took ${r.connectSeconds.toFixed(1)} s${r.failed ? `; ${r.failed} failed` : ''}; ${r.ticks} ticks in a ${r.windowSeconds.toFixed(1)} s window (simulated clock advanced ${r.simulatedSeconds} s)`,
    ),
    '- Logged in as admin (supervisor) with the access token from `login`; clients in a separate process (bench/fanout-clients.ts); the per-account socket and subscription limits raised to the count where it is above their defaults (500 and 1,000)',
    '',
    `| Figure | ${reports.map((r) => `${count(r.subscribers)} subscribers`).join(' | ')} |`,
    `| --- |${reports.map(() => ' --- |').join('')}`,
    ...first.rows.map(([label], i) => `| ${label} | ${reports.map((r) => r.rows[i][1]).join(' | ')} |`),
    '',
    aimLine,
    ...(growth.length ? ['', `Recorded beside it, with no aim, to show how the cost grows: ${growth.join('; ')}.`] : []),
    ...(busy.length
      ? [
          '',
          `Other processes kept ${busy.map((r) => `${r.otherCpuPercent.toFixed(0)} % of a core busy during the ${count(r.subscribers)}-subscriber window`).join(' and ')} (the machine has ${os.cpus().length} cores), so those figures may be somewhat pessimistic.`,
        ]
      : []),
    '',
    'Notes: "Fan-out per tick" is `durationMs` from `Emulator.onTick`: running each group\'s operation, diffing it and pushing the delta to each subscriber\'s iterator. ' +
      '"Fan-out CPU per tick" is `process.cpuUsage()` over the same call (all of the process\'s threads, so a garbage collector\'s helper threads too): the work, which the wall time above shows plus whatever turns the machine gave to other processes meanwhile. ' +
      '"Fan-out + serialise + write" runs from the fan-out\'s start until the event loop is next idle (a `setImmediate` after `onTick`) or the next tick starts, whichever comes first, so it also covers JSON serialisation and socket writes by both protocols\' send loops. ' +
      '"Simulation step" times `ContactCentre.advance` for the tick, which runs before the fan-out. ' +
      'CPU is `process.cpuUsage()` over the window as a share of one core; bytes are WebSocket message payloads received by the clients (results, acks and keep-alives; "results" counts subscription results only).',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const reports = subscriberCounts.length === 1 ? [await measure(subscriberCounts[0])] : await measureEach(subscriberCounts);
  if (reportTo) writeFileSync(reportTo, JSON.stringify(reports[0]));
  if (reports.length > 1) {
    console.log('\nFan-out per tick, p50 / p95:');
    for (const r of reports) console.log(`  ${String(r.subscribers).padStart(6)} subscribers: ${ms(r.fanOutP50)} / ${ms(r.fanOutP95)}`);
  }
  if (writeDocs) {
    mkdirSync(dirname(DOCS), { recursive: true });
    const existing = existsSync(DOCS) ? readFileSync(DOCS, 'utf8') : '# Benchmarks\n\nMeasured figures, each section written by the benchmark it names. Re-run a benchmark to replace its section.\n';
    writeFileSync(DOCS, replaceSection(existing, docsSection(reports)));
    console.log(`Wrote the "${SECTION.slice(3)}" section of docs/benchmarks.md`);
  }
}

/** Busy and total CPU time of all cores so far (ms), to tell how loaded the machine was. */
function machineTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    busy += all - times.idle;
    total += all;
  }
  return { busy, total };
}

/** Replaces the section (its heading to the next `## ` heading) or appends it; other sections stay as they are. */
function replaceSection(document: string, section: string): string {
  const lines = document.split('\n');
  const start = lines.findIndex((l) => l.trim() === SECTION);
  if (start < 0) return `${document.replace(/\n*$/, '')}\n\n${section}`;
  let end = lines.findIndex((l, i) => i > start && /^#{1,2} /.test(l));
  if (end < 0) end = lines.length;
  const rest = lines.slice(end).join('\n');
  return [lines.slice(0, start).join('\n').replace(/\n*$/, ''), section.replace(/\n*$/, ''), rest].filter((p) => p !== '').join('\n\n') + '\n';
}

let stopping = false;
main().then(
  () => process.exit(0),
  (error) => {
    console.error(`benchmark failed: ${(error as Error).stack ?? error}`);
    if (child?.pid && child.exitCode === null) child.kill('SIGKILL');
    process.exit(1);
  },
);
