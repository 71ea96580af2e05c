/** An agent's status: icon, label and colour together, so it never reads by colour alone. */
import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { I18n } from '../../i18n/i18n';
import type { AgentStatusView } from '../agent-status';

@Component({
  selector: 'app-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class]': '"bucket-" + status().bucket', '[attr.data-status]': 'status().status ?? ""' },
  template: `
    <span class="material-symbols-outlined" aria-hidden="true">{{ status().icon }}</span>
    <span class="label">{{ i18n.t(status().labelKey) }}</span>
  `,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 0.35rem;
      padding: 0.15rem 0.7rem 0.15rem 0.45rem;
      border-radius: 999px;
      border: 2px solid currentColor;
      font-weight: 500;
      max-width: 100%;
      box-sizing: border-box;
      line-height: 1.15;
      white-space: normal;
    }
    /* A status too long for its column wraps between words (two lines at most with the catalogue's labels), never cut. */
    .label {
      min-width: 0;
      overflow-wrap: normal;
      hyphens: manual;
    }
    .material-symbols-outlined {
      font-size: 1.25em;
    }
    :host(.bucket-ready) {
      color: var(--rtd-ok);
    }
    :host(.bucket-busy) {
      color: var(--rtd-busy);
    }
    :host(.bucket-not-ready) {
      color: var(--rtd-critical);
    }
    :host(.bucket-post-call) {
      color: var(--rtd-warning);
    }
    :host(.bucket-unknown) {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class StatusChip {
  protected readonly i18n = inject(I18n);
  readonly status = input.required<AgentStatusView>();
}
