/**
 * The connection badge: a short word with an icon (LIVE, STALE, RECONNECTING, OFFLINE, FAIL…) that never wraps
 * the toolbar; the details (attempt, next try, the time of the data) show on hover and keyboard focus and are
 * its accessible description. It reads the page's one freshness state (Freshness), as the header and the tiles
 * do; on a page with no live data it shows nothing.
 */
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { I18n } from '../../i18n/i18n';
import { RtdConnection } from '../../rtd/connection';
import { Freshness } from '../freshness/freshness';

let nextId = 0;

@Component({
  selector: 'app-connection-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    'data-testid': 'connection-badge',
    '[attr.data-state]': 'view().state',
    '[attr.data-health]': 'connection.health() ?? ""',
    '[attr.data-attempt]': 'connection.attempt()',
    '[class]': '"tone-" + view().tone + (view().state === "none" ? " none" : "")',
    role: 'status',
    '[attr.tabindex]': 'view().state === "none" ? null : 0',
    '[attr.aria-label]': 'view().state === "none" ? null : ariaLabel()',
    '[attr.aria-describedby]': 'view().state === "none" ? null : detailsId',
  },
  template: `
    @if (view().state !== 'none') {
      <span class="material-symbols-outlined" aria-hidden="true">{{ view().icon }}</span>
      <span class="label" aria-hidden="true">{{ label() }}</span>
      <span class="details" role="tooltip" aria-hidden="true" data-testid="connection-details" [id]="detailsId">{{ details() }}</span>
    }
  `,
  styleUrl: './connection-badge.scss',
})
export class ConnectionBadge {
  protected readonly i18n = inject(I18n);
  protected readonly connection = inject(RtdConnection);
  protected readonly view = inject(Freshness).view;
  protected readonly detailsId = `connection-details-${nextId++}`;

  protected readonly label = computed(() => this.i18n.t(this.view().labelKey));
  /** "Reconnecting · attempt 6 · next try in 3 s · data as of 18:25:46": everything the short word leaves out. */
  protected readonly details = computed(() => {
    const view = this.view();
    const parts = [this.label()];
    if (view.hintKey) parts.push(this.i18n.t(view.hintKey, view.hintParams));
    if (view.attempt) parts.push(this.i18n.t('connection.attempt', { attempt: view.attempt }));
    if (view.retryInSeconds) parts.push(this.i18n.t('connection.retryIn', { seconds: view.retryInSeconds }));
    if (view.asOf !== null) parts.push(this.i18n.t('connection.dataAsOf', { time: this.i18n.time(view.asOf) }));
    const version = this.connection.serverVersion();
    if (version) parts.push(this.i18n.t('shell.serverVersion', { version }));
    return parts.join(' · ');
  });
  protected readonly ariaLabel = computed(() => `${this.i18n.t('connection.label')}: ${this.label()}`);
}
