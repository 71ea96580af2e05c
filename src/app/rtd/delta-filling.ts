/**
 * "Null means unchanged": a subscription payload carries only what changed, every unchanged field null.
 * Before a payload reaches the cache, each of its nulls is filled from what the cache holds, so the cache
 * only ever receives whole values. Pure functions, no Angular, no Apollo: the rules in one place.
 */

/** An RTD object as JSON: entities, nested stats, union members. */
export type RtdObject = Record<string, unknown>;

/** Lists whose entries are identified by a field: a delta carries only the entries that changed. */
export const KEYED_LISTS: Readonly<Record<string, string>> = {
  customStats: 'key',
  timeInActivityCode: 'activityCode',
  timeInActivityCodeStateBusy: 'activityCode',
  timeInActivityCodeStateNotReady: 'activityCode',
  activityCodeIndicators: 'activityCode',
};

/** Fields that describe the message rather than the entity: the cache keeps what the snapshot said. */
export const MESSAGE_FIELDS: ReadonlySet<string> = new Set(['mutation']);

function isObject(value: unknown): value is RtdObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The delta with every null replaced by the cached value. Nested objects are filled recursively; a union
 * member only from a cached value of the same concrete type; keyed lists are merged by key; plain lists
 * (profileIds, services, skillsets) are replaced whole when the delta has them.
 */
export function fillDelta(delta: RtdObject, cached: RtdObject): RtdObject {
  const filled: RtdObject = { ...cached };
  for (const [field, value] of Object.entries(delta)) {
    const before = cached[field];
    if (MESSAGE_FIELDS.has(field) && field in cached) continue;
    if (value === null) {
      filled[field] = before ?? null;
    } else if (Array.isArray(value)) {
      const key = KEYED_LISTS[field];
      filled[field] = key && Array.isArray(before) ? mergeKeyedList(before as RtdObject[], value as RtdObject[], key) : value;
    } else if (isObject(value)) {
      filled[field] = isObject(before) && sameConcreteType(value, before) ? fillDelta(value, before) : value;
    } else {
      filled[field] = value;
    }
  }
  return filled;
}

/** A union member is filled only from a cached value of the same concrete type. */
function sameConcreteType(delta: RtdObject, cached: RtdObject): boolean {
  return delta['__typename'] === undefined || cached['__typename'] === undefined || delta['__typename'] === cached['__typename'];
}

/** Cached entries, with the delta's entries filled into them by key; entries new to the list appended. */
export function mergeKeyedList(cached: readonly RtdObject[], delta: readonly RtdObject[], key: string): RtdObject[] {
  const merged = cached.slice();
  for (const entry of delta) {
    const index = merged.findIndex((e) => e[key] === entry[key]);
    if (index >= 0) merged[index] = fillDelta(entry, merged[index]);
    else merged.push(entry);
  }
  return merged;
}

/**
 * Whether a payload entity has unchanged (null) top-level fields: such an update cannot stand alone without
 * a cached entity to fill it from. (A whole new entity may still have genuinely null nested values.)
 */
export function isPartialEntity(entity: RtdObject): boolean {
  return Object.entries(entity).some(([field, value]) => value === null && !MESSAGE_FIELDS.has(field));
}
