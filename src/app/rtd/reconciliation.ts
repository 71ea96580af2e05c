/**
 * Periodic reconciliation: now and then every live list takes a full snapshot and compares it with what its
 * deltas built. Each entity that differs is a "correction": there should be none, so each one is counted and
 * logged. Deltas that arrived while the snapshot was on its way are applied to the "before" side first: on one
 * socket the server sends them before the snapshot, so the snapshot includes them.
 */
import { InjectionToken } from '@angular/core';
import { type RtdObject, fillDelta, isPartialEntity } from './delta-filling';

/** Milliseconds between reconciliations of each live list (default 5 minutes); tests shorten it. */
export const RECONCILE_INTERVAL_MS = new InjectionToken<number>('live list reconciliation interval', { factory: () => 5 * 60_000 });

export interface Correction {
  /** The entity's cache id, e.g. `ServiceStat:{"code":"service_1","channel":"CALL"}`. */
  id: string;
  kind: 'changed' | 'missing' | 'extra';
  /** The snapshot's fields that differed (for 'changed'). */
  fields: string[];
}

/**
 * The entities whose data in `after` (the fresh snapshot) differs from `before` (the list as the cache held it)
 * with `pending` (the payloads that arrived meanwhile, in order) applied: changed fields, entities the snapshot
 * has that the list lacked ('missing'), and entities the list had that the snapshot has not ('extra').
 * Only the snapshot's fields are compared; `__typename` and the delta-only `mutation` are ignored.
 */
export function findCorrections(before: readonly RtdObject[], pending: readonly (readonly RtdObject[])[], after: readonly RtdObject[], identify: (entity: RtdObject) => string | undefined): Correction[] {
  const expected = new Map<string, RtdObject>();
  for (const entity of before) {
    const id = identify(entity);
    if (id) expected.set(id, entity);
  }
  for (const payload of pending) {
    for (const delta of payload) {
      const id = identify(delta);
      if (!id) continue;
      if (delta['mutation'] === 'DELETED') {
        expected.delete(id);
        continue;
      }
      const cached = expected.get(id);
      if (cached) expected.set(id, fillDelta(delta, cached));
      // The writer skips a partial update of an entity it does not hold; so does this.
      else if (delta['mutation'] === 'CREATED' || !isPartialEntity(delta)) expected.set(id, delta);
    }
  }
  const corrections: Correction[] = [];
  const seen = new Set<string>();
  for (const entity of after) {
    const id = identify(entity);
    if (!id) continue;
    seen.add(id);
    const held = expected.get(id);
    if (!held) {
      corrections.push({ id, kind: 'missing', fields: [] });
      continue;
    }
    const fields = Object.keys(entity).filter((key) => !IGNORED.has(key) && !sameValue(held[key], entity[key]));
    if (fields.length) corrections.push({ id, kind: 'changed', fields });
  }
  for (const id of expected.keys()) if (!seen.has(id)) corrections.push({ id, kind: 'extra', fields: [] });
  return corrections;
}

const IGNORED = new Set(['__typename', 'mutation']);

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
