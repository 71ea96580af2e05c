/**
 * RTD Server schema, per emulated server version.
 *
 * `contract/rtd.graphql` is the newest documented schema (1.0.2).
 * Older versions are derived from it by removing, at the AST level, the
 * fields that the reference changelog says were added later (the table in
 * `contract/rtd-versions.ts`, which the wallboard reads too). The schemas
 * built here carry no resolvers: the server attaches them separately.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildASTSchema, Kind, parse, type DefinitionNode, type DocumentNode, type GraphQLSchema } from 'graphql';

import { DEFAULT_RTD_VERSION, RTD_VERSIONS, type RtdVersion, type SchemaFieldRef, fieldsMissingIn } from '../../../contract/rtd-versions.ts';

// Which version has which field is shared with the wallboard: one table, in contract/rtd-versions.ts.
export { DEFAULT_RTD_VERSION, RTD_VERSIONS, VERSION_ADDITIONS, fieldsMissingIn, versionHasField, type RtdVersion, type SchemaFieldRef, type VersionAddition } from '../../../contract/rtd-versions.ts';

export function parseRtdVersion(text: string): RtdVersion {
  const candidate = text.trim();
  const match = RTD_VERSIONS.find((version) => version === candidate);
  if (match === undefined) {
    throw new Error(`Unsupported RTD Server version "${text}": valid versions are ${RTD_VERSIONS.join(', ')}`);
  }
  return match;
}

export function serverVersionOf(version: RtdVersion): { major: number; minor: number; patch: number } {
  const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
  return { major, minor, patch };
}

export const SCHEMA_PATH: string = fileURLToPath(new URL('../../../contract/rtd.graphql', import.meta.url));

export function loadRtdSdl(): string {
  return readFileSync(SCHEMA_PATH, 'utf8');
}

/** Drops the listed fields from the document; throws if one is absent, so table typos surface. */
function removeFields(document: DocumentNode, removals: readonly SchemaFieldRef[]): DocumentNode {
  const pending = new Set(removals.map(({ type, field }) => `${type}.${field}`));
  const definitions = document.definitions.map((definition): DefinitionNode => {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION) {
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
