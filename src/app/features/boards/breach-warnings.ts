/**
 * The breach warnings of a board's CALL service tiles ("Longest wait critical in ~3 min", issue 16): per service the
 * forecast of contract/forecast.ts from its recent minutes in the history feed, held for the board's hold time
 * (WarningHold) so it never flickers. A service's forecast is worked out again only when its samples change or the
 * minute turns (a latest sample grows old), never on a live delta. Without history (no wallboard server, no recorder)
 * no service has samples: no tile warns. Pure, so the tests drive it with samples and a clock of their own.
 */
import type { BoardThresholds } from '../../../../contract/board-format';
import { type BreachWarning, type Forecast, WarningHold, forecastService } from '../../../../contract/forecast';
import { type HistorySample, minuteStart } from '../../../../contract/history-format';
import { tileId } from '../../shared/stat-tile/stat-tile-view';
import type { TileSettings } from '../../shared/stat-tile/tile-figures';

export type WarningSettings = Pick<TileSettings, 'thresholds' | 'serviceLevel'>;

interface Forecasted {
  samples: readonly HistorySample[];
  thresholds: BoardThresholds;
  minute: number;
  forecast: Forecast;
}

export const NO_WARNINGS: ReadonlyMap<string, BreachWarning> = new Map();

export class BreachWarnings {
  private readonly hold = new WarningHold();
  private readonly forecasts = new Map<string, Forecasted>();
  private shown: ReadonlyMap<string, BreachWarning> = NO_WARNINGS;
  private thresholdsFor: { settings: WarningSettings; thresholds: BoardThresholds } | null = null;
  /** Forecasts worked out so far: the tests count them to show what a change costs. */
  forecastsMade = 0;

  /**
   * The warnings to show at `now` (ms), by tile id ("service_1/CALL"), for the CALL services `codes`, whose recent
   * samples `samplesOf` gives (the same array while they did not change). The same map as the last call's while no
   * warning changed, so the tiles are not made again.
   */
  warnings(codes: readonly string[], samplesOf: (code: string) => readonly HistorySample[], settings: WarningSettings, now: number): ReadonlyMap<string, BreachWarning> {
    const thresholds = this.forecastThresholds(settings);
    const minute = minuteStart(now);
    const holdMs = settings.thresholds.holdSeconds * 1000;
    const next = new Map<string, BreachWarning>();
    for (const code of codes) {
      const samples = samplesOf(code);
      let made = this.forecasts.get(code);
      if (!made || made.samples !== samples || made.thresholds !== thresholds || made.minute !== minute) {
        made = { samples, thresholds, minute, forecast: forecastService(samples, thresholds, now) };
        this.forecasts.set(code, made);
        this.forecastsMade++;
      }
      const warning = this.hold.warning(code, made.forecast, now, holdMs);
      if (warning) next.set(tileId(code, 'CALL'), warning);
    }
    if (this.forecasts.size > codes.length) {
      const kept = new Set(codes);
      for (const code of this.forecasts.keys()) if (!kept.has(code)) this.forecasts.delete(code);
      this.hold.retain(kept);
    }
    if (!sameWarnings(this.shown, next)) this.shown = next.size ? next : NO_WARNINGS;
    return this.shown;
  }

  /**
   * The board's thresholds as the forecast reads them. A board whose service level is the server's sl1 custom stat
   * shows a figure the samples do not keep (they keep the counters, not custom stats): the forecast's service level
   * would not be the tile's, so only the longest wait warns there (a service level threshold nothing crosses).
   */
  private forecastThresholds(settings: WarningSettings): BoardThresholds {
    const made = this.thresholdsFor;
    if (made && made.settings.thresholds === settings.thresholds && made.settings.serviceLevel === settings.serviceLevel) return made.thresholds;
    const thresholds = settings.serviceLevel === 'sl1' ? { ...settings.thresholds, serviceLevel: { warning: -Infinity, critical: -Infinity } } : settings.thresholds;
    this.thresholdsFor = { settings, thresholds };
    return thresholds;
  }
}

function sameWarnings(a: ReadonlyMap<string, BreachWarning>, b: ReadonlyMap<string, BreachWarning>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, warning] of b) {
    const other = a.get(id);
    if (!other || other.kpi !== warning.kpi || other.minutes !== warning.minutes) return false;
  }
  return true;
}
