/**
 * The recent minutes the history feed holds, per service or group on a channel: merged from the recorder's answers
 * (the minute in progress comes again, updated), oldest first, no older than the window. Pure, so tested alone.
 */
import { type HistoryChannel, type HistoryKind, type HistorySample, SAMPLE_MS } from '../../../contract/history-format';

/** How far back the feed holds samples: the sparklines' 30 minutes. */
export const HISTORY_WINDOW_MS = 30 * 60_000;

/** One entity's key in the feed: "service|sales|CALL". */
export function entityKey(kind: HistoryKind, code: string, channel: HistoryChannel): string {
  return `${kind}|${code}|${channel}`;
}

export type SamplesByEntity = ReadonlyMap<string, readonly HistorySample[]>;

/**
 * `held` with `incoming` merged in: a minute already held is replaced by its newer reading, minutes older than `from`
 * (ms) are dropped. An entity whose samples did not change keeps its array, so whoever watches it is not told again.
 */
export function mergeSamples(held: SamplesByEntity, incoming: readonly HistorySample[], from: number): SamplesByEntity {
  const arriving = new Map<string, HistorySample[]>();
  for (const sample of incoming) {
    const key = entityKey(sample.kind, sample.code, sample.channel);
    let list = arriving.get(key);
    if (!list) arriving.set(key, (list = []));
    list.push(sample);
  }
  const merged = new Map<string, readonly HistorySample[]>();
  for (const key of new Set([...held.keys(), ...arriving.keys()])) {
    const before = held.get(key) ?? [];
    const kept = before.filter((sample) => minuteOf(sample) >= from);
    const added = arriving.get(key);
    let next: readonly HistorySample[] = kept.length === before.length ? before : kept;
    if (added?.length) {
      const byMinute = new Map(next.map((sample) => [minuteOf(sample), sample]));
      let changed = false;
      for (const sample of added) {
        const minute = minuteOf(sample);
        if (!Number.isFinite(minute) || minute < from) continue;
        if (!sameSample(byMinute.get(minute), sample)) {
          byMinute.set(minute, sample);
          changed = true;
        }
      }
      if (changed) next = [...byMinute.entries()].sort(([a], [b]) => a - b).map(([, sample]) => sample);
    }
    if (next.length) merged.set(key, next);
  }
  return merged;
}

/** The start of the last minute any entity holds (ms), or null when none holds any. */
export function lastMinute(held: SamplesByEntity): number | null {
  let last: number | null = null;
  for (const samples of held.values()) {
    const minute = samples.length ? minuteOf(samples[samples.length - 1]) : null;
    if (minute !== null && (last === null || minute > last)) last = minute;
  }
  return last;
}

/**
 * Where the next request starts: the minute before the last one held, so the minute last read (perhaps still in
 * progress then) comes again, whether the server counts `since` in or out; the window's start before anything is held.
 */
export function nextSince(held: SamplesByEntity, now: number, windowMs = HISTORY_WINDOW_MS): number {
  const last = lastMinute(held);
  const from = now - windowMs;
  return last === null ? from : Math.max(from, last - SAMPLE_MS);
}

export function minuteOf(sample: Pick<HistorySample, 'minute'>): number {
  return Date.parse(sample.minute);
}

function sameSample(a: HistorySample | undefined, b: HistorySample): boolean {
  if (!a) return false;
  for (const key of Object.keys(b) as (keyof HistorySample)[]) if (a[key] !== b[key]) return false;
  return true;
}
