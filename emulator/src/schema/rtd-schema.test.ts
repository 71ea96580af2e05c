/**
 * Holds the SDL against the reference documentation, parsed here on its own
 * (not via the SDL), and checks the per-version schema emulation.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isObjectType,
  isScalarType,
  isUnionType,
  specifiedScalarTypes,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { buildRtdSchema, DEFAULT_RTD_VERSION, fieldsMissingIn, loadRtdSdl, parseRtdVersion, RTD_VERSIONS, SCHEMA_PATH, serverVersionOf, VERSION_ADDITIONS, versionHasField } from './rtd-schema.ts';
import { compareRtdVersions } from '../../../contract/rtd-versions.ts';

// The reference lives in shared/, beside the checkout (as on every developer machine and in CI).
const REFERENCE_PATH = new URL('../../../../shared/seeds/000_0e86268f14c0b0fb.txt', import.meta.url).pathname;

// ---------------------------------------------------------------------------
// Reference parser: the "Schema Types" section as plain data.
// ---------------------------------------------------------------------------

type SectionName = 'Query' | 'Mutation' | 'Subscription' | 'Objects' | 'Inputs' | 'Enums' | 'Scalars' | 'Unions';
const ROOT_SECTIONS: readonly SectionName[] = ['Query', 'Mutation', 'Subscription'];
const SECTIONS: readonly SectionName[] = [...ROOT_SECTIONS, 'Objects', 'Inputs', 'Enums', 'Scalars', 'Unions'];
const TABLE_HEADERS = new Set(['Field', 'Value', 'Type']);

interface RefArgument {
  name: string;
  type: string;
  description: string;
}
interface RefField extends RefArgument {
  args: RefArgument[];
}
interface RefEnumValue {
  name: string;
  description: string;
}
interface RefUnionMember {
  name: string;
  description: string;
}
interface RefType {
  name: string;
  section: SectionName;
  description: string | undefined;
  /** Raw table rows (cells without the outer pipes), header and separator rows excluded. */
  rows: string[][];
}
interface Reference {
  roots: Map<string, RefField[]>;
  objects: Map<string, RefType & { fields: RefField[] }>;
  inputs: Map<string, RefType & { fields: RefField[] }>;
  enums: Map<string, RefType & { values: RefEnumValue[] }>;
  scalars: Map<string, RefType>;
  unions: Map<string, RefType & { members: RefUnionMember[] }>;
  /** Signatures such as `users(filter: UserFilter!): [User]` from the operation guides. */
  operationSignatures: Map<string, { args: string; type: string }>;
}

function tableCells(line: string): string[] {
  return line
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());
}

function namedTypeOf(typeString: string): string {
  return typeString.replace(/[[\]!]/g, '');
}

function parseReference(text: string): Reference {
  const lines = text.split('\n').filter((line) => !line.startsWith('curl'));
  const start = lines.indexOf('Schema Types');
  const end = lines.indexOf('GraphQL Glossary');
  assert.ok(start > 0 && end > start, 'reference has a Schema Types section');

  const types: RefType[] = [];
  let section: SectionName | undefined;
  let current: RefType | undefined;
  for (let i = start + 1; i < end; i++) {
    const line = lines[i]!;
    if ((SECTIONS as readonly string[]).includes(line)) {
      section = line as SectionName;
      current = ROOT_SECTIONS.includes(section) ? { name: section, section, description: undefined, rows: [] } : undefined;
      if (current) types.push(current);
      continue;
    }
    // A type starts with its name on one line and "The <Name> type|enum|scalar type represents ..." on the next.
    const next = lines[i + 1] ?? '';
    const heading = /^The (\w+) (?:type|enum|scalar type) represents /.exec(next);
    if (section && !ROOT_SECTIONS.includes(section) && heading?.[1] === line) {
      current = { name: line, section, description: next, rows: [] };
      types.push(current);
      i++;
      continue;
    }
    if (line.startsWith('|')) {
      const cells = tableCells(line);
      if (TABLE_HEADERS.has(cells[0]!) || /^-+$/.test(cells[0]!)) continue;
      if (current) current.rows.push(cells);
      else assert.ok(!section, `table row outside any type: ${line}`);
    }
  }

  const inSection = (name: SectionName) => types.filter((type) => type.section === name);
  const inputNames = new Set(inSection('Inputs').map((type) => type.name));
  const scalarNames = new Set(inSection('Scalars').map((type) => type.name));

  // Object/input rows are `name | type | description | (empty)`: the Argument column is never used.
  const plainFields = (type: RefType): RefField[] =>
    type.rows.map((cells) => {
      assert.equal(cells.length, 4, `${type.name}: row has 4 cells`);
      assert.equal(cells[3], '', `${type.name}.${cells[0]}: no argument`);
      return { name: cells[0]!, type: cells[1]!, description: cells[2]!, args: [] };
    });

  // Root rows: an argument row follows its field and is recognisable by its input (input object or scalar) type.
  const rootFields = (type: RefType): RefField[] => {
    const fields: RefField[] = [];
    for (const row of plainFields(type)) {
      const named = namedTypeOf(row.type);
      const isArgument = inputNames.has(named) || scalarNames.has(named);
      if (isArgument) {
        assert.ok(fields.length > 0, `${type.name}: argument ${row.name} before any field`);
        fields.at(-1)!.args.push({ name: row.name, type: row.type, description: row.description });
      } else {
        fields.push(row);
      }
    }
    return fields;
  };

  const operationSignatures = new Map<string, { args: string; type: string }>();
  for (const line of lines.slice(0, start)) {
    const signature = /(\w+)\(([^)]*)\): (\S+)$/.exec(line);
    if (signature) operationSignatures.set(signature[1]!, { args: signature[2]!, type: signature[3]! });
  }

  const byName = <T extends { name: string }>(items: T[]) => new Map(items.map((item) => [item.name, item]));
  return {
    roots: new Map(
      inSection('Query')
        .concat(inSection('Mutation'), inSection('Subscription'))
        .map((type) => [type.name, rootFields(type)]),
    ),
    objects: byName(inSection('Objects').map((type) => ({ ...type, fields: plainFields(type) }))),
    inputs: byName(inSection('Inputs').map((type) => ({ ...type, fields: plainFields(type) }))),
    enums: byName(
      inSection('Enums').map((type) => ({
        ...type,
        values: type.rows.map(([name, description]) => ({ name: name!, description: description! })),
      })),
    ),
    scalars: byName(inSection('Scalars')),
    unions: byName(
      inSection('Unions').map((type) => ({
        ...type,
        members: type.rows.map(([name, description]) => ({ name: name!, description: description! })),
      })),
    ),
    operationSignatures,
  };
}

// ---------------------------------------------------------------------------
// Helpers over the built schema.
// ---------------------------------------------------------------------------

function userTypes(schema: GraphQLSchema): GraphQLNamedType[] {
  return Object.values(schema.getTypeMap()).filter((type) => !type.name.startsWith('__'));
}

function sortedNames(items: Iterable<{ name: string }>): string[] {
  return [...items].map((item) => item.name).sort();
}

/** The reference is rendered Markdown: backticks and link targets (used by built-in scalars) are gone. */
function asRenderedText(text: string | null | undefined): string | undefined {
  return text?.replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}

function assertFieldsMatch(typeName: string, actual: readonly (GraphQLField<unknown, unknown> | GraphQLInputField)[], expected: readonly RefField[]): void {
  assert.deepEqual(
    actual.map((field) => field.name),
    expected.map((field) => field.name),
    `${typeName}: field names and order`,
  );
  for (const [index, field] of actual.entries()) {
    const reference = expected[index]!;
    const where = `${typeName}.${field.name}`;
    assert.equal(String(field.type), reference.type, `${where}: type`);
    assert.equal(field.description, reference.description, `${where}: description`);
    const args = 'args' in field ? field.args : [];
    assert.deepEqual(
      args.map((arg) => [arg.name, String(arg.type), arg.description]),
      reference.args.map((arg) => [arg.name, arg.type, arg.description]),
      `${where}: arguments`,
    );
  }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

const reference = parseReference(readFileSync(REFERENCE_PATH, 'utf8'));
const schema = buildRtdSchema('1.0.2');

describe('reference parser', () => {
  it('finds every type of the Schema Types section', () => {
    const counts = {
      objects: reference.objects.size,
      inputs: reference.inputs.size,
      enums: reference.enums.size,
      scalars: reference.scalars.size,
      unions: reference.unions.size,
      queryFields: reference.roots.get('Query')!.length,
      mutationFields: reference.roots.get('Mutation')!.length,
      subscriptionFields: reference.roots.get('Subscription')!.length,
      objectFields: [...reference.objects.values()].reduce((sum, type) => sum + type.fields.length, 0),
      inputFields: [...reference.inputs.values()].reduce((sum, type) => sum + type.fields.length, 0),
      enumValues: [...reference.enums.values()].reduce((sum, type) => sum + type.values.length, 0),
      rootArguments: [...reference.roots.values()].flat().reduce((sum, field) => sum + field.args.length, 0),
    };
    console.log('reference counts', counts);
    // Fixed numbers: if the parser (or the reference) drifts, this fails before the SDL comparison does.
    assert.deepEqual(counts, {
      objects: 27,
      inputs: 9,
      enums: 7,
      scalars: 6,
      unions: 2,
      queryFields: 7,
      mutationFields: 2,
      subscriptionFields: 6,
      objectFields: 175,
      inputFields: 27,
      enumValues: 35,
      rootArguments: 13,
    });
  });

  it('agrees with the operation signatures given in the guides', () => {
    const rootFields = [...reference.roots.get('Query')!, ...reference.roots.get('Mutation')!];
    assert.equal(reference.operationSignatures.size, 9);
    for (const [name, signature] of reference.operationSignatures) {
      const field = rootFields.find((candidate) => candidate.name === name);
      assert.ok(field, `operation ${name} is a Query or Mutation field`);
      assert.equal(field.type, signature.type, `${name}: return type`);
      assert.equal(field.args.map((arg) => `${arg.name}: ${arg.type}`).join(', '), signature.args, `${name}: arguments`);
    }
  });
});

describe('rtd.graphql (1.0.2) matches the reference', () => {
  it('is valid standalone SDL at SCHEMA_PATH', () => {
    assert.ok(SCHEMA_PATH.endsWith('/contract/rtd.graphql'));
    assert.doesNotThrow(() => buildSchema(loadRtdSdl()));
  });

  it('uses Query, Mutation and Subscription as root types', () => {
    assert.equal(schema.getQueryType()?.name, 'Query');
    assert.equal(schema.getMutationType()?.name, 'Mutation');
    assert.equal(schema.getSubscriptionType()?.name, 'Subscription');
  });

  it('has exactly the reference kinds of types', () => {
    const types = userTypes(schema);
    const rootNames = new Set(reference.roots.keys());
    assert.deepEqual(sortedNames(types.filter((type) => isObjectType(type) && !rootNames.has(type.name))), [...reference.objects.keys()].sort(), 'object types');
    assert.deepEqual(sortedNames(types.filter(isInputObjectType)), [...reference.inputs.keys()].sort(), 'input types');
    assert.deepEqual(sortedNames(types.filter(isEnumType)), [...reference.enums.keys()].sort(), 'enums');
    assert.deepEqual(sortedNames(types.filter(isUnionType)), [...reference.unions.keys()].sort(), 'unions');
    assert.deepEqual(sortedNames(types.filter(isScalarType)), [...reference.scalars.keys()].sort(), 'scalars');
    assert.deepEqual(
      [...reference.scalars.keys()].filter((name) => !specifiedScalarTypes.some((builtIn) => builtIn.name === name)),
      ['Date'],
      'Date is the only custom scalar',
    );
    assert.equal(types.length, 3 + 27 + 9 + 7 + 2 + 6);
  });

  it('has the root fields, arguments and descriptions of the reference', () => {
    for (const [rootName, fields] of reference.roots) {
      const root = schema.getType(rootName) as GraphQLObjectType;
      assert.equal(root.description ?? undefined, undefined, `${rootName}: no description in the reference`);
      assertFieldsMatch(rootName, Object.values(root.getFields()), fields);
    }
  });

  it('has the object types with their fields, types and descriptions', () => {
    for (const [name, expected] of reference.objects) {
      const type = schema.getType(name);
      assert.ok(isObjectType(type), `${name} is an object type`);
      assert.equal(type.description, expected.description, `${name}: description`);
      assertFieldsMatch(name, Object.values(type.getFields()), expected.fields);
    }
  });

  it('has the input types with their fields, types and descriptions', () => {
    for (const [name, expected] of reference.inputs) {
      const type = schema.getType(name);
      assert.ok(isInputObjectType(type), `${name} is an input type`);
      assert.equal(type.description, expected.description, `${name}: description`);
      assertFieldsMatch(name, Object.values(type.getFields()), expected.fields);
    }
  });

  it('has the enums with their values (case kept) and descriptions', () => {
    for (const [name, expected] of reference.enums) {
      const type = schema.getType(name);
      assert.ok(isEnumType(type), `${name} is an enum`);
      assert.equal(type.description, expected.description, `${name}: description`);
      assert.deepEqual(
        type.getValues().map((value) => [value.name, value.description]),
        expected.values.map((value) => [value.name, value.description]),
        `${name}: values`,
      );
    }
    assert.ok(schema.getType('StatType'), 'StatType is kept although no field uses it');
  });

  it('has the unions with their members, whose descriptions the reference repeats', () => {
    for (const [name, expected] of reference.unions) {
      const type = schema.getType(name);
      assert.ok(isUnionType(type), `${name} is a union`);
      assert.equal(type.description, expected.description, `${name}: description`);
      assert.deepEqual(sortedNames(type.getTypes()), sortedNames(expected.members), `${name}: members`);
      for (const member of expected.members) {
        assert.equal(asRenderedText(member.description), schema.getType(member.name)?.description, `${name} | ${member.name}`);
      }
    }
  });

  it('has the scalars with the reference descriptions', () => {
    for (const [name, expected] of reference.scalars) {
      const type = schema.getType(name);
      assert.ok(isScalarType(type), `${name} is a scalar`);
      assert.equal(asRenderedText(type.description), expected.description, `${name}: description`);
    }
  });
});

describe('version emulation', () => {
  const has = (version: (typeof RTD_VERSIONS)[number], typeName: string, fieldName: string): boolean => {
    const type = buildRtdSchema(version).getType(typeName);
    assert.ok(isObjectType(type) || isInputObjectType(type), `${version}: ${typeName} exists`);
    return fieldName in type.getFields();
  };
  const serviceChannelStats = ['ServiceCcCallAtStat', 'ServiceCcVideoAtStat', 'ServiceCcChatAtStat'];

  it('1.0.0 lacks averageTimeOnQueue, GroupChannelStatFilter.userSite and aggregatedValue', () => {
    for (const typeName of serviceChannelStats) assert.equal(has('1.0.0', typeName, 'averageTimeOnQueue'), false);
    assert.equal(has('1.0.0', 'GroupChannelStatFilter', 'userSite'), false);
    assert.equal(has('1.0.0', 'CustomStatValue', 'aggregatedValue'), false);
    // The service filter had userSite from the first release.
    assert.equal(has('1.0.0', 'ServiceChannelStatFilter', 'userSite'), true);
    assert.equal(has('1.0.0', 'CustomStatValue', 'value'), true);
  });

  it('1.0.1 has averageTimeOnQueue and GroupChannelStatFilter.userSite but not aggregatedValue', () => {
    for (const typeName of serviceChannelStats) assert.equal(has('1.0.1', typeName, 'averageTimeOnQueue'), true);
    assert.equal(has('1.0.1', 'GroupChannelStatFilter', 'userSite'), true);
    assert.equal(has('1.0.1', 'CustomStatValue', 'aggregatedValue'), false);
  });

  it('1.0.2 has all of them', () => {
    for (const typeName of serviceChannelStats) assert.equal(has('1.0.2', typeName, 'averageTimeOnQueue'), true);
    assert.equal(has('1.0.2', 'GroupChannelStatFilter', 'userSite'), true);
    assert.equal(has('1.0.2', 'CustomStatValue', 'aggregatedValue'), true);
  });

  it('older versions differ from 1.0.2 only by the fields of VERSION_ADDITIONS', () => {
    const fieldList = (version: (typeof RTD_VERSIONS)[number]) =>
      userTypes(buildRtdSchema(version))
        .filter((type) => isObjectType(type) || isInputObjectType(type))
        .flatMap((type) => Object.keys((type as GraphQLObjectType).getFields()).map((field) => `${type.name}.${field}`));
    const newest = fieldList('1.0.2');
    for (const version of RTD_VERSIONS) {
      const missing = fieldsMissingIn(version).map(({ type, field }) => `${type}.${field}`);
      assert.deepEqual(
        fieldList(version),
        newest.filter((field) => !missing.includes(field)),
        version,
      );
    }
    assert.deepEqual(fieldsMissingIn('1.0.0').length, 5);
    assert.deepEqual(fieldsMissingIn('1.0.1'), [{ type: 'CustomStatValue', field: 'aggregatedValue' }]);
    assert.deepEqual(fieldsMissingIn('1.0.2'), []);
    assert.deepEqual(
      VERSION_ADDITIONS.map((addition) => addition.version),
      ['1.0.1', '1.0.2'],
    );
    assert.equal(versionHasField('1.0.1', 'CustomStatValue', 'aggregatedValue'), false);
    assert.equal(versionHasField('1.0.1', 'ServiceCcChatAtStat', 'averageTimeOnQueue'), true);
  });

  it('marks input fields as input, and names each added object field only on the types the table lists', () => {
    const full = buildRtdSchema('1.0.2');
    const entries = VERSION_ADDITIONS.flatMap((addition) => addition.removes.map((ref) => ({ ...ref, version: addition.version })));
    for (const entry of entries) {
      assert.equal(entry.input === true, isInputObjectType(full.getType(entry.type)), `${entry.type}.${entry.field}: input flag`);
    }
    // The wallboard strips a selection by name where its document does not say the parent type.
    for (const entry of entries.filter((e) => !e.input)) {
      const declaring = userTypes(full)
        .filter((type) => isObjectType(type) && entry.field in type.getFields())
        .map((type) => type.name)
        .sort();
      const listed = entries.filter((e) => !e.input && e.field === entry.field);
      assert.deepEqual(listed.map((e) => e.type).sort(), declaring, `object types declaring "${entry.field}"`);
      assert.ok(
        listed.every((e) => e.version === entry.version),
        `"${entry.field}" was added in one version`,
      );
    }
  });

  it('compares any server version numerically, newer than the table meaning every field', () => {
    assert.ok(compareRtdVersions('1.0.10', '1.0.2') > 0);
    assert.ok(compareRtdVersions('1.0.1', '1.0.2') < 0);
    assert.equal(compareRtdVersions('1.0.2', '1.0.2'), 0);
    assert.deepEqual(fieldsMissingIn('1.3.0'), []);
    assert.equal(versionHasField('26.2.7', 'CustomStatValue', 'aggregatedValue'), true);
    assert.equal(fieldsMissingIn('0.9.0').length, fieldsMissingIn('1.0.0').length);
  });

  it('caches one schema per version, defaulting to 1.0.2', () => {
    assert.equal(DEFAULT_RTD_VERSION, '1.0.2');
    assert.equal(buildRtdSchema(), buildRtdSchema('1.0.2'));
    assert.equal(buildRtdSchema('1.0.0'), buildRtdSchema('1.0.0'));
    assert.notEqual(buildRtdSchema('1.0.0'), buildRtdSchema('1.0.1'));
  });

  it('parses the supported versions and rejects others naming the valid ones', () => {
    for (const version of RTD_VERSIONS) assert.equal(parseRtdVersion(version), version);
    assert.throws(
      () => parseRtdVersion('2.0.0'),
      (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.match(error.message, /2\.0\.0/);
        for (const version of RTD_VERSIONS) assert.ok(error.message.includes(version), `message names ${version}`);
        return true;
      },
    );
  });

  it('reports the server version as SemVer parts', () => {
    assert.deepEqual(serverVersionOf('1.0.0'), { major: 1, minor: 0, patch: 0 });
    assert.deepEqual(serverVersionOf('1.0.2'), { major: 1, minor: 0, patch: 2 });
  });
});
