/**
 * Older RTD Servers lack fields that later versions added (contract/rtd-versions.ts, the one table), and
 * a server refuses a whole operation that names one. So before an operation goes out it is stripped of the
 * fields the server's version lacks, and its result is completed with `null` for exactly those fields: the
 * cache, whose queries and fragments read the full documents, always receives complete objects. Pure
 * functions on documents and JSON, no Angular, no Apollo; `versionFieldsLink` in rtd-client.ts applies them.
 */
import { type DocumentNode, type FieldNode, type FragmentDefinitionNode, Kind, type SelectionNode, type SelectionSetNode } from 'graphql';
import { type SchemaFieldRef, fieldsMissingIn } from '../../../contract/rtd-versions';

/** A document as sent to one server version, and the field selections taken out of the original. */
export interface StrippedDocument {
  readonly document: DocumentNode;
  /** The original document's field nodes that were removed (by identity): the ones to complete with null. */
  readonly removed: ReadonlySet<FieldNode>;
}

/** The missing fields of one version, looked up by parent type, or by name alone where the type is unknown. */
interface MissingFields {
  byType: Set<string>;
  byName: Set<string>;
}

function missingFields(version: string): MissingFields {
  // Input fields are sent in variables, never selected.
  const selectable = fieldsMissingIn(version).filter((ref: SchemaFieldRef) => !ref.input);
  return { byType: new Set(selectable.map(({ type, field }) => `${type}.${field}`)), byName: new Set(selectable.map(({ field }) => field)) };
}

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

const strippedCache = new WeakMap<DocumentNode, Map<string, StrippedDocument>>();

/**
 * The document without the fields `version` lacks; the same document object when it lacks none. A field is
 * matched by its parent type where the document says it (a fragment's or inline fragment's type condition),
 * and by name elsewhere: the table guarantees an added field's name belongs only to the types it lists.
 * A selection set left empty asks for `__typename`, so the operation stays valid. Memoised per document.
 */
export function stripMissingFields(document: DocumentNode, version: string, possibleTypes: Readonly<Record<string, readonly string[]>> = {}): StrippedDocument {
  let byVersion = strippedCache.get(document);
  if (!byVersion) strippedCache.set(document, (byVersion = new Map()));
  const known = byVersion.get(version);
  if (known) return known;

  const missing = missingFields(version);
  const removed = new Set<FieldNode>();
  const isMissing = (parentType: string | null, field: string) => (parentType !== null && !(parentType in possibleTypes) ? missing.byType.has(`${parentType}.${field}`) : missing.byName.has(field));

  const stripSet = (selectionSet: SelectionSetNode, parentType: string | null): SelectionSetNode => {
    const kept: SelectionNode[] = [];
    let changed = false;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (isMissing(parentType, selection.name.value)) {
          removed.add(selection);
          changed = true;
          continue;
        }
        // A nested field's type is not in the document (no schema in the app): its fields go by name.
        const inner = selection.selectionSet && stripSet(selection.selectionSet, null);
        changed ||= inner !== selection.selectionSet;
        kept.push(inner === selection.selectionSet ? selection : { ...selection, selectionSet: inner });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const inner = stripSet(selection.selectionSet, selection.typeCondition?.name.value ?? parentType);
        changed ||= inner !== selection.selectionSet;
        kept.push(inner === selection.selectionSet ? selection : { ...selection, selectionSet: inner });
      } else {
        kept.push(selection);
      }
    }
    if (!changed) return selectionSet;
    return { ...selectionSet, selections: kept.length ? kept : [TYPENAME] };
  };

  let changed = false;
  const definitions = document.definitions.map((definition) => {
    if (definition.kind !== Kind.OPERATION_DEFINITION && definition.kind !== Kind.FRAGMENT_DEFINITION) return definition;
    const parentType = definition.kind === Kind.FRAGMENT_DEFINITION ? definition.typeCondition.name.value : null;
    const selectionSet = stripSet(definition.selectionSet, parentType);
    if (selectionSet === definition.selectionSet) return definition;
    changed = true;
    return { ...definition, selectionSet };
  });
  const stripped: StrippedDocument = { document: changed ? { ...document, definitions } : document, removed };
  byVersion.set(version, stripped);
  return stripped;
}

/**
 * `data` (a result of the stripped document) with `null` in every place where the original document selects a
 * removed field: in nested objects, list entries and union members (a type condition applies when it names the
 * object's `__typename`, a type that includes it, or when the object has no `__typename`). A value the server
 * did send is never touched. Returns a completed copy; `data` itself is left as it was.
 */
export function completeMissingFields<T>(data: T, original: DocumentNode, removed: ReadonlySet<FieldNode>, possibleTypes: Readonly<Record<string, readonly string[]>> = {}): T {
  if (!removed.size || data === null || typeof data !== 'object') return data;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of original.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const applies = (typeCondition: string | undefined, value: Record<string, unknown>) => {
    const typename = value['__typename'];
    return !typeCondition || typeof typename !== 'string' || typeCondition === typename || (possibleTypes[typeCondition]?.includes(typename) ?? false);
  };

  const complete = (value: unknown, selectionSet: SelectionSetNode): void => {
    if (Array.isArray(value)) {
      for (const entry of value) complete(entry, selectionSet);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const object = value as Record<string, unknown>;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (removed.has(selection)) {
          if (!(key in object)) object[key] = null;
        } else if (selection.selectionSet) {
          complete(object[key], selection.selectionSet);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value, object)) complete(object, selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && applies(fragment.typeCondition.name.value, object)) complete(object, fragment.selectionSet);
      }
    }
  };

  // A copy, completed in place: results are plain JSON.
  const copy = structuredClone(data);
  for (const definition of original.definitions) if (definition.kind === Kind.OPERATION_DEFINITION) complete(copy, definition.selectionSet);
  return copy;
}
