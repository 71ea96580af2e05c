/**
 * A 15-minute interval from one entity's minute samples. The day's counters are cumulative, so a count is the sum of
 * their growth from one sample to the next (counterGrowth: a smaller reading means the daily reset came between). The
 * growth is counted from the sample just before the interval (its end is the interval's start) when there is one,
 * else from the interval's first sample; so `minutes` says how much of the 15 the counts cover, and an interval the
 * recorder joined late or left early is partial, never padded. A gap inside an interval loses no call (the counters
 * carry across it); its agents and longest wait come from the minutes seen.
 */
import { counterGrowth, INTERVAL_MS, SAMPLE_MS, type HistoryInterval, type HistorySample } from '../../../contract/history-format.ts';
import type { HistoryStore } from './history-store.ts';

const COUNTERS = ['received', 'answered', 'answeredInTime', 'abandoned', 'shortAbandons'] as const;

/**
 * The interval starting at `start` (ms) of the entity whose samples are given (any order, other minutes ignored), or
 * null when none of its minutes was recorded.
 */
export function intervalFigures(start: number, samples: readonly HistorySample[]): HistoryInterval | null {
  return timedIntervalFigures(
    start,
    samples.map((sample) => ({ sample, at: Date.parse(sample.minute) })),
  );
}

/** A sample with its minute in ms. */
export interface TimedSample {
  sample: HistorySample;
  at: number;
}

/** The same from samples whose minutes are read already (the recorder's memory keeps them so). */
export function timedIntervalFigures(start: number, samples: readonly TimedSample[]): HistoryInterval | null {
  const before = start - SAMPLE_MS;
  const end = start + INTERVAL_MS;
  const timed = samples.filter(({ at }) => at >= before && at < end);
  timed.sort((a, b) => a.at - b.at);
  const inside = timed.filter(({ at }) => at >= start);
  if (!inside.length) return null;
  const chain = timed[0].at === before ? timed : inside;
  const first = inside[0].sample;
  const counts = Object.fromEntries(
    COUNTERS.map((field) => {
      let total: number | null = null;
      for (let i = 1; i < chain.length; i++) {
        const growth = counterGrowth(chain[i - 1].sample[field], chain[i].sample[field]);
        if (growth !== null) total = (total ?? 0) + growth;
      }
      return [field, total];
    }),
  ) as Record<(typeof COUNTERS)[number], number | null>;
  const seen = inside.map(({ sample }) => sample);
  return {
    kind: first.kind,
    code: first.code,
    channel: first.channel,
    start: new Date(start).toISOString(),
    ...counts,
    longestWait: maximum(seen.map((s) => s.longestWait)),
    agentsReady: average(seen.map((s) => s.agentsReady)),
    agentsBusy: average(seen.map((s) => s.agentsBusy)),
    agentsPostCall: average(seen.map((s) => s.agentsPostCall)),
    minutes: Math.round((chain[chain.length - 1].at - chain[0].at) / SAMPLE_MS),
  };
}

function maximum(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? Math.max(...known) : null;
}

/** Agent-minutes over minutes, to two decimals (1.33 agents ready on average). */
function average(values: (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? Math.round((known.reduce((a, b) => a + b, 0) / known.length) * 100) / 100 : null;
}

/** One service's or group's channel, as a key. */
export function entityKey(sample: Pick<HistorySample, 'kind' | 'code' | 'channel'>): string {
  return `${sample.kind}\u0000${sample.code}\u0000${sample.channel}`;
}

/** The interval starting at `start` (ms) of every entity with samples in it (samples of any entities, any minutes). */
export function intervalsOf(start: number, samples: Iterable<HistorySample>): HistoryInterval[] {
  const byEntity = new Map<string, HistorySample[]>();
  for (const sample of samples) {
    const key = entityKey(sample);
    const list = byEntity.get(key);
    if (list) list.push(sample);
    else byEntity.set(key, [sample]);
  }
  return [...byEntity.values()].flatMap((entitySamples) => intervalFigures(start, entitySamples) ?? []);
}

/** Computes the interval starting at `start` (ms) from the samples stored for it and writes it; how many. */
export async function writeIntervalFigures(store: HistoryStore, start: number): Promise<number> {
  const samples = await store.samplesBetween(new Date(start - SAMPLE_MS).toISOString(), new Date(start + INTERVAL_MS).toISOString());
  const intervals = intervalsOf(start, samples);
  await store.upsertIntervals(intervals);
  return intervals.length;
}
