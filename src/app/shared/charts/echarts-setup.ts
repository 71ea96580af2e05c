/**
 * The part of ECharts the wallboard uses, loaded on demand by the chart component (never in the initial bundle):
 * pie and bar series, grid, tooltip and legend, drawn on a canvas. Add a chart type here before using it.
 */
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { init };
