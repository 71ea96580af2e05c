/**
 * RTD Server schema, per emulated server version.
 *
 * `emulator/schema/rtd.graphql` is the newest documented schema (1.0.2).
 * Older versions are derived from it by removing, at the AST level, the
 * fields that the reference changelog says were added later. The schemas
 * built here carry no resolvers: the server attaches them separately.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildASTSchema,
  Kind,
  parse,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';

export type RtdVersion = '1.0.0' | '1.0.1' | '1.0.2';

/** Emulated versions, oldest first (order matters for version comparison). */
export const RTD_VERSIONS: readonly RtdVersion[] = ['1.0.0', '1.0.1', '1.0.2'];

export const DEFAULT_RTD_VERSION: RtdVersion = '1.0.2';

export function parseRtdVersion(text: string): RtdVersion {
  const candidate = text.trim();
  const match = RTD_VERSIONS.find((version) => version === candidate);
  if (match === undefined) {
    throw new Error(
      `Unsupported RTD Server version "${text}": valid versions are ${RTD_VERSIONS.join(', ')}`,
    );
  }
  return match;
}

export function serverVersionOf(version: RtdVersion): { major: number; minor: number; patch: number } {
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
  return { major, minor, patch };
}

/** A field (of an object type) or input field (of an input type) in the SDL. */
export interface SchemaFieldRef {
  type: string;
  field: string;
}

export interface VersionAddition {
  /** The version that introduced these fields. */
  version: RtdVersion;
  /** Fields removed when emulating any version older than `version`. */
  removes: readonly SchemaFieldRef[];
}

/** What each version added, from the reference changelog (1.0.0 is the first release). */
export const VERSION_ADDITIONS: readonly VersionAddition[] = [
  {
    version: '1.0.1',
    removes: [
      // "Service Stats - Added average waiting time in queue" (typed on all three channel stats).
      { type: 'ServiceCcCallAtStat', field: 'averageTimeOnQueue' },
      { type: 'ServiceCcVideoAtStat', field: 'averageTimeOnQueue' },
      { type: 'ServiceCcChatAtStat', field: 'averageTimeOnQueue' },
      // "Group Stats - Added filter by user site"; ServiceChannelStatFilter.userSite predates it.
      { type: 'GroupChannelStatFilter', field: 'userSite' },
    ],
  },
  {
    version: '1.0.2',
    removes: [{ type: 'CustomStatValue', field: 'aggregatedValue' }],
  },
];

function isOlder(version: RtdVersion, than: RtdVersion): boolean {
  return RTD_VERSIONS.indexOf(version) < RTD_VERSIONS.indexOf(than);
}

/** Fields the given version does not have, because a later version added them. */
export function fieldsMissingIn(version: RtdVersion): SchemaFieldRef[] {
  return VERSION_ADDITIONS.filter((addition) => isOlder(version, addition.version)).flatMap(
    (addition) => addition.removes,
  );
}

/** Whether `type.field` exists in the given version (true for fields not in the table). */
export function versionHasField(version: RtdVersion, type: string, field: string): boolean {
  return !fieldsMissingIn(version).some((missing) => missing.type === type && missing.field === field);
}

export const SCHEMA_PATH: string = fileURLToPath(new URL('../../schema/rtd.graphql', import.meta.url));

export function loadRtdSdl(): string {
  return readFileSync(SCHEMA_PATH, 'utf8');
}

/** Drops the listed fields from the document; throws if one is absent, so table typos surface. */
function removeFields(document: DocumentNode, removals: readonly SchemaFieldRef[]): DocumentNode {
  const pending = new Set(removals.map(({ type, field }) => `${type}.${field}`));
  const definitions = document.definitions.map((definition): DefinitionNode => {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION
    ) {
      return definition;
    }
    const typeName = definition.name.value;
    const fields = definition.fields ?? [];
    const kept = fields.filter((field) => !pending.delete(`${typeName}.${field.name.value}`));
    if (kept.length === fields.length) return definition;
    // Both node kinds have `fields`; the spread keeps the node's own kind and field node type.
    return { ...definition, fields: kept } as DefinitionNode;
  });
  if (pending.size > 0) {
    throw new Error(`VERSION_ADDITIONS names fields absent from ${SCHEMA_PATH}: ${[...pending].join(', ')}`);
  }
  return { ...document, definitions };
}

const schemaCache = new Map<RtdVersion, GraphQLSchema>();

/** Builds (once per version) the resolver-less schema of the given RTD Server version. */
export function buildRtdSchema(version: RtdVersion = DEFAULT_RTD_VERSION): GraphQLSchema {
  const cached = schemaCache.get(version);
  if (cached !== undefined) return cached;
  const document = removeFields(parse(loadRtdSdl()), fieldsMissingIn(version));
  const schema = buildASTSchema(document);
  schemaCache.set(version, schema);
  return schema;
}
