/**
 * Benchmark (not a test): how often the breach warning (contract/forecast.ts) comes true, how early, and how many
 * warnings are false, against what the tiles really showed. The real emulator runs as a process, paused; the
 * benchmark steps it one simulated minute at a time through a day (POST /simulator/step), five days by default
 * (POST /simulator/reset with the next seed: the same contact centre and clock, another history), with surges drawn from a
 * seed (bench/forecast-surges.ts, played through POST /simulator/surge) so that breaches happen. Each minute it reads
 * every CALL service over HTTP with the recorder's selection (RECORDED_FIELDS) and keeps a sample (historySample).
 * Then, per service and minute, as a tile would: the forecast from the samples so far, through the hold
 * (WarningHold, the board's holdSeconds), and the tile's own critical state, held the same way
 * (bench/forecast-score.ts). Scored: breaches warned at least 5 minutes ahead, the lead times, false alarms (a
 * warning with no breach within its 30-minute horizon) per service per hour; the same for the model counting callers
 * who hang up, and for a naive baseline, the last 15 minutes repeated forward.
 *
 *   npm run bench:forecast [-- --seed 1 --days 5 --agents 200 --services 10 --groups 10 --minutes 1440 --no-docs]
 *   npm run bench:forecast -- --default-scenario     the emulator's embedded contact centre (30 agents, 4 CALL services)
 *   … --samples FILE   keeps the simulated days in FILE (JSON): written after the emulator ran them, read back instead
 *                      of running it when FILE was made with the same scenario options (to score a change to the model
 *                      on the same days in seconds)
 *
 * Writes the section "## Breach warning: …" of docs/benchmarks.md (unless --no-docs).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_THRESHOLDS } from '../contract/board-format.ts';
import { forecastService } from '../contract/forecast.ts';
import { type HistorySample, type RecordedStat, RECORDED_FIELDS, historySample } from '../contract/history-format.ts';
import { machineDescription, percentile, writeDocsSection } from './bench-report.ts';
import { type Strategy, type StrategyScore, LEAD_MINUTES, lastIntervalRepeated, scoreStrategy } from './forecast-score.ts';
import { DEFAULT_SURGES, type PlannedSurge, surgeFactor, surgePlan } from './forecast-surges.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The day starts 30 s before midnight: the RTD Server's daily reset falls in the first minute, the whole day is one day's counters. */
const START = '2026-11-23T23:59:30Z';
/** The samples the strategies need before they may speak (the forecast's 45-minute window): breaches before are not scored. */
const WARM_UP_MINUTES = 45;

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    agents: { type: 'string', default: '200' },
    services: { type: 'string', default: '10' },
    groups: { type: 'string', default: '10' },
    'default-scenario': { type: 'boolean', default: false },
    minutes: { type: 'string', default: '1440' },
    days: { type: 'string', default: '20' },
    'no-docs': { type: 'boolean', default: false },
    samples: { type: 'string' },
  },
});
const seed = Number(values.seed);
const minutes = Number(values.minutes);
const dayCount = Number(values.days);
const sizeArgs = values['default-scenario'] ? [] : ['--agents', values.agents!, '--services', values.services!, '--groups', values.groups!];

// -------------------------------------------------------------------------------------------------------------
// The emulator process.
// -------------------------------------------------------------------------------------------------------------

async function startEmulator(): Promise<{ origin: string; stop: () => void }> {
  const args = ['--import', 'tsx', 'emulator/src/main.ts', '--port', '0', '--paused', '--start', START, '--seed', String(seed), '--exit-with-parent', ...sizeArgs];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the emulator was not ready within 60 s')), 60_000);
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before it was ready`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const ready = line.match(/ready at (http:\/\/[^\s/]+)\//);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    });
  });
  return { origin, stop: () => child.kill('SIGTERM') };
}

// -------------------------------------------------------------------------------------------------------------
// The day.
// -------------------------------------------------------------------------------------------------------------

/** The simulated days, as the emulator gave them: what the strategies are scored on. */
interface Recording {
  /** The scenario options the days were made with: a recording of other ones is not read back. */
  made: string;
  scenario: { name: string; agents: number };
  callServices: string[];
  days: { seed: number; plan: PlannedSurge[]; samples: Record<string, HistorySample[]>; ms: number; stepMs: number; readMs: number }[];
}

const made = JSON.stringify({ seed, minutes, dayCount, sizeArgs, START, DEFAULT_SURGES });

/** Runs the days on the emulator: each minute, the surges due, a step, and every CALL service read as the recorder reads it. */
async function simulate(): Promise<Recording> {
  const emulator = await startEmulator();
  try {
    const control = async (action: string, body?: unknown) => {
      const response = await fetch(`${emulator.origin}/simulator/${action}`, {
        method: action === 'state' ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: action === 'state' ? undefined : JSON.stringify(body ?? {}),
      });
      if (!response.ok) throw new Error(`/simulator/${action}: HTTP ${response.status} ${await response.text()}`);
      return response.json() as Promise<{ clock: string; scenario: { name: string; services: number; agents: number } }>;
    };
    let cookie = '';
    const gql = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
      const response = await fetch(`${emulator.origin}/rtdserver`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ query, variables }) });
      if (!cookie)
        cookie =
          response.headers
            .getSetCookie()
            .find((c) => c.startsWith('teleniaRtdSessionID='))
            ?.split(';')[0] ?? '';
      const body = (await response.json()) as { data?: T; errors?: unknown[] };
      if (body.errors || !body.data) throw new Error(`query failed: ${JSON.stringify(body.errors)}`);
      return body.data;
    };
    await gql('mutation { login(username: "admin", password: "admin") { username } }');
    const state = await control('state');
    const codes = Array.from({ length: state.scenario.services }, (_, i) => `service_${i + 1}`);
    const query = `query($s: [String!]!) { serviceStats(filter: { CALL: { services: $s } }) { ${RECORDED_FIELDS.service} } }`;
    const read = async () => (await gql<{ serviceStats: RecordedStat[] }>(query, { s: codes })).serviceStats.filter((stat) => stat.channel === 'CALL');
    const callServices = (await read()).map((stat) => stat.code);
    const recording: Recording = { made, scenario: { name: state.scenario.name, agents: state.scenario.agents }, callServices, days: [] };
    for (let d = 0; d < dayCount; d++) {
      const daySeed = seed + d;
      // The same clock and contact centre each day, another seed: another history and other surges.
      await control('reset', { seed: daySeed });
      const plan = surgePlan(daySeed, callServices);
      const samples: Record<string, HistorySample[]> = Object.fromEntries(callServices.map((code) => [code, []]));
      const started = performance.now();
      let stepMs = 0;
      let readMs = 0;
      for (let minute = 0; minute < minutes; minute++) {
        for (const surge of plan) {
          const factor = surgeFactor(surge, minute);
          // Told when a surge starts and each time its rate moves (as it builds); it ends by itself.
          if (factor !== 1 && factor !== surgeFactor(surge, minute - 1)) await control('surge', { service: surge.service, factor, minutes: surge.end - minute });
        }
        let t = performance.now();
        const stepped = await control('step', { seconds: 60 });
        stepMs += performance.now() - t;
        t = performance.now();
        const stats = await read();
        readMs += performance.now() - t;
        const at = Date.parse(stepped.clock) - 60_000;
        for (const stat of stats) samples[stat.code].push(historySample('service', stat, at));
      }
      recording.days.push({ seed: daySeed, plan, samples, ms: performance.now() - started, stepMs, readMs });
      console.log(`  seed ${daySeed}: the day simulated in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    return recording;
  } finally {
    emulator.stop();
  }
}

function readRecording(file: string): Recording | null {
  if (!existsSync(file)) return null;
  const recording = JSON.parse(readFileSync(file, 'utf8')) as Recording;
  if (recording.made === made) return recording;
  console.log(`${file} holds days made with other options: simulating afresh`);
  return null;
}

const recorded = values.samples ? readRecording(values.samples) : null;
const recording = recorded ?? (await simulate());
if (values.samples && !recorded) writeFileSync(values.samples, JSON.stringify(recording));
const { scenario, callServices } = recording;
console.log(
  `${scenario.name}: ${callServices.length} CALL services, ${scenario.agents} agents; ${dayCount} day(s) of ${minutes} simulated minutes from ${START}, seeds ${seed}–${seed + dayCount - 1}${recorded ? ` (read from ${values.samples})` : ''}`,
);

const strategies: [string, Strategy][] = [
  ['Erlang C + drift (contract/forecast.ts, the default)', (samples, now) => forecastService(samples, DEFAULT_THRESHOLDS, now)],
  ['the same, counting callers who hang up (abandons: true)', (samples, now) => forecastService(samples, DEFAULT_THRESHOLDS, now, { abandons: true })],
  ['last 15 minutes repeated (naive baseline)', lastIntervalRepeated(DEFAULT_THRESHOLDS)],
];
const scores = strategies.map(() => [] as StrategyScore[]);
const scoringMs = strategies.map(() => 0);
const surgeLines: string[] = [];
for (const day of recording.days) {
  const { seed: daySeed, plan } = day;
  const surged = new Set(plan.map((s) => s.service)).size;
  surgeLines.push(
    `seed ${daySeed}: ${plan.length} surges on ${surged} services, the first ${plan
      .slice(0, 3)
      .map((s) => `${s.service} ${clock(s.start)}–${clock(s.end)} ×${s.peak}${s.ramp ? ` (${s.ramp} min to peak)` : ''}`)
      .join(', ')}`,
  );
  const days = new Map<string, HistorySample[]>(Object.entries(day.samples));
  const line: string[] = [];
  strategies.forEach(([, strategy], i) => {
    const t = performance.now();
    const score = scoreStrategy(days, strategy, DEFAULT_THRESHOLDS, WARM_UP_MINUTES);
    scoringMs[i] += performance.now() - t;
    scores[i].push(score);
    line.push(`${score.scored.filter((b) => b.lead >= LEAD_MINUTES).length}/${score.scored.length} warned, ${score.falseAlarms} false`);
  });
  console.log(`  seed ${daySeed}: ${plan.length} surges; ${line.join(' | ')}`);
}
const dayMs = recording.days.reduce((n, day) => n + day.ms, 0);
const stepMs = recording.days.reduce((n, day) => n + day.stepMs, 0);
const readMs = recording.days.reduce((n, day) => n + day.readMs, 0);
const serviceMinutes = callServices.length * minutes * dayCount;

const rows = strategies.map(([name], i) => {
  const breaches = scores[i].flatMap((score) => score.scored);
  const leads = breaches.map((b) => b.lead);
  const warned = breaches.filter((b) => b.lead >= LEAD_MINUTES).length;
  const warnings = scores[i].reduce((n, score) => n + score.warnings.length, 0);
  const falseAlarms = scores[i].reduce((n, score) => n + score.falseAlarms, 0);
  const serviceHours = scores[i].reduce((n, score) => n + score.serviceHours, 0);
  const upShare = scores[i].reduce((n, score) => n + score.warningMinutes, 0) / (60 * serviceHours);
  const byKpi = `${breaches.filter((b) => b.kpi === 'serviceLevel').length} / ${breaches.filter((b) => b.kpi === 'longestWait').length}`;
  const quartiles = leads.length ? [0.25, 0.5, 0.75, 1].map((q) => percentile(leads, q)).join(' / ') : '–';
  return {
    name,
    breaches,
    warned,
    share: breaches.length ? warned / breaches.length : NaN,
    perHour: falseAlarms / serviceHours,
    row: `| ${name} | ${breaches.length} (${byKpi}) | ${warned} = ${pct(breaches.length ? warned / breaches.length : NaN)} | ${quartiles} | ${warnings}, up ${pct(upShare)} of the time | ${warnings - falseAlarms} = ${pct(warnings ? (warnings - falseAlarms) / warnings : NaN)} | ${falseAlarms} | ${(falseAlarms / serviceHours).toFixed(2)} |`,
  };
});
const table = [
  '| strategy | breaches (service level / longest wait) | warned ≥ 5 min ahead | lead, min (at most 30): p25 / median / p75 / max | warnings (episodes), share of service-minutes with one up | warnings that came true | false alarms | false alarms per service per hour |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => r.row),
].join('\n');
const missed = rows[0].breaches
  .filter((b) => b.lead < LEAD_MINUTES)
  .map((b) => `${b.service} ${clock(b.minute)} ${b.kpi === 'serviceLevel' ? 'service level' : 'longest wait'} (${b.lead ? `${b.lead} min ahead` : 'no warning'})`);
const aimMet = rows[0].share >= 0.8 && rows[0].perHour < 1;
const summary = [
  `${scenario.name} (${callServices.length} CALL services, ${scenario.agents} agents), ${dayCount} simulated day(s) of ${minutes} minutes (seeds ${seed}–${seed + dayCount - 1})`,
  `a simulated day: ${(dayMs / dayCount / 1000).toFixed(1)} s wall (${(dayMs / dayCount / minutes).toFixed(1)} ms a minute: step ${(stepMs / dayCount / minutes).toFixed(1)} ms, serviceStats read ${(readMs / dayCount / minutes).toFixed(1)} ms)`,
  `forecast, hold and scoring: ${strategies.map(([name], i) => `${(scoringMs[i] / serviceMinutes).toFixed(3)} ms per service-minute (${name.split(' (')[0]})`).join(', ')}`,
  `aim for the default (≥ 80 % of breaches warned ≥ 5 min ahead, < 1 false alarm per service per hour): ${aimMet ? 'met' : 'NOT met'}`,
  `breaches the default did not warn of 5 minutes ahead: ${missed.join('; ') || 'none'}`,
];
console.log(`\n${table}\n\n${summary.join('\n')}`);

if (!values['no-docs']) {
  const command = `npm run bench:forecast${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  writeDocsSection(
    `## Breach warning: forecast against what happened (${values['default-scenario'] ? 'the default scenario' : 'a generated contact centre'})`,
    [
      `\`${command}\` on ${machineDescription()}, ${new Date().toISOString().slice(0, 10)}.`,
      '',
      `Simulated days from ${START} (the daily reset falls in the first minute), one seed each; thresholds DEFAULT_THRESHOLDS (critical below 70 % service level or above 120 s longest wait, hold ${DEFAULT_THRESHOLDS.holdSeconds} s), T = 20 s. Breaches are scored after the first ${WARM_UP_MINUTES} minutes of a day. A breach is the tile turning critical at two minute-end samples in a row, after at least 15 minutes out of critical; its lead is how long the warning had been up, without a break, before it; a false alarm is a warning with no critical tile within 30 minutes of its start.`,
      '',
      table,
      '',
      ...summary.map((line) => `- ${line}`),
      '',
      `Surges (bench/forecast-surges.ts: one every ${DEFAULT_SURGES.gap.join('–')} min from ${clock(DEFAULT_SURGES.first)} to ${clock(DEFAULT_SURGES.last)}, peaks ${DEFAULT_SURGES.peak.join('–')}×, ${DEFAULT_SURGES.minutes.join('–')} min long, building up over ${DEFAULT_SURGES.ramp.join('–')} min):`,
      '',
      ...surgeLines.map((line) => `- ${line}`),
    ].join('\n'),
  );
  console.log('\nWritten to docs/benchmarks.md');
}

function pct(share: number): string {
  return Number.isNaN(share) ? '–' : `${(100 * share).toFixed(0)} %`;
}

/** A minute of the run as the simulated clock's HH:MM. */
function clock(minute: number): string {
  const at = new Date(Date.parse(START) + 30_000 + minute * 60_000);
  return at.toISOString().slice(11, 16);
}
