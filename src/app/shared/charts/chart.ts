/**
 * A donut or bar chart from a ChartView: ECharts on a canvas (loaded lazily), coloured for the current theme,
 * with the same values as a visually hidden table for screen readers and as hooks for tests. A donut's legend is
 * HTML beside it: each status with its colour and count, in the page's font.
 */
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, input, signal } from '@angular/core';
import type { EChartsCoreOption } from 'echarts/core';
import { NgxEchartsDirective, provideEchartsCore } from 'ngx-echarts';
import { I18n } from '../../i18n/i18n';
import { Theme } from '../theme';
import { chartOption } from './chart-option';
import { CHART_PALETTES } from './chart-palette';
import { type ChartView, chartSummary } from './chart-view';

/**
 * A chart is read across the room, not followed frame by frame: redrawing the canvas for every burst of deltas
 * (twenty a second at peak) would take the main thread from the numbers.
 */
const CANVAS_REDRAW_MS = 1_000;

@Component({
  selector: 'app-chart',
  imports: [NgxEchartsDirective],
  providers: [provideEchartsCore({ echarts: () => import('./echarts-setup') })],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[attr.data-chart]': 'name()', '[style.--chart-height]': 'height()' },
  template: `
    <figure [attr.aria-label]="summary()" [class.with-legend]="legend().length">
      <div echarts class="canvas" aria-hidden="true" [options]="option()" [autoResize]="true"></div>
      @if (legend().length) {
        <ul class="legend" aria-hidden="true">
          @for (entry of legend(); track entry.key) {
            <li>
              <span class="swatch" [style.background]="entry.colour"></span>
              <span class="label">{{ entry.label }}</span>
              <span class="value">{{ entry.display }}</span>
            </li>
          }
        </ul>
      }
      <table class="visually-hidden">
        <caption>
          {{
            view().title
          }}
        </caption>
        <tbody>
          @for (datum of view().data; track datum.key) {
            <tr [attr.data-key]="datum.key" [attr.data-value]="datum.value">
              <th scope="row">{{ datum.label }}</th>
              <td>{{ datum.display }}</td>
            </tr>
          }
        </tbody>
      </table>
    </figure>
  `,
  styles: `
    :host {
      display: block;
    }
    figure {
      margin: 0;
    }
    figure.with-legend {
      display: flex;
      align-items: center;
      gap: 1rem;
    }
    .canvas {
      height: var(--chart-height, 16rem);
      width: 100%;
    }
    .with-legend .canvas {
      width: var(--chart-height, 16rem);
      flex: none;
    }
    .legend {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: auto 1fr auto;
      gap: 0.2rem 0.5rem;
      align-items: center;
      font-size: 0.875rem;
    }
    .legend li {
      display: contents;
    }
    .swatch {
      width: 0.75rem;
      height: 0.75rem;
      border-radius: 50%;
    }
    .value {
      font-variant-numeric: tabular-nums;
      text-align: end;
      font-weight: 500;
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

  private readonly palette = computed(() => CHART_PALETTES[this.theme.theme()]);
  private readonly latest = computed(() => chartOption(this.view(), this.palette()));
  /** A donut's legend, as HTML: it follows every change, like the table (the canvas only redraws once a second). */
  protected readonly legend = computed(() => {
    const view = this.view();
    const colours = this.palette().colours;
    return view.kind === 'donut' ? view.data.map((datum) => ({ key: datum.key, label: datum.label, display: datum.display, colour: colours[datum.colour] })) : [];
  });
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
