/**
 * One figure on a tile, as a view model: which field it is (a GraphQL field, or a derived figure such as
 * serviceLevel; the e2e hooks name it), its raw value, how it is written (a count, a duration in seconds
 * written as m:ss, or a percentage) and its threshold level if it has one.
 */
import type { MessageKey } from '../i18n/i18n';

export type KpiFormat = 'count' | 'duration' | 'percent';
export type ThresholdLevel = 'ok' | 'warning' | 'critical';

export interface KpiView {
  /** The GraphQL field the value comes from, e.g. "queuedCalls" or "readyUsers". */
  field: string;
  labelKey: MessageKey;
  /** The value exactly as the server sent it; null when it has none. */
  value: number | null;
  format: KpiFormat;
  /** Absent when the figure has no thresholds. */
  level?: ThresholdLevel;
  /** The agents' profile ids behind a count, shown on hover or focus. */
  profileIds?: readonly number[];
  /**
   * Which way the shown figure is rounded: towards the worse side, so a figure never reads as past a threshold
   * it has not crossed (a service level of 79.6 % shows 79 %, not the 80 % its warning contradicts).
   */
  round?: 'down' | 'up';
}

export function kpi(field: string, value: number | null | undefined, format: KpiFormat = 'count', level?: ThresholdLevel): KpiView {
  const view: KpiView = { field, labelKey: `kpi.${field}` as MessageKey, value: value ?? null, format };
  if (level) view.level = level;
  return view;
}

/** An agent count with the profile ids behind it. */
export function agentCount(field: string, profiles: { count?: number | null; profileIds?: readonly number[] | null } | null | undefined): KpiView {
  const view = kpi(field, profiles?.count);
  if (profiles?.profileIds?.length) view.profileIds = profiles.profileIds;
  return view;
}

/** The icon that goes with a level, so a level never shows by colour alone. */
export const LEVEL_ICONS: Record<ThresholdLevel, string> = { ok: 'check_circle', warning: 'warning', critical: 'error' };

/** The words for a level (screen readers, and the tile's flag). */
export const LEVEL_LABELS: Record<ThresholdLevel, MessageKey> = { ok: 'level.ok', warning: 'level.warning', critical: 'level.critical' };
