/**
 * The recorder tests' parts: a paused emulator moved a simulated minute at a time (POST /simulator/step), a clock that
 * follows it, a recorder on a test database, and the emulator's own counters read over HTTP to hold the history to.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historySample, RECORDED_FIELDS, type HistoryKind, type HistorySample, type RecordedStat } from '../../contract/history-format.ts';
import type { OpenDatabase } from '../src/db/database.ts';
import { HistoryStore } from '../src/history/history-store.ts';
import { Recorder, type RecorderOptions } from '../src/history/recorder.ts';
import { ROOT, startEmulator, type Emulator } from './support.ts';

/** The simulated time the tests read and move with the emulator. */
export class SimulatedClock {
  constructor(public ms: number) {}
  now = () => this.ms;
  get iso(): string {
    return new Date(this.ms).toISOString();
  }
}

/** The emulator paused at `start`; `scenario` (an object) replaces the default contact centre. */
export async function pausedEmulator(start: string, scenario?: Record<string, unknown>): Promise<Emulator> {
  const args = ['--paused', '--start', start];
  if (scenario) {
    const file = join(mkdtempSync(join(tmpdir(), 'wallboard-history-scenario-')), 'scenario.json');
    writeFileSync(file, JSON.stringify(scenario));
    args.push('--scenario', file);
  }
  return startEmulator(args);
}

/** The small help desk of emulator/scenarios, busier, with its daily reset at `resetHourUtc`. */
export function helpdeskScenario(resetHourUtc: number): Record<string, unknown> {
  const scenario = JSON.parse(readFileSync(join(ROOT, 'emulator/scenarios/small-helpdesk.json'), 'utf8')) as { services: { callsPerHour: number }[] };
  for (const service of scenario.services) service.callsPerHour *= 3;
  return { ...scenario, dailyResetHourUtc: resetHourUtc };
}
export const HELPDESK_TOKEN = 'helpdesk-wall-tv-0001-change-me';

/** Moves the simulation `seconds` on (it sends its deltas before it answers) and the clock with it. */
export async function step(emulator: Emulator, clock: SimulatedClock, seconds: number): Promise<void> {
  const response = await fetch(`${emulator.origin}/simulator/step`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds }) });
  if (response.status !== 200) throw new Error(`step: HTTP ${response.status} ${await response.text()}`);
  clock.ms += seconds * 1000;
}

/** A recorder on `database` following `emulator` with `token`, driven by the tests (no timers). */
export function testRecorder(database: OpenDatabase, emulator: Emulator, clock: SimulatedClock, token: string | null, extra: Partial<RecorderOptions> = {}): Recorder {
  return new Recorder({
    store: new HistoryStore(database.db),
    rtdUpstream: emulator.origin,
    storedToken: async () => token,
    retentionDays: 35,
    now: clock.now,
    timers: false,
    ...extra,
  });
}

/** Resolves once `condition` holds, or fails naming `what` after `ms`. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Records the minute that just ended on the simulated clock (after a step of 60 s). */
export async function recordMinuteEnded(recorder: Recorder, clock: SimulatedClock): Promise<void> {
  if (!(await recorder.sampleMinute(clock.ms - 60_000))) throw new Error(`the recorder was not live at ${clock.iso}: ${JSON.stringify(recorder.status())}`);
}

/** What the emulator says now of every service and group, read over HTTP as a sample, by `kind code channel`. */
export async function emulatorFigures(emulator: Emulator, token: string): Promise<Map<string, HistorySample>> {
  const rtd = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${emulator.origin}/rtdserver`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', cookie: `teleniaRtdAccessToken=${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown };
    if (!body.data) throw new Error(`emulator query failed: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const users = (await rtd('{ users(filter: {}) { services skillsets } }')).users as { services: string[]; skillsets: string[] }[];
  const codes = { service: [...new Set(users.flatMap((u) => u.services ?? []))], group: [...new Set(users.flatMap((u) => u.skillsets ?? []))] };
  const figures = new Map<string, HistorySample>();
  for (const kind of ['service', 'group'] as HistoryKind[]) {
    const field = kind === 'service' ? 'serviceStats' : 'groupStats';
    const key = kind === 'service' ? 'services' : 'groups';
    const filter = Object.fromEntries(['CALL', 'VIDEO', 'CHAT'].map((c) => [c, { [key]: codes[kind] }]));
    const data = await rtd(`query($f: ${kind === 'service' ? 'ServiceStatFilter' : 'GroupStatFilter'}!) { ${field}(filter: $f) { ${RECORDED_FIELDS[kind]} } }`, { f: filter });
    for (const stat of data[field] as RecordedStat[]) figures.set(`${kind} ${stat.code} ${stat.channel}`, historySample(kind, stat, 0));
  }
  return figures;
}

export const COUNTERS = ['received', 'answered', 'answeredInTime', 'abandoned', 'shortAbandons'] as const;
