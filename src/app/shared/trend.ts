/**
 * Trends for sparklines: per tile, a bounded series of samples accumulated from the live data. One sample per
 * bucket (the last value seen in it), a fixed number of buckets, so memory does not grow however long a board
 * runs. Kept in a root service so a re-snapshot or a trip to another page does not wipe the picture.
 */
import { Injectable, signal } from '@angular/core';

export interface TrendPoint {
  /** Start of the sample's bucket (ms since epoch). */
  at: number;
  value: number | null;
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

/** Series keyed by "tile id/figure", e.g. "service_1/CALL/queuedCalls". */
export class TrendSeries {
  private readonly series = new Map<string, RingBuffer<TrendPoint>>();

  constructor(
    readonly windowMs = TREND_WINDOW_MS,
    readonly bucketMs = TREND_BUCKET_MS,
  ) {}

  record(key: string, now: number, value: number | null): void {
    const at = now - (now % this.bucketMs);
    let buffer = this.series.get(key);
    if (!buffer) this.series.set(key, (buffer = new RingBuffer(Math.ceil(this.windowMs / this.bucketMs) + 1)));
    const last = buffer.last();
    if (last && last.at === at) buffer.replaceLast({ at, value });
    else if (!last || last.at < at) buffer.push({ at, value });
  }

  /** The points within the window ending at `now`, oldest first. */
  points(key: string, now: number): TrendPoint[] {
    const from = now - this.windowMs;
    return (this.series.get(key)?.toArray() ?? []).filter((point) => point.at >= from);
  }

  /** Drops series with no point in the window: tiles that left the board. */
  prune(now: number): void {
    for (const [key, buffer] of this.series) if ((buffer.last()?.at ?? 0) < now - this.windowMs) this.series.delete(key);
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

  record(samples: Iterable<[key: string, value: number | null]>, now: number): void {
    for (const [key, value] of samples) this.series.record(key, now, value);
    this.series.prune(now);
    this.revision.update((v) => v + 1);
  }
}
