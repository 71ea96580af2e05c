/**
 * The samples of the interval in progress (and of the minute before it), as the recorder wrote them, by entity with
 * their minutes read: the interval is worked out from them each minute without reading them back (on SQLite's
 * synchronous driver that held the event loop twice as long: docs/benchmarks.md, "History storage: reading"). What
 * the database already had of the interval (a restart within it) is read once, when the interval's first sample is kept.
 */
import { intervalStart, SAMPLE_MS, type HistoryInterval, type HistorySample } from '../../../contract/history-format.ts';
import type { HistoryStore } from './history-store.ts';
import { entityKey, timedIntervalFigures } from './interval-figures.ts';

export class IntervalInProgress {
  /** The interval held (ms), null before the first sample. */
  private start: number | null = null;
  /** Each service's or group's channel (entityKey): its samples by minute (ms), the minute before the interval included. */
  private readonly entities = new Map<string, Map<number, HistorySample>>();

  constructor(private readonly store: HistoryStore) {}

  /**
   * Keeps the samples just written for the minute starting at `minute` (ms), over any kept for it before (the minute
   * in progress, then its final sample). A minute of a new interval drops the old one and reads what is stored of
   * the new one before this minute: the minute before it, and the minutes a previous run of the server wrote.
   */
  async keep(minute: number, samples: readonly HistorySample[]): Promise<void> {
    const start = intervalStart(minute);
    if (start !== this.start) {
      this.start = null;
      this.entities.clear();
      const stored = await this.store.samplesBetween(new Date(start - SAMPLE_MS).toISOString(), new Date(minute).toISOString());
      for (const sample of stored) this.add(Date.parse(sample.minute), sample);
      this.start = start;
    }
    for (const sample of samples) this.add(minute, sample);
  }

  /** Lets the interval go: another instance may write its next minutes, so the next minute kept reads it back. */
  forget(): void {
    this.start = null;
    this.entities.clear();
  }

  /** Whether the interval starting at `start` (ms) is the one held. */
  holds(start: number): boolean {
    return this.start === start;
  }

  /** Works out the interval held from its minutes and writes it (partial until its last minute is in); how many. */
  async write(): Promise<number> {
    if (this.start === null) return 0;
    const start = this.start;
    const intervals: HistoryInterval[] = [];
    for (const minutes of this.entities.values()) {
      const interval = timedIntervalFigures(
        start,
        Array.from(minutes, ([at, sample]) => ({ at, sample })),
      );
      if (interval) intervals.push(interval);
    }
    await this.store.upsertIntervals(intervals);
    return intervals.length;
  }

  private add(at: number, sample: HistorySample): void {
    const key = entityKey(sample);
    const minutes = this.entities.get(key);
    if (minutes) minutes.set(at, sample);
    else this.entities.set(key, new Map([[at, sample]]));
  }
}
