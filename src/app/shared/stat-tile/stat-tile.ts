/** A service, group or totals tile: headline figures, a breach warning, trends, traffic, custom stats and agent counts. */
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import type { ForecastKpi } from '../../../../contract/forecast';
import { RouterLink } from '@angular/router';
import { I18n, type MessageKey } from '../../i18n/i18n';
import { CHANNEL_ICONS, channelLabelKey } from '../channel';
import { type KpiView, LEVEL_ICONS, LEVEL_LABELS } from '../kpi';
import { KpiValue, roundToward } from '../kpi-value/kpi-value';
import { Sparkline } from '../sparkline/sparkline';
import { TREND_WINDOW_MS, Trends } from '../trend';
import type { StatTileView } from './stat-tile-view';

/** A tile's accessible name, e.g. "Service sales, Calls" or "Total, Calls"; a tile not drawn shows it too. */
export function tileLabel(i18n: I18n, view: Pick<StatTileView, 'code' | 'channel' | 'total'>, labelKey: MessageKey): string {
  const channel = i18n.t(channelLabelKey(view.channel));
  return view.total ? i18n.t('tile.totalLabel', { channel }) : i18n.t(labelKey, { code: view.code, channel });
}

/** The short name of each figure that can set a tile's level, as said beside the level word. */
const CAUSE_LABELS: Readonly<Record<string, MessageKey>> = {
  maxTimeCallOnQueue: 'tile.cause.maxTimeCallOnQueue',
  serviceLevel: 'tile.cause.serviceLevel',
  abandonRate: 'tile.cause.abandonRate',
};

/**
 * "abandon 11.2%", "wait 2:05": a figure that set the tile's level, in a few characters, with as many decimals as
 * the tile shows it with (headline percentages whole, the rest to one decimal), so the two never differ.
 */
export function causeText(i18n: I18n, figure: KpiView, decimals: number): string {
  const label = CAUSE_LABELS[figure.field] ?? figure.labelKey;
  const value =
    figure.format === 'duration' ? i18n.duration(figure.value) : figure.format === 'percent' ? i18n.percent(roundToward(figure.value, decimals, figure.round), decimals) : i18n.count(figure.value);
  return i18n.t('tile.cause', { figure: i18n.t(label), value });
}

/** A breach warning's words, per figure: shown ("Longest wait critical in ~3 min") and spoken ("… in about 3 minutes"). */
const FORECAST_TEXT: Readonly<Record<ForecastKpi, MessageKey>> = { serviceLevel: 'tile.forecast.serviceLevel', longestWait: 'tile.forecast.longestWait' };
const FORECAST_SPOKEN: Readonly<Record<ForecastKpi, 'tile.forecastSpoken.serviceLevel' | 'tile.forecastSpoken.longestWait'>> = {
  serviceLevel: 'tile.forecastSpoken.serviceLevel',
  longestWait: 'tile.forecastSpoken.longestWait',
};

@Component({
  selector: 'app-stat-tile',
  imports: [KpiValue, RouterLink, Sparkline],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './stat-tile.html',
  styleUrl: './stat-tile.scss',
  host: {
    '[class]': '"level-" + (view().level ?? "none") + (view().total ? " total" : "") + (staleFor() !== null ? " stale" : "")',
    '[attr.data-stale]': 'staleFor()',
  },
})
export class StatTile {
  protected readonly i18n = inject(I18n);
  /** Not the clock's second: the trend lines move once a bucket, so a tile's check stays rare. */
  protected readonly trendEnd = inject(Trends).end;
  protected readonly channelIcons = CHANNEL_ICONS;
  protected readonly levelIcons = LEVEL_ICONS;
  protected readonly levelLabels = LEVEL_LABELS;
  protected readonly windowMs = TREND_WINDOW_MS;
  protected readonly trendLabels: Readonly<Record<string, MessageKey>> = { queuedCalls: 'kpi.queuedCalls', serviceLevel: 'kpi.serviceLevel' };
  readonly view = input.required<StatTileView>();
  /** The accessible name's pattern, e.g. 'services.tileLabel' ("Service {code}, {channel}"). */
  readonly labelKey = input.required<MessageKey>();
  /** Servers before 1.0.2 send no aggregated value, so the column is left off. */
  readonly showAggregate = input(true);
  /** How old (s) the numbers are when past the stale threshold; null while fresh. */
  readonly staleFor = input<number | null>(null);
  /**
   * A link to the tile's Today view (its day per 15 minutes), given by the page for service and group tiles where
   * history is recorded (never on a kiosk, nor for a totals tile); null: no link.
   */
  readonly today = input<{ kind: 'service' | 'group'; board: string | null } | null>(null);

  protected readonly channelLabel = computed(() => this.i18n.t(channelLabelKey(this.view().channel)));
  protected readonly label = computed(() => tileLabel(this.i18n, this.view(), this.labelKey()));
  protected readonly todayLink = computed(() => {
    const today = this.today();
    const view = this.view();
    if (!today || view.total) return null;
    return { path: ['/today', today.kind, view.code, view.channel], query: today.board ? { board: today.board } : {}, label: this.i18n.t('today.linkLabel', { name: this.label() }) };
  });
  /** The first figure that put the tile at its level (see StatTileView.causes). */
  protected readonly cause = computed(() => {
    const view = this.view();
    const first = view.causes?.[0];
    return first ? causeText(this.i18n, first, view.headline.some((figure) => figure.field === first.field) ? 0 : 1) : null;
  });

  /** The breach warning, in words; none while the numbers are stale (what the tile knows is old). */
  protected readonly forecast = computed(() => {
    const forecast = this.view().forecast;
    if (!forecast || this.staleFor() !== null) return null;
    return {
      ...forecast,
      text: this.i18n.t(FORECAST_TEXT[forecast.kpi], { minutes: forecast.minutes }),
      spoken: this.i18n.plural(FORECAST_SPOKEN[forecast.kpi], forecast.minutes, { minutes: forecast.minutes }),
    };
  });

  /** Custom stats are strings; numbers are written the reader's way ("87.5" → "87,5" in Italian). */
  protected customText(value: string | null): string {
    if (value === null) return this.i18n.number(null);
    const number = Number(value);
    return value.trim() !== '' && Number.isFinite(number) ? this.i18n.number(number, { maximumFractionDigits: 2 }) : value;
  }
}
