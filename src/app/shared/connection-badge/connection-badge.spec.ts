import { englishDuringEachSpec } from '../../i18n/english-during-spec.spec';
import { TestBed } from '@angular/core/testing';
import { CloseCode } from '../../../../contract/close-codes';
import { RtdConnection } from '../../rtd/connection';
import { ConnectionBadge } from './connection-badge';

describe('ConnectionBadge', () => {
  englishDuringEachSpec();

  async function render() {
    const connection = TestBed.inject(RtdConnection);
    const fixture = TestBed.createComponent(ConnectionBadge);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    return { connection, fixture, element };
  }

  it('exposes the state as data-state, with words and an icon', async () => {
    const { connection, fixture, element } = await render();
    expect(element.getAttribute('data-testid')).toBe('connection-badge');
    connection.connected(false);
    await fixture.whenStable();
    expect(element.getAttribute('data-state')).toBe('live');
    expect(element.textContent).toContain('Live');
    expect(element.querySelector('.material-symbols-outlined')!.textContent!.trim()).toBe('sensors');
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

  it('shows RECONNECTING with the attempt, then OFFLINE when the link gives up', async () => {
    const { connection, fixture, element } = await render();
    connection.retrying(2, 5_000);
    await fixture.whenStable();
    expect(element.getAttribute('data-state')).toBe('reconnecting');
    expect(element.textContent).toContain('attempt 2');
    expect(element.textContent).toMatch(/next try in [1-5] s/);
    connection.closed(CloseCode.InternalError, 'gone', false);
    await fixture.whenStable();
    expect(element.getAttribute('data-state')).toBe('offline');
    expect(element.textContent).toContain('Offline');
  });
});
