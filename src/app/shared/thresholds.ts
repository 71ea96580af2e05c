/**
 * Threshold levels, in one place: which figures have them, which way is worse, the defaults, and the hold time
 * that keeps a tile from flickering when a figure hovers at a boundary.
 */
import { type BoardThresholds, type ThresholdKpi, WORSE_WHEN } from '../../../contract/board-format';
import type { ThresholdLevel } from './kpi';

// The rules live in contract/ so the wallboard server refuses exactly what the editor refuses.
export {
  type BoardThresholds,
  DEFAULT_THRESHOLDS,
  type KpiThreshold,
  THRESHOLD_KPIS,
  THRESHOLD_UNITS,
  type ThresholdKpi,
  type ThresholdProblem,
  WORSE_WHEN,
  thresholdProblems,
} from '../../../contract/board-format';

/** The level of a figure; null values (no calls yet) have none. Service level 79.9 with warning 80 warns. */
export function levelOf(kpi: ThresholdKpi, value: number | null | undefined, thresholds: BoardThresholds): ThresholdLevel | undefined {
  if (value === null || value === undefined || Number.isNaN(value)) return undefined;
  const { warning, critical } = thresholds[kpi];
  if (WORSE_WHEN[kpi] === 'below') return value < critical ? 'critical' : value < warning ? 'warning' : 'ok';
  return value > critical ? 'critical' : value > warning ? 'warning' : 'ok';
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
