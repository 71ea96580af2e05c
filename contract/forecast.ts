/**
 * The breach warning of a CALL service: from its recent minute samples (history-format.ts), the wait a caller can
 * expect and the minutes until the tile's service level (the day's) or longest wait turns critical if nothing
 * changes. While the agents can carry the load and no backlog waits, Erlang C (M/M/N); while they cannot, or while a
 * backlog drains, a fluid drift of the queue and of its head's wait. The app's tiles, the forecast benchmark and the
 * tests read this one model. Pure: no clock, no I/O.
 */
import { type BoardThresholds, WORSE_WHEN } from './board-format.js';
import { type HistorySample, SAMPLE_MS, counterGrowth } from './history-format.js';
import { serviceLevelPercent } from './kpi-formulas.js';

/** The figures the warning is about: the two a CALL tile leads with that have thresholds. */
export type ForecastKpi = 'serviceLevel' | 'longestWait';
export const FORECAST_KPIS: readonly ForecastKpi[] = ['serviceLevel', 'longestWait'];

export interface ForecastOptions {
  /** Minutes of samples the inputs are read from. @default 45 */
  windowMinutes: number;
  /** The arrival rate weighs a minute half as much as one this many minutes younger. @default 10 */
  halfLifeMinutes: number;
  /** Minutes projected ahead: a breach further away is not announced. @default 30 */
  horizonMinutes: number;
  /** The speed-of-answer limit T (s) of the service level; the RTD schema does not carry it. @default 20 */
  speedOfAnswerSeconds: number;
  /** The handle time (s) assumed while too few calls were answered to measure it (the estimate is then not confident). @default 180 */
  fallbackHandleSeconds: number;
  /** Calls answered in the window below which the handle time counts as unmeasured. @default 5 */
  minAnsweredForHandle: number;
  /** Minutes of samples in the window below which the estimate is not confident. @default 15 */
  minMinutes: number;
  /** A hole longer than this between two samples tells nothing of the arrivals in it. @default 10 */
  maxGapMinutes: number;
  /** A latest sample older than this (minutes) is not "now". @default 3 */
  staleMinutes: number;
  /**
   * Whether the drift counts callers who hang up (with the patience the samples show). They hold the head's wait at
   * its mean, θ·ln(λ / capacity), while the tile turns red on its peaks: counting them warned of 53-76 % of the
   * benchmark's breaches in time, not counting them of all (docs/benchmarks.md). @default false
   */
  abandons: boolean;
  /** Whether the projected longest wait adds the wait for the next free agent (1 / capacity) to the head's. @default true */
  sawtooth: boolean;
  /**
   * How sure a longest-wait warning must be: it is announced only if the breach still comes within the horizon with
   * the offered load this many standard errors lower than estimated (the arrivals are Poisson counts, the handle time
   * a mean of the calls answered; both are read from few minutes). 0 announces what the estimate alone projects.
   * @default 1
   */
  confidence: number;
}

export const FORECAST_DEFAULTS: ForecastOptions = {
  windowMinutes: 45,
  halfLifeMinutes: 10,
  horizonMinutes: 30,
  speedOfAnswerSeconds: 20,
  fallbackHandleSeconds: 180,
  minAnsweredForHandle: 5,
  minMinutes: 15,
  maxGapMinutes: 10,
  staleMinutes: 3,
  abandons: false,
  sawtooth: true,
  confidence: 1,
};

/** What the model stands on, read from one service's samples. */
export interface ForecastInputs {
  /** The end (ms) of the latest sample's minute: the figures below stand as they were then. Null without samples. */
  asOf: number | null;
  /** Calls arriving per minute, recent minutes weighing more; null without two readings of `received`. */
  arrivalsPerMinute: number | null;
  /** The standard error of `arrivalsPerMinute`: arrivals are Poisson, so it shrinks with the (weighted) minutes read. */
  arrivalsStandardError: number | null;
  /** Seconds of agent time a call takes (talk and post-call), by Little's law over the window. */
  handleSeconds: number;
  /** False when `handleSeconds` is the fallback (too few calls answered in the window). */
  handleMeasured: boolean;
  /** The standard error of `handleSeconds`, as of a mean of the (weighted) calls answered with exponential handle times. */
  handleStandardError: number;
  /** Agents staffed now: ready, busy and post-call. */
  agentsStaffed: number | null;
  queued: number | null;
  /** The longest wait (s) now. */
  longestWait: number | null;
  /** The day's counters now. */
  answered: number | null;
  answeredInTime: number | null;
  /** Mean patience (s) of waiting callers: caller-seconds waited per abandon; null when nobody hung up in the window. */
  patienceSeconds: number | null;
  /** Minutes of the window with a sample. */
  minutesSeen: number;
}

/** Why an estimate is not confident; null when it is. */
export type ForecastSilence = 'no-data' | 'stale' | 'few-minutes' | 'no-agents' | 'handle-unmeasured';

export interface ForecastMinute {
  /** Minutes from now. */
  minute: number;
  /** The day's service level (%) projected, null before any answered call. */
  serviceLevel: number | null;
  /** The longest wait (s) projected. */
  longestWait: number;
  queued: number;
}

export interface Forecast {
  /** Whether the estimate may be shown: enough recent data, agents staffed, a measured handle time. */
  confident: boolean;
  silence: ForecastSilence | null;
  /** The earliest figure not critical now that turns critical within the horizon, and in how many minutes (≥ 1). */
  breach: { kpi: ForecastKpi; minutes: number } | null;
  /** Minutes until each figure is critical: 0 when it is now, null when not within the horizon. */
  minutesToCritical: Record<ForecastKpi, number | null>;
  /** The same with the offered load `confidence` standard errors lower: a longest-wait breach is announced only if it comes here too. */
  minutesToCriticalAtLowLoad: Record<ForecastKpi, number | null>;
  /** The wait (s) a caller arriving now can expect; null when the model has no load to speak of. */
  expectedWaitSeconds: number | null;
  /** Offered load (Erlangs) against agents staffed: at or over 1 the queue grows. */
  occupancy: number | null;
  /** The projection, minute by minute (empty when there is nothing to project from). */
  path: ForecastMinute[];
}

// ---------------------------------------------------------------------------------------------------------------
// Erlang C (M/M/N): Poisson arrivals, exponential handle times, N agents, callers who never hang up.
// ---------------------------------------------------------------------------------------------------------------

/**
 * Probability that a caller waits (Erlang C) with `agents` agents and `erlangs` of offered load; 1 at or over
 * capacity. From the Erlang B recursion, which stays exact for thousands of agents where factorials overflow.
 */
export function erlangC(agents: number, erlangs: number): number {
  const n = Math.floor(agents);
  if (erlangs <= 0) return 0;
  if (n <= 0 || erlangs >= n) return 1;
  let blocking = 1;
  for (let k = 1; k <= n; k++) blocking = (erlangs * blocking) / (k + erlangs * blocking);
  return (n * blocking) / (n - erlangs * (1 - blocking));
}

/** Mean wait (in the unit of `handle`) of all callers, those answered at once included: C·h / (N − A). */
export function erlangAverageWait(agents: number, erlangs: number, handle: number): number {
  const n = Math.floor(agents);
  if (erlangs <= 0) return 0;
  if (erlangs >= n) return Infinity;
  return (erlangC(n, erlangs) * handle) / (n - erlangs);
}

/** Share of callers answered within `limit` (same unit as `handle`): 1 − C·e^(−(N − A)·limit / h). */
export function erlangServiceLevel(agents: number, erlangs: number, handle: number, limit: number): number {
  const n = Math.floor(agents);
  if (erlangs <= 0) return 1;
  if (erlangs >= n) return 0;
  return 1 - erlangC(n, erlangs) * Math.exp((-(n - erlangs) * limit) / handle);
}

// ---------------------------------------------------------------------------------------------------------------
// The inputs, from samples.
// ---------------------------------------------------------------------------------------------------------------

const sum = (values: (number | null)[]): number | null => (values.some((v) => v === null) ? null : (values as number[]).reduce((a, b) => a + b, 0));

/**
 * The model's inputs from one CALL service's samples (any order; other minutes than the window's are ignored) as
 * they stand at `now` (ms). Growth is read between consecutive samples with counterGrowth, so a daily reset between
 * two counts as the new day's calls, and a hole longer than `maxGapMinutes` counts for nothing (never as zero calls).
 */
export function forecastInputs(samples: readonly HistorySample[], now: number, options: Partial<ForecastOptions> = {}): ForecastInputs {
  const o = { ...FORECAST_DEFAULTS, ...options };
  const windowStart = now - o.windowMinutes * SAMPLE_MS;
  // A sample stands for the end of its minute; one more before the window gives the first minute's growth.
  const readings = samples
    .map((sample) => ({ sample, at: Date.parse(sample.minute) + SAMPLE_MS }))
    .filter(({ at }) => Number.isFinite(at) && at <= now + SAMPLE_MS && at > windowStart - o.maxGapMinutes * SAMPLE_MS)
    .sort((a, b) => a.at - b.at)
    .filter((reading, i, all) => i === 0 || reading.at !== all[i - 1].at);
  const latest = readings.at(-1);
  const empty: ForecastInputs = {
    asOf: null,
    arrivalsPerMinute: null,
    arrivalsStandardError: null,
    handleSeconds: o.fallbackHandleSeconds,
    handleMeasured: false,
    handleStandardError: o.fallbackHandleSeconds,
    agentsStaffed: null,
    queued: null,
    longestWait: null,
    answered: null,
    answeredInTime: null,
    patienceSeconds: null,
    minutesSeen: 0,
  };
  if (!latest) return empty;

  let arrivals = 0;
  let arrivalMinutes = 0;
  // Σ w²·minutes and Σ w²·answered: a weighted Poisson count's variance, for the standard errors.
  let arrivalVarianceMinutes = 0;
  let answeredSquareWeights = 0;
  let answered = 0;
  let answeredCount = 0;
  let agentMinutes = 0;
  let abandoned = 0;
  let waitingMinutes = 0;
  for (let i = 1; i < readings.length; i++) {
    const before = readings[i - 1];
    const after = readings[i];
    const minutes = (after.at - before.at) / SAMPLE_MS;
    if (after.at <= windowStart || minutes > o.maxGapMinutes) continue;
    const weight = 0.5 ** ((now - after.at) / SAMPLE_MS / o.halfLifeMinutes);
    const received = counterGrowth(before.sample.received, after.sample.received);
    if (received !== null) {
      arrivals += weight * received;
      arrivalMinutes += weight * minutes;
      arrivalVarianceMinutes += weight * weight * minutes;
    }
    const answeredGrowth = counterGrowth(before.sample.answered, after.sample.answered);
    const working = sum([after.sample.agentsBusy, after.sample.agentsPostCall]);
    if (answeredGrowth !== null && working !== null) {
      // The same recency as the arrivals: a load is arrivals × handle time of the same minutes.
      answered += weight * answeredGrowth;
      answeredSquareWeights += weight * weight * answeredGrowth;
      answeredCount += answeredGrowth;
      agentMinutes += weight * working * minutes;
    }
    const abandonedGrowth = counterGrowth(before.sample.abandoned, after.sample.abandoned);
    if (abandonedGrowth !== null && before.sample.queued !== null && after.sample.queued !== null) {
      abandoned += abandonedGrowth;
      waitingMinutes += ((before.sample.queued + after.sample.queued) / 2) * minutes;
    }
  }
  const now_ = latest.sample;
  const handleMeasured = answeredCount >= o.minAnsweredForHandle && agentMinutes > 0;
  const arrivalsPerMinute = arrivalMinutes > 0 ? arrivals / arrivalMinutes : null;
  const handleSeconds = handleMeasured ? (60 * agentMinutes) / answered : o.fallbackHandleSeconds;
  return {
    asOf: latest.at,
    arrivalsPerMinute,
    // Var(Σ w·n / Σ w·m) = λ·Σ w²·m / (Σ w·m)² for Poisson counts n of rate λ over m minutes.
    arrivalsStandardError: arrivalsPerMinute === null ? null : Math.sqrt(arrivalsPerMinute * arrivalVarianceMinutes) / arrivalMinutes,
    handleSeconds,
    handleMeasured,
    // A mean of exponential times has a relative error of 1/√n; n is the weighted count's effective size (Σ w·a)² / Σ w²·a.
    handleStandardError: handleMeasured ? handleSeconds * (Math.sqrt(answeredSquareWeights) / answered) : handleSeconds,
    agentsStaffed: sum([now_.agentsReady, now_.agentsBusy, now_.agentsPostCall]),
    queued: now_.queued,
    longestWait: now_.longestWait,
    answered: now_.answered,
    answeredInTime: now_.answeredInTime,
    patienceSeconds: abandoned > 0 ? (60 * waitingMinutes) / abandoned : null,
    minutesSeen: readings.filter(({ at }) => at > windowStart && at <= now + SAMPLE_MS).length,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The projection.
// ---------------------------------------------------------------------------------------------------------------

/** Whether a figure is past its critical threshold, as the tile colours it (service level 69.9 with critical 70 is). */
export function isCritical(kpi: ForecastKpi, value: number | null, thresholds: BoardThresholds): boolean {
  if (value === null || Number.isNaN(value)) return false;
  const { critical } = thresholds[kpi];
  return WORSE_WHEN[kpi] === 'below' ? value < critical : value > critical;
}

/** Steps of the drift within a minute: the head's wait moves smoothly, not by whole minutes. */
const STEPS_PER_MINUTE = 6;

/**
 * The forecast from the inputs: expected wait, the projection over the horizon, the minutes until each figure turns
 * critical, and whether it is confident enough to show.
 */
export function forecastBreach(inputs: ForecastInputs, thresholds: BoardThresholds, now: number, options: Partial<ForecastOptions> = {}): Forecast {
  const o = { ...FORECAST_DEFAULTS, ...options };
  const silence = silenceOf(inputs, now, o);
  const serviceLevelNow = inputs.answered !== null && inputs.answeredInTime !== null ? serviceLevelPercent(inputs.answeredInTime, inputs.answered) : null;
  const criticalNow: Record<ForecastKpi, number | null> = {
    serviceLevel: isCritical('serviceLevel', serviceLevelNow, thresholds) ? 0 : null,
    longestWait: isCritical('longestWait', inputs.longestWait, thresholds) ? 0 : null,
  };
  const lambda = inputs.arrivalsPerMinute;
  const agents = inputs.agentsStaffed;
  if (lambda === null || agents === null || inputs.answered === null || inputs.answeredInTime === null) {
    const nothing = { minutesToCritical: criticalNow, minutesToCriticalAtLowLoad: { ...criticalNow }, expectedWaitSeconds: null, occupancy: null, path: [] };
    return { confident: false, silence: silence ?? 'no-data', breach: null, ...nothing };
  }

  const { handle, erlangs, capacity } = loadOf(inputs, lambda);
  const central = project(inputs, lambda, thresholds, criticalNow, o);
  // The load's relative standard error, from the arrivals' and the handle time's; the low end lowers the arrivals.
  const relativeError = Math.hypot(lambda > 0 ? (inputs.arrivalsStandardError ?? 0) / lambda : 0, inputs.handleStandardError / inputs.handleSeconds);
  const lowLoad = o.confidence > 0 ? project(inputs, lambda * Math.max(0, 1 - o.confidence * relativeError), thresholds, criticalNow, o) : central;

  // A caller arriving now waits for those ahead to be answered (FIFO), and in the steady state for Erlang's share.
  const backlogWait = (60 * (inputs.queued ?? 0)) / capacity;
  const expectedWaitSeconds = erlangs < agents ? Math.max(60 * erlangAverageWait(agents, erlangs, handle), backlogWait) : backlogWait;
  let breach: Forecast['breach'] = null;
  for (const kpi of FORECAST_KPIS) {
    const minutes = central.minutesToCritical[kpi];
    // Announced at the estimate's minute. The longest wait only if the low end of the load breaks it within the horizon
    // too: near capacity a tenth of the load decides whether the queue grows or drains. The day's service level moves
    // with the day's counters and barely with that tenth (gating it too missed a third of its breaches in the benchmark).
    if (minutes !== null && minutes > 0 && (kpi === 'serviceLevel' || lowLoad.minutesToCritical[kpi] !== null) && (breach === null || minutes < breach.minutes)) breach = { kpi, minutes };
  }
  return {
    confident: silence === null,
    silence,
    breach,
    minutesToCritical: central.minutesToCritical,
    minutesToCriticalAtLowLoad: lowLoad.minutesToCritical,
    expectedWaitSeconds,
    occupancy: agents > 0 ? erlangs / agents : null,
    path: central.path,
  };
}

/** The load of `lambda` calls a minute: agents staffed, handle time (min), erlangs, and calls a minute the agents answer. */
function loadOf(inputs: ForecastInputs, lambda: number): { agents: number; handle: number; erlangs: number; capacity: number } {
  const agents = inputs.agentsStaffed ?? 0;
  const handle = inputs.handleSeconds / 60;
  return { agents, handle, erlangs: lambda * handle, capacity: agents / handle };
}

/** The day's service level and the longest wait, minute by minute over the horizon, with `lambda` calls a minute. */
function project(
  inputs: ForecastInputs,
  lambda: number,
  thresholds: BoardThresholds,
  criticalNow: Record<ForecastKpi, number | null>,
  o: ForecastOptions,
): { path: ForecastMinute[]; minutesToCritical: Record<ForecastKpi, number | null> } {
  const { agents, handle, erlangs, capacity } = loadOf(inputs, lambda);
  const limit = o.speedOfAnswerSeconds / 60;
  const patience = o.abandons && inputs.patienceSeconds !== null ? inputs.patienceSeconds / 60 : Infinity;
  const steady = erlangs < agents;
  // Erlang's share answered within T, 0 at or over capacity: the long run of a queue that keeps growing.
  const inTimeShare = erlangServiceLevel(agents, erlangs, handle, limit);
  // The oldest caller waits on for the next agent to free up: the head's wait rises by about 1 / capacity between answers.
  const answerGap = o.sawtooth && capacity > 0 ? 1 / capacity : 0;
  const minutesToCritical = { ...criticalNow };

  let answered = inputs.answered ?? 0;
  let inTime = inputs.answeredInTime ?? 0;
  let queued = inputs.queued ?? 0;
  // The head of the queue's wait (minutes); no one waiting, no head.
  let head = queued > 0 ? (inputs.longestWait ?? 0) / 60 : 0;
  const dt = 1 / STEPS_PER_MINUTE;
  const path: ForecastMinute[] = [];
  for (let minute = 1; minute <= o.horizonMinutes; minute++) {
    for (let step = 0; step < STEPS_PER_MINUTE; step++) {
      if (queued > 0 || !steady) {
        // Drift: every agent busy, the queue fed at λ, emptied at N/h and by those who hang up.
        const served = Math.min(capacity * dt, queued + lambda * dt);
        const hungUp = Number.isFinite(patience) ? Math.min(queued, (queued / patience) * dt) : 0;
        queued = Math.max(0, queued + lambda * dt - served - hungUp);
        // Those answered waited about as long as the head: past T none is in time, within it Erlang's share is.
        inTime += head <= limit ? served * inTimeShare : 0;
        answered += served;
        // The head moves through the callers behind it, who thin out with age as they hang up.
        const density = lambda * Math.exp(Number.isFinite(patience) ? -head / patience : 0);
        head = queued > 0 ? Math.max(0, head + dt * (1 - (density > 0 ? capacity / density : Infinity))) : 0;
      } else {
        answered += lambda * dt;
        inTime += lambda * dt * inTimeShare;
      }
    }
    const serviceLevel = serviceLevelPercent(inTime, answered);
    const longestWait = queued > 0 ? 60 * (head + answerGap) : 0;
    path.push({ minute, serviceLevel, longestWait, queued });
    if (minutesToCritical.serviceLevel === null && isCritical('serviceLevel', serviceLevel, thresholds)) minutesToCritical.serviceLevel = minute;
    if (minutesToCritical.longestWait === null && isCritical('longestWait', longestWait, thresholds)) minutesToCritical.longestWait = minute;
  }
  return { path, minutesToCritical };
}

function silenceOf(inputs: ForecastInputs, now: number, o: ForecastOptions): ForecastSilence | null {
  if (inputs.asOf === null || inputs.arrivalsPerMinute === null) return 'no-data';
  if (now - inputs.asOf > o.staleMinutes * SAMPLE_MS) return 'stale';
  if (inputs.minutesSeen < o.minMinutes) return 'few-minutes';
  if (!inputs.agentsStaffed) return 'no-agents';
  if (!inputs.handleMeasured) return 'handle-unmeasured';
  return null;
}

/** The forecast of one service's samples at `now`: forecastInputs, then forecastBreach. */
export function forecastService(samples: readonly HistorySample[], thresholds: BoardThresholds, now: number, options: Partial<ForecastOptions> = {}): Forecast {
  return forecastBreach(forecastInputs(samples, now, options), thresholds, now, options);
}

// ---------------------------------------------------------------------------------------------------------------
// The hold: a warning shows once it has held, and clears the same way.
// ---------------------------------------------------------------------------------------------------------------

export interface BreachWarning {
  kpi: ForecastKpi;
  /** Minutes until the figure turns critical, as the latest confident forecast said. */
  minutes: number;
}

interface HeldWarning {
  shown: BreachWarning | null;
  /** Whether the latest forecasts warn, and since when they have said so. */
  warns: boolean;
  since: number;
}

/**
 * Warnings that appear only after the forecasts have warned for `holdMs` (two forecasts at least that far apart) and
 * clear the same way, like the tiles' levels (src/app/shared/thresholds.ts LevelHold): a forecast hovering at its
 * horizon or at the edge of confidence does not blink. Unlike a level, a first warning waits too: there is no
 * "mid-incident" to show at once, the tile's own colour does that.
 */
/** A new warning is for a breach at least this many minutes away (WarningHold). */
export const WARNING_LEAD_MINUTES = 2;

export class WarningHold {
  private readonly held = new Map<string, HeldWarning>();

  /**
   * @param leadMinutes A new warning starts only for a breach at least this many minutes away: one due sooner is
   * the tile's own colour a moment later, and a forecast that first sees a breach that close is mostly noise (on the
   * benchmark's default scenario, 184 of the 188 warnings this removed were false). A warning already up stays
   * however near its breach comes.
   */
  constructor(private readonly leadMinutes = WARNING_LEAD_MINUTES) {}

  /** The warning to show for service `key` given its latest forecast, at `now` (ms). */
  warning(key: string, forecast: Forecast, now: number, holdMs: number): BreachWarning | null {
    let state = this.held.get(key);
    const lead = state?.shown ? 1 : this.leadMinutes;
    // A figure critical now is the tile's own red: the warning it had stays up rather than blinking off meanwhile.
    const criticalNow = FORECAST_KPIS.some((kpi) => forecast.minutesToCritical[kpi] === 0);
    const warns = forecast.confident && ((forecast.breach !== null && forecast.breach.minutes >= lead) || criticalNow);
    if (!state) {
      state = { shown: null, warns, since: now };
      this.held.set(key, state);
    } else if (warns !== state.warns) {
      state.warns = warns;
      state.since = now;
    }
    const settled = now - state.since >= holdMs;
    if (warns && forecast.breach && (state.shown !== null || settled)) state.shown = { ...forecast.breach };
    else if (!warns && settled) state.shown = null;
    return state.shown;
  }

  /** Forgets services not in `keys` (tiles that left the board). */
  retain(keys: ReadonlySet<string>): void {
    for (const key of this.held.keys()) if (!keys.has(key)) this.held.delete(key);
  }
}
