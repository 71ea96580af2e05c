/**
 * ECharts options from chart views: a horizontal bar chart (one value per label, e.g. time per activity code). Pure,
 * so they are tested without a canvas. Animation is off: a wallboard redraws every second, and moving bars would
 * only distract. Tooltips are the one place ECharts reads a string as HTML, so their text is escaped; labels are
 * drawn on the canvas as text. Donuts are not ECharts' (donut.ts).
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { ChartPalette } from './chart-palette';
import { tooltipHtml } from './chart-tooltip';
import type { ChartView } from './chart-view';

export function chartOption(view: ChartView, palette: ChartPalette): EChartsCoreOption {
  return barOption(view, palette);
}

export function barOption(view: ChartView, palette: ChartPalette): EChartsCoreOption {
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { color: palette.text, fontFamily: 'Roboto, sans-serif' },
    tooltip: { trigger: 'item', formatter: (item: { dataIndex: number }) => tooltipHtml(view.data[item.dataIndex]) },
    grid: { left: 8, right: 72, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', axisLabel: { show: false }, splitLine: { lineStyle: { color: palette.gridLine } } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: view.data.map((datum) => datum.label),
      axisLabel: { color: palette.text, fontSize: 13 },
      axisLine: { lineStyle: { color: palette.gridLine } },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 22,
        label: { show: true, position: 'right', color: palette.mutedText, formatter: (item: { dataIndex: number }) => view.data[item.dataIndex].display },
        data: view.data.map((datum) => ({ value: datum.value, itemStyle: { color: palette.colours[datum.colour] } })),
      },
    ],
  };
}
