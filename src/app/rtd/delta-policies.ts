/**
 * "Null means unchanged" as Apollo merge functions: the RTD Server's subscriptions send only what changed, with
 * every unchanged field null. Codegen (scripts/codegen-rtd-type-policies.cjs) puts these rules on every nullable
 * field of every entity, from the schema and contract/rtd-keys.ts; this file says what each rule does, and is the
 * only place the delta merge is written. A write is a delta when its extensions say so (`DELTA_EXTENSIONS`): a
 * snapshot's null is a genuine null and is written as one.
 */
import type { FieldMergeFunction } from '@apollo/client';

/** How a field merges: a value replaced whole ('leaf'), an object merged field by field ('object'), or a keyed list (its entries' key fields). */
export type MergeRule = 'leaf' | 'object' | readonly string[];

/** Each object type's fields and their rules, by type name (generated). */
export type MergeShapes = Readonly<Record<string, Readonly<Record<string, MergeRule>>>>;

/** The extension a delta's cache write carries; the merge functions tell deltas from snapshots by it. */
export const DELTA_EXTENSION = 'rtdDelta';
export const DELTA_EXTENSIONS: Readonly<Record<string, unknown>> = { [DELTA_EXTENSION]: true };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The merge functions the generated type policies use, recursing into nested objects by `shapes`. */
export function deltaMergeRules(shapes: MergeShapes) {
  /** A delta's value for one field merged into the stored one: null keeps it, objects and keyed lists merge. */
  function fillField(rule: MergeRule | undefined, existing: unknown, incoming: unknown): unknown {
    if (incoming === null || incoming === undefined) return existing === undefined ? null : existing;
    if (rule === 'object') return fillObject(existing, incoming);
    if (Array.isArray(rule)) return fillKeyedList(rule, existing, incoming);
    return incoming;
  }

  /** Field by field, but a union member only into one of the same type: another type's fields are not its own. */
  function fillObject(existing: unknown, incoming: unknown): unknown {
    if (!isObject(existing) || !isObject(incoming)) return incoming;
    const [before, after] = [existing['__typename'], incoming['__typename']];
    if (before !== undefined && after !== undefined && before !== after) return incoming;
    const shape = shapes[String(after ?? before)] ?? {};
    const filled: Json = { ...existing };
    for (const field of Object.keys(incoming)) filled[field] = fillField(shape[field], existing[field], incoming[field]);
    return filled;
  }

  /** Stored entries with the delta's entries merged in by key; entries new to the list appended. */
  function fillKeyedList(keys: readonly string[], existing: unknown, incoming: unknown): unknown {
    if (!Array.isArray(existing) || !Array.isArray(incoming)) return incoming;
    const keyOf = (entry: unknown) => (isObject(entry) ? keys.map((key) => String(entry[key])).join('\u0000') : undefined);
    const merged = existing.slice();
    const at = new Map(merged.map((entry, i) => [keyOf(entry), i]));
    for (const entry of incoming) {
      const i = at.get(keyOf(entry));
      if (i === undefined) at.set(keyOf(entry), merged.push(entry) - 1);
      else merged[i] = fillObject(merged[i], entry);
    }
    return merged;
  }

  const delta = (options: { extensions?: Record<string, unknown> }) => options.extensions?.[DELTA_EXTENSION] === true;

  return {
    /** A value (number, string, enum, plain list): a delta's null keeps what is stored. */
    leaf: ((existing, incoming, options) => (delta(options) ? fillField('leaf', existing, incoming) : incoming)) as FieldMergeFunction,
    /** A nested object or union member: merged field by field when the delta's is of the stored type. */
    object: ((existing, incoming, options) => (delta(options) ? fillField('object', existing, incoming) : incoming)) as FieldMergeFunction,
    /** A list whose entries are identified by `keys`: a delta carries only the entries that changed. */
    keyedList:
      (keys: readonly string[]): FieldMergeFunction =>
      (existing, incoming, options) =>
        delta(options) ? fillField(keys, existing, incoming) : incoming,
  };
}
