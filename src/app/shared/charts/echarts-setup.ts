/**
 * The part of ECharts the wallboard uses, loaded on demand by the chart component (never in the initial bundle):
 * bar and line series, grid and tooltip, drawn on a canvas (donuts are CSS, donut.ts). Add a chart type here before
 * using it.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

export { init };
