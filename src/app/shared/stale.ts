/**
 * "Data N s old": a list's numbers go stale when neither an update nor a keep-alive has arrived for the stale
 * threshold, so a frozen screen never looks live. The threshold is 15 s unless a kiosk's config says otherwise.
 */
import { InjectionToken, type Signal, computed, inject } from '@angular/core';
import { RtdConnection } from '../rtd/connection';
import { dataAsOf } from '../rtd/freshness';
import type { LiveList } from '../rtd/live-query';
import { Clock } from './clock';

export const STALE_AFTER_SECONDS = new InjectionToken<number>('seconds after which live data counts as stale', { factory: () => 15 });

/** How old the list's data is (s) once past the threshold; null while fresh or before the first snapshot. */
export function staleSeconds(asOf: number | null, now: number, thresholdSeconds: number): number | null {
  if (asOf === null) return null;
  const age = Math.floor((now - asOf) / 1000);
  return age > thresholdSeconds ? age : null;
}

/**
 * The list's stale age as a signal (call in an injection context). A list without a snapshot yet (loading, or
 * failing) shows what the cache holds (a kiosk slide opened while the server is away), which is as old as the
 * socket's last sign of life.
 */
export function staleness(list: Pick<LiveList<unknown>, 'status' | 'updatedAt' | 'snapshotAt'>): Signal<number | null> {
  const connection = inject(RtdConnection);
  const asOf = dataAsOf(list, connection);
  const clock = inject(Clock);
  const threshold = inject(STALE_AFTER_SECONDS);
  return computed(() => staleSeconds(asOf() ?? (list.status() !== 'live' ? connection.lastAliveAt() : null), clock.now(), threshold));
}
