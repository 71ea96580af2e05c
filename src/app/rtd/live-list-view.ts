/** A live list as features see it, wherever it is written (on the page, live-query.ts, or in the worker, live-worker/). */
import type { Signal } from '@angular/core';
import type { LiveListState } from './live-list';

export type LiveStatus = 'loading' | 'live' | 'error';

export interface LiveList<T> {
  /** The entities' cache ids, in the order they came: changes only when an entity joins or leaves the list. */
  readonly members: Signal<readonly string[]>;
  /** One member as the cache holds it: changes only when that entity is written. */
  entity(id: string): Signal<T | undefined>;
  /** Every member's entity, in the members' order, for views that need them all (totals, sorting): a new array when any is written. */
  readonly items: Signal<readonly T[]>;
  readonly status: Signal<LiveStatus>;
  /** A message for people when status is 'error'. */
  readonly error: Signal<string | null>;
  /** When the list last changed (ms since epoch), for "data N s old" (see freshness.ts `dataAsOf`). */
  readonly updatedAt: Signal<number | null>;
  /**
   * When the list's last full snapshot arrived (ms since epoch); null before the first. Optional so that
   * stand-ins in tests need not give it; every list `RtdLive` makes has it.
   */
  readonly snapshotAt?: Signal<number | null>;
  /** Takes a fresh snapshot now. */
  refresh(): Promise<void>;
}

/** Behind by less than this is not worth telling anyone: a frame or two of a busy burst. */
export const CATCHING_UP_AFTER_MS = 1_000;

/** How far behind the badge says a list's writer is: whole seconds (it changes once a second at most), or null. */
export function catchingUpMs(behindMs: number): number | null {
  return behindMs >= CATCHING_UP_AFTER_MS ? Math.round(behindMs / 1000) * 1000 : null;
}

/** A list's status from its state machine's state and its last snapshot. */
export function liveStatus(state: LiveListState, snapshotAt: number | null): LiveStatus {
  return state === 'error' ? 'error' : snapshotAt === null ? 'loading' : 'live';
}
