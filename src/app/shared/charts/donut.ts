/**
 * A donut of parts of a whole (agents by status), drawn by CSS: a conic gradient with a hole, its legend in HTML
 * beside it, the same values as a visually hidden table for screen readers and as hooks for tests. Not ECharts:
 * on a TV's processor (4x throttled) ECharts' first drawing of six slices was a 200 ms task, and its chunk is the
 * largest the app has; a gradient costs nothing and grows with the page's font.
 */
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { I18n } from '../../i18n/i18n';
import { Theme } from '../theme';
import { CHART_PALETTES } from './chart-palette';
import { ChartTable } from './chart-table';
import { type ChartView, chartSummary, donutGradient } from './chart-view';

@Component({
  selector: 'app-donut',
  imports: [ChartTable],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[attr.data-chart]': 'name()', '[style.--donut-size]': 'size()', '[class.inline]': "legend() === 'inline'" },
  template: `
    <figure [attr.aria-label]="summary()">
      <div class="ring" aria-hidden="true" [style.background]="gradient()"></div>
      <ul class="legend" aria-hidden="true">
        @for (entry of entries(); track entry.key) {
          <li>
            <span class="swatch" [style.background]="entry.colour"></span>
            <span class="label">{{ entry.label }}</span>
            <span class="value">{{ entry.display }}</span>
          </li>
        }
      </ul>
      <app-chart-table [view]="view()" />
    </figure>
  `,
  styles: `
    :host {
      display: block;
    }
    figure {
      margin: 0;
      display: flex;
      align-items: center;
      gap: 1rem;
    }
    .ring {
      width: var(--donut-size, 8rem);
      height: var(--donut-size, 8rem);
      flex: none;
      border-radius: 50%;
      mask: radial-gradient(closest-side, transparent 56%, #000 57%);
    }
    .legend {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      grid-template-columns: auto 1fr auto;
      gap: 0.2rem 0.5rem;
      align-items: center;
      font-size: var(--donut-legend-size, 0.875rem);
    }
    /* In a line beside the ring (a TV, where height is short and the type large). */
    :host(.inline) .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1.25em;
    }
    :host(.inline) .legend li {
      display: inline-flex;
      align-items: center;
      gap: 0.4em;
    }
    .legend li {
      display: contents;
    }
    .swatch {
      width: 0.75em;
      height: 0.75em;
      border-radius: 50%;
    }
    .value {
      font-variant-numeric: tabular-nums;
      text-align: end;
      font-weight: 500;
    }
  `,
})
export class Donut {
  private readonly i18n = inject(I18n);
  private readonly theme = inject(Theme);

  readonly view = input.required<ChartView>();
  /** Names the chart for tests (`data-chart`). */
  readonly name = input<string>('');
  /** The ring's diameter, a CSS length. */
  readonly size = input<string>('8rem');
  /** The legend as a column beside the ring, or in a line (a TV). */
  readonly legend = input<'column' | 'inline'>('column');

  private readonly colours = computed(() => CHART_PALETTES[this.theme.theme()].colours);
  protected readonly gradient = computed(() => donutGradient(this.view(), this.colours(), CHART_PALETTES[this.theme.theme()].gridLine));
  protected readonly entries = computed(() => this.view().data.map((datum) => ({ key: datum.key, label: datum.label, display: datum.display, colour: this.colours()[datum.colour] })));
  protected readonly summary = computed(() => chartSummary(this.view(), this.i18n.t('chart.noData')));
}
