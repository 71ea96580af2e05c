/**
 * The samples of the interval in progress (and of the minute before it), as the recorder wrote them: the interval is
 * worked out from them each minute without reading them back, which on SQLite's synchronous driver held the event
 * loop for up to 150 ms a minute on a 750-entity centre (docs/benchmarks.md, "History storage"). What the database
 * already had of the interval (a restart within it) is read once, when the interval's first sample is kept.
 */
import { intervalStart, SAMPLE_MS, type HistorySample } from '../../../contract/history-format.ts';
import type { HistoryStore } from './history-store.ts';
import { intervalsOf } from './interval-figures.ts';

export class IntervalInProgress {
  /** The interval held (ms), null before the first sample. */
  private start: number | null = null;
  /** Each minute's samples (ms → samples), the one before the interval included. */
  private readonly minutes = new Map<number, HistorySample[]>();

  constructor(private readonly store: HistoryStore) {}

  /**
   * Keeps the samples just written for the minute starting at `minute` (ms), over any kept for it before (the minute
   * in progress, then its final sample). A minute of a new interval drops the old one and reads what is stored of
   * the new one before this minute: the minute before it, and the minutes a previous run of the server wrote.
   */
  async keep(minute: number, samples: HistorySample[]): Promise<void> {
    const start = intervalStart(minute);
    if (start !== this.start) {
      this.start = null;
      this.minutes.clear();
      const stored = await this.store.samplesBetween(new Date(start - SAMPLE_MS).toISOString(), new Date(minute).toISOString());
      for (const sample of stored) {
        const at = Date.parse(sample.minute);
        const list = this.minutes.get(at);
        if (list) list.push(sample);
        else this.minutes.set(at, [sample]);
      }
      this.start = start;
    }
    this.minutes.set(minute, samples);
  }

  /** Whether the interval starting at `start` (ms) is the one held. */
  holds(start: number): boolean {
    return this.start === start;
  }

  /** Works out the interval held from its minutes and writes it (partial until its last minute is in); how many. */
  async write(): Promise<number> {
    if (this.start === null) return 0;
    const start = this.start;
    const intervals = intervalsOf(start, [...this.minutes.values()].flat());
    await this.store.upsertIntervals(intervals);
    return intervals.length;
  }
}
