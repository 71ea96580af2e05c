/**
 * The surges of the forecast benchmark's day, drawn from a seed so a run can be repeated: on random CALL services
 * at random times of the working day, each building up over a few minutes (as a mailing's or an outage's calls
 * do), holding, then stopping. The benchmark plays them through the emulator's POST /simulator/surge.
 */

export interface PlannedSurge {
  service: string;
  /** Minute of the day (from the run's start) it begins, and the first minute it no longer runs. */
  start: number;
  end: number;
  /** Minutes it takes to reach its peak (0: at once). */
  ramp: number;
  /** The arrival rate's multiplier at the peak. */
  peak: number;
}

export interface SurgeOptions {
  /** Surges begin within [first, last) minutes of the run. */
  first: number;
  last: number;
  /** Minutes between one surge's start and the next, drawn in this range. */
  gap: [number, number];
  peak: [number, number];
  minutes: [number, number];
  ramp: [number, number];
}

/** 07:00 to 21:00 for a run that starts at midnight; peaks of 1.5 to 3 times the rate, 20 to 60 minutes long. */
export const DEFAULT_SURGES: SurgeOptions = { first: 7 * 60, last: 21 * 60, gap: [10, 50], peak: [1.5, 3], minutes: [20, 60], ramp: [0, 10] };

/** mulberry32: a small seeded generator, so the plan does not depend on Math.random. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The day's surges for `services`, from `seed`; a service never has two at once. */
export function surgePlan(seed: number, services: readonly string[], options: SurgeOptions = DEFAULT_SURGES): PlannedSurge[] {
  const next = generator(seed);
  const between = ([low, high]: [number, number]) => low + next() * (high - low);
  const plan: PlannedSurge[] = [];
  for (let start = options.first + Math.round(between([0, options.gap[1]])); start < options.last; start += Math.round(between(options.gap))) {
    const free = services.filter((service) => !plan.some((s) => s.service === service && s.end > start));
    if (!free.length) continue;
    const service = free[Math.floor(next() * free.length)];
    const minutes = Math.round(between(options.minutes));
    plan.push({ service, start, end: start + minutes, ramp: Math.round(between(options.ramp)), peak: Math.round(between(options.peak) * 10) / 10 });
  }
  return plan;
}

/** A surge's multiplier during minute `minute` (1 outside it): rising in even steps to its peak, then flat. */
export function surgeFactor(surge: PlannedSurge, minute: number): number {
  if (minute < surge.start || minute >= surge.end) return 1;
  const risen = Math.min(1, (minute - surge.start + 1) / (surge.ramp + 1));
  return Math.round((1 + (surge.peak - 1) * risen) * 100) / 100;
}
