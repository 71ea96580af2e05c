/**
 * "Data N s old": a list's numbers go stale when neither an update nor a keep-alive has arrived for the stale
 * threshold, so a frozen screen never looks live. The threshold is 15 s unless a kiosk's config says otherwise.
 */
import { DestroyRef, InjectionToken, type Signal, computed, inject } from '@angular/core';
import { RtdConnection } from '../rtd/connection';
import { dataAsOf } from '../rtd/freshness';
import type { LiveList } from '../rtd/live-query';
import { Freshness } from './freshness/freshness';

export const STALE_AFTER_SECONDS = new InjectionToken<number>('seconds after which live data counts as stale', { factory: () => 15 });

/**
 * Registers the list as data on screen (see Freshness) for the caller's lifetime (call in an injection context)
 * and returns the page's stale age: the same number the badge and the header go by, so the tiles never
 * disagree with them. A list without a snapshot yet (loading, or failing) shows what the cache holds (a kiosk
 * slide opened while the server is away), which is as old as the socket's last sign of life.
 */
export function staleness(list: Pick<LiveList<unknown>, 'status' | 'updatedAt' | 'snapshotAt'>): Signal<number | null> {
  const connection = inject(RtdConnection);
  const asOf = dataAsOf(list, connection);
  const staleAfterSeconds = inject(STALE_AFTER_SECONDS);
  const freshness = inject(Freshness);
  freshness.watch(
    computed(() => ({ asOf: asOf() ?? (list.status() !== 'live' ? connection.lastAliveAt() : null), staleAfterSeconds })),
    inject(DestroyRef),
  );
  return freshness.staleSeconds;
}
