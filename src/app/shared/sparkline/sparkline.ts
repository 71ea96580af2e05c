/**
 * A trend line over the last 30 minutes, drawn as SVG. A board can hold hundreds of tiles with two trends
 * each, so a polyline (no canvas, no chart instance per tile) keeps a TV's weak processor free; the charts
 * library is kept for the charts people read closely.
 */
import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { I18n } from '../../i18n/i18n';
import type { TrendPoint } from '../trend';

const WIDTH = 120;
const HEIGHT = 28;

export interface SparklinePath {
  /** SVG path data; empty when there are fewer than two values. */
  d: string;
  min: number | null;
  max: number | null;
  last: number | null;
}

/**
 * Points in the window [end - windowMs, end] scaled into the box; a gap in the data (null) breaks the line.
 * `floor`/`ceiling` fix the scale (a service level reads against 0–100 %), else it spans the values.
 */
export function sparklinePath(points: readonly TrendPoint[], end: number, windowMs: number, scale: { floor?: number; ceiling?: number } = {}): SparklinePath {
  const values = points.map((point) => point.value).filter((value): value is number => value !== null);
  if (!values.length) return { d: '', min: null, max: null, last: null };
  const min = Math.min(...values);
  const max = Math.max(...values);
  const low = scale.floor ?? Math.min(0, min);
  const high = Math.max(scale.ceiling ?? max, low + 1);
  let d = '';
  let drawing = false;
  for (const point of points) {
    if (point.value === null) {
      drawing = false;
      continue;
    }
    const x = Math.max(0, Math.min(WIDTH, ((point.at - (end - windowMs)) / windowMs) * WIDTH));
    const y = HEIGHT - 1 - ((point.value - low) / (high - low)) * (HEIGHT - 2);
    d += `${drawing ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`;
    drawing = true;
  }
  return { d: values.length > 1 ? d : '', min, max, last: [...points].reverse().find((point) => point.value !== null)?.value ?? null };
}

@Component({
  selector: 'app-sparkline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'img', '[attr.aria-label]': 'label()' },
  template: `
    <svg [attr.viewBox]="'0 0 ' + width + ' ' + height" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <path class="line" [attr.d]="path().d" />
    </svg>
  `,
  styles: `
    :host {
      display: block;
      height: 1.75rem;
      min-width: 0;
    }
    svg {
      width: 100%;
      height: 100%;
      overflow: visible;
    }
    .line {
      fill: none;
      stroke: currentColor;
      stroke-width: 2;
      vector-effect: non-scaling-stroke;
      stroke-linejoin: round;
    }
  `,
})
export class Sparkline {
  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;
  readonly points = input.required<readonly TrendPoint[]>();
  readonly end = input.required<number>();
  readonly windowMs = input.required<number>();
  readonly floor = input<number | undefined>(undefined);
  readonly ceiling = input<number | undefined>(undefined);
  /** The figure's name, e.g. "Waiting". */
  readonly name = input.required<string>();
  readonly format = input<'count' | 'percent'>('count');
  private readonly i18n = inject(I18n);

  protected readonly path = computed(() => sparklinePath(this.points(), this.end(), this.windowMs(), { floor: this.floor(), ceiling: this.ceiling() }));
  /** What a screen reader hears, e.g. "Waiting, last 30 minutes: lowest 0, highest 7". */
  protected readonly label = computed(() => {
    const { min, max } = this.path();
    const write = (value: number | null) => (this.format() === 'percent' ? this.i18n.percent(value) : this.i18n.count(value));
    return min === null ? this.i18n.t('trend.empty', { name: this.name() }) : this.i18n.t('trend.label', { name: this.name(), min: write(min), max: write(max) });
  });
}
