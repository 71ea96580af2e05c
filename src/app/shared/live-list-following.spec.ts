import { Component, DestroyRef, inject, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { LiveList, LiveStatus } from '../rtd/live-query';
import { liveListFollowing } from './live-list-following';

interface Opened {
  filter: string;
  closed: boolean;
  status: ReturnType<typeof signal<LiveStatus>>;
}

describe('liveListFollowing', () => {
  const opened: Opened[] = [];
  const filter = signal<string | null>(null);

  /** A stand-in for RtdLive: records each list it opens, and when that list's injection context ends. */
  function open(f: string): LiveList<string> {
    const entry: Opened = { filter: f, closed: false, status: signal<LiveStatus>('loading') };
    opened.push(entry);
    inject(DestroyRef).onDestroy(() => (entry.closed = true));
    return {
      members: signal([f]).asReadonly(),
      entity: () => signal(f).asReadonly(),
      items: signal([f]).asReadonly(),
      status: entry.status.asReadonly(),
      error: signal(null).asReadonly(),
      updatedAt: signal(null).asReadonly(),
      refresh: () => Promise.resolve(),
    };
  }

  @Component({ selector: 'app-host', template: '' })
  class Host {
    readonly list = liveListFollowing(filter, open);
  }

  beforeEach(() => {
    opened.length = 0;
    filter.set(null);
  });

  it('reads as loading and opens nothing while the filter is null', async () => {
    const fixture = TestBed.createComponent(Host);
    await fixture.whenStable();
    expect(opened.length).toBe(0);
    expect(fixture.componentInstance.list.status()).toBe('loading');
    expect(fixture.componentInstance.list.items()).toEqual([]);
  });

  it('opens a list for the filter, and a new one each time the filter changes, closing the old one', async () => {
    const fixture = TestBed.createComponent(Host);
    filter.set('a');
    await fixture.whenStable();
    expect(opened.map((o) => o.filter)).toEqual(['a']);
    expect(fixture.componentInstance.list.items()).toEqual(['a']);
    opened[0].status.set('live');
    expect(fixture.componentInstance.list.status()).toBe('live');

    filter.set('b');
    await fixture.whenStable();
    expect(opened.map((o) => o.filter)).toEqual(['a', 'b']);
    expect(opened[0].closed).withContext('the list for the old filter is closed').toBeTrue();
    expect(opened[1].closed).toBeFalse();
    expect(fixture.componentInstance.list.items()).toEqual(['b']);
    expect(fixture.componentInstance.list.status()).toBe('loading');
  });

  it('closes the current list with the component', async () => {
    const fixture = TestBed.createComponent(Host);
    filter.set('a');
    await fixture.whenStable();
    fixture.destroy();
    expect(opened[0].closed).toBeTrue();
  });
});
