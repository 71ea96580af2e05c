/**
 * Benchmark (not a test): what the recorder's history costs a large centre's database. The server's own store
 * (server/src/history/history-store.ts) on a fresh SQLite file (as DATA_DIR has it: WAL, synchronous FULL) or, with
 * --postgres, a fresh PostgreSQL database, filled with a retention's worth of 15-minute intervals and 48 hours of
 * minute samples for 200 services and 50 groups on 3 channels each. Then, as the recorder and the app use it:
 *   - bytes on disk, per table with its indexes;
 *   - one minute's samples written (the recorder does it every minute, and every 10 s for the minute in progress);
 *   - the interval in progress worked out from the minutes the recorder keeps and written (every minute);
 *   - one quarter's intervals computed from the samples read back and written (an interval a restart left unfinished);
 *   - a Today view's reads: one entity's intervals today and on the same weekday last week;
 *   - the sparklines at a page load: every entity's last 30 minutes of samples;
 *   - pruning an hour past the retention, batch by batch (the longest batch is how long it holds the database).
 *
 *   npm run bench:history [-- --postgres --services 200 --groups 50 --days 35 --repeat 30 --no-docs]
 *
 * Writes the section "## History storage (SQLite|PostgreSQL)" of docs/benchmarks.md (unless --no-docs).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { INTERVAL_MS, SAMPLE_MS, type HistoryChannel, type HistoryInterval, type HistoryKind, type HistorySample } from '../contract/history-format.ts';
import { openDatabase, type DatabaseSettings } from '../server/src/db/database.ts';
import type { WallboardDatabase } from '../server/src/db/schema.ts';
import { HistoryStore, SAMPLES_KEPT_MS } from '../server/src/history/history-store.ts';
import { writeIntervalFigures } from '../server/src/history/interval-figures.ts';
import { IntervalInProgress } from '../server/src/history/interval-in-progress.ts';
import { machineDescription, percentile, writeDocsSection } from './bench-report.ts';

const { values } = parseArgs({
  options: {
    postgres: { type: 'boolean', default: false },
    services: { type: 'string', default: '200' },
    groups: { type: 'string', default: '50' },
    days: { type: 'string', default: '35' },
    repeat: { type: 'string', default: '30' },
    'no-docs': { type: 'boolean', default: false },
  },
});
const engine = values.postgres ? 'PostgreSQL' : 'SQLite';
const services = Number(values.services);
const groups = Number(values.groups);
const days = Number(values.days);
const repeat = Number(values.repeat);
const TEST_POSTGRES_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://wallboard:wallboard@127.0.0.1:5432/wallboard_test';
const CHANNELS: HistoryChannel[] = ['CALL', 'VIDEO', 'CHAT'];
const DAY = 86_400_000;

/** "Now" for the run: a Friday afternoon, on a quarter, so last week's same weekday is a full day. */
const NOW = Date.parse('2026-12-04T15:00:00Z');

const entities: { kind: HistoryKind; code: string; channel: HistoryChannel }[] = [
  ...Array.from({ length: services }, (_, i) => CHANNELS.map((channel) => ({ kind: 'service' as const, code: `service_${i + 1}`, channel }))).flat(),
  ...Array.from({ length: groups }, (_, i) => CHANNELS.map((channel) => ({ kind: 'group' as const, code: `skillset_${i + 1}`, channel }))).flat(),
];

/** A plausible minute: counters growing since midnight (the daily reset), waits and agents moving. */
function sample(entity: (typeof entities)[number], minute: number, index: number): HistorySample {
  const sinceMidnight = Math.floor((minute % DAY) / SAMPLE_MS);
  const call = entity.channel === 'CALL';
  const service = entity.kind === 'service';
  const received = Math.floor(sinceMidnight * (0.3 + (index % 7) / 10));
  return {
    ...entity,
    minute: new Date(minute).toISOString(),
    queued: call ? (sinceMidnight + index) % 6 : null,
    longestWait: call && service ? (sinceMidnight * 7 + index) % 180 : null,
    received,
    answered: Math.floor(received * 0.93),
    answeredInTime: call && service ? Math.floor(received * 0.8) : null,
    abandoned: call ? Math.floor(received * 0.05) : null,
    shortAbandons: call ? Math.floor(received * 0.01) : null,
    agentsReady: (index + sinceMidnight) % 9,
    agentsBusy: service ? (index + 2 * sinceMidnight) % 14 : null,
    agentsPostCall: sinceMidnight % 3,
    agentsNotReady: index % 4,
    agentsLogged: 25,
  };
}

function interval(entity: (typeof entities)[number], start: number, index: number): HistoryInterval {
  const call = entity.channel === 'CALL';
  const service = entity.kind === 'service';
  const received = 4 + ((start / INTERVAL_MS + index) % 20);
  return {
    ...entity,
    start: new Date(start).toISOString(),
    received,
    answered: received - 1,
    answeredInTime: call && service ? received - 3 : null,
    abandoned: call ? 1 : null,
    shortAbandons: call ? 0 : null,
    longestWait: call && service ? (index * 13) % 240 : null,
    agentsReady: Math.round((index % 9) * 13.33) / 100 + 1,
    agentsBusy: service ? 7.27 : null,
    agentsPostCall: 0.8,
    minutes: 15,
  };
}

const ms = (started: number) => performance.now() - started;
const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

async function freshDatabase(): Promise<{ settings: DatabaseSettings; remove: () => Promise<void> }> {
  if (!values.postgres) {
    const dir = mkdtempSync(join(tmpdir(), 'wallboard-bench-history-'));
    return { settings: { engine: 'sqlite', file: join(dir, 'wallboard.sqlite') }, remove: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `wallboard_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    settings: { engine: 'postgres', url: url.toString() },
    remove: async () => {
      const dropper = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/** Bytes per table (indexes included), and in all. */
async function sizes(db: Kysely<WallboardDatabase>, settings: DatabaseSettings): Promise<{ samples: number; intervals: number; total: number }> {
  if (settings.engine === 'sqlite') {
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    const rows = (await sql<{ name: string; bytes: number }>`select name, sum(pgsize) as bytes from dbstat group by name`.execute(db)).rows;
    const of = (prefix: string) => rows.filter((r) => r.name.startsWith(prefix) || r.name.startsWith(`sqlite_autoindex_${prefix}`)).reduce((a, r) => a + Number(r.bytes), 0);
    return { samples: of('history_samples'), intervals: of('history_intervals'), total: statSync(settings.file).size };
  }
  await sql`vacuum analyze`.execute(db);
  const size = async (what: string) => Number((await sql<{ bytes: string }>`select pg_total_relation_size(${what}) as bytes`.execute(db)).rows[0].bytes);
  const total = Number((await sql<{ bytes: string }>`select pg_database_size(current_database()) as bytes`.execute(db)).rows[0].bytes);
  return { samples: await size('history_samples'), intervals: await size('history_intervals'), total };
}

async function main(): Promise<void> {
  const { settings, remove } = await freshDatabase();
  const opened = await openDatabase(settings);
  const { db } = opened;
  const store = new HistoryStore(db);
  const empty = await sizes(db, settings);
  const started = performance.now();

  // Intervals: a retention's worth up to now; samples: the last 48 hours. Filled in large transactions (a fill, not the
  // recorder's pace), through the store's own upserts.
  const firstInterval = NOW - days * DAY;
  const intervalStarts = Array.from({ length: (NOW - firstInterval) / INTERVAL_MS }, (_, i) => firstInterval + i * INTERVAL_MS);
  for (let i = 0; i < intervalStarts.length; i += 96) {
    const rows = intervalStarts.slice(i, i + 96).flatMap((start) => entities.map((e, index) => interval(e, start, index)));
    await db.transaction().execute((trx) => new HistoryStore(trx).upsertIntervals(rows));
  }
  const firstMinute = NOW - SAMPLES_KEPT_MS;
  for (let hour = firstMinute; hour < NOW; hour += 3600_000) {
    const rows = Array.from({ length: 60 }, (_, m) => hour + m * SAMPLE_MS).flatMap((minute) => entities.map((e, index) => sample(e, minute, index)));
    await db.transaction().execute((trx) => new HistoryStore(trx).upsertSamples(rows));
  }
  const fillSeconds = ms(started) / 1000;
  const intervalRows = intervalStarts.length * entities.length;
  const sampleRows = (SAMPLES_KEPT_MS / SAMPLE_MS) * entities.length;
  const filled = await sizes(db, settings);

  // The recorder's writes, quarters of an hour of them: a minute's samples each minute and the interval in progress
  // from the minutes it keeps (the first minute of a quarter reads the minute before it back); then, as after a
  // restart, the quarter's intervals from the samples read back.
  const minuteWrites: number[] = [];
  const inProgressWrites: number[] = [];
  const quarterWrites: number[] = [];
  const inProgress = new IntervalInProgress(store);
  for (let q = 0; q < Math.max(1, Math.ceil(repeat / 15)); q++) {
    for (let m = 0; m < 15; m++) {
      const minute = NOW + (q * 15 + m) * SAMPLE_MS;
      const rows = entities.map((e, index) => sample(e, minute, index));
      let t = performance.now();
      await store.upsertSamples(rows);
      minuteWrites.push(ms(t));
      t = performance.now();
      await inProgress.keep(minute, rows);
      await inProgress.write();
      inProgressWrites.push(ms(t));
    }
    const t = performance.now();
    await writeIntervalFigures(store, NOW + q * INTERVAL_MS);
    quarterWrites.push(ms(t));
  }

  // The app's reads: a Today view (one entity, today and the same weekday last week), the sparklines at a page load.
  const today = NOW - (NOW % DAY);
  const todayReads: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const e = entities[(i * 37) % entities.length];
    const t = performance.now();
    const now = await store.intervals(e.kind, e.code, e.channel, new Date(today).toISOString(), new Date(today + DAY).toISOString());
    const lastWeek = await store.intervals(e.kind, e.code, e.channel, new Date(today - 7 * DAY).toISOString(), new Date(today - 6 * DAY).toISOString());
    todayReads.push(ms(t));
    if (now.length < 60 || (days > 7 && lastWeek.length !== 96)) throw new Error(`a Today view read ${now.length} + ${lastWeek.length} intervals`);
  }
  const sparklineReads: number[] = [];
  let sparklineRows = 0;
  for (let i = 0; i < Math.min(repeat, 10); i++) {
    const t = performance.now();
    sparklineRows = (await store.samplesBetween(new Date(NOW - 30 * SAMPLE_MS).toISOString(), new Date(NOW + SAMPLE_MS).toISOString())).length;
    sparklineReads.push(ms(t));
  }

  // Pruning an hour past both retentions, as the hourly run finds it.
  const pruneBatches: number[] = [];
  let pruned = 0;
  const later = NOW + 3600_000;
  for (;;) {
    const t = performance.now();
    const deleted = await store.pruneBatch(new Date(later - SAMPLES_KEPT_MS).toISOString(), new Date(later - days * DAY).toISOString());
    if (!deleted) break;
    pruneBatches.push(ms(t));
    pruned += deleted;
  }

  await opened.close();
  await remove();

  const nproc = execFileSync('nproc').toString().trim();
  const line = (label: string, values: number[]) => `| ${label} | ${values.length} | ${fmt(percentile(values, 0.5))} | ${fmt(percentile(values, 0.95))} | ${fmt(Math.max(...values))} |`;
  const command = `npm run bench:history --${values.postgres ? ' --postgres' : ''} --services ${services} --groups ${groups} --days ${days} --repeat ${repeat}`;
  const body = `
\`${command}\`, run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineDescription()} (\`nproc\` ${nproc}; load average ${os.loadavg()[0].toFixed(2)} at the end).

${services} services and ${groups} groups on 3 channels each: ${entities.length} rows a minute. ${days} days of 15-minute intervals (${intervalRows.toLocaleString('en')} rows) and 48 hours of minute samples (${sampleRows.toLocaleString('en')} rows), written through the server's HistoryStore (filled in ${fillSeconds.toFixed(0)} s, in large transactions). ${engine === 'SQLite' ? 'SQLite as the server opens it (WAL, synchronous FULL), the WAL checkpointed before measuring; sizes from `dbstat`.' : 'PostgreSQL 15 on the same machine, `vacuum analyze` before measuring; sizes from `pg_total_relation_size` (table, indexes, TOAST).'}

| On disk | MiB | bytes a row |
| --- | --- | --- |
| minute samples (48 h), with their indexes | ${mib(filled.samples)} | ${(filled.samples / sampleRows).toFixed(0)} |
| 15-minute intervals (${days} days), with their indexes | ${mib(filled.intervals)} | ${(filled.intervals / intervalRows).toFixed(0)} |
| the whole database (before filling: ${mib(empty.total)}) | ${mib(filled.total)} | |

| Operation | n | p50 (ms) | p95 (ms) | max (ms) |
| --- | --- | --- | --- | --- |
${line(`one minute's samples written (${entities.length} upserts)`, minuteWrites)}
${line(`the interval in progress from the minutes the recorder keeps, written (${entities.length}), each minute`, inProgressWrites)}
${line(`one quarter's intervals from the samples read back, written (${entities.length}), after a restart`, quarterWrites)}
${line("a Today view's intervals: one entity, today + the same weekday last week", todayReads)}
${line(`the sparklines at a page load: every entity's last 30 minutes (${sparklineRows.toLocaleString('en')} samples)`, sparklineReads)}
${line(`a prune batch (an hour past both retentions: ${pruned.toLocaleString('en')} rows)`, pruneBatches)}
`;
  console.log(body);
  if (!values['no-docs']) writeDocsSection(`## History storage (${engine})`, body);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
