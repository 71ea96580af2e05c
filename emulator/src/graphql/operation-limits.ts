/**
 * What an operation may cost, checked before it runs, and the one admission every transport uses: HTTP,
 * graphql-transport-ws and the legacy graphql-ws protocol all turn a request into ExecutionArgs here, so a
 * hostile document meets the same limits and the same clear error whichever way it arrives.
 *
 * Every walk here is linear in the document: a fragment is measured once, however often it is spread, so
 * a chain of fragments each spreading the next twice (exponential when expanded) costs what it weighs.
 */
import { type ASTNode, type DocumentNode, type ExecutionArgs, type GraphQLSchema, type SelectionSetNode, GraphQLError, Kind, OperationTypeNode, parse, validate } from 'graphql';
import { VALIDATION_RULES, fragmentsOf, operationOf } from './operations.ts';
import type { RtdContext } from './root-resolvers.ts';

export interface OperationLimits {
  /**
   * Characters in a document. A wallboard's largest operation is about 2,000.
   * @default 100_000
   */
  maxDocumentLength: number;
  /**
   * Lexical tokens in a document, counted by graphql-js's parser, which stops at the limit. GraphiQL's
   * introspection query has about 330.
   * @default 10_000
   */
  maxTokens: number;
  /**
   * Deepest selection, fragments counted where they are spread. GraphiQL's introspection query needs 13.
   * @default 20
   */
  maxDepth: number;
  /**
   * Fields an operation selects once every fragment is expanded where it is spread: what execution would
   * visit per object. Bounds the "fragment bomb" (each fragment spreading the next twice).
   * @default 2_000
   */
  maxFields: number;
  /**
   * Aliased fields, fragments expanded: aliases let one document ask for the same costly field many times.
   * @default 100
   */
  maxAliases: number;
  /**
   * Introspection root fields (`__schema`, `__type`) an operation may select without a login: enough for a
   * playground or a code generator, not for a thousand aliased copies of the schema.
   * @default 2
   */
  maxIntrospectionWithoutLogin: number;
  /**
   * Bytes of an operation's variables as JSON. A wallboard's largest filter (2,000 usernames) is about 30 kB.
   * @default 256_000
   */
  maxVariablesBytes: number;
  /**
   * Entries in any one list of a filter (services, groups, users, profiles, codes): a subscription's filter is
   * evaluated on every tick, so its cost must be bounded.
   * @default 10_000
   */
  maxFilterListLength: number;
}

export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxDocumentLength: 100_000,
  maxTokens: 10_000,
  maxDepth: 20,
  maxFields: 2_000,
  maxAliases: 100,
  maxIntrospectionWithoutLogin: 2,
  maxVariablesBytes: 256_000,
  maxFilterListLength: 10_000,
};

/**
 * A refusal before execution: the message a client reads and, for request-level faults (sizes, the shape of
 * variables), the HTTP status that fits whatever the Accept header; null leaves the status to the
 * GraphQL-over-HTTP rules for a document that fails validation (200 for application/json, else 400).
 */
export class OperationRefused extends GraphQLError {
  constructor(
    message: string,
    readonly status: 400 | 413 | null,
    code = 'BAD_REQUEST',
    nodes?: ASTNode,
  ) {
    super(message, { extensions: { code }, nodes });
  }
}

/**
 * What a selection costs once expanded: its depth, fields and aliases, and the introspection fields (`__schema`,
 * `__type`) among its own top-level fields, through fragments: at an operation, its introspection root fields.
 */
export interface SelectionCost {
  depth: number;
  fields: number;
  aliases: number;
  introspection: number;
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);
const NOTHING: SelectionCost = { depth: 0, fields: 0, aliases: 0, introspection: 0 };

/**
 * The expanded cost of an operation, computed in one linear pass: each fragment's cost is memoised, so spreading
 * it twice adds its numbers twice without walking it twice. A fragment cycle (refused later by validation) counts
 * as empty here.
 */
export function operationCost(document: DocumentNode, operationName?: string | null): SelectionCost {
  const fragments = fragmentsOf(document);
  const memo = new Map<string, SelectionCost>();
  const measuring = new Set<string>();
  const measure = (set: SelectionSetNode): SelectionCost => {
    const cost = { ...NOTHING };
    for (const s of set.selections) {
      let inner: SelectionCost;
      if (s.kind === Kind.FIELD) {
        const child = s.selectionSet ? measure(s.selectionSet) : NOTHING;
        // A field's own name counts for introspection; what it selects is not at the same level.
        inner = { depth: child.depth + 1, fields: child.fields + 1, aliases: child.aliases + (s.alias ? 1 : 0), introspection: INTROSPECTION_ROOTS.has(s.name.value) ? 1 : 0 };
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        inner = measure(s.selectionSet);
      } else {
        const name = s.name.value;
        const fragment = fragments.get(name);
        if (!fragment || measuring.has(name)) continue;
        if (!memo.has(name)) {
          measuring.add(name);
          memo.set(name, measure(fragment.selectionSet));
          measuring.delete(name);
        }
        inner = memo.get(name)!;
      }
      cost.depth = Math.max(cost.depth, inner.depth);
      cost.fields += inner.fields;
      cost.aliases += inner.aliases;
      cost.introspection += inner.introspection;
    }
    return cost;
  };
  const operation = operationOf(document, operationName);
  return operation ? measure(operation.selectionSet) : { ...NOTHING };
}

/** The first limit a parsed document breaks, or null: a validation error, located at the operation. */
export function costRefusal(document: DocumentNode, operationName: string | null | undefined, authenticated: boolean, limits: OperationLimits): OperationRefused | null {
  const operation = operationOf(document, operationName);
  if (!operation) return null;
  const cost = operationCost(document, operationName);
  const refuse = (message: string) => new OperationRefused(message, null, 'QUERY_TOO_COMPLEX', operation);
  if (!authenticated && cost.introspection > limits.maxIntrospectionWithoutLogin) {
    return refuse(`Document asks for ${count(cost.introspection)} introspection fields (__schema, __type); without a login the limit is ${limits.maxIntrospectionWithoutLogin}`);
  }
  if (cost.depth > limits.maxDepth) return refuse(`Document is nested deeper than ${limits.maxDepth} levels`);
  if (cost.aliases > limits.maxAliases) return refuse(`Document has ${count(cost.aliases)} aliased fields once its fragments are expanded; the limit is ${limits.maxAliases}`);
  if (cost.fields > limits.maxFields) return refuse(`Document selects ${count(cost.fields)} fields once its fragments are expanded; the limit is ${limits.maxFields}`);
  return null;
}

/** A large count in words a person reads ("more than a million" rather than 4.7e21). */
function count(n: number): string {
  return n > 1_000_000 ? 'more than a million' : String(n);
}

/** A request as a transport received it: nothing about its fields is trusted yet. */
export interface OperationRequest {
  query: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/**
 * Turns a request into ExecutionArgs, or refuses it with errors a client can read: the document's size, its
 * tokens, its expanded cost, the variables' shape and size, then graphql-js validation (which can throw on
 * some invalid documents: that is a refusal too, never an internal error).
 */
export function admitOperation(
  schema: GraphQLSchema,
  request: OperationRequest,
  contextValue: RtdContext,
  limits: OperationLimits,
): { args: ExecutionArgs } | { errors: readonly GraphQLError[]; status: 400 | 413 | null } {
  const refuse = (error: OperationRefused) => ({ errors: [error], status: error.status });
  const { query, variables, operationName } = request;
  if (typeof query !== 'string') return refuse(new OperationRefused('The start payload needs a "query" string', 400));
  if (query.length > limits.maxDocumentLength) {
    return refuse(new OperationRefused(`Document is ${query.length} characters long; the limit is ${limits.maxDocumentLength}`, 413, 'PAYLOAD_TOO_LARGE'));
  }
  if (operationName != null && typeof operationName !== 'string') return refuse(new OperationRefused('"operationName" must be a string', 400));
  if (variables != null && (typeof variables !== 'object' || Array.isArray(variables))) {
    return refuse(new OperationRefused('"variables" must be a JSON object of variable values', 400, 'BAD_USER_INPUT'));
  }
  if (variables != null) {
    const shape = variablesRefusal(variables, limits);
    if (shape) return refuse(shape);
  }
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens });
  } catch (error) {
    if (/Document contains more th(?:an|at) \d+ tokens/.test((error as Error).message)) {
      return refuse(new OperationRefused(`Document has more than ${limits.maxTokens} tokens; the limit is ${limits.maxTokens}`, 413, 'PAYLOAD_TOO_LARGE'));
    }
    // graphql-js's syntax error, with its locations, as every GraphQL client expects it.
    return { errors: [error as GraphQLError], status: null };
  }
  const tooCostly = costRefusal(document, operationName as string | undefined, !!contextValue.principal, limits);
  if (tooCostly) return refuse(tooCostly);
  const skipped = skippedSubscriptionRoot(document, operationName as string | undefined);
  if (skipped) return refuse(skipped);
  let errors: readonly GraphQLError[];
  try {
    errors = validate(schema, document, VALIDATION_RULES);
  } catch (error) {
    // graphql-js evaluates @skip/@include while validating a subscription, and throws on a missing variable.
    return refuse(new OperationRefused(`Invalid document: ${(error as Error).message}`, null, 'GRAPHQL_VALIDATION_FAILED'));
  }
  if (errors.length) return { errors, status: null };
  return {
    args: {
      schema,
      document,
      variableValues: (variables ?? undefined) as Record<string, unknown> | undefined,
      operationName: (operationName ?? undefined) as string | undefined,
      contextValue,
    },
  };
}

/** Deepest nesting of lists and objects in variables: the RTD filters nest three levels. */
const MAX_VARIABLES_NESTING = 16;

/**
 * Variables too large, too deeply nested (graphql-js coerces them recursively) or with a list longer than
 * maxFilterListLength, or null. Walked without recursion, so no shape of JSON can overflow the stack here.
 */
function variablesRefusal(variables: object, limits: OperationLimits): OperationRefused | null {
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify(variables));
  } catch {
    return new OperationRefused('"variables" cannot be read as JSON', 400, 'BAD_USER_INPUT');
  }
  if (bytes > limits.maxVariablesBytes) return new OperationRefused(`Variables are ${bytes} bytes as JSON; the limit is ${limits.maxVariablesBytes}`, 413, 'PAYLOAD_TOO_LARGE');
  const pending: [unknown, number][] = [[variables, 0]];
  while (pending.length) {
    const [value, depth] = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_VARIABLES_NESTING) return new OperationRefused(`Variables are nested deeper than ${MAX_VARIABLES_NESTING} levels`, 400, 'BAD_USER_INPUT');
    const children = Array.isArray(value) ? value : Object.values(value);
    if (Array.isArray(value) && value.length > limits.maxFilterListLength) {
      return new OperationRefused(`A list in the variables has ${value.length} entries; the limit is ${limits.maxFilterListLength}`, 400, 'BAD_USER_INPUT');
    }
    for (const child of children) pending.push([child, depth + 1]);
  }
  return null;
}

/** A subscription's root field under @skip or @include would subscribe to nothing: refused, not left silent. */
function skippedSubscriptionRoot(document: DocumentNode, operationName: string | undefined): OperationRefused | null {
  const operation = operationOf(document, operationName);
  if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return null;
  const conditional = operation.selectionSet.selections.some((s) => s.directives?.some((d) => d.name.value === 'skip' || d.name.value === 'include'));
  return conditional ? new OperationRefused("A subscription's root field cannot carry @skip or @include", null, 'GRAPHQL_VALIDATION_FAILED', operation) : null;
}
