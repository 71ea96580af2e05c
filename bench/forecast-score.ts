/**
 * How the forecast benchmark scores a warning strategy against what the tiles really showed: per service, a minute
 * at a time, the tile's critical state (held as the tile holds it), the warning the strategy shows (through the
 * same hold as the tile would), and then which breaches were warned, how early, and which warnings were false.
 * Pure: bench/forecast.ts feeds it the samples it read from the emulator.
 */
import type { BoardThresholds } from '../contract/board-format.ts';
import { type BreachWarning, type Forecast, FORECAST_DEFAULTS, WarningHold, isCritical } from '../contract/forecast.ts';
import { type HistorySample, SAMPLE_MS, counterGrowth } from '../contract/history-format.ts';
import { serviceLevelPercent } from '../contract/kpi-formulas.ts';

/** A strategy: the forecast of one service from its samples so far, at `now` (ms). */
export type Strategy = (samples: readonly HistorySample[], now: number) => Forecast;

/** The warning must be up at least this many minutes before the tile turns red to count as "in time" (the aim). */
export const LEAD_MINUTES = 5;

/**
 * A tile that turns red, back for a few minutes and red again is one incident to a supervisor: a new breach counts
 * only after the tile stayed out of critical this long (a quarter hour, one interval).
 */
export const INCIDENT_GAP_MINUTES = 15;

export interface Breach {
  service: string;
  /** Minute index (from the day's start) at which the tile turned critical. */
  minute: number;
  kpi: 'serviceLevel' | 'longestWait';
  /** Minutes the warning was up, without a break, before the tile turned red (at most the horizon); 0 if it was not. */
  lead: number;
}

export interface WarningEpisode {
  service: string;
  start: number;
  end: number;
  /** Whether the tile turned critical within the horizon of the warning's start. */
  cameTrue: boolean;
}

export interface StrategyScore {
  breaches: Breach[];
  /** Breaches scored (those after the warm-up). */
  scored: Breach[];
  warnings: WarningEpisode[];
  falseAlarms: number;
  /** Service-minutes scored with a warning up. */
  warningMinutes: number;
  /** Services × hours scored, for false alarms per service per hour. */
  serviceHours: number;
  /** Share of scored breaches warned at least LEAD_MINUTES ahead. */
  warnedInTime: number;
  falseAlarmsPerServiceHour: number;
}

/** The tile's figures of a sample, critical or not. */
function tileCritical(sample: HistorySample, thresholds: BoardThresholds): { serviceLevel: boolean; longestWait: boolean } {
  const serviceLevel = sample.answered !== null && sample.answeredInTime !== null ? serviceLevelPercent(sample.answeredInTime, sample.answered) : null;
  return { serviceLevel: isCritical('serviceLevel', serviceLevel, thresholds), longestWait: isCritical('longestWait', sample.longestWait, thresholds) };
}

/**
 * Scores `strategy` on one day of samples: `days` maps a service to its samples, one per minute from minute 0
 * (a missing minute is a gap). Breaches before `warmUpMinutes` are not scored (no strategy has data yet).
 */
export function scoreStrategy(days: ReadonlyMap<string, readonly HistorySample[]>, strategy: Strategy, thresholds: BoardThresholds, warmUpMinutes: number): StrategyScore {
  const holdMs = thresholds.holdSeconds * 1000;
  const horizon = FORECAST_DEFAULTS.horizonMinutes;
  const breaches: Breach[] = [];
  const warnings: WarningEpisode[] = [];
  let minutesScored = 0;
  for (const [service, samples] of days) {
    const hold = new WarningHold();
    // The tile's critical state, held: a new state shows once it has lasted holdSeconds (two samples a minute apart).
    let shownCritical = false;
    let candidate = false;
    let since = 0;
    let episodeStart: number | null = null;
    let lastRed = -Infinity;
    const onsets: { minute: number; kpi: Breach['kpi'] }[] = [];
    /** Every minute the tile turned red, incident or not: a warning before any of them came true. */
    const reds: number[] = [];
    const episodes: { start: number; end: number }[] = [];
    for (let i = 0; i < samples.length; i++) {
      const sample = samples[i];
      const now = Date.parse(sample.minute) + SAMPLE_MS;
      const critical = tileCritical(sample, thresholds);
      const isRed = critical.serviceLevel || critical.longestWait;
      if (i === 0) [shownCritical, candidate, since] = [isRed, isRed, now];
      else {
        if (isRed !== candidate) [candidate, since] = [isRed, now];
        if (candidate !== shownCritical && now - since >= holdMs) {
          shownCritical = candidate;
          if (shownCritical) reds.push(i);
          if (shownCritical && i - lastRed > INCIDENT_GAP_MINUTES) onsets.push({ minute: i, kpi: critical.longestWait ? 'longestWait' : 'serviceLevel' });
        }
      }
      if (shownCritical) lastRed = i;
      const warning: BreachWarning | null = hold.warning(service, strategy(samples.slice(Math.max(0, i - 60), i + 1), now), now, holdMs);
      const warns = warning !== null && !shownCritical;
      if (warns && episodeStart === null) episodeStart = i;
      if (!warns && episodeStart !== null) {
        episodes.push({ start: episodeStart, end: i - 1 });
        episodeStart = null;
      }
      if (i >= warmUpMinutes) minutesScored++;
    }
    if (episodeStart !== null) episodes.push({ start: episodeStart, end: samples.length - 1 });
    for (const onset of onsets) {
      const running = episodes.find((e) => e.start < onset.minute && e.end >= onset.minute - 1);
      // A warning claims its horizon, no more: up longer than that before the breach, it was a false alarm first.
      breaches.push({ service, minute: onset.minute, kpi: onset.kpi, lead: running ? Math.min(horizon, onset.minute - running.start) : 0 });
    }
    for (const episode of episodes) {
      if (episode.start < warmUpMinutes) continue;
      const cameTrue = reds.some((red) => red > episode.start && red <= episode.start + horizon);
      // A warning still up when the samples end has not had its horizon: it counts only once it came true.
      const open = episode.start + horizon >= samples.length;
      if (cameTrue || !open) warnings.push({ service, ...episode, cameTrue });
    }
  }
  const scored = breaches.filter((b) => b.minute >= warmUpMinutes);
  const falseAlarms = warnings.filter((w) => !w.cameTrue).length;
  const warningMinutes = warnings.reduce((n, w) => n + w.end - w.start + 1, 0);
  const serviceHours = minutesScored / 60;
  return {
    breaches,
    scored,
    warnings,
    falseAlarms,
    warningMinutes,
    serviceHours,
    warnedInTime: scored.length ? scored.filter((b) => b.lead >= LEAD_MINUTES).length / scored.length : NaN,
    falseAlarmsPerServiceHour: serviceHours ? falseAlarms / serviceHours : NaN,
  };
}

/**
 * The naive baseline: the last 15 minutes repeated forward. The day's counters grow as they grew in the last
 * interval, the longest wait keeps the trend it had over it; a breach is the first minute either crosses critical.
 */
export function lastIntervalRepeated(thresholds: BoardThresholds): Strategy {
  const horizon = FORECAST_DEFAULTS.horizonMinutes;
  return (samples, now) => {
    const latest = samples.at(-1);
    const earlier = samples.find((s) => Date.parse(s.minute) === Date.parse(latest?.minute ?? '') - 15 * SAMPLE_MS);
    const none: Forecast = {
      confident: false,
      silence: 'few-minutes',
      breach: null,
      minutesToCritical: { serviceLevel: null, longestWait: null },
      minutesToCriticalAtLowLoad: { serviceLevel: null, longestWait: null },
      expectedWaitSeconds: null,
      occupancy: null,
      path: [],
    };
    if (!latest || !earlier || latest.answered === null || latest.answeredInTime === null) return none;
    const answeredPerMinute = (counterGrowth(earlier.answered, latest.answered) ?? 0) / 15;
    const inTimePerMinute = (counterGrowth(earlier.answeredInTime, latest.answeredInTime) ?? 0) / 15;
    const waitPerMinute = ((latest.longestWait ?? 0) - (earlier.longestWait ?? 0)) / 15;
    const minutesToCritical: Forecast['minutesToCritical'] = {
      serviceLevel: isCritical('serviceLevel', serviceLevelPercent(latest.answeredInTime, latest.answered), thresholds) ? 0 : null,
      longestWait: isCritical('longestWait', latest.longestWait, thresholds) ? 0 : null,
    };
    for (let minute = 1; minute <= horizon; minute++) {
      const serviceLevel = serviceLevelPercent(latest.answeredInTime + inTimePerMinute * minute, latest.answered + answeredPerMinute * minute);
      if (minutesToCritical.serviceLevel === null && isCritical('serviceLevel', serviceLevel, thresholds)) minutesToCritical.serviceLevel = minute;
      if (minutesToCritical.longestWait === null && isCritical('longestWait', Math.max(0, (latest.longestWait ?? 0) + waitPerMinute * minute), thresholds)) minutesToCritical.longestWait = minute;
    }
    const candidates = (['serviceLevel', 'longestWait'] as const).filter((kpi) => (minutesToCritical[kpi] ?? 0) > 0);
    const kpi = candidates.sort((a, b) => minutesToCritical[a]! - minutesToCritical[b]!)[0];
    return {
      ...none,
      confident: now - Date.parse(latest.minute) <= 3 * SAMPLE_MS,
      silence: null,
      minutesToCritical,
      minutesToCriticalAtLowLoad: minutesToCritical,
      breach: kpi ? { kpi, minutes: minutesToCritical[kpi]! } : null,
    };
  };
}
