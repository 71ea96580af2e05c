/** What stands in for a tile that is not drawn (far from the screen): its name only, in the tile's place. */
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { I18n, type MessageKey } from '../../i18n/i18n';
import type { MultiChannel } from '../../rtd/generated/graphql';
import { tileLabel } from './stat-tile';

@Component({
  selector: 'app-tile-placeholder',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<p class="tile-placeholder-name">{{ label() }}</p>`,
  styles: `
    :host {
      display: block;
      height: 100%;
      box-sizing: border-box;
      border-radius: var(--mat-sys-corner-large, 16px);
      background: var(--mat-sys-surface-container-low);
    }
    .tile-placeholder-name {
      margin: 0;
      padding: 1rem 1.25rem;
      font-size: 1.25rem;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class TilePlaceholder {
  private readonly i18n = inject(I18n);
  readonly code = input.required<string>();
  readonly channel = input.required<MultiChannel>();
  readonly total = input(false);
  readonly labelKey = input.required<MessageKey>();
  protected readonly label = computed(() => tileLabel(this.i18n, { code: this.code(), channel: this.channel(), total: this.total() }, this.labelKey()));
}
