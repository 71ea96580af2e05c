/** The toolbar's connection badge: LIVE, CATCHING UP (how far behind), RECONNECTING (attempt, next try), OFFLINE, or FAIL when the server says so. */
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { I18n } from '../../i18n/i18n';
import { RtdConnection } from '../../rtd/connection';
import { Clock } from '../clock';
import { connectionBadgeView } from './connection-badge-view';

@Component({
  selector: 'app-connection-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: {
    'data-testid': 'connection-badge',
    '[attr.data-state]': 'view().state',
    '[attr.data-health]': 'connection.health() ?? ""',
    '[attr.data-attempt]': 'connection.attempt()',
    '[class]': '"tone-" + view().tone',
    role: 'status',
    '[attr.aria-label]': 'ariaLabel()',
    '[attr.title]': 'hint() || null',
  },
  template: `
    <span class="material-symbols-outlined" aria-hidden="true">{{ view().icon }}</span>
    <span class="label">{{ label() }}</span>
    @if (view().retryInSeconds; as seconds) {
      <span class="retry" aria-hidden="true">{{ i18n.t('connection.retryIn', { seconds }) }}</span>
    }
  `,
  styleUrl: './connection-badge.scss',
})
export class ConnectionBadge {
  protected readonly i18n = inject(I18n);
  protected readonly connection = inject(RtdConnection);
  private readonly clock = inject(Clock);

  protected readonly view = computed(() => {
    const state = this.connection.badge();
    // Only a planned retry needs the ticking clock (read for its tick; the time itself is taken now, since the
    // tick may be up to a second old); otherwise the badge does not re-render every second.
    if (state === 'reconnecting') this.clock.now();
    return connectionBadgeView(state, this.connection.attempt(), this.connection.nextRetry(), Date.now(), this.connection.behindMs());
  });
  protected readonly label = computed(() => this.i18n.t(this.view().labelKey, this.view().labelParams));
  protected readonly hint = computed(() => {
    const key = this.view().hintKey;
    return key ? this.i18n.t(key) : '';
  });
  protected readonly ariaLabel = computed(() => `${this.i18n.t('connection.label')}: ${this.label()}${this.hint() ? `. ${this.hint()}` : ''}`);
}
