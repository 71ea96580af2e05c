import { signal } from '@angular/core';
import { type FreshnessInputs, dataAsOf, isFollowing, nextDataAsOf } from './freshness';
import type { LiveStatus } from './live-query';

const following: FreshnessInputs = { listStatus: 'live', updatedAt: 1_000, snapshotAt: 900, connectedAt: 500, lastAliveAt: 5_000 };

describe('nextDataAsOf', () => {
  it('is null before any snapshot', () => {
    expect(nextDataAsOf(null, { listStatus: 'loading', updatedAt: null, snapshotAt: null, connectedAt: 500, lastAliveAt: 600 })).toBeNull();
  });

  it('follows the socket’s last sign of life while the list is live on a connected socket', () => {
    expect(isFollowing(following)).toBeTrue();
    expect(nextDataAsOf(900, following)).toBe(5_000);
    expect(nextDataAsOf(900, { ...following, lastAliveAt: 800 })).toBe(1_000);
  });

  it('stops when the socket drops', () => {
    const dropped = { ...following, connectedAt: null, lastAliveAt: 5_000, updatedAt: 6_000 };
    expect(nextDataAsOf(5_000, dropped)).toBe(5_000);
  });

  it('stops when the list errors, even while the socket lives on for other lists', () => {
    expect(nextDataAsOf(5_000, { ...following, listStatus: 'error', lastAliveAt: 9_000 })).toBe(5_000);
  });

  it('after a reconnect, waits for the fresh snapshot before following again', () => {
    const reconnected = { ...following, connectedAt: 10_000, lastAliveAt: 10_100, snapshotAt: 900 };
    expect(nextDataAsOf(5_000, reconnected)).toBe(5_000);
    expect(nextDataAsOf(5_000, { ...reconnected, snapshotAt: 10_050, lastAliveAt: 12_000 })).toBe(12_000);
  });

  it('never goes back', () => {
    expect(nextDataAsOf(7_000, following)).toBe(7_000);
  });
});

describe('dataAsOf', () => {
  it('advances with keep-alives, freezes when the socket drops, resumes after the re-snapshot', () => {
    const status = signal<LiveStatus>('loading');
    const updatedAt = signal<number | null>(null);
    const snapshotAt = signal<number | null>(null);
    const connectedAt = signal<number | null>(100);
    const lastAliveAt = signal<number | null>(100);
    const asOf = dataAsOf({ status, updatedAt, snapshotAt }, { connectedAt, lastAliveAt });
    expect(asOf()).toBeNull();

    status.set('live');
    updatedAt.set(200);
    snapshotAt.set(200);
    expect(asOf()).toBe(200);
    lastAliveAt.set(5_200);
    expect(asOf()).toBe(5_200);

    connectedAt.set(null);
    expect(asOf()).toBe(5_200);
    lastAliveAt.set(60_000); // the new connection's first message, before its snapshot
    connectedAt.set(60_000);
    expect(asOf()).toBe(5_200);

    snapshotAt.set(60_010);
    updatedAt.set(60_010);
    expect(asOf()).toBe(60_010);
    lastAliveAt.set(65_000);
    expect(asOf()).toBe(65_000);
  });
});
