/**
 * The figures service and group tiles share: service level and abandon rate (the formulas live in
 * contract/kpi-formulas.ts), custom stats, and what the board's settings decide about them.
 */
import { abandonRatePercent, serviceLevelPercent } from '../../../../contract/kpi-formulas';
import type { KpiView } from '../kpi';
import { kpi } from '../kpi';
import { type BoardThresholds, levelOf } from '../thresholds';
import type { CustomStatView } from './stat-tile-view';

/** What a tile needs to know of its board. */
export interface TileSettings {
  /** Custom stat keys to show, in this order. */
  customStatKeys: readonly string[];
  /** Service level from answered calls, or the server's `sl1` custom stat. */
  serviceLevel: 'answered' | 'sl1';
  thresholds: BoardThresholds;
  /** Whether the server's version has a field (older servers lack averageTimeOnQueue and aggregatedValue). */
  hasField: (type: string, field: string) => boolean;
}

export interface CustomStatEntry {
  key: string;
  value?: { value?: string | null; aggregatedValue?: string | null } | null;
}

/** The board's custom stats on a tile, in the board's order; a key the server did not send shows no value. */
export function customStatViews(entries: readonly CustomStatEntry[] | null | undefined, keys: readonly string[]): CustomStatView[] {
  const byKey = new Map((entries ?? []).map((entry) => [entry.key, entry.value]));
  return keys.map((key) => ({ key, value: byKey.get(key)?.value ?? null, aggregatedValue: byKey.get(key)?.aggregatedValue ?? null }));
}

/** A custom stat as a number ("87.5" → 87.5); null when absent or not a number. */
export function customStatNumber(entries: readonly CustomStatEntry[] | null | undefined, key: string): number | null {
  const text = entries?.find((entry) => entry.key === key)?.value?.value;
  const value = text === null || text === undefined || text.trim() === '' ? NaN : Number(text);
  return Number.isFinite(value) ? value : null;
}

/** The service level figure, from the calls or from `sl1` as the board says, with its level. */
export function serviceLevelFigure(
  settings: TileSettings,
  calls: { answeredCallsUnderSpeedLimit?: number | null; answeredCalls?: number | null } | null,
  customStats: readonly CustomStatEntry[] | null | undefined,
): KpiView {
  const value =
    settings.serviceLevel === 'sl1'
      ? customStatNumber(customStats, 'sl1')
      : calls && calls.answeredCallsUnderSpeedLimit != null && calls.answeredCalls != null
        ? serviceLevelPercent(calls.answeredCallsUnderSpeedLimit, calls.answeredCalls)
        : null;
  return { ...kpi('serviceLevel', value, 'percent', levelOf('serviceLevel', value, settings.thresholds)), round: 'down' };
}

export function abandonRateFigure(settings: TileSettings, calls: { hangupCalls?: number | null; answeredCalls?: number | null }): KpiView {
  const value = calls.hangupCalls != null && calls.answeredCalls != null ? abandonRatePercent(calls.hangupCalls, calls.answeredCalls) : null;
  return { ...kpi('abandonRate', value, 'percent', levelOf('abandonRate', value, settings.thresholds)), round: 'up' };
}

/** Agents counted once across tiles: the union of the profile ids behind each tile's count. */
export function unionCount(field: string, tiles: readonly { agents: readonly KpiView[] }[]): KpiView {
  const ids = new Set<number>();
  let anyCount = false;
  for (const tile of tiles) {
    const figure = tile.agents.find((agent) => agent.field === field);
    if (figure?.value !== null && figure?.value !== undefined) anyCount = true;
    figure?.profileIds?.forEach((id) => ids.add(id));
  }
  const view = kpi(field, anyCount ? ids.size : null);
  if (ids.size) view.profileIds = [...ids].sort((a, b) => a - b);
  return view;
}

/** The sum of a figure over tiles; null when none has a value. */
export function sumOf(values: readonly (number | null | undefined)[]): number | null {
  let sum: number | null = null;
  for (const value of values) if (value !== null && value !== undefined) sum = (sum ?? 0) + value;
  return sum;
}

export function maxOf(values: readonly (number | null | undefined)[]): number | null {
  let max: number | null = null;
  for (const value of values) if (value !== null && value !== undefined) max = max === null ? value : Math.max(max, value);
  return max;
}
