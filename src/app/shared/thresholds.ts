/**
 * Threshold levels, in one place: which figures have them, which way is worse, the defaults, and the hold time
 * that keeps a tile from flickering when a figure hovers at a boundary.
 */
import type { ThresholdLevel } from './kpi';

/** The figures a board sets thresholds for. */
export const THRESHOLD_KPIS = ['serviceLevel', 'longestWait', 'abandonRate'] as const;
export type ThresholdKpi = (typeof THRESHOLD_KPIS)[number];

export interface KpiThreshold {
  /** The level is `warning` from this value on (past it in the worse direction)… */
  warning: number;
  /** …and `critical` past this one. */
  critical: number;
}

export interface BoardThresholds extends Record<ThresholdKpi, KpiThreshold> {
  /** How long (s) a new level must hold before the tile shows it. */
  holdSeconds: number;
}

/** Service level is worse when lower; waits and abandons are worse when higher. */
export const WORSE_WHEN: Record<ThresholdKpi, 'below' | 'above'> = { serviceLevel: 'below', longestWait: 'above', abandonRate: 'above' };

/** The unit a threshold is typed in: service level and abandon rate in %, the longest wait in seconds. */
export const THRESHOLD_UNITS: Record<ThresholdKpi, 'percent' | 'seconds'> = { serviceLevel: 'percent', longestWait: 'seconds', abandonRate: 'percent' };

export const DEFAULT_THRESHOLDS: BoardThresholds = {
  serviceLevel: { warning: 80, critical: 70 },
  longestWait: { warning: 60, critical: 120 },
  abandonRate: { warning: 5, critical: 8 },
  holdSeconds: 5,
};

/** The level of a figure; null values (no calls yet) have none. Service level 79.9 with warning 80 warns. */
export function levelOf(kpi: ThresholdKpi, value: number | null | undefined, thresholds: BoardThresholds): ThresholdLevel | undefined {
  if (value === null || value === undefined || Number.isNaN(value)) return undefined;
  const { warning, critical } = thresholds[kpi];
  if (WORSE_WHEN[kpi] === 'below') return value < critical ? 'critical' : value < warning ? 'warning' : 'ok';
  return value > critical ? 'critical' : value > warning ? 'warning' : 'ok';
}

export type ThresholdProblem = { kpi: ThresholdKpi | 'holdSeconds'; problem: 'order' | 'range' };

/** What is wrong with a set of thresholds (empty when they make sense): the editor and board files share it. */
export function thresholdProblems(thresholds: BoardThresholds): ThresholdProblem[] {
  const problems: ThresholdProblem[] = [];
  for (const kpi of THRESHOLD_KPIS) {
    const { warning, critical } = thresholds[kpi];
    const max = THRESHOLD_UNITS[kpi] === 'percent' ? 100 : 86_400;
    if (![warning, critical].every((v) => Number.isFinite(v) && v >= 0 && v <= max)) problems.push({ kpi, problem: 'range' });
    else if (WORSE_WHEN[kpi] === 'below' ? critical > warning : critical < warning) problems.push({ kpi, problem: 'order' });
  }
  if (!(Number.isFinite(thresholds.holdSeconds) && thresholds.holdSeconds >= 0 && thresholds.holdSeconds <= 600)) {
    problems.push({ kpi: 'holdSeconds', problem: 'range' });
  }
  return problems;
}

interface HeldLevel {
  shown: ThresholdLevel | undefined;
  candidate: ThresholdLevel | undefined;
  since: number;
}

/**
 * Levels that change only after the new level has held for the hold time. The first level a figure gets shows at
 * once (a board opened mid-incident is red straight away); later changes wait, so a queue hovering at 60 s does
 * not blink between ok and warning.
 */
export class LevelHold {
  private readonly held = new Map<string, HeldLevel>();

  /** The level to show for figure `key` whose current level is `level`, at time `now` (ms). */
  level(key: string, level: ThresholdLevel | undefined, now: number, holdMs: number): ThresholdLevel | undefined {
    const state = this.held.get(key);
    if (!state) {
      this.held.set(key, { shown: level, candidate: level, since: now });
      return level;
    }
    if (level === state.shown) {
      state.candidate = level;
      return level;
    }
    if (level !== state.candidate) {
      state.candidate = level;
      state.since = now;
    }
    if (now - state.since >= holdMs) state.shown = level;
    return state.shown;
  }

  /** Forgets figures not in `keys` (tiles that left the board), so the memory follows the board. */
  retain(keys: ReadonlySet<string>): void {
    for (const key of this.held.keys()) if (!keys.has(key)) this.held.delete(key);
  }
}
