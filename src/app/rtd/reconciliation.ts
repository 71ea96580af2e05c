/**
 * Periodic reconciliation: now and then every live list takes a full snapshot and compares it with what its
 * deltas built. Each entity that differs is a "correction": there should be none, so each one is counted and
 * logged. The snapshot is taken at some point of the delta stream, but not a known one: under load a server
 * may answer the query before it has sent the subscription messages of the same instant (they wait behind
 * earlier ones), or after. So an entity is correct when the snapshot equals its state at any point of the
 * stream around the answer: as the list held it when the snapshot was asked for, or after any of the
 * payloads that arrived from then until a few seconds after the answer.
 */
import type { StoreObject } from '@apollo/client';
import { createRtdCache } from './cache-policies';
import { DeltaWriter, FRAME_BUDGET_MS, type FrameScheduler, IMMEDIATELY, type LiveListSpec, Membership, type RtdObject, type WriteTarget } from './delta-writer';

/** Milliseconds the payloads after the snapshot's answer are still compared (a late tick's message). */
export const RECONCILE_SETTLE_MS = 3_000;

export interface Correction {
  /** The entity's cache id, e.g. `ServiceStat:{"code":"service_1","channel":"CALL"}`. */
  id: string;
  kind: 'changed' | 'missing' | 'extra';
  /** The snapshot's fields that differed (for 'changed'), as paths to the values, e.g. `channelStats.queuedCalls`. */
  fields: string[];
}

/** A correction as a line for the console: there should be none, so each one is logged. */
export function describeCorrection(field: string, c: Correction): string {
  return `RTD reconciliation: ${field} ${c.id} ${c.kind === 'changed' ? `differed in ${c.fields.join(', ')}` : c.kind === 'missing' ? 'was missing' : 'should not have been listed'}`;
}

/**
 * The entities of `after` (the fresh snapshot) that match no state the list gave them: `before` (the list as
 * the cache held it when the snapshot was asked for), then `before` with each of `payloads` (in order) applied.
 * The payloads are replayed through a scratch cache with the app's own policies and writer, so the merge rules
 * are not restated here. Changed fields are named against the last state; entities the snapshot has that the
 * list never had are 'missing', entities the list kept that the snapshot has not are 'extra'. Only the
 * snapshot's fields are compared; `__typename` and the delta-only `mutation` are ignored.
 */
export async function findCorrections(
  spec: LiveListSpec,
  before: readonly RtdObject[],
  payloads: readonly (readonly RtdObject[])[],
  after: readonly RtdObject[],
  scheduler: FrameScheduler = IMMEDIATELY,
): Promise<Correction[]> {
  const scratch = createRtdCache();
  const identify = (entity: RtdObject) => scratch.identify(entity as StoreObject);
  // Paced like the app's own writes: a 2,000-entity list is compared over frames, never in one long task.
  const writer = new DeltaWriter(scratch, { scheduler });
  const list: WriteTarget = { spec, members: new Membership() };
  writer.attach(list);
  const written = (push: () => void) =>
    new Promise<void>((resolve) => {
      writer.onBacklog = (backlog) => backlog.entities === 0 && resolve();
      push();
      if (writer.backlog().entities === 0) resolve();
    });
  let sliceStart = performance.now();
  const pace = async () => {
    if (performance.now() - sliceStart < FRAME_BUDGET_MS) return;
    await new Promise<void>((resolve) => scheduler.request(() => resolve()));
    sliceStart = performance.now();
  };
  const read = (id: string) => (list.members.has(id) ? (scratch.readFragment<RtdObject>({ id, fragment: spec.fragment, fragmentName: spec.fragmentName }) ?? undefined) : undefined);

  await written(() => writer.snapshot(list, before, () => {}));
  const snapshot = new Map<string, RtdObject>();
  for (const entity of after) {
    const id = identify(entity);
    if (id) snapshot.set(id, entity);
  }
  const unmatched = new Set([...snapshot.keys(), ...list.members.list()]);
  const check = (id: string) => {
    const [held, fresh] = [read(id), snapshot.get(id)];
    if (held === undefined ? fresh === undefined : fresh !== undefined && differingPaths(held, fresh).length === 0) unmatched.delete(id);
  };
  for (const id of [...unmatched]) {
    check(id);
    await pace();
  }
  for (const payload of payloads) {
    await written(() => writer.enqueue(list, payload));
    for (const delta of payload) {
      const id = identify(delta);
      if (id && unmatched.has(id)) check(id);
    }
    await pace();
  }
  const corrections: Correction[] = [];
  for (const id of unmatched) {
    const [held, fresh] = [read(id), snapshot.get(id)];
    if (!held) corrections.push({ id, kind: 'missing', fields: [] });
    else if (!fresh) corrections.push({ id, kind: 'extra', fields: [] });
    else corrections.push({ id, kind: 'changed', fields: differingPaths(held, fresh) });
  }
  return corrections;
}

const IGNORED = new Set(['__typename', 'mutation']);

/** Where `expected` and `actual` (the snapshot) differ: paths down to the objects' values; a list or a value whole. */
function differingPaths(expected: RtdObject, actual: RtdObject, prefix = ''): string[] {
  const paths: string[] = [];
  for (const key of Object.keys(actual)) {
    if (IGNORED.has(key) || sameValue(expected[key], actual[key])) continue;
    const [a, b] = [expected[key], actual[key]];
    const bothObjects = [a, b].every((v) => typeof v === 'object' && v !== null && !Array.isArray(v)) && (a as RtdObject)['__typename'] === (b as RtdObject)['__typename'];
    paths.push(...(bothObjects ? differingPaths(a as RtdObject, b as RtdObject, `${prefix}${key}.`) : [`${prefix}${key}`]));
  }
  return paths;
}

/** Deep equality of JSON values, ignoring `__typename`, key order, and an absent key versus null. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((v, i) => sameValue(v, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)].filter((k) => k !== '__typename'));
  for (const key of keys) if (!sameValue(left[key], right[key])) return false;
  return true;
}
