/**
 * What a chart shows, before it is an ECharts option: a title and labelled values, each with a colour role and
 * the value as people read it. The same view gives the canvas (chart-option.ts) and its text alternative.
 */

/** A colour by meaning; the palette of the current theme gives the actual colour (chart-palette.ts). */
export type ChartColour = 'ready' | 'booked' | 'busy' | 'not-ready' | 'post-call' | 'unknown' | 'accent';

export interface ChartDatum {
  /** Stable key of the datum (a status, an activity code), for hooks and tests. */
  key: string;
  label: string;
  value: number;
  /** The value as shown to people ("12", "1:05:00"). */
  display: string;
  colour: ChartColour;
}

export type ChartKind = 'donut' | 'bar';

export interface ChartView {
  kind: ChartKind;
  /** Names the chart for people and screen readers. */
  title: string;
  data: readonly ChartDatum[];
}

/** The chart in one sentence for screen readers: "Agents by status: Ready 12, Busy 3." */
export function chartSummary(view: ChartView, nothingLabel: string): string {
  const values = view.data.length ? view.data.map((datum) => `${datum.label} ${datum.display}`).join(', ') : nothingLabel;
  return `${view.title}: ${values}`;
}

/**
 * A donut's slices as a CSS conic gradient, clockwise from the top in the data's order, each in its colour; `empty`
 * paints the whole ring when there is nothing to count.
 */
export function donutGradient(view: ChartView, colours: Readonly<Record<ChartColour, string>>, empty: string): string {
  const total = view.data.reduce((sum, datum) => sum + Math.max(0, datum.value), 0);
  if (!total) return empty;
  let from = 0;
  const stops = view.data
    .filter((datum) => datum.value > 0)
    .map((datum) => {
      const to = from + (360 * datum.value) / total;
      const stop = `${colours[datum.colour]} ${from.toFixed(2)}deg ${to.toFixed(2)}deg`;
      from = to;
      return stop;
    });
  return `conic-gradient(${stops.join(', ')})`;
}

/**
 * Values over time slots, as lines or bars, each series with its own values (the Today view: a figure per
 * 15-minute interval, today and the same weekday of last week). A missing value is null: no point, no bar, and the
 * line breaks there (never drawn across).
 */
export interface SeriesChartView {
  /** Names the chart for people and screen readers. */
  title: string;
  /** The x axis: one label per slot ("09:15"), and the slot's key for hooks. */
  slots: readonly { key: string; label: string }[];
  /** How the values read: a percentage or a count. */
  unit: 'percent' | 'count';
  /**
   * The value axis's top: fixed (a service level reads against 100 %), or, when absent, the values' highest rounded
   * up, and at least `floor` so small values are not drawn as tall as large ones (an abandon rate of 3 %).
   */
  axisMax?: number;
  axisFloor?: number;
  series: readonly ChartSeries[];
  /** Levels drawn across the chart (the board's warning and critical): a value past one is at that level. */
  thresholds?: readonly ChartThreshold[];
}

export interface ChartThreshold {
  level: 'warning' | 'critical';
  value: number;
  /** "Critical below 70%", in the legend and the summary. */
  label: string;
}

export interface ChartSeries {
  key: string;
  /** "Today", "Last Tuesday". */
  label: string;
  type: 'line' | 'bar';
  colour: ChartColour;
  /** A comparison (last week) is drawn lighter, its line dashed, so the day itself stands out. */
  emphasis: 'main' | 'comparison';
  /** One per slot; null where there is none. */
  values: readonly (number | null)[];
  /** Each value as people read it, with its note ("87%", "12 (partial: 9 of 15 min)", "no data"). */
  display: readonly string[];
  /** Slots only part of which was recorded: drawn as open points and hatched bars. */
  partial: readonly boolean[];
}

/** The series chart in one sentence for screen readers: its title, each series' last value, then its thresholds. */
export function seriesSummary(view: SeriesChartView, nothingLabel: string): string {
  const last = (series: ChartSeries) => {
    for (let i = series.values.length - 1; i >= 0; i--) if (series.values[i] !== null) return `${series.label} ${view.slots[i].label} ${series.display[i]}`;
    return `${series.label} ${nothingLabel}`;
  };
  return `${view.title}: ${[...view.series.map(last), ...(view.thresholds ?? []).map((threshold) => threshold.label)].join('; ')}`;
}
