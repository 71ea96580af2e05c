/**
 * How old a live list's data is. A wallboard must never show old numbers as if they were live: a tile greys out
 * when its data is older than a threshold. Data is known good up to its last update or, while the list is live
 * on a connected socket whose snapshot it has taken, up to the socket's last sign of life (a delta or the pong
 * to the keep-alive ping every few seconds): nothing changed unseen until then. When the socket drops or the
 * list errors, the time stops; it moves again once a fresh snapshot was taken on the new connection.
 */
import { type Signal, computed } from '@angular/core';
import type { RtdConnection } from './connection';
import type { LiveList } from './live-query';

/** What `dataAsOf` reads, as plain values. */
export interface FreshnessInputs {
  listStatus: 'loading' | 'live' | 'error';
  /** When the list last changed. */
  updatedAt: number | null;
  /** When the list's last snapshot completed. */
  snapshotAt: number | null;
  /** When the socket's current connection was acknowledged; null while it is down. */
  connectedAt: number | null;
  lastAliveAt: number | null;
}

/** Whether the list follows the server right now: live, on a connected socket, with a snapshot taken on it. */
export function isFollowing(inputs: FreshnessInputs): boolean {
  const { listStatus, snapshotAt, connectedAt } = inputs;
  return listStatus === 'live' && connectedAt !== null && snapshotAt !== null && snapshotAt >= connectedAt;
}

/**
 * The next "data as of" time from the previous one: it advances to the socket's last sign of life while the
 * list follows the server, else only with the list's own updates (a snapshot), and never goes back.
 */
export function nextDataAsOf(previous: number | null, inputs: FreshnessInputs): number | null {
  const candidates = [previous, inputs.snapshotAt];
  if (isFollowing(inputs)) candidates.push(inputs.updatedAt, inputs.lastAliveAt);
  const known = candidates.filter((t): t is number => t !== null);
  return known.length ? Math.max(...known) : null;
}

/** The time (ms since epoch) up to which `list`'s data is known good; null before its first snapshot. */
export function dataAsOf(list: Pick<LiveList<unknown>, 'status' | 'updatedAt' | 'snapshotAt'>, connection: Pick<RtdConnection, 'connectedAt' | 'lastAliveAt'>): Signal<number | null> {
  let previous: number | null = null;
  return computed(() => {
    previous = nextDataAsOf(previous, {
      listStatus: list.status(),
      updatedAt: list.updatedAt(),
      // A list without it (a stand-in) counts its updates as snapshots.
      snapshotAt: list.snapshotAt ? list.snapshotAt() : list.updatedAt(),
      connectedAt: connection.connectedAt(),
      lastAliveAt: connection.lastAliveAt(),
    });
    return previous;
  });
}
