import { barOption, chartOption } from './chart-option';
import { CHART_PALETTES } from './chart-palette';
import { type ChartView, chartSummary, donutGradient } from './chart-view';
import { init } from './echarts-setup';

const donut: ChartView = {
  kind: 'donut',
  title: 'Agents by status',
  data: [
    { key: 'ready', label: 'Ready', value: 4, display: '4', colour: 'ready' },
    { key: 'busy', label: 'Busy', value: 2, display: '2', colour: 'busy' },
  ],
};
const bar: ChartView = {
  kind: 'bar',
  title: 'Time per state',
  data: [
    { key: 'ready', label: 'Ready', value: 1200, display: '20:00', colour: 'ready' },
    { key: 'not-ready', label: 'Not ready', value: 65, display: '1:05', colour: 'not-ready' },
  ],
};

type Loose = any;

describe('chart options', () => {
  it('draws a donut as a conic gradient: each slice its share of the turn, in its state colour for the theme', () => {
    const colours = CHART_PALETTES.light.colours;
    expect(donutGradient(donut, colours, 'grey')).toBe(`conic-gradient(${colours.ready} 0.00deg 240.00deg, ${colours.busy} 240.00deg 360.00deg)`);
    expect(donutGradient(donut, CHART_PALETTES.dark.colours, 'grey')).toContain(CHART_PALETTES.dark.colours.ready);
    // Nothing to count: the whole ring in the empty colour, not a gradient of nothing.
    expect(donutGradient({ ...donut, data: donut.data.map((datum) => ({ ...datum, value: 0 })) }, colours, 'grey')).toBe('grey');
  });

  it('draws horizontal bars labelled with the values as people read them', () => {
    const option = barOption(bar, CHART_PALETTES.dark) as Loose;
    expect(option.yAxis.type).toBe('category');
    expect(option.yAxis.data).toEqual(['Ready', 'Not ready']);
    expect(option.series[0].type).toBe('bar');
    expect(option.series[0].data.map((d: Loose) => d.value)).toEqual([1200, 65]);
    expect(option.series[0].label.formatter({ dataIndex: 1 })).toBe('1:05');
    expect(option.tooltip.formatter({ dataIndex: 0 })).toBe('Ready: 20:00');
  });

  it('draws bars with ECharts', () => {
    expect((chartOption(bar, CHART_PALETTES.light) as Loose).series[0].type).toBe('bar');
  });

  it('sums a chart up in one sentence for screen readers', () => {
    expect(chartSummary(donut, 'no data')).toBe('Agents by status: Ready 4, Busy 2');
    expect(chartSummary({ ...bar, data: [] }, 'no data')).toBe('Time per state: no data');
  });

  it('shows a server label made of markup as text in the tooltip ECharts draws', async () => {
    const code = '<img src=x onerror=alert(1)>';
    // Were the markup run, its alert would block the test browser: caught here, it fails the spec instead.
    const alert = spyOn(window, 'alert');
    const evil: ChartView = { kind: 'bar', title: 'Time per activity code', data: [{ key: code, label: code, value: 65, display: '1:05', colour: 'accent' }] };
    for (const view of [evil]) {
      const box = document.createElement('div');
      box.style.cssText = 'width: 480px; height: 320px';
      document.body.append(box);
      const chart = init(box);
      try {
        chart.setOption(chartOption(view, CHART_PALETTES.light));
        chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 0 });
        await new Promise((resolve) => setTimeout(resolve, 50));
        const tooltip = [...box.querySelectorAll('div')].find((div) => div.textContent?.includes('1:05'));
        expect(tooltip?.textContent).withContext(view.kind).toContain(`${code}: 1:05`);
        expect(box.querySelector('img')).withContext(view.kind).toBeNull();
        expect(alert).not.toHaveBeenCalled();
      } finally {
        chart.dispose();
        box.remove();
      }
    }
  });
});
