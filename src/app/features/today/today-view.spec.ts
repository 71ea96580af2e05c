import type { HistoryInterval } from '../../../../contract/history-format';
import { MISSING, seriesOption } from '../../shared/charts/series-option';
import { CHART_PALETTES } from '../../shared/charts/chart-palette';
import { seriesSummary } from '../../shared/charts/chart-view';
import type { TileSettings } from '../../shared/stat-tile/tile-figures';
import { DEFAULT_THRESHOLDS } from '../../shared/thresholds';
import { type LiveStat, type TodayWords, intervalFigures, liveFigures, localDay, sameDayLastWeek, timeOfDay, todayChart, todayModel } from './today-view';

/** A local day (the browser's time zone), as the view reads it. */
const day = localDay(new Date(2026, 11, 8, 12, 0).getTime());
const at = (hours: number, minutes: number, of = day) => new Date(new Date(of.from).setHours(hours, minutes, 0, 0)).getTime();

function interval(start: number, fields: Partial<HistoryInterval> = {}): HistoryInterval {
  return {
    kind: 'service',
    code: 'sales',
    channel: 'CALL',
    start: new Date(start).toISOString(),
    received: 20,
    answered: 16,
    answeredInTime: 12,
    abandoned: 4,
    shortAbandons: 1,
    longestWait: 90,
    agentsReady: 2,
    agentsBusy: 3,
    agentsPostCall: 0.5,
    minutes: 15,
    ...fields,
  };
}

const words: TodayWords = {
  title: { serviceLevel: 'SL', abandonRate: 'Abandons', received: 'Received' },
  today: 'Today',
  lastWeek: 'Last Tuesday',
  value: (figure, value) => (figure === 'received' ? String(value) : `${Math.round(value)}%`),
  partial: (text, minutes) => `${text} (partial: ${minutes} of 15 min)`,
  noValue: 'none',
  gap: 'not recorded',
  threshold: (level, worseWhen, value) => `${level} ${worseWhen} ${value}`,
};

describe('today view model', () => {
  it('works out service level and abandon rate per interval with the tiles’ formulas, none with nothing to divide by', () => {
    expect(intervalFigures(interval(0))).toEqual({ serviceLevel: 75, abandonRate: 20, received: 20 });
    expect(intervalFigures(interval(0, { answered: 0, answeredInTime: 0, abandoned: 0, received: 0 }))).toEqual({ serviceLevel: null, abandonRate: null, received: 0 });
    // A skillset keeps no answers within the limit: no service level, not 0 %.
    expect(intervalFigures(interval(0, { answeredInTime: null })).serviceLevel).toBeNull();
  });

  it('the local day and the same weekday of last week, midnight to midnight', () => {
    expect(new Date(day.from).getHours()).toBe(0);
    const before = sameDayLastWeek(day);
    expect(new Date(before.from).getDay()).toBe(new Date(day.from).getDay());
    expect(new Date(before.from).getDate()).toBe(1);
    expect(timeOfDay(at(9, 15))).toBe('09:15');
  });

  it('shows the slots from the first with data to now, last week matched by time of day, a missing interval as a gap', () => {
    const lastWeekDay = sameDayLastWeek(day);
    const now = at(9, 50);
    const model = todayModel(
      [interval(at(9, 0)), interval(at(9, 30), { received: 30 }), interval(at(9, 45), { minutes: 5, received: 4 })],
      [interval(at(8, 45, lastWeekDay), { received: 10 }), interval(at(9, 15, lastWeekDay), { received: 12 }), interval(at(10, 30, lastWeekDay), { received: 8 })],
      day,
      now,
    );
    expect(model.slots.map((slot) => slot.key)).toEqual(['08:45', '09:00', '09:15', '09:30', '09:45', '10:00', '10:15', '10:30']);
    expect(model.nowIndex).toBe(4);
    expect(model.today.received.values).toEqual([null, 20, null, 30, 4, null, null, null]);
    expect(model.today.received.minutes).toEqual([null, 15, null, 15, 5, null, null, null]);
    expect(model.lastWeek.received.values).toEqual([10, null, 12, null, null, null, null, 8]);
    expect(model.hasToday).toBeTrue();
  });

  it('has no slots and no today without intervals', () => {
    const model = todayModel([], [], day, at(10, 0));
    expect(model.slots).toEqual([]);
    expect(model.hasToday).toBeFalse();
  });

  it('makes a chart per figure: today and last week (a comparison), partial intervals noted, gaps as gaps', () => {
    const model = todayModel([interval(at(9, 0)), interval(at(9, 30), { minutes: 7, answered: 8, answeredInTime: 8 })], [interval(at(9, 0), { answered: 10, answeredInTime: 5 })], day, at(9, 40));
    const chart = todayChart(model, 'serviceLevel', words)!;
    expect(chart.unit).toBe('percent');
    expect(chart.slots.map((slot) => slot.label)).toEqual(['09:00', '09:15', '09:30']);
    const [today, lastWeek] = chart.series;
    expect(today).toEqual(jasmine.objectContaining({ key: 'today', type: 'line', emphasis: 'main', values: [75, null, 100], partial: [false, false, true] }));
    expect(today.display).toEqual(['75%', 'not recorded', '100% (partial: 7 of 15 min)']);
    expect(lastWeek).toEqual(jasmine.objectContaining({ key: 'lastWeek', label: 'Last Tuesday', emphasis: 'comparison', values: [50, null, null] }));
    expect(todayChart(model, 'received', words)!.series[0].type).toBe('bar');
  });

  it('draws the board’s warning and critical levels across the rates, the way each is worse, not across the calls', () => {
    const model = todayModel([interval(at(9, 0))], [], day, at(9, 10));
    const board = { ...DEFAULT_THRESHOLDS, serviceLevel: { warning: 85, critical: 60 }, abandonRate: { warning: 4, critical: 12 } };
    expect(todayChart(model, 'serviceLevel', words, board)!.thresholds).toEqual([
      { level: 'warning', value: 85, label: 'warning below 85%' },
      { level: 'critical', value: 60, label: 'critical below 60%' },
    ]);
    expect(todayChart(model, 'abandonRate', words, board)!.thresholds!.map((line) => line.label)).toEqual(['warning above 4%', 'critical above 12%']);
    expect(todayChart(model, 'received', words, board)!.thresholds).toBeUndefined();
    expect(todayChart(model, 'serviceLevel', words)!.thresholds).toBeUndefined();
    // Screen readers hear them after the values.
    expect(seriesSummary(todayChart(model, 'serviceLevel', words, board)!, 'no data')).toBe('SL: Today 09:00 75%; Last Tuesday no data; warning below 85%; critical below 60%');
  });

  it('draws no chart of a figure neither day has a value of (a skillset’s service level)', () => {
    const model = todayModel([interval(at(9, 0), { answeredInTime: null })], [], day, at(9, 10));
    expect(todayChart(model, 'serviceLevel', words)).toBeNull();
    expect(todayChart(model, 'abandonRate', words)).not.toBeNull();
  });
});

describe('series chart options', () => {
  type Loose = any;
  it('draws gaps as gaps (no line across), the comparison dashed and lighter, partial points open', () => {
    const model = todayModel([interval(at(9, 0)), interval(at(9, 30), { minutes: 7 })], [interval(at(9, 0))], day, at(9, 40));
    const option = seriesOption(todayChart(model, 'serviceLevel', words)!, CHART_PALETTES.dark, 28) as Loose;
    const [today, lastWeek] = option.series;
    expect(today.connectNulls).toBeFalse();
    expect(today.data[1]).toBe(MISSING);
    expect(today.data[0].symbol).toBe('circle');
    expect(today.data[2].symbol).toBe('emptyCircle');
    expect(today.lineStyle.type).toBe('solid');
    expect(lastWeek.lineStyle.type).toBe('dashed');
    expect(lastWeek.lineStyle.opacity).toBeLessThan(1);
    expect(option.yAxis.max).toBe(100);
    // An abandon rate of a few percent is drawn against 0–10 %, not 0–100 %.
    const abandons = seriesOption(todayChart(model, 'abandonRate', words)!, CHART_PALETTES.dark) as Loose;
    expect(abandons.yAxis.max({ max: 4.2 })).toBe(10);
    expect(abandons.yAxis.max({ max: 13 })).toBe(20);
    // A TV's text size reaches the canvas.
    expect(option.xAxis.axisLabel.fontSize).toBe(28);
  });

  it('draws a threshold as a flat dotted line in its level’s colour, silent, under the series and out of the tooltip', () => {
    const model = todayModel([interval(at(9, 0)), interval(at(9, 15))], [], day, at(9, 20));
    const view = todayChart(model, 'serviceLevel', words, DEFAULT_THRESHOLDS)!;
    const option = seriesOption(view, CHART_PALETTES.light, 20) as Loose;
    expect(option.series.length).toBe(4);
    const [, , warning, critical] = option.series;
    expect(warning).toEqual(jasmine.objectContaining({ type: 'line', silent: true, showSymbol: false, data: [80, 80] }));
    expect(warning.lineStyle).toEqual(jasmine.objectContaining({ type: 'dotted', color: CHART_PALETTES.light.levels.warning }));
    expect(critical.data).toEqual([70, 70]);
    expect(critical.lineStyle.color).toBe(CHART_PALETTES.light.levels.critical);
    expect(warning.z).toBeLessThan(option.series[0].z);
    expect(option.tooltip.formatter([0, 2, 3].map((seriesIndex) => ({ seriesIndex, dataIndex: 1 })))).toBe('09:15<br>Today: 75%');
  });

  it('writes the tooltip as text, the slot first', () => {
    const model = todayModel([interval(at(9, 0), { minutes: 7 })], [], day, at(9, 10));
    const view = todayChart(model, 'received', { ...words, today: '<b>Today</b>' })!;
    const option = seriesOption(view, CHART_PALETTES.light) as Loose;
    expect(option.tooltip.formatter([{ seriesIndex: 0, dataIndex: 0 }])).toBe('09:00<br>&lt;b&gt;Today&lt;/b&gt;: 20 (partial: 7 of 15 min)');
  });
});

describe('the Today header’s live figures', () => {
  const settings = (change: Partial<TileSettings> = {}): TileSettings => ({ customStatKeys: [], serviceLevel: 'answered', thresholds: DEFAULT_THRESHOLDS, hasField: () => true, ...change });
  const calls = { queuedCalls: 3, maxTimeCallOnQueue: 130, receivedCalls: 40, answeredCalls: 30, answeredCallsUnderSpeedLimit: 21, hangupCalls: 5 };
  const service = {
    code: 's',
    channel: 'CALL',
    channelStats: { __typename: 'ServiceCcCallAtStat', ...calls },
    userStats: null,
    customStats: [{ key: 'sl1', value: { value: '91.5', aggregatedValue: null } }],
  } as unknown as LiveStat;

  it('are the tile’s, worked out the tile’s way: the service level rounded down, the longest wait and abandons with their levels', () => {
    const figures = liveFigures(service, settings());
    expect(figures.map((figure) => [figure.field, figure.value, figure.level ?? null])).toEqual([
      ['queuedCalls', 3, null],
      ['maxTimeCallOnQueue', 130, 'critical'],
      ['serviceLevel', 70, 'warning'],
      ['receivedCalls', 40, null],
      ['answeredCalls', 30, null],
      ['abandonRate', (100 * 5) / 35, 'critical'],
    ]);
    expect(figures[2].round).toBe('down');
    expect(liveFigures(service, settings({ serviceLevel: 'sl1' }))[2].value).toBe(91.5);
  });

  it('a skillset has no service level but from sl1, nor a longest wait; VIDEO and CHAT show received and answered', () => {
    const group = {
      code: 'g',
      channel: 'CALL',
      channelStats: { __typename: 'GroupCcCallStat', queuedCalls: 1, receivedCalls: 9, answeredCalls: 8, hangupCalls: 1 },
      userStats: null,
      customStats: null,
    } as unknown as LiveStat;
    expect(liveFigures(group, settings()).map((figure) => figure.field)).toEqual(['queuedCalls', 'receivedCalls', 'answeredCalls', 'abandonRate']);
    const chat = { code: 's', channel: 'CHAT', channelStats: { __typename: 'ServiceCcChatAtStat', receivedCalls: 4, answeredCalls: 3 }, userStats: null, customStats: null } as unknown as LiveStat;
    expect(liveFigures(chat, settings()).map((figure) => figure.field)).toEqual(['receivedCalls', 'answeredCalls']);
    expect(liveFigures(null, settings())).toEqual([]);
  });
});
