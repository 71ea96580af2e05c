/**
 * What the benchmark (bench/wallboard.ts) compares the live lists with. Only the bench build configuration
 * (`ng build --configuration bench`, angular.json) carries this file, through bench-providers.ts; production
 * bundles do not. The strategy is chosen once, when the first live list starts, by the page's query parameter
 * `live`, and `RtdLive.watch` hands the list over here when it is not the app's own path:
 *
 *   (none)                  the app: its lists in its worker, the page patched once a frame (src/app/rtd/live-worker/)
 *   ?live=page              the app's lists written on the page's thread, on the page's own socket (the app's
 *                           fallback where there is no worker, and its design before issue 13 moved them to one)
 *   ?live=subscribe-to-more what Apollo's documentation teaches: `watchQuery(...).subscribeToMore({ document,
 *                           updateQuery })`: Apollo writes each payload through the same cache policies (the
 *                           client marks subscription results as deltas), updateQuery adds and removes entries
 *   ?live=polling           the same snapshot queries over HTTP every second, no subscriptions
 *
 * These exist to be measured against, not to be used on a wall. The last two give the same `LiveList` shape, so
 * pages render alike; neither reconciles, and both start once the server's version is known, as the app's lists do.
 */
import { DOCUMENT, DestroyRef, InjectionToken, computed, inject, signal } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import { NetworkStatus, type OperationVariables, type StoreObject } from '@apollo/client';
import { Apollo, type QueryRef } from 'apollo-angular';
import { type Subscription, filter, take } from 'rxjs';
import { RtdConnection } from '../../src/app/rtd/connection';
import type { LiveListSpec, RtdObject } from '../../src/app/rtd/delta-writer';
import { LIVE_LISTS, type LiveListField } from '../../src/app/rtd/live-list-specs';
import { ALTERNATIVE_LIVE_LISTS, type AlternativeLiveLists, type LiveList, type LiveStatus } from '../../src/app/rtd/live-query';
import { describeRtdError } from '../../src/app/rtd/rtd-errors';
import { RTD_WORKER, rtdWorkerIfAvailable } from '../../src/app/rtd/live-worker/rtd-worker';

export const LIVE_STRATEGIES = ['deltas', 'page', 'subscribe-to-more', 'polling'] as const;
export type LiveStrategy = (typeof LIVE_STRATEGIES)[number];

/** The query parameter that picks a strategy, e.g. `/services?board=x&live=polling`. */
export const LIVE_STRATEGY_PARAM = 'live';
/** How often the polling strategy asks again. */
export const POLL_INTERVAL_MS = 1_000;

/** The strategy a page's query string asks for; anything else (or nothing) is the app's own path. */
export function liveStrategyFrom(search: string): LiveStrategy {
  const asked = new URLSearchParams(search).get(LIVE_STRATEGY_PARAM) ?? '';
  return (LIVE_STRATEGIES as readonly string[]).includes(asked) ? (asked as LiveStrategy) : 'deltas';
}

export const LIVE_STRATEGY = new InjectionToken<LiveStrategy>('RTD live list strategy', {
  providedIn: 'root',
  factory: () => liveStrategyFrom(inject(DOCUMENT).location?.search ?? ''),
});

/** The alternative the page asked for; null on the app's own path. */
export function alternativeLiveLists(): AlternativeLiveLists | null {
  const strategy = inject(LIVE_STRATEGY);
  // The app's own lists: in its worker, or (RTD_WORKER null below) on the page.
  if (strategy === 'deltas' || strategy === 'page') {
    if (strategy === 'page') console.info('RTD live lists: written on the page, not in the worker (a benchmark comparison)');
    return null;
  }
  const apollo = inject(Apollo);
  const connection = inject(RtdConnection);
  console.info(`RTD live lists: the "${strategy}" strategy (a benchmark comparison), not the app's delta path`);
  const open = strategy === 'polling' ? pollingList : subscribeToMoreList;
  return { strategy, watch: <T>(field: LiveListField, variables: OperationVariables) => open<T>(apollo, connection, LIVE_LISTS[field], variables) };
}

/**
 * What the bench build provides (bench/app/bench-providers.ts). Every strategy but the app's own runs on the page's
 * thread with the page's own socket, as it would without the worker.
 */
export const BENCH_LIVE_LIST_PROVIDERS = [
  { provide: ALTERNATIVE_LIVE_LISTS, useFactory: alternativeLiveLists },
  { provide: RTD_WORKER, useFactory: () => (inject(LIVE_STRATEGY) === 'deltas' ? rtdWorkerIfAvailable() : null) },
];

/**
 * The list after a payload whose entities Apollo has already merged into the cache: entities new to the list
 * appended, users that left it (`mutation: DELETED`) removed; null when its membership did not change (the query
 * reads the merged entities again by itself). `list` is not changed.
 */
export function membershipAfter(list: readonly RtdObject[], payload: readonly RtdObject[], keyOf: (entity: RtdObject) => string | undefined): RtdObject[] | null {
  const listed = new Set(list.map(keyOf));
  const gone = new Set(payload.filter((entity) => entity['mutation'] === 'DELETED').map(keyOf));
  const added = payload.filter((entity) => entity['mutation'] !== 'DELETED' && !listed.has(keyOf(entity)));
  if (!added.length && ![...gone].some((key) => listed.has(key))) return null;
  return [...list.filter((entity) => !gone.has(keyOf(entity))), ...added];
}

const entitiesOf = (data: unknown, field: string) => (data as RtdObject | undefined)?.[field] as RtdObject[] | undefined;

/** The signals of a list and the bookkeeping both alternatives share. */
function listSignals<T>(connection: RtdConnection) {
  const destroyRef = inject(DestroyRef);
  const items = signal<readonly T[]>([]);
  const status = signal<LiveStatus>('loading');
  const error = signal<string | null>(null);
  const updatedAt = signal<number | null>(null);
  const snapshotAt = signal<number | null>(null);
  const subscriptions: Subscription[] = [];
  destroyRef.onDestroy(() => subscriptions.forEach((s) => s.unsubscribe()));
  return {
    items,
    snapshotAt,
    subscriptions,
    show(entities: readonly T[]) {
      items.set(entities);
      updatedAt.set(Date.now());
      status.set('live');
      error.set(null);
    },
    fail(e: unknown) {
      status.set('error');
      error.set(describeRtdError(e));
    },
    /**
     * Shows each whole answer of `query` (the snapshot's, or the cache's after a write); `seen` hears of it first,
     * with the answer's network status.
     */
    follow(query: QueryRef<RtdObject>, field: string, seen: (entities: RtdObject[], status: NetworkStatus) => void = () => {}) {
      subscriptions.push(
        query.valueChanges.subscribe({
          next: (result) => {
            if (result.error) return this.fail(result.error);
            const entities = entitiesOf(result.data, field);
            if (!entities || result.dataState !== 'complete') return;
            seen(entities, result.networkStatus);
            this.show(entities as readonly T[]);
          },
          error: (e) => this.fail(e),
        }),
      );
    },
    /** Runs `start` once the server's version is known (the operations ask for its fields), as the app's lists do. */
    whenVersionKnown(start: () => void) {
      subscriptions.push(
        toObservable(connection.fieldsVersion)
          .pipe(
            filter((version) => version !== null),
            take(1),
          )
          .subscribe(start),
      );
    },
    /** The list, its members and entities derived from the whole answers (these strategies have no per-entity path). */
    list(refresh: () => Promise<void>, keyOf: (entity: T) => string | undefined): LiveList<T> {
      const byId = computed(() => new Map(items().map((entity) => [keyOf(entity) ?? '', entity])));
      const members = computed(() => [...byId().keys()]);
      return {
        members,
        entity: (id) => computed(() => byId().get(id)),
        items: items.asReadonly(),
        status: status.asReadonly(),
        error: error.asReadonly(),
        updatedAt: updatedAt.asReadonly(),
        snapshotAt: snapshotAt.asReadonly(),
        refresh,
      };
    },
  };
}

/**
 * (b) The documented pattern: the snapshot query over HTTP, then `subscribeToMore`. Apollo writes each payload to
 * the cache itself, through the generated policies (the client's link marks subscription results as deltas, so
 * their nulls keep the stored values), and `updateQuery` only adds and removes entries: one write and one
 * broadcast per payload, and the whole list read again after each.
 */
function subscribeToMoreList<T>(apollo: Apollo, connection: RtdConnection, spec: LiveListSpec, variables: OperationVariables): LiveList<T> {
  const state = listSignals<T>(connection);
  const keyOf = (entity: RtdObject) => apollo.client.cache.identify(entity as StoreObject);
  let query: QueryRef<RtdObject> | null = null;
  let snapshotTaken = false;

  state.whenVersionKnown(() => {
    query = apollo.watchQuery<RtdObject>({ query: spec.snapshot, variables, fetchPolicy: 'network-only', nextFetchPolicy: 'cache-first' });
    state.follow(query, spec.field, (_entities, status) => {
      // The first whole answer is the snapshot; later ones are the cache after each write.
      if (snapshotTaken || status !== NetworkStatus.ready) return;
      snapshotTaken = true;
      state.snapshotAt.set(Date.now());
    });
    const stop = query.subscribeToMore<RtdObject>({
      document: spec.subscription,
      variables,
      updateQuery: (previous, { subscriptionData }) => {
        const payload = entitiesOf(subscriptionData.data, spec.field);
        const list = entitiesOf(previous, spec.field);
        // Before the snapshot has answered there is nothing to add to: the payload is lost, as in the pattern.
        if (!payload?.length || !list) return undefined;
        const after = membershipAfter(list, payload, keyOf);
        return after ? ({ [spec.field]: after } as RtdObject) : undefined;
      },
      onError: (e) => state.fail(e),
    });
    state.subscriptions.push({ unsubscribe: stop } as Subscription);
  });

  const refresh = async () => {
    if (!query) return;
    try {
      const result = await query.refetch();
      if (entitiesOf(result.data, spec.field)) state.snapshotAt.set(Date.now());
    } catch (e) {
      state.fail(e);
    }
  };
  // Deltas sent while the socket was down are lost: take the query again.
  state.subscriptions.push(connection.reconnected.subscribe(() => void refresh()));
  return state.list(refresh, (entity) => keyOf(entity as RtdObject));
}

/** (c) Polling: the snapshot query over HTTP every second; each answer is written to the cache whole. */
function pollingList<T>(apollo: Apollo, connection: RtdConnection, spec: LiveListSpec, variables: OperationVariables): LiveList<T> {
  const state = listSignals<T>(connection);
  let query: QueryRef<RtdObject> | null = null;
  state.whenVersionKnown(() => {
    query = apollo.watchQuery<RtdObject>({ query: spec.snapshot, variables, fetchPolicy: 'network-only', pollInterval: POLL_INTERVAL_MS, notifyOnNetworkStatusChange: false });
    state.follow(query, spec.field, () => state.snapshotAt.set(Date.now()));
  });
  const refresh = async () => {
    if (!query) return;
    try {
      await query.refetch();
    } catch (e) {
      state.fail(e);
    }
  };
  return state.list(refresh, (entity) => apollo.client.cache.identify(entity as StoreObject));
}
