/**
 * Benchmark: what the breach warnings cost a board's page (issue 16), so "a live delta costs nothing, a new minute
 * costs its service's forecast" rests on numbers.
 *
 *   npm run bench:warnings [-- --services 200 --no-docs]
 *
 * In this process (Node): a board of `--services` CALL services, each with the 30 minutes of samples the app's
 * history feed holds (a third of them surging, so that they warn), through the app's own code
 * (src/app/features/boards/breach-warnings.ts, src/app/shared/stat-tile/stat-tile-view.ts). Timed, median µs over
 * many calls: the warnings at a clock tick when no samples changed (every second, on every board page); at a tick
 * where one service's minute was read again; at the tick where the minute turns (every service's forecast again);
 * and the tiles as shown after a live delta (one tile changed), with the warnings and without, which is what the
 * warnings add to each delta. Writes the section "## Breach warnings on a board" of docs/benchmarks.md unless --no-docs.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_THRESHOLDS } from '../contract/board-format.ts';
import type { HistorySample } from '../contract/history-format.ts';
import { BreachWarnings, NO_WARNINGS } from '../src/app/features/boards/breach-warnings.ts';
import { serviceStatOfSample, serviceTileView, serviceTiles } from '../src/app/features/services/service-tile-view.ts';
import { type ShownFrom, shownTiles } from '../src/app/shared/stat-tile/stat-tile-view.ts';
import type { TileSettings } from '../src/app/shared/stat-tile/tile-figures.ts';
import { LevelHold } from '../src/app/shared/thresholds.ts';
import { machineDescription, percentile, writeDocsSection } from './bench-report.ts';

const { values } = parseArgs({ options: { services: { type: 'string', default: '200' }, 'no-docs': { type: 'boolean', default: false } } });
const SERVICES = Number(values.services);
const MINUTE = 60_000;
const START = Date.parse('2026-12-04T10:00:05Z');
const settings: TileSettings = { customStatKeys: [], serviceLevel: 'answered', thresholds: DEFAULT_THRESHOLDS, hasField: () => true };

/** 30 minutes of one service ending at the minute before START: calm, or (every third) its last 10 minutes surging. */
function samplesOf(code: string, surging: boolean): HistorySample[] {
  const counters = { received: 1000, answered: 950, inTime: 900 };
  return Array.from({ length: 30 }, (_, i) => {
    const surge = surging && i >= 20;
    const m = surge
      ? { received: 16, answered: 9, inTime: 3, busy: 10, ready: 0, queued: 2 * (i - 19), longestWait: 8 * (i - 19) }
      : { received: 5, answered: 5, inTime: 5, busy: 7, ready: 3, queued: 0, longestWait: 0 };
    counters.received += m.received;
    counters.answered += m.answered;
    counters.inTime += m.inTime;
    return {
      kind: 'service',
      code,
      channel: 'CALL',
      minute: new Date(START - 5_000 - (30 - i) * MINUTE).toISOString(),
      queued: m.queued,
      longestWait: m.longestWait,
      received: counters.received,
      answered: counters.answered,
      answeredInTime: counters.inTime,
      abandoned: 20,
      shortAbandons: 0,
      agentsReady: m.ready,
      agentsBusy: m.busy,
      agentsPostCall: 1,
      agentsNotReady: 0,
      agentsLogged: m.ready + m.busy + 1,
    };
  });
}

const codes = Array.from({ length: SERVICES }, (_, i) => `service_${i + 1}`);
const history = new Map(codes.map((code, i) => [code, samplesOf(code, i % 3 === 0)]));
const samplesFor = (code: string) => history.get(code)!;

/** Median µs of `run` over `rounds` calls (after `warm` untimed ones). */
function timed(rounds: number, run: (round: number) => void, warm = 20): number {
  for (let i = 0; i < warm; i++) run(-1 - i);
  const us: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const t = performance.now();
    run(round);
    us.push((performance.now() - t) * 1000);
  }
  return percentile(us, 0.5);
}

// The warnings, as board-tiles.ts asks for them on each clock tick.
const model = new BreachWarnings();
let now = START;
const first = performance.now();
model.warnings(codes, samplesFor, settings, now);
const firstMs = performance.now() - first;
now += 5_000;
const warned = model.warnings(codes, samplesFor, settings, now);
const tickUs = timed(1000, () => model.warnings(codes, samplesFor, settings, now + 10));
const before = model.forecastsMade;
const oneChangedUs = timed(200, (round) => {
  // A service's minute in progress read again: a new array for that service alone.
  const code = codes[Math.abs(round) % codes.length];
  history.set(code, [...history.get(code)!]);
  model.warnings(codes, samplesFor, settings, now + 20);
});
const forecastsPerChange = (model.forecastsMade - before) / 220;
let minute = 0;
const minuteTurnUs = timed(20, () => {
  minute++;
  model.warnings(codes, samplesFor, settings, now + minute * MINUTE);
});

// The tiles as shown after a live delta: one tile's stat changed, every other tile handed out again.
const stats = codes.map((code) => serviceStatOfSample(samplesFor(code).at(-1)!));
const tiles = serviceTiles(stats, settings);
const trendOf = () => [];
const shownUs = (warnings: typeof warned) => {
  const hold = new LevelHold();
  const reuse = new Map<string, ShownFrom>();
  const current = [...tiles];
  return timed(1000, (round) => {
    const i = Math.abs(round) % current.length;
    const stat = stats[Math.max(0, i - 1)];
    current[i] = current[i].total ? current[i] : serviceTileView({ ...stat, code: current[i].code }, settings);
    shownTiles(current, hold, START, 5_000, trendOf, reuse, warnings);
  });
};
const withoutUs = shownUs(NO_WARNINGS);
const withUs = shownUs(warned);

const fmt = (us: number) => (us >= 100 ? us.toFixed(0) : us.toFixed(1));
const lines = [
  `\`npm run bench:warnings\` on ${machineDescription()}, ${new Date().toISOString().slice(0, 10)}.`,
  '',
  `A board of ${SERVICES} CALL services, each with the 30 minutes of samples the history feed holds, a third of them surging (${warned.size} warn); the app's code in Node (breach-warnings.ts, stat-tile-view.ts). Median µs per call.`,
  '',
  '| what | when | µs |',
  '|---|---|---|',
  `| the warnings, nothing changed | every clock tick (1 s) | ${fmt(tickUs)} |`,
  `| the warnings, one service's minute read again | when the history feed brings it (once a minute a service) | ${fmt(oneChangedUs)} (${forecastsPerChange.toFixed(2)} forecasts a call) |`,
  `| the warnings, the minute turned | once a minute: every service's forecast again | ${fmt(minuteTurnUs)} (${fmt(minuteTurnUs / SERVICES)} a service) |`,
  `| the first warnings | the board opens | ${fmt(firstMs * 1000)} |`,
  `| the tiles as shown after a live delta, without warnings | every delta | ${fmt(withoutUs)} |`,
  `| the same, with the warnings of ${warned.size} tiles | every delta | ${fmt(withUs)} |`,
  '',
  'A live delta does not reach the warnings (their computed signal reads the clock, the settings, the list of services and each service’s samples, not the tiles’ numbers): what a delta pays is the shown tiles’ look-up of each tile’s warning, the last two rows’ difference.',
];
console.log(lines.join('\n'));
if (!values['no-docs']) writeDocsSection('## Breach warnings on a board', lines.join('\n'), undefined, '## Breach warning: reading (by hand, not overwritten by the benchmark)');
