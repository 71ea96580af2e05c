/**
 * The Today view's model, from the recorder's 15-minute intervals (contract/history-format.ts): per interval of the
 * local day, the service level, the abandon rate (contract/kpi-formulas.ts, the tiles' formulas) and the calls
 * received, today and on the same weekday of last week, matched by the time of day. An interval the recorder did not
 * see is a gap (null), one it saw only part of is partial. Pure: tested without Angular.
 */
import { type HistoryInterval, INTERVAL_MS } from '../../../../contract/history-format';
import { abandonRatePercent, serviceLevelPercent } from '../../../../contract/kpi-formulas';
import type { GroupStatFieldsFragment, ServiceStatFieldsFragment } from '../../rtd/generated/graphql';
import type { ChartColour, ChartSeries, ChartThreshold, SeriesChartView } from '../../shared/charts/chart-view';
import { type KpiView, kpi } from '../../shared/kpi';
import { type TileSettings, abandonRateFigure, serviceLevelFigure } from '../../shared/stat-tile/tile-figures';
import { type BoardThresholds, WORSE_WHEN, levelOf } from '../../shared/thresholds';

export const TODAY_FIGURES = ['serviceLevel', 'abandonRate', 'received'] as const;
export type TodayFigure = (typeof TODAY_FIGURES)[number];

/** The local calendar day holding `now`: from its midnight to the next (23 or 25 hours on a daylight-saving day). */
export function localDay(now: number): { from: number; to: number } {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { from: start.getTime(), to: end.getTime() };
}

/** The same weekday a week before, as a local calendar day (so a daylight-saving change between them is no shift). */
export function sameDayLastWeek(day: { from: number }): { from: number; to: number } {
  const start = new Date(day.from);
  start.setDate(start.getDate() - 7);
  return localDay(start.getTime());
}

/** A slot's key and label: its local time of day, "09:15". */
export function timeOfDay(ms: number): string {
  const date = new Date(ms);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** What a slot shows of an interval: the two rates (null with nothing to divide by, as on a tile) and the calls. */
export function intervalFigures(interval: HistoryInterval): Record<TodayFigure, number | null> {
  const { answered, answeredInTime, abandoned } = interval;
  return {
    serviceLevel: answered !== null && answeredInTime !== null ? serviceLevelPercent(answeredInTime, answered) : null,
    abandonRate: answered !== null && abandoned !== null ? abandonRatePercent(abandoned, answered) : null,
    received: interval.received,
  };
}

/** One day's values of a figure, one per slot. */
export interface DaySeries {
  values: (number | null)[];
  /** Minutes of the 15 the recorder saw; null where it saw none (a gap). */
  minutes: (number | null)[];
}

export interface TodayModel {
  /** The slots shown: from the first with data (today or last week) to the one now, or last week's last if later. */
  slots: { key: string; start: number }[];
  /** The slot of now's index in `slots` (the interval in progress), -1 when not shown. */
  nowIndex: number;
  today: Record<TodayFigure, DaySeries>;
  lastWeek: Record<TodayFigure, DaySeries>;
  /** Whether today has any interval at all. */
  hasToday: boolean;
}

/** The day's 15-minute slots, from midnight (each interval the recorder keeps starts on one). */
function daySlots(day: { from: number; to: number }): number[] {
  const starts: number[] = [];
  for (let start = day.from; start < day.to; start += INTERVAL_MS) starts.push(start);
  return starts;
}

export function todayModel(today: readonly HistoryInterval[], lastWeek: readonly HistoryInterval[], day: { from: number; to: number }, now: number): TodayModel {
  const starts = daySlots(day);
  const keys = starts.map(timeOfDay);
  const index = new Map(keys.map((key, i) => [key, i]));
  const byKey = (intervals: readonly HistoryInterval[]) => {
    const found = new Map<number, HistoryInterval>();
    for (const interval of intervals) {
      const at = index.get(timeOfDay(Date.parse(interval.start)));
      if (at !== undefined) found.set(at, interval);
    }
    return found;
  };
  const todayAt = byKey(today);
  const lastWeekAt = byKey(lastWeek);
  const withData = [...todayAt.keys(), ...lastWeekAt.keys()];
  const nowAt = starts.findIndex((start) => start <= now && now < start + INTERVAL_MS);
  const first = withData.length ? Math.min(...withData) : -1;
  const last = withData.length ? Math.max(nowAt, ...lastWeekAt.keys(), ...todayAt.keys()) : -1;
  const shown = first < 0 ? [] : starts.slice(first, last + 1).map((start, i) => ({ key: keys[first + i], start }));
  const series = (found: Map<number, HistoryInterval>): Record<TodayFigure, DaySeries> => {
    const figures = Array.from({ length: shown.length }, (_, i) => {
      const interval = found.get(first + i);
      return interval ? { figures: intervalFigures(interval), minutes: interval.minutes } : null;
    });
    const of = (figure: TodayFigure): DaySeries => ({ values: figures.map((slot) => slot?.figures[figure] ?? null), minutes: figures.map((slot) => slot?.minutes ?? null) });
    return { serviceLevel: of('serviceLevel'), abandonRate: of('abandonRate'), received: of('received') };
  };
  return { slots: shown, nowIndex: nowAt >= first && nowAt <= last ? nowAt - first : -1, today: series(todayAt), lastWeek: series(lastWeekAt), hasToday: todayAt.size > 0 };
}

/** The words and formats a chart is written with (the page's language). */
export interface TodayWords {
  title: Record<TodayFigure, string>;
  today: string;
  lastWeek: string;
  /** A value as people read it (a percentage, a count). */
  value: (figure: TodayFigure, value: number) => string;
  /** A partial slot's value with its note: "12 (partial: 9 of 15 min)". */
  partial: (text: string, minutes: number) => string;
  /** A recorded slot with no value (no calls answered yet: no service level). */
  noValue: string;
  /** A slot the recorder did not see. */
  gap: string;
  /** A threshold line's legend: "Critical below 70%". */
  threshold: (level: 'warning' | 'critical', worseWhen: 'below' | 'above', value: string) => string;
}

const COLOURS: Record<TodayFigure, ChartColour> = { serviceLevel: 'accent', abandonRate: 'not-ready', received: 'busy' };

/**
 * A figure's chart: today's series and last week's (lighter, dashed), lines for the rates and bars for the calls;
 * null when neither day has a single value of it (a skillset's service level, a chat's abandons): no empty chart.
 * The rates carry the board's warning and critical levels as lines, so a quarter hour past them stands out.
 */
export function todayChart(model: TodayModel, figure: TodayFigure, words: TodayWords, thresholds?: BoardThresholds): SeriesChartView | null {
  const days = [model.today[figure], model.lastWeek[figure]];
  if (!days.some((day) => day.values.some((value) => value !== null))) return null;
  const series = (key: 'today' | 'lastWeek', day: DaySeries): ChartSeries => ({
    key,
    label: words[key],
    type: figure === 'received' ? 'bar' : 'line',
    colour: COLOURS[figure],
    emphasis: key === 'today' ? 'main' : 'comparison',
    values: day.values,
    partial: day.minutes.map((minutes) => minutes !== null && minutes < INTERVAL_MS / 60_000),
    display: day.values.map((value, i) => {
      const minutes = day.minutes[i];
      if (minutes === null) return words.gap;
      const text = value === null ? words.noValue : words.value(figure, value);
      return minutes < INTERVAL_MS / 60_000 ? words.partial(text, minutes) : text;
    }),
  });
  return {
    title: words.title[figure],
    unit: figure === 'received' ? 'count' : 'percent',
    // A service level reads against 100 %; an abandon rate against its own scale, but never finer than 0–10 %.
    ...(figure === 'serviceLevel' ? { axisMax: 100 } : figure === 'abandonRate' ? { axisFloor: 10 } : {}),
    slots: model.slots.map((slot) => ({ key: slot.key, label: slot.key })),
    series: [series('today', model.today[figure]), series('lastWeek', model.lastWeek[figure])],
    ...(thresholds && figure !== 'received' ? { thresholds: thresholdLines(thresholds, figure, words) } : {}),
  };
}

function thresholdLines(thresholds: BoardThresholds, figure: Exclude<TodayFigure, 'received'>, words: TodayWords): ChartThreshold[] {
  return (['warning', 'critical'] as const).map((level) => {
    const value = thresholds[figure][level];
    return { level, value, label: words.threshold(level, WORSE_WHEN[figure], words.value(figure, value)) };
  });
}

export type LiveStat = ServiceStatFieldsFragment | GroupStatFieldsFragment;

/**
 * The header's live figures, worked out as the tile works them out (tile-figures.ts: the contract's formulas, the
 * board's thresholds, sl1 when the board says so): calls waiting, the longest wait and the service level where the
 * stat has them, then received, answered and the abandon rate; received and answered on VIDEO and CHAT.
 */
export function liveFigures(stat: LiveStat | null, settings: TileSettings): KpiView[] {
  if (!stat) return [];
  const stats = stat.channelStats;
  const calls = stat.channel === 'CALL' && stats && 'queuedCalls' in stats ? stats : null;
  if (!calls) return [kpi('receivedCalls', stats?.receivedCalls), kpi('answeredCalls', stats?.answeredCalls)];
  const figures = [kpi('queuedCalls', calls.queuedCalls)];
  if ('maxTimeCallOnQueue' in calls) figures.push(kpi('maxTimeCallOnQueue', calls.maxTimeCallOnQueue, 'duration', levelOf('longestWait', calls.maxTimeCallOnQueue, settings.thresholds)));
  // A skillset keeps no answers within the limit: its service level comes only from sl1, as on its tile.
  const inTime = 'answeredCallsUnderSpeedLimit' in calls ? calls : null;
  if (inTime || settings.serviceLevel === 'sl1') figures.push(serviceLevelFigure(settings, inTime, stat.customStats));
  figures.push(kpi('receivedCalls', calls.receivedCalls), kpi('answeredCalls', calls.answeredCalls), abandonRateFigure(settings, calls));
  return figures;
}
