/**
 * Threshold levels of the figures that have them, in one place. Defaults until boards make them editable:
 * the longest wait warns over 60 s and is critical over 120 s.
 */
import type { ThresholdLevel } from './kpi';

export interface Thresholds {
  /** The level starts at `warning` when the value is above this… */
  warningAbove: number;
  /** …and at `critical` above this. */
  criticalAbove: number;
}

export const LONGEST_WAIT_SECONDS: Thresholds = { warningAbove: 60, criticalAbove: 120 };

/** The level of a value where higher is worse; null values have no level. */
export function levelOf(value: number | null | undefined, thresholds: Thresholds): ThresholdLevel | undefined {
  if (value === null || value === undefined) return undefined;
  if (value > thresholds.criticalAbove) return 'critical';
  if (value > thresholds.warningAbove) return 'warning';
  return 'ok';
}
