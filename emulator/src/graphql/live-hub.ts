/**
 * Subscriptions: subscribers of the same operation, variables and visibility share a group. After every
 * simulation step the hub re-runs each group's operation as a query once, diffs it with what the group's
 * subscribers hold, and pushes the delta to each of them. A subscription sends nothing at start: clients
 * take a snapshot with a query, and the group's baseline is that same state.
 */
import {
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
  GraphQLError,
  Kind,
  OperationTypeNode,
  executeSync,
  getArgumentValues,
  print,
} from 'graphql';
import { authorizationError, fragmentsOf, operationOf } from './operations.ts';
import { type SelectionShape, diffOperationResult, project, shapeOfOperation } from './delta.ts';
import type { RtdContext } from './root-resolvers.ts';

type Data = Record<string, unknown>;

/** A subscription's one root field, resolved without graphql-js on each tick. */
interface LiveRoot {
  readonly responseKey: string;
  readonly resolve: () => unknown;
  /** Projections of unchanged views, so unchanged entities keep their identity between ticks. */
  readonly memo: WeakMap<object, Data>;
  /** Projections of unchanged lists (the resolver returned the same array), so their diff is skipped. */
  readonly lists: WeakMap<readonly unknown[], Data[]>;
  /** The list this group last projected and its projection: entities in the same place are reused without a lookup. */
  last: { list: readonly unknown[]; projected: Data[] } | null;
}

interface LiveGroup {
  readonly key: string;
  readonly args: ExecutionArgs;
  readonly shape: SelectionShape;
  readonly root: LiveRoot;
  /** The key of the shared projection (the selection without the root field's arguments). */
  readonly selection: string;
  /** What every subscriber of the group holds now: the last result, snapshot plus deltas. */
  current: Data | null;
  readonly subscribers: Set<PushIterator<ExecutionResult>>;
}

export interface FanOutReport {
  groups: number;
  subscribers: number;
  messages: number;
  durationMs: number;
}

export class LiveHub {
  private readonly groups = new Map<string, LiveGroup>();
  /** Running subscriptions per account (username), for maxSubscriptionsPerAccount. */
  private readonly perAccount = new Map<string, number>();
  /**
   * Projections by selection: groups that ask for the same fields with different filters share them, so
   * a view is projected once per tick however many groups show it.
   */
  private readonly projections = new Map<string, { shape: SelectionShape; memo: WeakMap<object, Data>; lists: WeakMap<readonly unknown[], Data[]>; groups: number }>();
  lastFanOut: FanOutReport = { groups: 0, subscribers: 0, messages: 0, durationMs: 0 };

  constructor(
    private readonly rootValue: Record<string, unknown>,
    /** Most subscriptions one account may run at once over all its sockets. */
    private readonly maxSubscriptionsPerAccount = Infinity,
  ) {}

  get subscriptionCount(): number {
    let count = 0;
    for (const group of this.groups.values()) count += group.subscribers.size;
    return count;
  }

  get groupCount(): number {
    return this.groups.size;
  }

  /** graphql-ws's `subscribe` contract: an async iterator of results, or a result with the errors. */
  subscribe(args: ExecutionArgs): AsyncGenerator<ExecutionResult> | ExecutionResult {
    const refused = authorizationError(args);
    if (refused) return { errors: [refused] };
    const operation = operationOf(args.document, args.operationName);
    if (!operation || operation.operation !== OperationTypeNode.SUBSCRIPTION) {
      return executeSync({ ...args, rootValue: this.rootValue });
    }
    const query = asQuery(args.document, operation.name?.value);
    const ctx = args.contextValue as RtdContext;
    const account = ctx.principal?.account;
    const owner = account?.username ?? '';
    const running = this.perAccount.get(owner) ?? 0;
    if (running >= this.maxSubscriptionsPerAccount) {
      return { errors: [new GraphQLError(`Too many subscriptions for one account (limit ${this.maxSubscriptionsPerAccount}): end some first`, { extensions: { code: 'LIMIT_EXCEEDED' } })] };
    }
    const key = JSON.stringify([print(query), args.variableValues ?? {}, args.operationName ?? null, account?.supervisor ? '*' : account?.username]);
    let group = this.groups.get(key);
    if (!group) {
      const queryArgs: ExecutionArgs = { ...args, document: query, rootValue: this.rootValue };
      const baseline = executeSync(queryArgs);
      // A filter the server refuses (no channel, say) is refused now, not silently never answered.
      if (baseline.errors?.length) return { errors: baseline.errors };
      const field = rootFieldNode(args.document, operation.selectionSet);
      const projection = this.projectionFor(args, operation, field);
      const root = this.liveRoot(args, field, projection);
      group = { key, args: queryArgs, shape: projection.shape, root, current: this.evaluate(projection.shape, root), subscribers: new Set(), selection: projection.key };
      this.groups.set(key, group);
    }
    const joined = group;
    const iterator = new PushIterator<ExecutionResult>(() => {
      joined.subscribers.delete(iterator);
      if (joined.subscribers.size === 0) this.dropGroup(joined);
      const left = (this.perAccount.get(owner) ?? 1) - 1;
      if (left > 0) this.perAccount.set(owner, left);
      else this.perAccount.delete(owner);
    });
    joined.subscribers.add(iterator);
    this.perAccount.set(owner, running + 1);
    return iterator;
  }

  /**
   * Sends every group what changed since its last message; call after each simulation step. With `lose`,
   * the messages are made but not sent, as if the network lost them: subscribers keep older numbers.
   */
  fanOut(lose = false): FanOutReport {
    const started = performance.now();
    let messages = 0;
    let subscribers = 0;
    for (const group of this.groups.values()) {
      subscribers += group.subscribers.size;
      let next: Data;
      try {
        next = this.evaluate(group.shape, group.root);
      } catch (error) {
        const message = { errors: [error instanceof GraphQLError ? error : new GraphQLError((error as Error).message)] };
        for (const subscriber of group.subscribers) subscriber.push(message);
        continue;
      }
      const delta = diffOperationResult(group.shape, group.current, next);
      group.current = next;
      if (!delta || lose) continue;
      const message: ExecutionResult = { data: delta };
      for (const subscriber of group.subscribers) subscriber.push(message);
      messages += group.subscribers.size;
    }
    this.lastFanOut = { groups: this.groups.size, subscribers, messages, durationMs: performance.now() - started };
    return this.lastFanOut;
  }

  /** The shared projection for this operation's selection, created with its first group. */
  private projectionFor(args: ExecutionArgs, operation: OperationDefinitionNode, field: FieldNode) {
    const shape = shapeOfOperation(args.schema, args.document, operation);
    const key = JSON.stringify(shape, (_k, v) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v)) + (field.alias?.value ?? '');
    let projection = this.projections.get(key);
    if (!projection) this.projections.set(key, (projection = { shape, memo: new WeakMap(), lists: new WeakMap(), groups: 0 }));
    projection.groups++;
    return { key, ...projection };
  }

  private dropGroup(group: LiveGroup): void {
    this.groups.delete(group.key);
    const projection = this.projections.get(group.selection)!;
    if (--projection.groups === 0) this.projections.delete(group.selection);
  }

  /** The root field's resolver with its arguments coerced once, as graphql-js would pass them. */
  private liveRoot(args: ExecutionArgs, field: FieldNode, projection: Pick<LiveRoot, 'memo' | 'lists'>): LiveRoot {
    const definition = args.schema.getSubscriptionType()!.getFields()[field.name.value];
    const values = getArgumentValues(definition, field, (args.variableValues ?? {}) as Record<string, unknown>);
    const resolver = this.rootValue[field.name.value] as (a: unknown, ctx: unknown) => unknown;
    return { responseKey: field.alias?.value ?? field.name.value, resolve: () => resolver(values, args.contextValue), memo: projection.memo, lists: projection.lists, last: null };
  }

  /** The operation's result now, as graphql-js would give it, built by projecting the cached views. */
  private evaluate(shape: SelectionShape, root: LiveRoot): Data {
    const field = shape.fields.get(root.responseKey)!;
    const value = root.resolve() as Data | Data[] | null;
    let projected: Data | Data[] | null;
    if (value == null) projected = null;
    else if (!Array.isArray(value)) projected = project(field.children!, value, root.memo);
    else {
      projected = root.lists.get(value) ?? null;
      if (!projected) {
        const last = root.last;
        projected = value.map((v, i) => (last && last.list[i] === v ? last.projected[i] : project(field.children!, v, root.memo)));
        root.lists.set(value, projected);
      }
      root.last = { list: value, projected };
    }
    return { [root.responseKey]: projected };
  }

  /** Ends every subscription (the sockets are closing anyway). */
  clear(): void {
    for (const group of this.groups.values()) for (const subscriber of group.subscribers) void subscriber.return();
    this.groups.clear();
    this.projections.clear();
    this.perAccount.clear();
  }
}

/** A subscription's single root field, also when it sits in a fragment (validation allows exactly one). */
function rootFieldNode(document: DocumentNode, selectionSet: SelectionSetNode): FieldNode {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) return selection;
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragmentsOf(document).get(selection.name.value);
    if (fragment) return rootFieldNode(document, fragment.selectionSet);
  }
  throw new GraphQLError('A subscription must select one field');
}

/** The same operation as a query: Subscription and Query have the same root fields and arguments. */
function asQuery(document: DocumentNode, operationName: string | undefined): DocumentNode {
  return {
    ...document,
    definitions: document.definitions.map((d) =>
      d.kind === 'OperationDefinition' && d.operation === OperationTypeNode.SUBSCRIPTION && d.name?.value === operationName ? { ...d, operation: OperationTypeNode.QUERY } : d,
    ),
  };
}

/**
 * An async iterator fed by pushes. `return()` (a client's `complete`, or a closed socket) unregisters at
 * once, so a finished subscription never waits on a pending promise and leaks nothing.
 */
export class PushIterator<T> implements AsyncGenerator<T> {
  private readonly queue: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private done = false;

  constructor(private readonly onReturn: () => void) {}

  push(value: T): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value, done: false });
    } else this.queue.push(value);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.done) {
      this.done = true;
      this.queue.length = 0;
      this.onReturn();
      this.waiting?.({ value: undefined, done: true });
      this.waiting = null;
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncGenerator<T> {
    return this;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.return();
  }
}
