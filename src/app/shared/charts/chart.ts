/**
 * A bar chart from a ChartView: ECharts on a canvas (loaded lazily), coloured for the current theme, with the same
 * values as a visually hidden table for screen readers and as hooks for tests. Donuts are CSS (donut.ts).
 */
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal } from '@angular/core';
import type { EChartsCoreOption } from 'echarts/core';
import { NgxEchartsDirective, provideEchartsCore } from 'ngx-echarts';
import { I18n } from '../../i18n/i18n';
import { Theme } from '../theme';
import { chartOption } from './chart-option';
import { CHART_PALETTES } from './chart-palette';
import { ChartTable } from './chart-table';
import { type ChartView, chartSummary } from './chart-view';

/**
 * A chart is read across the room, not followed frame by frame: redrawing the canvas for every burst of deltas
 * (twenty a second at peak) would take the main thread from the numbers.
 */
const CANVAS_REDRAW_MS = 1_000;

@Component({
  selector: 'app-chart',
  imports: [NgxEchartsDirective, ChartTable],
  providers: [provideEchartsCore({ echarts: () => import('./echarts-setup') })],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[attr.data-chart]': 'name()', '[style.--chart-height]': 'height()' },
  template: `
    <figure [attr.aria-label]="summary()">
      <div echarts class="canvas" aria-hidden="true" [options]="option()" [autoResize]="true"></div>
      <app-chart-table [view]="view()" />
    </figure>
  `,
  styles: `
    :host {
      display: block;
    }
    figure {
      margin: 0;
    }
    .canvas {
      height: var(--chart-height, 16rem);
      width: 100%;
    }
  `,
})
export class Chart {
  private readonly i18n = inject(I18n);
  private readonly theme = inject(Theme);

  readonly view = input.required<ChartView>();
  /** Names the chart for tests (`data-chart`). */
  readonly name = input<string>('');
  /** A CSS length. */
  readonly height = input<string>('16rem');

  private readonly latest = computed(() => chartOption(this.view(), CHART_PALETTES[this.theme.theme()]));
  /** What the canvas draws: the latest option, at most once per CANVAS_REDRAW_MS (the table follows every change). */
  protected readonly option = signal<EChartsCoreOption>({});

  constructor() {
    let drawnAt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    effect(() => {
      const option = this.latest();
      clearTimeout(timer);
      const draw = () => {
        drawnAt = Date.now();
        this.option.set(option);
      };
      const wait = drawnAt + CANVAS_REDRAW_MS - Date.now();
      if (wait <= 0) draw();
      else timer = setTimeout(draw, wait);
    });
    inject(DestroyRef).onDestroy(() => clearTimeout(timer));
  }
  protected readonly summary = computed(() => chartSummary(this.view(), this.i18n.t('chart.noData')));
}
