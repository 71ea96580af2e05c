/**
 * What issue 6's benchmark (bench/wallboard.ts) compares the live lists with. The strategy is chosen once, when
 * the first live list starts, by the page's query parameter `live`, and `RtdLive.watch` hands the list over here
 * when it is not the app's own path:
 *
 *   (none)                  the app: subscribe, snapshot, delta filling, coalesced cache writes (live-query.ts)
 *   ?live=subscribe-to-more what Apollo's documentation teaches: `watchQuery(...).subscribeToMore({ document,
 *                           updateQuery })`, each payload merged into the query result and written on its own
 *   ?live=polling           the same snapshot queries over HTTP every second, no subscriptions
 *
 * These exist to be measured against, not to be used on a wall. Both give the same `LiveList` shape, so pages
 * render alike; neither reconciles, and both start once the server's version is known, as the app's lists do.
 */
import { DOCUMENT, DestroyRef, InjectionToken, inject, signal } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import { NetworkStatus, type OperationVariables, type StoreObject } from '@apollo/client';
import { Apollo, type QueryRef } from 'apollo-angular';
import { type Subscription, filter, take } from 'rxjs';
import { RtdConnection } from './connection';
import { type RtdObject, fillDelta } from './delta-filling';
import type { LiveListSpec } from './delta-writer';
import type { LiveList, LiveStatus } from './live-query';
import { describeRtdError } from './rtd-errors';

export const LIVE_STRATEGIES = ['deltas', 'subscribe-to-more', 'polling'] as const;
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

/** Opens a live list another way than the app's; call `watch` in an injection context, as `RtdLive.watch`. */
export interface AlternativeLiveLists {
  readonly strategy: Exclude<LiveStrategy, 'deltas'>;
  watch<T>(spec: LiveListSpec, variables: OperationVariables): LiveList<T>;
}

/** The alternative the page asked for; null on the app's own path. */
export const ALTERNATIVE_LIVE_LISTS = new InjectionToken<AlternativeLiveLists | null>('RTD alternative live lists', {
  providedIn: 'root',
  factory: () => {
    const strategy = inject(LIVE_STRATEGY);
    if (strategy === 'deltas') return null;
    const apollo = inject(Apollo);
    const connection = inject(RtdConnection);
    console.info(`RTD live lists: the "${strategy}" strategy (a benchmark comparison), not the app's delta path`);
    const open = strategy === 'polling' ? pollingList : subscribeToMoreList;
    return { strategy, watch: <T>(spec: LiveListSpec, variables: OperationVariables) => open<T>(apollo, connection, spec, variables) };
  },
});

/**
 * A list with each payload merged in: every null of an entity filled from the list's entity with the same key
 * (delta-filling.ts, so the numbers are right), entities new to the list appended, users that left it
 * (`mutation: DELETED`) removed. Returns a new array; `list` is not changed.
 */
export function mergePayload(list: readonly RtdObject[], payload: readonly RtdObject[], keyOf: (entity: RtdObject) => string | undefined): RtdObject[] {
  const merged: (RtdObject | null)[] = list.slice();
  const at = new Map<string | undefined, number>(list.map((entity, i) => [keyOf(entity), i]));
  for (const delta of payload) {
    const key = keyOf(delta);
    const index = at.get(key);
    if (delta['mutation'] === 'DELETED') {
      if (index !== undefined) merged[index] = null;
      at.delete(key);
    } else if (index !== undefined) {
      merged[index] = fillDelta(delta, merged[index]!);
    } else {
      at.set(key, merged.length);
      merged.push(delta);
    }
  }
  return merged.filter((entity): entity is RtdObject => entity !== null);
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
    list(refresh: () => Promise<void>): LiveList<T> {
      return { items: items.asReadonly(), status: status.asReadonly(), error: error.asReadonly(), updatedAt: updatedAt.asReadonly(), snapshotAt: snapshotAt.asReadonly(), refresh };
    },
  };
}

/**
 * (b) The documented pattern: the snapshot query over HTTP, then `subscribeToMore` whose `updateQuery` merges each
 * payload into the query result, which Apollo writes to the cache: one write and one broadcast per payload.
 * Apollo also writes each payload to the cache itself before `updateQuery` runs, nulls included, so the cache's
 * copy of an entity cannot fill the nulls: the merge starts from the last whole list, kept here.
 */
function subscribeToMoreList<T>(apollo: Apollo, connection: RtdConnection, spec: LiveListSpec, variables: OperationVariables): LiveList<T> {
  const state = listSignals<T>(connection);
  const keyOf = (entity: RtdObject) => apollo.client.cache.identify(entity as StoreObject);
  let whole: RtdObject[] | null = null;
  let query: QueryRef<RtdObject> | null = null;

  state.whenVersionKnown(() => {
    query = apollo.watchQuery<RtdObject>({ query: spec.snapshot, variables, fetchPolicy: 'network-only', nextFetchPolicy: 'cache-first' });
    state.follow(query, spec.field, (entities, status) => {
      // The first whole answer is the snapshot; later ones are the cache after each write.
      if (whole !== null || status !== NetworkStatus.ready) return;
      whole = entities;
      state.snapshotAt.set(Date.now());
    });
    const stop = query.subscribeToMore<RtdObject>({
      document: spec.subscription,
      variables,
      updateQuery: (_previous, { subscriptionData }) => {
        const payload = entitiesOf(subscriptionData.data, spec.field);
        // Before the snapshot has answered there is nothing to merge into: the payload is lost, as in the pattern.
        if (!payload?.length || whole === null) return undefined;
        whole = mergePayload(whole, payload, keyOf);
        return { [spec.field]: whole } as RtdObject;
      },
      onError: (e) => state.fail(e),
    });
    state.subscriptions.push({ unsubscribe: stop } as Subscription);
  });

  const refresh = async () => {
    if (!query) return;
    try {
      const result = await query.refetch();
      const entities = entitiesOf(result.data, spec.field);
      if (entities) {
        whole = entities;
        state.snapshotAt.set(Date.now());
      }
    } catch (e) {
      state.fail(e);
    }
  };
  // Deltas sent while the socket was down are lost: take the query again.
  state.subscriptions.push(connection.reconnected.subscribe(() => void refresh()));
  return state.list(refresh);
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
  return state.list(refresh);
}
