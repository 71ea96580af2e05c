/**
 * Benchmark (not a test): the kiosk on a TV for a long run. The emulator's large generated scenario (2,000 agents,
 * 200 services, 50 groups) at high speed, the wallboard served by `ng serve`, Debian's Chromium opening the kiosk
 * link of the demo token; every 30 s the page's JS heap (after a forced garbage collection) and DOM node count
 * are sampled over CDP, the live lists' worker's heap with the page's. Growth after the warm-up, and a slide's heap
 * on its second visit against its first, are what a leak would show.
 *
 *   npm run bench:kiosk-soak [-- --minutes 30 --warmup 5 --speed 20 --no-docs]
 *
 * Writes the section "## Kiosk soak" of docs/benchmarks.md (unless --no-docs).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startStack } from '../e2e/harness.ts';
import { WorkerHeaps } from './worker-heap.ts';

const SECTION = '## Kiosk soak';
const DOCS = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
const SAMPLE_MS = 30_000;
const TOKEN = 'rtd-wallboard-kiosk-demo-token';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '12' },
    speed: { type: 'string', default: '20' },
    'slide-seconds': { type: 'string', default: '5' },
    'no-docs': { type: 'boolean', default: false },
  },
});
const minutes = Number(values.minutes);
const warmupMinutes = Number(values.warmup);
const speed = Number(values.speed);
const slideSeconds = Number(values['slide-seconds']);

/**
 * The kiosk link of the soak, in the format of the app's kiosk links (README, Kiosk mode): one board with every
 * service and group of the generated scenario, its three pages `slideSeconds` each, so every slide kind comes
 * round several times in the run.
 */
function soakLink(appUrl: string): string {
  const codes = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}_${i + 1}`);
  const all = (list: string[]) => ({ CALL: list, VIDEO: list, CHAT: list });
  const board = {
    id: 'soak',
    name: 'Soak',
    services: all(codes('service', 200)),
    groups: all(codes('skillset', 50)),
    agents: {},
    customStatKeys: [],
    site: null,
    serviceLevel: 'answered',
    thresholds: { serviceLevel: { warning: 80, critical: 70 }, longestWait: { warning: 60, critical: 120 }, abandonRate: { warning: 5, critical: 8 }, holdSeconds: 5 },
    density: 'comfortable',
  };
  const config = {
    slides: (['services', 'groups', 'agents'] as const).map((page) => ({ board: 'soak', page, seconds: slideSeconds })),
    sound: false,
    burnIn: true,
    staleSeconds: 15,
    dailyReloadHour: null,
  };
  const bundle = Buffer.from(JSON.stringify({ config, boards: { format: 'rtd-wallboard/boards', version: 1, boards: [board] } })).toString('base64url');
  return `${appUrl}/kiosk#${new URLSearchParams({ token: TOKEN, kiosk: bundle })}`;
}

interface Sample {
  minute: number;
  /** The page's and its workers' JS heap together, MiB. */
  heapMb: number;
  workerHeapMb: number;
  nodes: number;
  listeners: number;
  slide: string;
  phase: string;
  stale: number;
  corrections: number;
}

const stack = await startStack({ emulatorArgs: ['--agents', '2000', '--services', '200', '--groups', '50', '--speed', String(speed), '--tick-ms', '1000'] });
const samples: Sample[] = [];
const correctionsByField = new Map<string, number>();
const correctionExamples: string[] = [];
const slidesSeen = new Set<string>();
try {
  const page = await stack.newPage();
  // Each correction the reconciliation finds is logged by the page: tally them by list, kind and field.
  page.on('console', (message) => {
    const match = /^RTD reconciliation: (\w+) (\w+):\S+ (?:differed in (.+)|(was missing)|(should not have been listed))$/.exec(message.text());
    if (!match) return;
    const [, list, typename, fields, missing] = match;
    const keys = fields ? fields.split(', ').map((field) => `${list} ${typename}.${field}`) : [`${list} ${typename} ${missing ? 'missing' : 'extra'}`];
    for (const key of keys) correctionsByField.set(key, (correctionsByField.get(key) ?? 0) + 1);
    if (correctionExamples.length < 20) correctionExamples.push(message.text());
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const workers = await WorkerHeaps.attach(cdp);
  const started = Date.now();
  await page.goto(soakLink(stack.appUrl), { timeout: 180_000, waitUntil: 'domcontentloaded' });
  const deadline = started + minutes * 60_000;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(SAMPLE_MS, Math.max(0, deadline - Date.now()))));
    await Promise.all([cdp.send('HeapProfiler.collectGarbage'), workers.collectGarbage()]);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const workerHeapMb = await workers.usedMb();
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    const state = await page.evaluate(() => {
      const kiosk = document.querySelector('app-kiosk-page');
      return {
        slide: kiosk?.getAttribute('data-slide') ?? '',
        phase: kiosk?.getAttribute('data-phase') ?? '',
        stale: document.querySelectorAll('[data-stale]:not([data-stale=""])').length,
        corrections: Number(kiosk?.getAttribute('data-corrections') ?? 0),
      };
    });
    slidesSeen.add(state.slide.replace(/\/\d+$/, ''));
    const sample = {
      minute: (Date.now() - started) / 60_000,
      heapMb: metric('JSHeapUsedSize') / 2 ** 20 + workerHeapMb,
      workerHeapMb,
      nodes: metric('Nodes'),
      listeners: metric('JSEventListeners'),
      ...state,
    };
    samples.push(sample);
    console.log(
      `${sample.minute.toFixed(1)} min  heap ${sample.heapMb.toFixed(1)} MiB (worker ${sample.workerHeapMb.toFixed(1)})  nodes ${sample.nodes}  listeners ${sample.listeners}  ${sample.phase} ${sample.slide}${sample.stale ? `  stale tiles ${sample.stale}` : ''}`,
    );
  }
} finally {
  await stack.close();
}

const afterWarmup = samples.filter((s) => s.minute >= warmupMinutes);
const first = afterWarmup[0];
const last = afterWarmup[afterWarmup.length - 1];
// Compare like with like: the slide on screen changes the DOM, so growth is measured per slide kind.
const bySlide = new Map<string, Sample[]>();
for (const sample of afterWarmup) {
  const kind = sample.slide.split('/')[1] ?? '';
  bySlide.set(kind, [...(bySlide.get(kind) ?? []), sample]);
}
const growth = (a: number, b: number) => (a ? (100 * (b - a)) / a : 0);
const rows = [...bySlide.entries()].map(([kind, list]) => {
  const [a, b] = [list[0]!, list[list.length - 1]!];
  return {
    kind,
    samples: list.length,
    heapFrom: a.heapMb,
    heapTo: b.heapMb,
    heapGrowth: growth(a.heapMb, b.heapMb),
    nodesFrom: a.nodes,
    nodesTo: b.nodes,
    nodesGrowth: growth(a.nodes, b.nodes),
    maxHeap: Math.max(...list.map((s) => s.heapMb)),
  };
});
const staleSamples = samples.filter((s) => s.stale > 0).length;
// The issue's measure: each slide kind's heap on its later visits against its first. A visit is the samples in a row
// on one kind; its median, so that one screenful's peak does not decide.
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const runs: { kind: string; list: Sample[] }[] = [];
for (const sample of samples) {
  const kind = sample.slide.split('/')[1] ?? '';
  const current = runs[runs.length - 1];
  if (current?.kind === kind) current.list.push(sample);
  else runs.push({ kind, list: [sample] });
}
const visits = runs.map(({ kind, list }, i) => ({
  kind,
  visit: runs.slice(0, i + 1).filter((r) => r.kind === kind).length,
  from: list[0]!.minute,
  to: list[list.length - 1]!.minute,
  samples: list.length,
  heapMb: median(list.map((s) => s.heapMb)),
  workerHeapMb: median(list.map((s) => s.workerHeapMb)),
  nodes: median(list.map((s) => s.nodes)),
}));
const firstVisit = (kind: string) => visits.find((v) => v.kind === kind && v.visit === 1)!;
const previousVisit = (kind: string, visit: number) => visits.find((v) => v.kind === kind && v.visit === visit - 1);
// Against the previous visit too: a slide's first visit comes before the worker's cache holds the other slides'
// last known entities (kept so a slide that comes round again shows them while its snapshot loads).
const visitRows = visits.map((v) => {
  const previous = previousVisit(v.kind, v.visit);
  return { ...v, heapVsFirst: growth(firstVisit(v.kind).heapMb, v.heapMb), heapVsPrevious: previous ? growth(previous.heapMb, v.heapMb) : 0 };
});
const secondVisits = visitRows.filter((v) => v.visit === 2);
const chromium = (() => {
  try {
    return execFileSync('/usr/bin/chromium', ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return 'unknown';
  }
})();
console.table(rows);
console.table(visitRows);
if (correctionsByField.size) {
  console.log('Corrections by list and field:');
  console.table([...correctionsByField.entries()].sort((a, b) => b[1] - a[1]).map(([field, count]) => ({ field, count })));
  console.log(correctionExamples.join('\n'));
}

if (!values['no-docs'] && first && last) {
  const fmt = (n: number) => n.toFixed(1);
  const section = [
    SECTION,
    '',
    `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${chromium}.`,
    `- Command: \`npm run bench:kiosk-soak -- --minutes ${minutes} --warmup ${warmupMinutes} --speed ${speed} --slide-seconds ${slideSeconds}\``,
    `- Scenario: the emulator's \`--agents 2000 --services 200 --groups 50\` (generated), tick 1000 ms; the kiosk link holds one board with all 200 services and 50 groups on every channel and plays its services, groups and agents pages in turn, ${slideSeconds} s per step (tiles paged by screenful, the agent grid by its viewport), at 1920×1080 under \`ng serve\` (development build).`,
    `- Samples every ${SAMPLE_MS / 1000} s after a forced GC in the page and its worker (CDP \`HeapProfiler.collectGarbage\`, \`Performance.getMetrics\`; the worker's \`Runtime.getHeapUsage\`, since the page's metrics leave out the worker's heap, which holds the socket and the Apollo cache): ${samples.length} in all, ${afterWarmup.length} after a ${warmupMinutes} min warm-up. Slides seen: ${[...slidesSeen].sort().join(', ')}.`,
    `- Samples with stale (greyed) tiles: ${staleSamples} of ${samples.length}. Corrections found by the 5-minute reconciliation by the end: ${samples[samples.length - 1]?.corrections ?? 0}.`,
    '',
    '| Slide | Samples | JS heap after warm-up → end (MiB) | Heap growth | Max heap (MiB) | DOM nodes after warm-up → end | Node growth |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.kind} | ${r.samples} | ${fmt(r.heapFrom)} → ${fmt(r.heapTo)} | ${fmt(r.heapGrowth)} % | ${fmt(r.maxHeap)} | ${r.nodesFrom} → ${r.nodesTo} | ${fmt(r.nodesGrowth)} % |`),
    '',
    'Each slide kind visit by visit (the samples in a row on that kind; medians), against its first and its previous visit:',
    '',
    '| Slide | Visit | Minutes | Samples | JS heap, page and worker (MiB) | of which the worker | DOM nodes | Heap against the first visit | against the previous visit |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...visitRows.map(
      (v) =>
        `| ${v.kind} | ${v.visit} | ${fmt(v.from)}–${fmt(v.to)} | ${v.samples} | ${fmt(v.heapMb)} | ${fmt(v.workerHeapMb)} | ${v.nodes} | ${v.visit === 1 ? '' : `${fmt(v.heapVsFirst)} %`} | ${v.visit === 1 ? '' : `${fmt(v.heapVsPrevious)} %`} |`,
    ),
    '',
    `Target (issue 13): heap on the second visit within 5 % of the first: ${
      secondVisits.length
        ? secondVisits.map((v) => `${v.kind} ${fmt(v.heapVsFirst)} %`).join(', ') + (secondVisits.every((v) => Math.abs(v.heapVsFirst) <= 5) ? ', **met**' : ', **not met**')
        : 'no slide came round twice'
    }.`,
    '',
    `Over the whole window: heap ${fmt(first.heapMb)} → ${fmt(last.heapMb)} MiB, DOM nodes ${first.nodes} → ${last.nodes} (the slide on screen differs between the two samples, so the per-slide rows are the fair comparison).`,
    '',
  ].join('\n');
  mkdirSync(dirname(DOCS), { recursive: true });
  const existing = existsSync(DOCS) ? readFileSync(DOCS, 'utf8') : '# Benchmarks\n';
  const start = existing.indexOf(SECTION);
  const next = start < 0 ? -1 : existing.indexOf('\n## ', start + SECTION.length);
  const updated = start < 0 ? `${existing.trimEnd()}\n\n${section}` : `${existing.slice(0, start)}${section}${next < 0 ? '' : existing.slice(next + 1)}`;
  writeFileSync(DOCS, updated.endsWith('\n') ? updated : `${updated}\n`);
  console.log(`Wrote the "${SECTION.slice(3)}" section of docs/benchmarks.md`);
}
process.exit(0);
