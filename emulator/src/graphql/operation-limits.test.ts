/**
 * The cost walk: equal to expanding every fragment where it is spread (checked against a naive expansion on
 * random fragment graphs), yet linear; and every operation the wallboard and GraphiQL send passes with room.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type DocumentNode, type SelectionSetNode, Kind, getIntrospectionQuery, parse, print, separateOperations } from 'graphql';
import { DEFAULT_OPERATION_LIMITS, costRefusal, operationCost } from './operation-limits.ts';
import { fragmentsOf } from './operations.ts';

/** The cost by brute force: every spread expanded in place (exponential; small documents only). */
function naiveCost(document: DocumentNode): { depth: number; fields: number; aliases: number } {
  const fragments = fragmentsOf(document);
  const walk = (set: SelectionSetNode): { depth: number; fields: number; aliases: number } => {
    const cost = { depth: 0, fields: 0, aliases: 0 };
    for (const s of set.selections) {
      const inner =
        s.kind === Kind.FIELD
          ? (() => {
              const child = s.selectionSet ? walk(s.selectionSet) : { depth: 0, fields: 0, aliases: 0 };
              return { depth: child.depth + 1, fields: child.fields + 1, aliases: child.aliases + (s.alias ? 1 : 0) };
            })()
          : s.kind === Kind.INLINE_FRAGMENT
            ? walk(s.selectionSet)
            : walk(fragments.get(s.name.value)!.selectionSet);
      cost.depth = Math.max(cost.depth, inner.depth);
      cost.fields += inner.fields;
      cost.aliases += inner.aliases;
    }
    return cost;
  };
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  return walk(operation.selectionSet);
}

/** A random acyclic fragment graph: fragment i may spread only fragments after it, under fields or not. */
const fragmentGraph = fc
  .array(
    fc.array(fc.record({ field: fc.constantFrom('ofType', 'interfaces', 'possibleTypes'), alias: fc.boolean(), spreadAhead: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }) }), {
      minLength: 1,
      maxLength: 3,
    }),
    { minLength: 1, maxLength: 7 },
  )
  .map((fragments) => {
    const body = (i: number) =>
      fragments[i]
        .map(({ field, alias, spreadAhead }, j) => {
          const target = spreadAhead === undefined ? -1 : i + spreadAhead;
          const inner = target < fragments.length && target > i ? `...F${target}` : 'name';
          return `${alias ? `a${j}: ` : ''}${field} { ${inner} }${spreadAhead === 2 && target < fragments.length ? ` ...F${target}` : ''}`;
        })
        .join(' ');
    const definitions = fragments.map((_, i) => `fragment F${i} on __Type { name ${body(i)} }`);
    return `{ __schema { queryType { ...F0 } } }\n${definitions.join('\n')}`;
  });

describe('operationCost', () => {
  it('equals expanding every fragment where it is spread, on random fragment graphs', () => {
    fc.assert(
      fc.property(fragmentGraph, (text) => {
        const document = parse(text);
        const { depth, fields, aliases } = operationCost(document);
        assert.deepEqual({ depth, fields, aliases }, naiveCost(document));
      }),
      { numRuns: 300 },
    );
  });

  it('measures a 1,000-level fragment bomb (2^1000 fields expanded) without expanding it', () => {
    const levels = 1_000;
    const fragments = Array.from({ length: levels }, (_, i) =>
      i === levels - 1 ? `fragment F${i} on __Type { name }` : `fragment F${i} on __Type { ofType { ...F${i + 1} } interfaces { ...F${i + 1} } }`,
    );
    const document = parse(`{ __schema { queryType { ...F0 } } }\n${fragments.join('\n')}`);
    const cost = operationCost(document);
    assert.equal(cost.depth, levels + 2);
    assert.ok(cost.fields > 1e300);
    assert.match(costRefusal(document, undefined, true, DEFAULT_OPERATION_LIMITS)!.message, /nested deeper than 20/);
  });

  it('a fragment cycle (refused later by validation) ends the walk instead of looping', () => {
    const document = parse('{ __schema { queryType { ...A } } } fragment A on __Type { ofType { ...B } } fragment B on __Type { ofType { ...A } }');
    assert.equal(operationCost(document).fields, 4);
  });
});

describe('the limits leave room for every real client', () => {
  // Each operation as the app sends it: with the fragments it uses, from whichever file defines them.
  const dir = 'src/app/rtd/operations';
  const all = parse(
    readdirSync(dir)
      .map((file) => readFileSync(`${dir}/${file}`, 'utf8'))
      .join('\n'),
  );
  for (const [name, separate] of Object.entries(separateOperations(all))) {
    it(`the wallboard's ${name}: well under every limit`, () => {
      const document = parse(print(separate), { maxTokens: DEFAULT_OPERATION_LIMITS.maxTokens });
      const cost = operationCost(document, name);
      assert.ok(cost.fields > 0 && cost.fields * 10 < DEFAULT_OPERATION_LIMITS.maxFields, `${name}: ${cost.fields} fields`);
      assert.ok(cost.depth * 2 <= DEFAULT_OPERATION_LIMITS.maxDepth, `${name}: depth ${cost.depth}`);
      assert.equal(costRefusal(document, name, true, DEFAULT_OPERATION_LIMITS), null);
    });
  }

  it("GraphiQL's introspection query, with every option, passes without a login", () => {
    const text = getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true });
    const document = parse(text, { maxTokens: DEFAULT_OPERATION_LIMITS.maxTokens });
    assert.equal(costRefusal(document, undefined, false, DEFAULT_OPERATION_LIMITS), null);
    const cost = operationCost(document);
    assert.ok(cost.depth <= 15 && cost.fields < 300, JSON.stringify(cost));
  });
});
