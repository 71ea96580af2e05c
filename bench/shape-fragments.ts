/**
 * An alternative the cache benchmark measures (bench/cache-costs.ts), not the app's path: a delta carries a few
 * changed fields among many nulls, and writing it through a fragment of only its non-null fields (one per shape
 * of delta, memoised) hands the policies just what changed. The nulls left out are exactly the fields whose merge
 * would keep the stored value, so the cache ends the same. Measured about 13 % cheaper than the whole fragment
 * (docs/benchmarks.md), not enough to keep a second path beside the policies.
 */
import type { DocumentNode, FieldNode, FragmentDefinitionNode } from 'graphql';
import { Kind, OperationTypeNode } from 'graphql';

type RtdObject = Record<string, unknown>;

/** Distinct shapes kept per fragment; past it a delta goes through the whole fragment (correct, only slower). */
const MAX_SHAPES = 512;

interface FragmentShapes {
  readonly definition: FragmentDefinitionNode;
  readonly byShape: Map<string, DocumentNode>;
}

export class ShapeFragments {
  private readonly byFragment = new Map<DocumentNode, FragmentShapes>();

  /**
   * A document to write `delta` with through `cache.write` (whose options, unlike writeFragment's, declare the
   * extensions the merge functions read): the fragment of the delta's non-null fields, spread by a query.
   */
  of(fragment: DocumentNode, fragmentName: string, delta: RtdObject): DocumentNode {
    const fragments = this.fragmentsOf(fragment, fragmentName);
    const present = fragments.definition.selectionSet.selections.filter((s) => s.kind !== Kind.FIELD || s.name.value === '__typename' || (delta[responseKey(s)] ?? null) !== null);
    const shape = present.map((s) => (s.kind === Kind.FIELD ? responseKey(s) : '…')).join(',');
    let document = fragments.byShape.get(shape);
    if (!document) {
      const selections = fragments.byShape.size >= MAX_SHAPES ? fragments.definition.selectionSet.selections : present;
      document = {
        ...fragment,
        definitions: [
          {
            kind: Kind.OPERATION_DEFINITION,
            operation: OperationTypeNode.QUERY,
            selectionSet: { kind: Kind.SELECTION_SET, selections: [{ kind: Kind.FRAGMENT_SPREAD, name: { kind: Kind.NAME, value: fragmentName } }] },
          },
          ...fragment.definitions.map((d) => (d === fragments.definition ? { ...fragments.definition, selectionSet: { ...fragments.definition.selectionSet, selections } } : d)),
        ],
      };
      if (fragments.byShape.size < MAX_SHAPES) fragments.byShape.set(shape, document);
    }
    return document;
  }

  private fragmentsOf(fragment: DocumentNode, fragmentName: string): FragmentShapes {
    let found = this.byFragment.get(fragment);
    if (!found) {
      const definition = fragment.definitions.find((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === fragmentName);
      if (!definition) throw new Error(`No fragment ${fragmentName} in its document`);
      this.byFragment.set(fragment, (found = { definition, byShape: new Map() }));
    }
    return found;
  }
}

function responseKey(selection: FieldNode): string {
  return selection.alias?.value ?? selection.name.value;
}
