/**
 * Benchmark: what issue 12's limits cost a normal client.
 *
 *   npm run bench:abuse [-- --baseline REF --fanout-seconds 30 --rounds 2 --no-docs]
 *
 * 1. Admission per operation: each operation the wallboard sends (with a board's realistic variables: 200
 *    services, 2,000 usernames), timed as the transports handled it before (graphql-js parse + validate with
 *    the old exponential depth rule gone, so: parse + validate) and as they do now (admitOperation: size,
 *    parse with a token limit, the linear cost walk, the variables walk, validate).
 * 2. The subscription fan-out: `npm run bench:emulator -- --no-docs --subscribers 500` (2,000 agents) on this
 *    tree and on REF (default: the commit before the hardening), alternately, ROUNDS times each; the aim is
 *    that the limits make it no more than 5 % slower.
 * 3. A normal client beside an attacker: the latency of a trivial query while another client sends refused
 *    fragment bombs and aliased introspections as fast as it can.
 * Writes the section "## Hardening: what the limits cost" of docs/benchmarks.md (unless --no-docs).
 */
import '../emulator/src/production-mode.ts';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Kind, parse, print, separateOperations, validate } from 'graphql';
import { Emulator } from '../emulator/src/emulator.ts';
import { DEFAULT_OPERATION_LIMITS, admitOperation, operationCost } from '../emulator/src/graphql/operation-limits.ts';
import { VALIDATION_RULES } from '../emulator/src/graphql/operations.ts';
import type { RtdContext } from '../emulator/src/graphql/root-resolvers.ts';
import { buildRtdSchema } from '../emulator/src/schema/rtd-schema.ts';
import { generateScenario } from '../emulator/src/simulation/scenario.ts';
import { machineDescription, percentile, writeDocsSection } from './bench-report.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SECTION = '## Hardening: what the limits cost';
/** The last commit before issue 12's hardening. */
const DEFAULT_BASELINE = '9b2a2ec';

const { values } = parseArgs({
  args: process.argv.slice(2),
  strict: true,
  options: {
    baseline: { type: 'string', default: DEFAULT_BASELINE },
    'fanout-seconds': { type: 'string', default: '30' },
    rounds: { type: 'string', default: '2' },
    'no-docs': { type: 'boolean', default: false },
  },
});
const fanoutSeconds = Number(values['fanout-seconds']);
const rounds = Number(values.rounds);

const fmt = (n: number, digits = 1) => n.toFixed(digits);

// ---------------------------------------------------------------------------------------------------------
// 1. Admission per operation
// ---------------------------------------------------------------------------------------------------------

interface AdmissionRow {
  operation: string;
  fields: number;
  before: number;
  after: number;
}

function admissionCosts(): AdmissionRow[] {
  const schema = buildRtdSchema('1.0.2');
  const scenario = generateScenario({ agents: 2000, services: 200, groups: 50 });
  const services = scenario.services.map((s) => s.code);
  const groups = scenario.skillsets;
  const users = scenario.agents.map((a) => a.username);
  const profiles = scenario.agents.map((_, i) => i + 1);
  const variablesFor: Record<string, Record<string, unknown>> = {
    ServiceStats: { filter: { CALL: { services } } },
    GroupStats: { filter: { CALL: { groups } } },
    UserStats: { filter: { CALL: { users } } },
    UserProfileStats: { filter: { CALL: { userProfiles: profiles } } },
    Users: { filter: { services } },
  };
  const context: RtdContext = {
    principal: { account: { username: 'admin', password: '', name: null, surname: 'Admin', supervisor: true, language: 'EN' }, expiresAt: Infinity, via: 'session', credential: 'bench' },
    authFailure: null,
  };
  const dir = join(ROOT, 'src/app/rtd/operations');
  const rows: AdmissionRow[] = [];
  // Each operation as the app sends it: with the fragments it uses, from whichever file defines them.
  const all = parse(
    readdirSync(dir)
      .map((file) => readFileSync(join(dir, file), 'utf8'))
      .join('\n'),
  );
  for (const [name, document] of Object.entries(separateOperations(all))) {
    const definition = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
    if (definition.kind !== Kind.OPERATION_DEFINITION || definition.operation === 'mutation') continue;
    const text = print(document);
    const variables = variablesFor[name.replace(/Updates$/, '')] ?? {};
    const time = (run: () => void) => {
      for (let i = 0; i < 200; i++) run();
      const samples: number[] = [];
      for (let r = 0; r < 7; r++) {
        const started = performance.now();
        for (let i = 0; i < 500; i++) run();
        samples.push(((performance.now() - started) / 500) * 1000);
      }
      return samples.sort((a, b) => a - b)[3];
    };
    const before = time(() => validate(schema, parse(text), VALIDATION_RULES));
    const after = time(() => {
      const admitted = admitOperation(schema, { query: text, variables, operationName: name }, context, DEFAULT_OPERATION_LIMITS);
      if (!('args' in admitted)) throw new Error(`${name} refused: ${admitted.errors[0].message}`);
    });
    rows.push({ operation: name, fields: operationCost(document, name).fields, before, after });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// 2. The fan-out, here and on the baseline
// ---------------------------------------------------------------------------------------------------------

interface FanOut {
  tree: string;
  p50: number;
  p95: number;
}

/** Runs the fan-out benchmark in `dir` and reads its p50 / p95 fan-out per tick. */
function runFanOut(dir: string, tree: string): Promise<FanOut> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/emulator-fanout.ts', '--no-docs', '--subscribers', '500', '--seconds', String(fanoutSeconds)], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.on('exit', (code) => {
      const match = output.match(/Fan-out per tick \(onTick\), p50 \/ p95 \/ max\s*\|?\s*([\d.]+) ms \/ ([\d.]+) ms/);
      if (code !== 0 || !match) return reject(new Error(`bench:emulator in ${dir} exited ${code}:\n${output.slice(-2000)}`));
      // A comparison counts only if every subscriber ran on both trees (a limit refusing some would flatter one).
      const connected = output.match(/(\d+) subscribers connected[^\n]*/)?.[0] ?? '';
      const faults = output.match(/Client errors \/ unexpected closes\s*\|?\s*(\d+) \/ (\d+)/);
      if (/failed/.test(connected) || !faults || faults[1] !== '0' || faults[2] !== '0') {
        return reject(new Error(`bench:emulator in ${dir}: not every subscriber ran (${connected}; ${faults?.[0]})`));
      }
      resolve({ tree, p50: Number(match[1]), p95: Number(match[2]) });
    });
  });
}

async function fanOutComparison(): Promise<{ runs: FanOut[]; baselineCommit: string }> {
  const baselineCommit = execFileSync('git', ['rev-parse', '--short', values.baseline!], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = join(os.tmpdir(), `rtd-bench-baseline-${baselineCommit}`);
  if (!existsSync(dir)) execFileSync('git', ['worktree', 'add', '--detach', dir, baselineCommit], { cwd: ROOT, stdio: 'ignore' });
  if (!existsSync(join(dir, 'node_modules'))) execFileSync('ln', ['-s', join(ROOT, 'node_modules'), join(dir, 'node_modules')]);
  const runs: FanOut[] = [];
  try {
    for (let r = 0; r < rounds; r++) {
      console.log(`Fan-out round ${r + 1} of ${rounds}: baseline ${baselineCommit}…`);
      runs.push(await runFanOut(dir, 'baseline'));
      console.log(`Fan-out round ${r + 1} of ${rounds}: this tree…`);
      runs.push(await runFanOut(ROOT, 'hardened'));
    }
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  }
  return { runs, baselineCommit };
}

// ---------------------------------------------------------------------------------------------------------
// 3. A normal client beside an attacker
// ---------------------------------------------------------------------------------------------------------

interface Beside {
  attack: string;
  refused: number;
  p50: number;
  p95: number;
  max: number;
}

async function besideAnAttacker(): Promise<{ quiet: Beside; attacks: Beside[] }> {
  const emulator = await Emulator.start({ port: 0, speed: 1, scenario: generateScenario({ agents: 2000, services: 200, groups: 50 }) });
  const bomb = (levels: number) =>
    `{ __schema { queryType { ...F0 } } }\n${Array.from({ length: levels }, (_, i) => (i === levels - 1 ? `fragment F${i} on __Type { name }` : `fragment F${i} on __Type { ofType { ...F${i + 1} } interfaces { ...F${i + 1} } }`)).join('\n')}`;
  const attacks: [string, string][] = [
    ['40-level fragment bomb (refused)', bomb(40)],
    ['1,000 aliased __schema without a login (refused)', `{ ${Array.from({ length: 1_000 }, (_, i) => `s${i}: __schema { queryType { name } }`).join(' ')} }`],
    ['GraphiQL-sized introspection without a login (allowed)', '{ __schema { types { name fields { name type { name ofType { name ofType { name } } } } } } }'],
  ];
  const post = (query: string) => fetch(emulator.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const measure = async (attack: string, query: string | null): Promise<Beside> => {
    let running = true;
    let refused = 0;
    const attacker = (async () => {
      while (running && query) {
        const response = await post(query);
        const body = (await response.json()) as { errors?: unknown[] };
        if (body.errors) refused++;
      }
    })();
    const latencies: number[] = [];
    const until = performance.now() + 10_000;
    while (performance.now() < until) {
      const started = performance.now();
      await (await post('{ serverHealth { status } }')).json();
      latencies.push(performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
    running = false;
    await attacker;
    latencies.sort((a, b) => a - b);
    return { attack, refused, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), max: latencies[latencies.length - 1] };
  };
  try {
    const quiet = await measure('nobody else', null);
    const results: Beside[] = [];
    for (const [name, query] of attacks) results.push(await measure(name, query));
    return { quiet, attacks: results };
  } finally {
    await emulator.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// 4. One subscriber's filter: what it adds to every tick
// ---------------------------------------------------------------------------------------------------------

interface FilterCost {
  filter: string;
  p50: number;
  max: number;
}

/** The fan-out per tick (2,000 agents) with one subscription whose filter lists hold 10,000 entries, most unknown. */
async function filterCosts(): Promise<{ alone: number; rows: FilterCost[] }> {
  const scenario = generateScenario({ agents: 2000, services: 200, groups: 50 });
  const emulator = await Emulator.start({ port: 0, paused: true, scenario, startTime: Date.parse('2026-11-24T10:00:00Z') });
  const schema = buildRtdSchema('1.0.2');
  const login = emulator.runtime.auth.login('admin', 'admin');
  const authenticated = emulator.runtime.auth.authenticate({ payloadToken: login.accessToken });
  const context: RtdContext = { principal: 'principal' in authenticated ? authenticated.principal : null, authFailure: null };
  const N = DEFAULT_OPERATION_LIMITS.maxFilterListLength;
  const padded = (prefix: string, real: string[]) => [...real, ...Array.from({ length: N - real.length }, (_, i) => `${prefix}${i}`)];
  const services = scenario.services.map((s) => s.code);
  const codes = padded(
    'c',
    scenario.activityCodes.map((a) => a.code),
  );
  const cases: [string, string, Record<string, unknown>][] = [
    [
      'serviceStats: 200 services, 10,000 activity codes',
      'subscription($f: ServiceStatFilter!) { serviceStats(filter: $f) { code userStats { activityCodeIndicators { activityCode count } } } }',
      { f: { CALL: { services, activityCodes: codes } } },
    ],
    [
      'userStats: 10,000 usernames, 10,000 activity codes',
      'subscription($f: UserStatFilter!) { userStats(filter: $f) { username timeInActivityCode { activityCode totalTime } } }',
      {
        f: {
          CALL: {
            users: padded(
              'n',
              scenario.agents.map((a) => a.username),
            ),
            activityCodes: codes,
          },
        },
      },
    ],
    ['users: 10,000 services, 10,000 activity codes', 'subscription($f: UserFilter!) { users(filter: $f) { username } }', { f: { services: padded('s', services), activityCodes: codes } }],
  ];
  const tick = () => {
    emulator.step(1);
    return emulator.state().lastTick.durationMs;
  };
  const median = (n: number) => {
    const xs = Array.from({ length: n }, tick).sort((a, b) => a - b);
    return { p50: xs[Math.floor(n / 2)], max: xs[n - 1] };
  };
  try {
    median(3);
    const rows: FilterCost[] = [];
    for (const [filter, query, variables] of cases) {
      const admitted = admitOperation(schema, { query, variables }, context, DEFAULT_OPERATION_LIMITS);
      if (!('args' in admitted)) throw new Error(`${filter}: refused: ${admitted.errors[0].message}`);
      const subscription = emulator.hub.subscribe(admitted.args);
      rows.push({ filter, ...median(15) });
      if (Symbol.asyncIterator in subscription) await subscription.return(undefined);
    }
    return { alone: median(15).p50, rows };
  } finally {
    await emulator.close();
  }
}

// ---------------------------------------------------------------------------------------------------------

console.log('Admission per operation…');
const admission = admissionCosts();
console.log('A normal client beside an attacker…');
const beside = await besideAnAttacker();
console.log("One subscriber's filter…");
const filters = await filterCosts();
const { runs, baselineCommit } = await fanOutComparison();

const mean = (tree: string, key: 'p50' | 'p95') => {
  const xs = runs.filter((r) => r.tree === tree).map((r) => r[key]);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
};
const change = (key: 'p50' | 'p95') => (mean('hardened', key) / mean('baseline', key) - 1) * 100;
const aimMet = change('p95') <= 5;

const lines = [
  SECTION,
  '',
  `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
  `- Machine: ${machineDescription()}`,
  `- Command: \`npm run bench:abuse${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\``,
  '',
  '### Admission per operation (µs, median of 7 × 500)',
  '',
  "Each operation the wallboard sends, with a 2,000-agent board's variables (200 services, 50 groups, 2,000 usernames and profiles). Before: graphql-js parse + validate. After: `admitOperation` (size, parse with the token limit, the linear cost walk, the variables walk, validate).",
  '',
  '| Operation | Fields | Before | After | Added |',
  '| --- | --- | --- | --- | --- |',
  ...admission.map((r) => `| ${r.operation} | ${r.fields} | ${fmt(r.before)} | ${fmt(r.after)} | ${fmt(r.after - r.before)} |`),
  '',
  `### Subscription fan-out, 500 subscribers (\`npm run bench:emulator -- --no-docs --subscribers 500 --seconds ${fanoutSeconds}\`, ${rounds} rounds, alternating)`,
  '',
  '| Tree | Round p50 / p95 per tick (ms) | Mean p50 / p95 (ms) |',
  '| --- | --- | --- |',
  `| baseline ${baselineCommit} (before the hardening) | ${runs
    .filter((r) => r.tree === 'baseline')
    .map((r) => `${fmt(r.p50)} / ${fmt(r.p95)}`)
    .join('; ')} | ${fmt(mean('baseline', 'p50'))} / ${fmt(mean('baseline', 'p95'))} |`,
  `| hardened (this tree) | ${runs
    .filter((r) => r.tree === 'hardened')
    .map((r) => `${fmt(r.p50)} / ${fmt(r.p95)}`)
    .join('; ')} | ${fmt(mean('hardened', 'p50'))} / ${fmt(mean('hardened', 'p95'))} |`,
  '',
  `Change: p50 ${change('p50') >= 0 ? '+' : ''}${fmt(change('p50'))} %, p95 ${change('p95') >= 0 ? '+' : ''}${fmt(change('p95'))} %. **Aim (no more than 5 % slower): ${aimMet ? 'met' : 'NOT met'}.**`,
  '',
  "### One subscriber's filter (2,000 agents; fan-out per tick, median of 15 ticks, with that one subscription)",
  '',
  `With no subscription a tick's fan-out takes ${fmt(filters.alone, 2)} ms. Each filter list holds ${DEFAULT_OPERATION_LIMITS.maxFilterListLength.toLocaleString('en')} entries (the limit), nearly all unknown to the contact centre.`,
  '',
  '| Subscription | Fan-out per tick p50 / max (ms) |',
  '| --- | --- |',
  ...filters.rows.map((r) => `| ${r.filter} | ${fmt(r.p50, 2)} / ${fmt(r.max, 2)} |`),
  '',
  '### A normal client beside an attacker (10 s each, `{ serverHealth { status } }` every 20 ms)',
  '',
  '| Another client sends, as fast as it can | Its requests refused | Normal client p50 / p95 / max (ms) |',
  '| --- | --- | --- |',
  ...[beside.quiet, ...beside.attacks].map((b) => `| ${b.attack} | ${b.refused} | ${fmt(b.p50)} / ${fmt(b.p95)} / ${fmt(b.max)} |`),
  '',
];
const text = lines.join('\n');
console.log(`\n${text}`);
if (!values['no-docs']) {
  writeDocsSection(SECTION, lines.slice(1).join('\n'));
  console.log(`Wrote "${SECTION}" in docs/benchmarks.md`);
}
