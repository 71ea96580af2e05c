/**
 * The client never trusts a payload: before a subscription entity reaches the cache it is checked against the
 * schema (the field types generated from rtd.graphql) and the keys the cache identifies it by (cache-policies.ts).
 * One entity that fails is dropped whole, so a hostile or broken server can neither add a phantom agent nor leave
 * a list the cache cannot read. Pure functions, no Angular, no Apollo calls: the merge rules live elsewhere.
 *
 * Decisions: an enum value the schema does not list is kept (a newer server may add an agent status, and the
 * views show unknown statuses as such); a field the schema does not have is a fault (a server sends only the
 * fields asked for); a null in a non-null field is a fault (a server cannot send one without an error).
 */
import { TYPE_POLICIES } from './cache-policies';
import { RTD_CUSTOM_SCALARS, RTD_ENUM_VALUES, RTD_OBJECT_FIELDS, RTD_UNION_MEMBERS } from './generated/rtd-field-types';

/** Why an entity was dropped: a bounded set, so that logging once per reason cannot flood the console. */
export type PayloadFaultKind = 'key' | 'type' | 'unknown field';

export interface PayloadFault {
  readonly kind: PayloadFaultKind;
  /** Where, from the entity's type, e.g. `User.statuses` or `ServiceStat.customStats.0.key`. */
  readonly path: string;
  /** For people: what the schema says and what came, e.g. `User.statuses should be UserStatusMultiChannelMap, got string`. */
  readonly message: string;
}

/** A field's SDL type (`[String!]`), parsed once. */
type FieldType = { readonly nonNull: boolean } & ({ readonly list: FieldType } | { readonly named: string });

export function parseFieldType(sdl: string): FieldType {
  if (sdl.endsWith('!')) return { ...parseFieldType(sdl.slice(0, -1)), nonNull: true };
  if (sdl.startsWith('[') && sdl.endsWith(']')) return { nonNull: false, list: parseFieldType(sdl.slice(1, -1)) };
  return { nonNull: false, named: sdl };
}

const fieldTypes = new Map<string, ReadonlyMap<string, FieldType>>();

function fieldsOf(typename: string): ReadonlyMap<string, FieldType> | undefined {
  let fields = fieldTypes.get(typename);
  const sdl = RTD_OBJECT_FIELDS[typename];
  if (!fields && sdl) fieldTypes.set(typename, (fields = new Map(Object.entries(sdl).map(([field, type]) => [field, parseFieldType(type)]))));
  return fields;
}

/** The type of the entities a live list carries, e.g. `users` → `User`, from the Subscription root field. */
export function listEntityType(field: string): string {
  const type = fieldsOf('Subscription')?.get(field);
  let named = type;
  while (named && 'list' in named) named = named.list;
  if (!named || !('named' in named) || !fieldsOf(named.named)) throw new Error(`No subscription lists entities as "${field}"`);
  return named.named;
}

/** The fields the cache identifies an entity by: the cache policies' keyFields, the one place they are written. */
export function keyFieldsOf(typename: string): readonly string[] {
  const keys = TYPE_POLICIES[typename]?.keyFields;
  return Array.isArray(keys) && keys.every((k) => typeof k === 'string') ? (keys as string[]) : [];
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  return Array.isArray(value) ? 'a list' : typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fault(kind: PayloadFaultKind, path: string, expected: string, value: unknown): PayloadFault {
  return { kind, path, message: `${path} should be ${expected}, got ${describe(value)}` };
}

/** Whether a leaf value has its scalar's or enum's JSON type. */
function isLeafOf(named: string, value: unknown): boolean | undefined {
  switch (named) {
    case 'Int':
      return Number.isInteger(value) && (value as number) >= INT_MIN && (value as number) <= INT_MAX;
    case 'Float':
      return typeof value === 'number' && Number.isFinite(value);
    case 'String':
    case 'ID':
      return typeof value === 'string';
    case 'Boolean':
      return typeof value === 'boolean';
  }
  if (named in RTD_CUSTOM_SCALARS) return typeof value === RTD_CUSTOM_SCALARS[named];
  if (named in RTD_ENUM_VALUES) return typeof value === 'string';
  return undefined;
}

function valueFault(type: FieldType, value: unknown, path: string): PayloadFault | null {
  if (value === null || value === undefined) return type.nonNull ? fault('type', path, 'a value', value) : null;
  if ('list' in type) {
    if (!Array.isArray(value)) return fault('type', path, 'a list', value);
    for (let i = 0; i < value.length; i++) {
      const found = valueFault(type.list, value[i], `${path}.${i}`);
      if (found) return found;
    }
    return null;
  }
  const leaf = isLeafOf(type.named, value);
  if (leaf !== undefined) return leaf ? null : fault('type', path, type.named, value);
  if (!isPlainObject(value)) return fault('type', path, type.named, value);
  const members = RTD_UNION_MEMBERS[type.named];
  if (!members) return objectFault(type.named, value, path);
  // A union member is known by its __typename alone: without it the cache cannot tell which one it is.
  const member = value['__typename'];
  if (typeof member !== 'string' || !members.includes(member)) return fault('type', `${path}.__typename`, members.join(' | '), member);
  return objectFault(member, value, path);
}

function objectFault(typename: string, value: Record<string, unknown>, path: string): PayloadFault | null {
  const fields = fieldsOf(typename);
  if (!fields) return { kind: 'type', path, message: `${path}: ${typename} is not a type the schema has` };
  for (const field of Object.keys(value)) {
    const fieldValue = value[field];
    if (field === '__typename') {
      if (fieldValue !== typename) return fault('type', `${path}.__typename`, typename, fieldValue);
      continue;
    }
    const type = fields.get(field);
    if (!type) return { kind: 'unknown field', path: `${path}.${field}`, message: `${path}.${field}: ${typename} has no such field` };
    const found = valueFault(type, fieldValue, `${path}.${field}`);
    if (found) return found;
  }
  return null;
}

/**
 * Why a payload entity of `typename` must not be written, or null when it may: its __typename, its key fields
 * (present, non-null, of their schema type), then every field it carries against the schema, nested values too.
 * Unchanged fields are null in a delta, so only a null in a non-null field is a fault.
 */
export function entityFault(typename: string, entity: unknown): PayloadFault | null {
  if (!isPlainObject(entity)) return fault('key', typename, `a ${typename}`, entity);
  if (entity['__typename'] !== typename) return fault('type', `${typename}.__typename`, typename, entity['__typename']);
  const fields = fieldsOf(typename);
  for (const key of keyFieldsOf(typename)) {
    const type = fields?.get(key);
    const value = entity[key];
    if (value === null || value === undefined || !type || valueFault(type, value, key))
      return fault('key', `${typename}.${key}`, RTD_OBJECT_FIELDS[typename]?.[key] ?? 'a field the schema has', value);
  }
  return objectFault(typename, entity, typename);
}
