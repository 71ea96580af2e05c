import { englishDuringEachSpec } from '../../i18n/english-during-spec.spec';
import { DestroyRef, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { CloseCode } from '../../../../contract/close-codes';
import { RtdConnection } from '../../rtd/connection';
import { Freshness } from '../freshness/freshness';
import { ConnectionBadge } from './connection-badge';

describe('ConnectionBadge', () => {
  englishDuringEachSpec();

  /** The badge, with live data on screen as of `asOf` (none with null). */
  async function render(asOf: number | null = Date.now()) {
    const connection = TestBed.inject(RtdConnection);
    const onScreen = signal({ asOf, staleAfterSeconds: 15 });
    if (asOf !== null) TestBed.inject(Freshness).watch(onScreen, TestBed.inject(DestroyRef));
    const fixture = TestBed.createComponent(ConnectionBadge);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    return { connection, fixture, element, onScreen };
  }

  it('exposes the state as data-state, with a short word, an icon and its details as a description', async () => {
    const { connection, fixture, element } = await render();
    expect(element.getAttribute('data-testid')).toBe('connection-badge');
    connection.connected(false);
    await fixture.whenStable();
    expect(element.getAttribute('data-state')).toBe('live');
    expect(element.querySelector('.label')!.textContent).toBe('Live');
    expect(element.querySelector('.material-symbols-outlined')!.textContent!.trim()).toBe('sensors');
    expect(element.getAttribute('tabindex')).withContext('its details are reachable by keyboard').toBe('0');
    const details = document.getElementById(element.getAttribute('aria-describedby')!)!;
    expect(details.textContent).toMatch(/data as of \d\d:\d\d:\d\d/);
  });

  it('says STALE, not LIVE, when the data on screen is older than the threshold on a link that looks up', async () => {
    const { connection, fixture, element, onScreen } = await render();
    connection.connected(false);
    onScreen.set({ asOf: Date.now() - 61_000, staleAfterSeconds: 15 });
    await fixture.whenStable();
    expect(element.getAttribute('data-state')).toBe('stale');
    expect(element.querySelector('.label')!.textContent).toBe('Stale');
  });

  it('shows FAIL while the server reports that it is failing', async () => {
    const { connection, fixture, element } = await render();
    connection.connected(false);
    connection.health.set('FAIL');
    await fixture.whenStable();
    expect(element.getAttribute('data-state')).toBe('fail');
    expect(element.getAttribute('data-health')).toBe('FAIL');
    expect(element.textContent).toContain('Server failing');
    connection.health.set('PASS');
    await fixture.whenStable();
    expect(element.getAttribute('data-state')).toBe('live');
  });

  it('says RECONNECTING in one word, the attempt and next try in its details, then OFFLINE when the link gives up', async () => {
    const { connection, fixture, element } = await render();
    connection.retrying(2, 5_000);
    await fixture.whenStable();
    expect(element.getAttribute('data-state')).toBe('reconnecting');
    expect(element.querySelector('.label')!.textContent).toBe('Reconnecting');
    const details = element.querySelector('[data-testid="connection-details"]')!.textContent!;
    expect(details).toContain('attempt 2');
    expect(details).toMatch(/next try in [1-5] s/);
    connection.closed(CloseCode.InternalError, 'gone', false);
    await fixture.whenStable();
    expect(element.getAttribute('data-state')).toBe('offline');
    expect(element.textContent).toContain('Offline');
  });

  it('shows nothing (no NOT CONNECTED) on a page with no live data', async () => {
    const { fixture, element } = await render(null);
    await fixture.whenStable();
    expect(element.getAttribute('data-state')).toBe('none');
    expect(element.textContent!.trim()).toBe('');
    expect(getComputedStyle(element).display).toBe('none');
  });
});
