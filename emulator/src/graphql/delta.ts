/**
 * "Null means unchanged": the RTD Server's subscription rule. Given what a subscriber was last sent and
 * what its operation returns now, `diffResult` builds the message: entities in which a requested field
 * changed, with key and other non-null fields always set, every unchanged nullable field null, nested
 * objects and unions carrying only their changed fields, keyed lists only their changed entries, plain
 * lists whole when they change, and users entering or leaving the filter marked CREATED or DELETED.
 */
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  Kind,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
} from 'graphql';
import { RTD_KEYS } from '../../../contract/rtd-keys.ts';
import { fragmentsOf } from './operations.ts';

export interface SelectionShape {
  /** Response key (alias or field name) → what the field holds. */
  readonly fields: Map<string, FieldShape>;
  /** The object type selected on; undefined for a union, whose values carry `__typename`. */
  typeName?: string;
}

export interface FieldShape {
  fieldName: string;
  nonNull: boolean;
  kind: 'leaf' | 'object' | 'plainList' | 'keyedList';
  children?: SelectionShape;
  /** Response keys of the identifying fields, for keyed lists. */
  keys?: string[];
  /** Only on these concrete types (fields from `... on X` fragments); null when on every type. */
  onTypes: Set<string> | null;
}

type Data = Record<string, unknown>;

/** The shape of an operation's selection, read once per distinct subscription document. */
export function shapeOfOperation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): SelectionShape {
  const root = operation.operation === 'subscription' ? schema.getSubscriptionType() : operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  const fragments = fragmentsOf(document);
  const shape: SelectionShape = { fields: new Map(), typeName: root!.name };
  collect(schema, root!, operation.selectionSet, fragments, shape, null);
  return shape;
}

function collect(schema: GraphQLSchema, type: GraphQLCompositeType, selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, into: SelectionShape, onType: string | null): void {
  const place = (responseKey: string, field: Omit<FieldShape, 'onTypes'>) => {
    const existing = into.fields.get(responseKey);
    const onTypes = !onType || (existing && existing.onTypes === null) ? null : new Set([...(existing?.onTypes ?? []), onType]);
    into.fields.set(responseKey, { ...field, onTypes });
  };
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT || selection.kind === Kind.FRAGMENT_SPREAD) {
      const node = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (!node) continue;
      const condition = node.typeCondition ? schema.getType(node.typeCondition.name.value) : type;
      if (condition && isCompositeType(condition)) {
        collect(schema, condition, node.selectionSet, fragments, into, isObjectType(condition) ? condition.name : onType);
      }
      continue;
    }
    const responseKey = selection.alias?.value ?? selection.name.value;
    const fieldName = selection.name.value;
    if (fieldName === '__typename') {
      place(responseKey, { fieldName, nonNull: true, kind: 'leaf' });
      continue;
    }
    const definition = isObjectType(type) || isInterfaceType(type) ? type.getFields()[fieldName] : undefined;
    if (!definition) continue;
    const nonNull = isNonNullType(definition.type);
    const nullable = getNullableType(definition.type);
    const named = getNamedType(definition.type);
    if (!isCompositeType(named) || !selection.selectionSet) {
      place(responseKey, { fieldName, nonNull, kind: isListType(nullable) ? 'plainList' : 'leaf' });
      continue;
    }
    // The same response key may be selected twice (e.g. in two union members): merge the selections.
    const existing = into.fields.get(responseKey);
    const children: SelectionShape = existing?.children ?? { fields: new Map(), typeName: isObjectType(named) ? named.name : undefined };
    collect(schema, named, selection.selectionSet, fragments, children, null);
    const field: Omit<FieldShape, 'onTypes'> = { fieldName, nonNull, kind: 'object', children };
    if (isListType(nullable)) {
      const keyNames = RTD_KEYS[named.name];
      const keys = keyNames?.map((k) => [...children.fields].find(([, f]) => f.fieldName === k)?.[0]);
      field.kind = keys && keys.every((k) => k !== undefined) ? 'keyedList' : 'plainList';
      if (field.kind === 'keyedList') field.keys = keys as string[];
    }
    place(responseKey, field);
  }
}

/**
 * What GraphQL execution would return for `value` under `shape`, without running graphql-js: the
 * fan-out's fast path (views already hold serialised values). `memo` keeps the projection of a view
 * object that has not changed, so an unchanged entity keeps its identity from one tick to the next.
 */
export function project(shape: SelectionShape, value: Data, memo?: WeakMap<object, Data>): Data {
  const known = memo?.get(value);
  if (known) return known;
  const typeName = (value.__typename as string | undefined) ?? shape.typeName;
  const out: Data = {};
  for (const [key, field] of shape.fields) {
    if (field.onTypes && !field.onTypes.has(typeName!)) continue;
    if (field.fieldName === '__typename') {
      out[key] = typeName;
      continue;
    }
    const v = value[field.fieldName];
    if (v == null || !field.children) out[key] = v ?? null;
    else if (Array.isArray(v)) out[key] = v.map((item: Data | null) => (item == null ? null : project(field.children!, item, memo)));
    else out[key] = project(field.children, v as Data, memo);
  }
  memo?.set(value, out);
  return out;
}

/**
 * The delta between two results of the same operation, or null when nothing a subscriber asked for
 * changed. `previous` is what the subscriber holds (the snapshot it took, then every delta applied).
 */
export function diffResult(shape: SelectionShape, previous: Data | null | undefined, next: Data): Data | null {
  const out: Data = {};
  let changed = false;
  for (const [key, field] of shape.fields) {
    // A union member has only its own type's fields: another member's are not sent, not even as null.
    if (!(key in next)) continue;
    const result = diffField(field, previous?.[key], next[key], previous == null);
    out[key] = result.value;
    if (result.changed) changed = true;
  }
  return changed ? out : null;
}

interface FieldDelta {
  value: unknown;
  changed: boolean;
}

function diffField(field: FieldShape, before: unknown, after: unknown, entityIsNew: boolean): FieldDelta {
  if (entityIsNew) return { value: after ?? null, changed: after != null };
  if (before === after) return { value: field.nonNull ? after : null, changed: false };
  if (before == null || after == null) {
    // A value appearing is sent; one disappearing cannot be told apart from "unchanged" (see the README).
    const changed = before == null && after != null;
    return { value: after ?? null, changed };
  }
  let value: unknown;
  switch (field.kind) {
    case 'leaf':
      value = before === after ? null : after;
      break;
    case 'plainList':
      value = field.children ? (deepEqual(before, after) ? null : after) : sameScalarList(before as unknown[], after as unknown[]) ? null : after;
      break;
    case 'object':
      value = objectDelta(field.children!, before as Data, after as Data);
      break;
    case 'keyedList': {
      const entries = diffKeyedList(field, before as Data[], after as Data[]);
      value = entries.length ? entries : null;
      break;
    }
  }
  if (value !== null) return { value, changed: true };
  // Unchanged: a non-null field is still set, a nullable one is null.
  return { value: field.nonNull ? after : null, changed: false };
}

/** Changed and new entries only, each with its key set. Entries never leave these lists (see the README). */
function diffKeyedList(field: FieldShape, before: Data[], after: Data[]): Data[] {
  const previous = new Map(before.map((item) => [keyOf(field.keys!, item), item]));
  const entries: Data[] = [];
  for (const item of after) {
    const old = previous.get(keyOf(field.keys!, item));
    if (!old) entries.push(item);
    else {
      const delta = diffResult(field.children!, old, item);
      if (delta) entries.push(delta);
    }
  }
  return entries;
}

export function keyOf(keys: readonly string[], item: Data): string {
  return keys.length === 1 ? String(item[keys[0]]) : keys.map((k) => String(item[k])).join('\u0000');
}

function sameScalarList(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  const ka = Object.keys(a as Data);
  const kb = Object.keys(b as Data);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Data)[k], (b as Data)[k]));
}

/**
 * The message for a root list of entities (serviceStats, users, …): changed entities as deltas, entities
 * new to the filter whole, and for `users` the ones that left as DELETED. Returns null when nothing changed.
 */
export function diffEntityList(field: FieldShape, before: Data[] | null, after: Data[] | null): Data[] | null {
  if (!after) return null;
  // The same list as last time (the hub keeps an unchanged list's projection): nothing in it changed.
  if (before === after) return null;
  if (field.kind !== 'keyedList') return before && deepEqual(before, after) ? null : after;
  const children = field.children!;
  const mutationKey = [...children.fields].find(([, f]) => f.fieldName === 'mutation')?.[0];
  const updates = before ? updatesInPlace(field, before, after) : null;
  if (updates) {
    const sent: Data[] = [];
    for (const i of updates) {
      const delta = objectDelta(children, before![i], after[i]);
      if (delta) sent.push(mutationKey ? { ...delta, [mutationKey]: 'UPDATED' } : delta);
    }
    return sent.length ? sent : null;
  }
  // Unchanged entities are the very same objects (see ViewCache): only the rest need keys and a diff.
  const kept = new Set(before ?? []);
  const stillThere = new Set<Data>();
  const candidates: Data[] = [];
  for (const entity of after) {
    if (kept.has(entity)) stillThere.add(entity);
    else candidates.push(entity);
  }
  if (candidates.length === 0 && stillThere.size === kept.size) return null;
  const previous = new Map<string, Data>();
  for (const old of before ?? []) if (!stillThere.has(old)) previous.set(keyOf(field.keys!, old), old);
  const sent: Data[] = [];
  for (const entity of candidates) {
    const key = keyOf(field.keys!, entity);
    const old = previous.get(key);
    previous.delete(key);
    if (!old) {
      sent.push(mutationKey ? { ...entity, [mutationKey]: 'CREATED' } : entity);
      continue;
    }
    const delta = objectDelta(children, old, entity);
    if (delta) sent.push(mutationKey ? { ...delta, [mutationKey]: 'UPDATED' } : delta);
  }
  if (mutationKey) {
    // A user who left the filter: DELETED, with the non-null fields (the username) set and the rest null.
    for (const old of previous.values()) {
      const stub: Data = {};
      for (const [key, f] of children.fields) stub[key] = f.nonNull && f.kind === 'leaf' ? old[key] : null;
      stub[mutationKey] = 'DELETED';
      sent.push(stub);
    }
  }
  return sent.length ? sent : null;
}

/**
 * The positions whose entity changed, when the list holds the same entities in the same places (nobody entered
 * or left, the usual tick): then identity by position says what changed, with no set of the whole list.
 * Null when entities entered, left or moved. Keys are unique within a root list.
 */
function updatesInPlace(field: FieldShape, before: Data[], after: Data[]): number[] | null {
  if (before.length !== after.length) return null;
  const changed: number[] = [];
  for (let i = 0; i < after.length; i++) {
    if (before[i] === after[i]) continue;
    if (keyOf(field.keys!, before[i]) !== keyOf(field.keys!, after[i])) return null;
    changed.push(i);
  }
  return changed;
}

/** Last deltas by selection and previous projection: the next projection it was diffed with, and the delta. */
const objectDeltas = new WeakMap<SelectionShape, WeakMap<Data, { next: Data; delta: Data | null }>>();

/**
 * `diffResult` once per pair of projections: the groups showing an agent who changed hold the same two
 * projections (views and projections are shared), and so do the filters' entities of one service for its
 * channel and agent stats, so they share the delta too.
 */
function objectDelta(shape: SelectionShape, before: Data, after: Data): Data | null {
  let byBefore = objectDeltas.get(shape);
  if (!byBefore) objectDeltas.set(shape, (byBefore = new WeakMap()));
  const known = byBefore.get(before);
  if (known?.next === after) return known.delta;
  const delta = diffResult(shape, before, after);
  byBefore.set(before, { next: after, delta });
  return delta;
}

/** The message for a whole operation result: root lists as entity lists, a root object (version) as an object. */
export function diffOperationResult(shape: SelectionShape, before: Data | null, after: Data): Data | null {
  const out: Data = {};
  let changed = false;
  for (const [key, field] of shape.fields) {
    let value: unknown = null;
    if (field.kind === 'keyedList' || field.kind === 'plainList') {
      value = diffEntityList(field, (before?.[key] as Data[] | null) ?? null, after[key] as Data[] | null);
    } else {
      const delta = diffField(field, before?.[key], after[key], false);
      if (delta.changed) value = delta.value;
    }
    out[key] = value;
    if (value !== null) changed = true;
  }
  return changed ? out : null;
}
