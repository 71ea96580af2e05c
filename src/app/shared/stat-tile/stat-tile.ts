/** A service or group tile: channel and code, headline figures, traffic figures and agent counts. */
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { I18n, type MessageKey } from '../../i18n/i18n';
import { CHANNEL_ICONS, channelLabelKey } from '../channel';
import { LEVEL_ICONS, LEVEL_LABELS } from '../kpi';
import { KpiValue } from '../kpi-value/kpi-value';
import type { StatTileView } from './stat-tile-view';

@Component({
  selector: 'app-stat-tile',
  imports: [KpiValue],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './stat-tile.html',
  styleUrl: './stat-tile.scss',
  host: { '[class]': '"level-" + (view().level ?? "none")' },
})
export class StatTile {
  protected readonly i18n = inject(I18n);
  protected readonly channelIcons = CHANNEL_ICONS;
  protected readonly levelIcons = LEVEL_ICONS;
  protected readonly levelLabels = LEVEL_LABELS;
  readonly view = input.required<StatTileView>();
  /** The accessible name's pattern, e.g. 'services.tileLabel' ("Service {code}, {channel}"). */
  readonly labelKey = input.required<MessageKey>();

  protected readonly channelLabel = computed(() => this.i18n.t(channelLabelKey(this.view().channel)));
  protected readonly label = computed(() => this.i18n.t(this.labelKey(), { code: this.view().code, channel: this.channelLabel() }));
}
