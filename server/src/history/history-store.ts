/**
 * The recorder's history in the wallboard's database: minute samples (kept SAMPLES_KEPT_MS, for sparklines and the
 * forecast) and 15-minute intervals (kept the retention's days, for the Today view). Writes are upserts, so a minute
 * written again (the in-progress minute, a recorder restarted within it) replaces itself and is never counted twice.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { HistoryChannel, HistoryInterval, HistoryKind, HistorySample } from '../../../contract/history-format.ts';
import type { HistoryIntervalsTable, HistorySamplesTable, WallboardDatabase } from '../db/schema.ts';

/** Minute samples are kept two days: the sparklines show 30 minutes, the forecast reads the last hours. */
export const SAMPLES_KEPT_MS = 48 * 3600_000;

/** Rows per INSERT: 16 values a row stays far below SQLite's and PostgreSQL's limits on bound parameters. */
const WRITE_BATCH = 500;
/** Rows one prune statement deletes at most: a batch holds the database for milliseconds, never for long. */
export const PRUNE_BATCH = 5_000;

const SAMPLE_FIGURES = [
  'queued',
  'longest_wait',
  'received',
  'answered',
  'answered_in_time',
  'abandoned',
  'short_abandons',
  'agents_ready',
  'agents_busy',
  'agents_post_call',
  'agents_not_ready',
  'agents_logged',
] as const;
const INTERVAL_FIGURES = ['received', 'answered', 'answered_in_time', 'abandoned', 'short_abandons', 'longest_wait', 'agents_ready', 'agents_busy', 'agents_post_call', 'minutes'] as const;

export interface SampleFilter {
  kind?: HistoryKind;
  code?: string;
  channel?: HistoryChannel;
}

export class HistoryStore {
  constructor(private readonly db: Kysely<WallboardDatabase>) {}

  async upsertSamples(samples: readonly HistorySample[]): Promise<void> {
    for (let i = 0; i < samples.length; i += WRITE_BATCH) {
      const rows = samples.slice(i, i + WRITE_BATCH).map(sampleRow);
      await this.db
        .insertInto('history_samples')
        .values(rows)
        .onConflict((oc) => oc.columns(['minute', 'kind', 'code', 'channel']).doUpdateSet((eb) => Object.fromEntries(SAMPLE_FIGURES.map((f) => [f, eb.ref(`excluded.${f}`)]))))
        .execute();
    }
  }

  async upsertIntervals(intervals: readonly HistoryInterval[]): Promise<void> {
    for (let i = 0; i < intervals.length; i += WRITE_BATCH) {
      const rows = intervals.slice(i, i + WRITE_BATCH).map(intervalRow);
      await this.db
        .insertInto('history_intervals')
        .values(rows)
        .onConflict((oc) => oc.columns(['kind', 'code', 'channel', 'start']).doUpdateSet((eb) => Object.fromEntries(INTERVAL_FIGURES.map((f) => [f, eb.ref(`excluded.${f}`)]))))
        .execute();
    }
  }

  /** Samples whose minute is in [from, to) (ISO), oldest first; `filter` narrows to a kind, a code, a channel. */
  async samplesBetween(from: string, to: string, filter: SampleFilter = {}): Promise<HistorySample[]> {
    let query = this.db.selectFrom('history_samples').selectAll().where('minute', '>=', from).where('minute', '<', to);
    if (filter.kind) query = query.where('kind', '=', filter.kind);
    if (filter.code !== undefined) query = query.where('code', '=', filter.code);
    if (filter.channel) query = query.where('channel', '=', filter.channel);
    const rows = await query.orderBy('minute').orderBy('kind').orderBy('code').orderBy('channel').execute();
    return rows.map(sampleOf);
  }

  /** One entity's intervals starting in [from, to) (ISO), oldest first. */
  async intervals(kind: HistoryKind, code: string, channel: HistoryChannel, from: string, to: string): Promise<HistoryInterval[]> {
    const rows = await this.db
      .selectFrom('history_intervals')
      .selectAll()
      .where('kind', '=', kind)
      .where('code', '=', code)
      .where('channel', '=', channel)
      .where('start', '>=', from)
      .where('start', '<', to)
      .orderBy('start')
      .execute();
    return rows.map(intervalOf);
  }

  /** The newest minute stored, or null: where a restarted recorder finds the interval it may have left unfinished. */
  async latestSampleMinute(): Promise<string | null> {
    const row = await this.db
      .selectFrom('history_samples')
      .select((eb) => eb.fn.max('minute').as('latest'))
      .executeTakeFirst();
    return (row?.latest as string | null | undefined) ?? null;
  }

  /** The newest minute stored and how many services and groups have a sample in it (a stand-by instance's status). */
  async latestSampleSummary(): Promise<{ minute: string | null; entities: number }> {
    const minute = await this.latestSampleMinute();
    if (minute === null) return { minute, entities: 0 };
    const rows = await this.db.selectFrom('history_samples').select(['kind', 'code']).distinct().where('minute', '=', minute).execute();
    return { minute, entities: rows.length };
  }

  /**
   * Deletes one batch (at most PRUNE_BATCH rows) of samples older than `samplesBefore` or intervals older than
   * `intervalsBefore` (ISO); the number deleted, 0 when nothing is left to prune. The caller pauses between batches.
   */
  async pruneBatch(samplesBefore: string, intervalsBefore: string): Promise<number> {
    const samples = await this.pruneTable('history_samples', 'minute', samplesBefore);
    return samples > 0 ? samples : this.pruneTable('history_intervals', 'start', intervalsBefore);
  }

  private async pruneTable(table: 'history_samples' | 'history_intervals', column: 'minute' | 'start', before: string): Promise<number> {
    // The time of the PRUNE_BATCH-th oldest row bounds the batch (through the samples' key or the intervals' time
    // index); fewer rows, the cutoff does.
    const nth = await this.db
      .selectFrom(table)
      .select(column)
      .where(column, '<', before)
      .orderBy(column)
      .limit(1)
      .offset(PRUNE_BATCH - 1)
      .executeTakeFirst();
    const bound = (nth as Record<string, string> | undefined)?.[column];
    const result = await this.db
      .deleteFrom(table)
      .where(column, bound === undefined ? '<' : '<=', bound ?? before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

function sampleRow(s: HistorySample): Insertable<HistorySamplesTable> {
  return {
    kind: s.kind,
    code: s.code,
    channel: s.channel,
    minute: s.minute,
    queued: s.queued,
    longest_wait: s.longestWait,
    received: s.received,
    answered: s.answered,
    answered_in_time: s.answeredInTime,
    abandoned: s.abandoned,
    short_abandons: s.shortAbandons,
    agents_ready: s.agentsReady,
    agents_busy: s.agentsBusy,
    agents_post_call: s.agentsPostCall,
    agents_not_ready: s.agentsNotReady,
    agents_logged: s.agentsLogged,
  };
}

function intervalRow(i: HistoryInterval): Insertable<HistoryIntervalsTable> {
  return {
    kind: i.kind,
    code: i.code,
    channel: i.channel,
    start: i.start,
    received: i.received,
    answered: i.answered,
    answered_in_time: i.answeredInTime,
    abandoned: i.abandoned,
    short_abandons: i.shortAbandons,
    longest_wait: i.longestWait,
    agents_ready: i.agentsReady,
    agents_busy: i.agentsBusy,
    agents_post_call: i.agentsPostCall,
    minutes: i.minutes,
  };
}

/** PostgreSQL may hand a number back as text (numeric, bigint): the answer is always a number or null. */
const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

function sampleOf(r: Selectable<HistorySamplesTable>): HistorySample {
  return {
    kind: r.kind,
    code: r.code,
    channel: r.channel,
    minute: r.minute,
    queued: num(r.queued),
    longestWait: num(r.longest_wait),
    received: num(r.received),
    answered: num(r.answered),
    answeredInTime: num(r.answered_in_time),
    abandoned: num(r.abandoned),
    shortAbandons: num(r.short_abandons),
    agentsReady: num(r.agents_ready),
    agentsBusy: num(r.agents_busy),
    agentsPostCall: num(r.agents_post_call),
    agentsNotReady: num(r.agents_not_ready),
    agentsLogged: num(r.agents_logged),
  };
}

function intervalOf(r: Selectable<HistoryIntervalsTable>): HistoryInterval {
  return {
    kind: r.kind,
    code: r.code,
    channel: r.channel,
    start: r.start,
    received: num(r.received),
    answered: num(r.answered),
    answeredInTime: num(r.answered_in_time),
    abandoned: num(r.abandoned),
    shortAbandons: num(r.short_abandons),
    longestWait: num(r.longest_wait),
    agentsReady: num(r.agents_ready),
    agentsBusy: num(r.agents_busy),
    agentsPostCall: num(r.agents_post_call),
    minutes: Number(r.minutes),
  };
}
