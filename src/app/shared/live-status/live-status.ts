/**
 * The state of a page's live data: loading, an error with a retry, or else the page's one freshness state (the
 * badge's, see Freshness) with the time: "Live · updated 14:03:07", "Stale · data as of 14:02:40".
 */
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatButton } from '@angular/material/button';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { I18n } from '../../i18n/i18n';
import type { LiveStatus as LiveListStatus } from '../../rtd/live-query';
import { Freshness } from '../freshness/freshness';

/** What the component needs of a LiveList (or of several combined). */
export interface LiveState {
  status(): LiveListStatus;
  error(): string | null;
  updatedAt(): number | null;
  refresh(): Promise<void>;
}

@Component({
  selector: 'app-live-status',
  imports: [MatButton, MatProgressSpinnerModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { 'data-testid': 'live-status', '[attr.data-status]': 'live().status()', '[attr.data-freshness]': 'freshness().state' },
  template: `
    @switch (live().status()) {
      @case ('loading') {
        <p class="state loading" role="status">
          <mat-progress-spinner mode="indeterminate" diameter="24" aria-hidden="true" />
          {{ i18n.t('live.loading') }}
        </p>
      }
      @case ('error') {
        <div class="state error" role="alert">
          <span class="material-symbols-outlined" aria-hidden="true">error</span>
          <span>{{ i18n.t('live.error', { message: live().error() ?? '' }) }}</span>
          <!-- The button's code loads only when there is an error to retry: a kiosk's first load carries none of it. -->
          @defer (on immediate) {
            <button mat-stroked-button type="button" (click)="live().refresh()">
              <span class="material-symbols-outlined" aria-hidden="true">refresh</span>
              {{ i18n.t('live.retry') }}
            </button>
          }
        </div>
      }
      @default {
        <p class="state" [class]="'state tone-' + freshness().tone">
          <span class="material-symbols-outlined" aria-hidden="true">{{ freshness().icon }}</span>
          {{ i18n.t(freshness().labelKey) }}
          @if (freshness().state === 'live') {
            @if (live().updatedAt(); as at) {
              · {{ i18n.t('live.updatedAt', { time: i18n.time(at) }) }}
            }
          } @else if (freshness().asOf; as at) {
            · {{ i18n.t('connection.dataAsOf', { time: i18n.time(at) }) }}
          }
        </p>
      }
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .state {
      margin: 0;
      display: flex;
      align-items: center;
      gap: 0.5rem;
      font-size: 1.1rem;
      color: var(--mat-sys-on-surface-variant);
    }
    .tone-ok .material-symbols-outlined {
      color: var(--rtd-ok);
    }
    .tone-warning .material-symbols-outlined {
      color: var(--rtd-warning);
    }
    .tone-critical .material-symbols-outlined {
      color: var(--rtd-critical);
    }
    /* On a TV not smaller than the kiosk's minimum text (--rtd-min-text, styles.scss). */
    :host-context(html.kiosk) .state {
      font-size: max(1.1rem, var(--rtd-min-text));
    }
    .error {
      flex-wrap: wrap;
      padding: 0.5rem 0.75rem;
      border-radius: 12px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    .error button {
      margin-left: auto;
    }
  `,
})
export class LiveStatusBar {
  protected readonly i18n = inject(I18n);
  readonly live = input.required<LiveState>();
  protected readonly freshness = inject(Freshness).view;
}
