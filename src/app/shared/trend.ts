/**
 * Trends for sparklines: per tile, a bounded series of samples accumulated from the live data. One sample per
 * bucket (the last value seen in it), a fixed number of buckets, so memory does not grow however long a board
 * runs. Kept in a root service so a re-snapshot or a trip to another page does not wipe the picture. The wallboard
 * server's recorder fills in the minutes before the page was there (`backfill`): a reload shows its 30 minutes at once.
 */
import { Injectable, computed, inject, signal } from '@angular/core';
import { Clock } from './clock';

export interface TrendPoint {
  /** Start of the sample's bucket (ms since epoch). */
  at: number;
  value: number | null;
  /** From the recorder's history, not seen live here: a later reading of the minute may replace it, live never is. */
  recorded?: true;
}

/** A figure's value at the end of a recorded minute (the minute's start, ms). */
export interface RecordedValue {
  minute: number;
  value: number | null;
}

/**
 * A recorded series as trend points: each minute's value in its last bucket (it is the value at the minute's end),
 * no later than the bucket of `now` (the minute in progress); a minute missing between two recorded ones is a null,
 * so the line breaks there, and so is the minute after the last one when the recorder stopped before the minute now.
 */
export function recordedPoints(values: readonly RecordedValue[], now: number, minuteMs: number, bucketMs = TREND_BUCKET_MS): TrendPoint[] {
  const sorted = [...values].sort((a, b) => a.minute - b.minute);
  const nowBucket = now - (now % bucketMs);
  const place = (minute: number) => Math.min(minute + minuteMs - bucketMs, nowBucket);
  const points: TrendPoint[] = [];
  sorted.forEach((recorded, i) => {
    const previous = sorted[i - 1];
    if (previous && recorded.minute - previous.minute > minuteMs) points.push({ at: place(previous.minute + minuteMs), value: null, recorded: true });
    if (recorded.minute <= now) points.push({ at: place(recorded.minute), value: recorded.value, recorded: true });
  });
  const last = sorted[sorted.length - 1];
  if (last && now - (now % minuteMs) - last.minute > minuteMs) points.push({ at: place(last.minute) + bucketMs, value: null, recorded: true });
  // Two minutes placed in one bucket (the minute now is squeezed onto the last one): the later reading.
  return points.filter((point, i) => points[i + 1]?.at !== point.at);
}

/** A fixed-capacity series: pushing past capacity drops the oldest point. */
export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number {
    return this.count;
  }

  push(item: T): void {
    this.items[(this.start + this.count) % this.capacity] = item;
    if (this.count < this.capacity) this.count++;
    else this.start = (this.start + 1) % this.capacity;
  }

  last(): T | undefined {
    return this.count ? this.items[(this.start + this.count - 1) % this.capacity] : undefined;
  }

  replaceLast(item: T): void {
    if (this.count) this.items[(this.start + this.count - 1) % this.capacity] = item;
  }

  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.items[(this.start + i) % this.capacity] as T);
    return out;
  }
}

export const TREND_WINDOW_MS = 30 * 60_000;
export const TREND_BUCKET_MS = 10_000;

/**
 * Where a trend line ends at `now`: the end of the current bucket. The lines move on once a bucket, not once a
 * second, so a board of hundreds of trends is redrawn every 10 s, and the last point is at most a bucket old.
 */
export function trendEnd(now: number, bucketMs = TREND_BUCKET_MS): number {
  return now - (now % bucketMs) + bucketMs;
}

/** Series keyed by "tile id/figure", e.g. "service_1/CALL/queuedCalls". */
export class TrendSeries {
  private readonly series = new Map<string, RingBuffer<TrendPoint>>();
  /**
   * The last `points` answer per key, handed out again while nothing changed: a sparkline whose points are the same
   * array is not redrawn, so a board of hundreds of tiles redraws only the trends that moved.
   */
  private readonly shown = new Map<string, { points: TrendPoint[]; until: number }>();

  constructor(
    readonly windowMs = TREND_WINDOW_MS,
    readonly bucketMs = TREND_BUCKET_MS,
  ) {}

  record(key: string, now: number, value: number | null): void {
    const at = now - (now % this.bucketMs);
    let buffer = this.series.get(key);
    if (!buffer) this.series.set(key, (buffer = new RingBuffer(Math.ceil(this.windowMs / this.bucketMs) + 1)));
    const last = buffer.last();
    if (last && last.at === at) {
      if (last.value === value) return;
      buffer.replaceLast({ at, value });
    } else if (!last || last.at < at) buffer.push({ at, value });
    else return;
    this.shown.delete(key);
  }

  /**
   * Puts a series' recorded points (recordedPoints: every recorded minute held, placed no later than the bucket of the
   * `now` live samples are recorded at, so the next live sample is never older than them) in place of the ones it
   * had, in the buckets the live data has not filled (a live point is never replaced); the series keeps its capacity,
   * the oldest points dropping first.
   */
  backfill(key: string, points: readonly TrendPoint[]): void {
    const buffer = this.series.get(key);
    const held = buffer?.toArray() ?? [];
    const live = held.filter((point) => !point.recorded);
    const taken = new Set(live.map((point) => point.at));
    const merged = [...live, ...points.filter((point) => !taken.has(point.at))].sort((a, b) => a.at - b.at);
    if (merged.length === held.length && merged.every((point, i) => point.at === held[i].at && point.value === held[i].value)) return;
    const next = new RingBuffer<TrendPoint>(buffer?.capacity ?? Math.ceil(this.windowMs / this.bucketMs) + 1);
    for (const point of merged.slice(-next.capacity)) next.push(point);
    this.series.set(key, next);
    this.shown.delete(key);
  }

  /** The points within the window ending at `now`, oldest first; the same array while they stay the same. */
  points(key: string, now: number): readonly TrendPoint[] {
    const cached = this.shown.get(key);
    if (cached && now <= cached.until) return cached.points;
    const from = now - this.windowMs;
    const points = (this.series.get(key)?.toArray() ?? []).filter((point) => point.at >= from);
    // Valid until its oldest point leaves the window (a new point comes through record, which drops this).
    this.shown.set(key, { points, until: points.length ? points[0].at + this.windowMs : Infinity });
    return points;
  }

  /** Drops series with no point in the window: tiles that left the board. */
  prune(now: number): void {
    for (const [key, buffer] of this.series) {
      if ((buffer.last()?.at ?? 0) >= now - this.windowMs) continue;
      this.series.delete(key);
      this.shown.delete(key);
    }
  }

  get size(): number {
    return this.series.size;
  }

  /** How many points are held for `key` (in or out of the window): what memory the series takes. */
  held(key: string): number {
    return this.series.get(key)?.length ?? 0;
  }
}

/** The app's trends; `version` ticks on each recording so views that draw them recompute. */
@Injectable({ providedIn: 'root' })
export class Trends {
  readonly series = new TrendSeries();
  private readonly revision = signal(0);
  readonly version = this.revision.asReadonly();
  private readonly clock = inject(Clock);
  /** Where every trend line ends now (trendEnd): it changes once a bucket. */
  readonly end = computed(() => trendEnd(this.clock.now(), this.series.bucketMs));

  record(samples: Iterable<[key: string, value: number | null]>, now: number): void {
    for (const [key, value] of samples) this.series.record(key, now, value);
    this.series.prune(now);
    this.revision.update((v) => v + 1);
  }

  /** Adds the recorder's points per trend key (see TrendSeries.backfill). */
  backfill(points: ReadonlyMap<string, readonly TrendPoint[]>): void {
    for (const [key, series] of points) this.series.backfill(key, series);
    this.revision.update((v) => v + 1);
  }
}
