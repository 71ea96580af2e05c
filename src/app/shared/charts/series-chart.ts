/**
 * Lines and bars over time slots from a SeriesChartView: ECharts on a canvas (loaded lazily), coloured for the theme,
 * its legend in HTML (read at a TV's text size), and the same values as a visually hidden table for screen readers
 * and as hooks for tests: a row per slot, a column per series.
 */
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { NgxEchartsDirective, provideEchartsCore } from 'ngx-echarts';
import { I18n } from '../../i18n/i18n';
import { Theme } from '../theme';
import { CHART_PALETTES } from './chart-palette';
import { type SeriesChartView, seriesSummary } from './chart-view';
import { seriesOption } from './series-option';

@Component({
  selector: 'app-series-chart',
  imports: [NgxEchartsDirective],
  providers: [provideEchartsCore({ echarts: () => import('./echarts-setup') })],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[attr.data-chart]': 'name()', '[attr.data-text-px]': 'textPx()', '[style.--chart-height]': 'height()', '[class.fill]': 'fill()' },
  template: `
    <figure [attr.aria-label]="summary()">
      <figcaption class="title">{{ view().title }}</figcaption>
      <ul class="legend" aria-hidden="true">
        @for (series of legend(); track series.key) {
          <li [class]="series.type + ' ' + series.emphasis">
            <span class="swatch" [style.--swatch]="series.colour"></span>
            {{ series.label }}
          </li>
        }
        @for (threshold of thresholds(); track threshold.level) {
          <li class="threshold" [attr.data-threshold]="threshold.level">
            <span class="swatch" [style.--swatch]="threshold.colour"></span>
            {{ threshold.label }}
          </li>
        }
        @if (anyPartial()) {
          <li class="partial-note"><span class="swatch"></span>{{ partialLabel() }}</li>
        }
      </ul>
      <div echarts class="canvas" aria-hidden="true" [options]="option()" [autoResize]="true"></div>
      <table class="visually-hidden">
        <caption>
          {{
            view().title
          }}
        </caption>
        <thead>
          <tr>
            <th scope="col">{{ slotHeader() }}</th>
            @for (series of view().series; track series.key) {
              <th scope="col">{{ series.label }}</th>
            }
          </tr>
        </thead>
        <tbody>
          @for (slot of view().slots; track slot.key; let i = $index) {
            <tr [attr.data-slot]="slot.key">
              <th scope="row">{{ slot.label }}</th>
              @for (series of view().series; track series.key) {
                <td [attr.data-series]="series.key" [attr.data-value]="series.values[i]" [attr.data-partial]="series.partial[i] || null">{{ series.display[i] }}</td>
              }
            </tr>
          }
        </tbody>
      </table>
    </figure>
  `,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    figure {
      margin: 0;
    }
    .title {
      font-weight: 500;
    }
    .legend {
      list-style: none;
      margin: 0.25em 0 0;
      padding: 0;
      display: flex;
      flex-wrap: wrap;
      gap: 0.2em 1.25em;
      font-size: var(--series-legend-size, 0.875rem);
      color: var(--mat-sys-on-surface-variant);
    }
    .legend li {
      display: inline-flex;
      align-items: center;
      gap: 0.4em;
    }
    .swatch {
      display: inline-block;
      width: 1.5em;
      height: 0;
      border-top: 0.2em solid var(--swatch, currentColor);
    }
    .comparison .swatch {
      border-top-style: dashed;
      opacity: 0.6;
    }
    .threshold .swatch {
      border-top-style: dotted;
    }
    .bar .swatch {
      height: 0.8em;
      width: 0.8em;
      border: none;
      background: var(--swatch);
    }
    .bar.comparison .swatch {
      opacity: 0.4;
    }
    .partial-note .swatch {
      width: 0.7em;
      height: 0.7em;
      border: 0.15em dashed currentColor;
      border-radius: 50%;
    }
    .canvas {
      height: var(--chart-height, 16rem);
      width: 100%;
    }
    /* Filling its box (a TV's slide): the canvas takes the height the title and legend leave. */
    :host(.fill) {
      height: 100%;
    }
    :host(.fill) figure {
      height: 100%;
      display: flex;
      flex-direction: column;
    }
    :host(.fill) .canvas {
      flex: 1 1 0;
      min-height: 0;
      height: auto;
    }
  `,
})
export class SeriesChart {
  private readonly i18n = inject(I18n);
  private readonly theme = inject(Theme);

  readonly view = input.required<SeriesChartView>();
  /** Names the chart for tests (`data-chart`). */
  readonly name = input<string>('');
  /** A CSS length. */
  readonly height = input<string>('16rem');
  /** Fill the box it is in (a TV's slide) rather than stand `height` tall. */
  readonly fill = input(false);
  /** The canvas's text size in px (a TV's is its minimum text size or more). */
  readonly textPx = input<number>(13);
  /** The slot column's header in the table ("Interval"). */
  readonly slotHeader = input<string>('');
  /** The legend's words for a partial slot. */
  readonly partialLabel = input<string>('');

  private readonly palette = computed(() => CHART_PALETTES[this.theme.theme()]);
  protected readonly option = computed(() => seriesOption(this.view(), this.palette(), this.textPx()));
  protected readonly legend = computed(() =>
    this.view().series.map((series) => ({ key: series.key, label: series.label, type: series.type, emphasis: series.emphasis, colour: this.palette().colours[series.colour] })),
  );
  protected readonly thresholds = computed(() => (this.view().thresholds ?? []).map((threshold) => ({ ...threshold, colour: this.palette().levels[threshold.level] })));
  protected readonly anyPartial = computed(() => this.partialLabel() !== '' && this.view().series.some((series) => series.partial.some(Boolean)));
  protected readonly summary = computed(() => seriesSummary(this.view(), this.i18n.t('chart.noData')));
}
