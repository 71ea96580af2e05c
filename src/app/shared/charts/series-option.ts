/**
 * ECharts options from series chart views (lines and bars over time slots). Pure, so tested without a canvas.
 * Missing values are ECharts' '-' with connectNulls off: a gap stays a gap, never a line across. A comparison series
 * is lighter and dashed; a partial slot is an open point or a hatched bar. Animation is off, as for every chart
 * here. The text size is given, so a TV draws its labels at the kiosk's minimum text size and more.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { ChartPalette } from './chart-palette';
import { escapeHtml } from './chart-tooltip';
import type { ChartSeries, ChartThreshold, SeriesChartView } from './chart-view';

/** ECharts' mark for "no value here". */
export const MISSING = '-';

export function seriesOption(view: SeriesChartView, palette: ChartPalette, textPx = 13): EChartsCoreOption {
  const percent = view.unit === 'percent';
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: palette.text, fontFamily: 'Roboto, sans-serif', fontSize: textPx },
    tooltip: {
      trigger: 'axis',
      formatter: (items: readonly { seriesIndex: number; dataIndex: number }[]) => {
        const first = items[0];
        if (!first) return '';
        // Threshold lines come after the series and say nothing in the tooltip (the legend names them).
        const lines = items
          .filter((item) => item.seriesIndex < view.series.length)
          .map((item) => {
            const series = view.series[item.seriesIndex];
            return `${escapeHtml(series.label)}: ${escapeHtml(series.display[item.dataIndex])}`;
          });
        return [escapeHtml(view.slots[first.dataIndex].label), ...lines].join('<br>');
      },
    },
    grid: { left: textPx * 0.5, right: textPx, top: textPx, bottom: textPx * 0.5, containLabel: true },
    xAxis: {
      type: 'category',
      data: view.slots.map((slot) => slot.label),
      axisLabel: { color: palette.text, fontSize: textPx, hideOverlap: true },
      axisLine: { lineStyle: { color: palette.gridLine } },
      axisTick: { alignWithLabel: true },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: view.axisMax ?? (view.axisFloor !== undefined ? (extent: { max: number }) => Math.max(view.axisFloor!, niceCeiling(extent.max)) : undefined),
      ...(percent ? {} : { minInterval: 1 }),
      axisLabel: { color: palette.text, fontSize: textPx, formatter: percent ? '{value}%' : '{value}' },
      splitLine: { lineStyle: { color: palette.gridLine } },
    },
    series: [
      ...view.series.map((series) => (series.type === 'line' ? lineSeries(series, palette, textPx) : barSeries(series, palette))),
      ...(view.thresholds ?? []).map((threshold) => thresholdLine(threshold, view.slots.length, palette, textPx)),
    ],
  };
}

/** A threshold as a flat dotted line across every slot, under the series (its value widens the axis to show it). */
function thresholdLine(threshold: ChartThreshold, slots: number, palette: ChartPalette, textPx: number): object {
  return {
    type: 'line',
    name: threshold.label,
    silent: true,
    showSymbol: false,
    z: 0,
    lineStyle: { color: palette.levels[threshold.level], width: Math.max(2, textPx * 0.12), type: 'dotted' },
    data: Array.from({ length: slots }, () => threshold.value),
  };
}

/** A round number at or above `value` (1, 2 or 5 times a power of ten), for an axis's top. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * power).find((top) => top >= value)!;
}

function lineSeries(series: ChartSeries, palette: ChartPalette, textPx: number): object {
  const colour = palette.colours[series.colour];
  const comparison = series.emphasis === 'comparison';
  const size = Math.max(6, textPx * 0.45);
  return {
    type: 'line',
    name: series.label,
    connectNulls: false,
    showSymbol: true,
    z: comparison ? 1 : 2,
    lineStyle: { color: colour, width: comparison ? Math.max(2, textPx * 0.12) : Math.max(3, textPx * 0.2), type: comparison ? 'dashed' : 'solid', opacity: comparison ? 0.6 : 1 },
    itemStyle: { color: colour, opacity: comparison ? 0.6 : 1 },
    data: series.values.map((value, i) =>
      value === null
        ? MISSING
        : {
            value,
            symbol: series.partial[i] ? 'emptyCircle' : 'circle',
            symbolSize: series.partial[i] ? size * 1.5 : size,
            itemStyle: series.partial[i] ? { color: palette.surface, borderColor: colour, borderWidth: 2 } : undefined,
          },
    ),
  };
}

function barSeries(series: ChartSeries, palette: ChartPalette): object {
  const colour = palette.colours[series.colour];
  const comparison = series.emphasis === 'comparison';
  return {
    type: 'bar',
    name: series.label,
    barGap: '10%',
    data: series.values.map((value, i) =>
      value === null
        ? MISSING
        : {
            value,
            itemStyle: {
              color: colour,
              opacity: comparison ? 0.4 : series.partial[i] ? 0.55 : 1,
              // A partial slot's bar is outlined and hatched: fewer minutes, so fewer calls, not a quieter quarter hour.
              ...(series.partial[i]
                ? { borderColor: colour, borderWidth: 2, borderType: 'dashed', decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 4], rotation: -Math.PI / 4, color: palette.surface } }
                : {}),
            },
          },
    ),
  };
}
