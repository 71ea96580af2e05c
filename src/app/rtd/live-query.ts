/**
 * Live lists for features: subscribe first, then take the snapshot, then apply what arrives; after every
 * reconnect take a fresh snapshot (deltas sent while the socket was down are lost). Features read signals
 * and never see deltas, Apollo or sockets.
 */
import { DestroyRef, Injectable, type Signal, inject, signal } from '@angular/core';
import type { StoreObject } from '@apollo/client';
import { toObservable } from '@angular/core/rxjs-interop';
import type { OperationVariables } from '@apollo/client';
import { Apollo } from 'apollo-angular';
import { type Subscription, distinctUntilChanged, filter, firstValueFrom, timeout } from 'rxjs';
import { RtdConnection } from './connection';
import type { RtdObject } from './delta-filling';
import { DeltaWriter, type LiveListSpec } from './delta-writer';
import {
  GroupStatFieldsFragmentDoc,
  type GroupStatFieldsFragment,
  GroupStatsDocument,
  type GroupStatFilter,
  GroupStatsUpdatesDocument,
  ServiceStatFieldsFragmentDoc,
  type ServiceStatFieldsFragment,
  type ServiceStatFilter,
  ServiceStatsDocument,
  ServiceStatsUpdatesDocument,
  UserFieldsFragmentDoc,
  type UserFieldsFragment,
  type UserFilter,
  UserProfileStatFieldsFragmentDoc,
  type UserProfileStatFieldsFragment,
  type UserProfileStatFilter,
  UserProfileStatsDocument,
  UserProfileStatsUpdatesDocument,
  UserStatFieldsFragmentDoc,
  type UserStatFieldsFragment,
  type UserStatFilter,
  UserStatsDocument,
  UserStatsUpdatesDocument,
  UsersDocument,
  UsersUpdatesDocument,
} from './generated/graphql';
import { ALTERNATIVE_LIVE_LISTS } from './live-strategies';
import { RECONCILE_INTERVAL_MS, RECONCILE_SETTLE_MS, findCorrections } from './reconciliation';
import { describeRtdError } from './rtd-errors';
import { VIA_SOCKET } from './rtd-client';

/** A reconciliation snapshot that has not answered by then is given up (the next one tries again). */
const RECONCILE_TIMEOUT_MS = 30_000;

export type LiveStatus = 'loading' | 'live' | 'error';

export interface LiveList<T> {
  /** The entities, updated as deltas arrive; empty until the first snapshot. */
  readonly items: Signal<readonly T[]>;
  readonly status: Signal<LiveStatus>;
  /** A message for people when status is 'error'. */
  readonly error: Signal<string | null>;
  /** When the list last changed (ms since epoch), for "data N s old" (see freshness.ts `dataAsOf`). */
  readonly updatedAt: Signal<number | null>;
  /**
   * When the list's last full snapshot arrived (ms since epoch); null before the first. Optional so that
   * stand-ins in tests need not give it; every list `RtdLive` makes has it.
   */
  readonly snapshotAt?: Signal<number | null>;
  /** Takes a fresh snapshot now. */
  refresh(): Promise<void>;
}

export const LIVE_LISTS = {
  serviceStats: spec('serviceStats', ServiceStatsDocument, ServiceStatsUpdatesDocument, ServiceStatFieldsFragmentDoc, 'ServiceStatFields'),
  groupStats: spec('groupStats', GroupStatsDocument, GroupStatsUpdatesDocument, GroupStatFieldsFragmentDoc, 'GroupStatFields'),
  users: spec('users', UsersDocument, UsersUpdatesDocument, UserFieldsFragmentDoc, 'UserFields'),
  userStats: spec('userStats', UserStatsDocument, UserStatsUpdatesDocument, UserStatFieldsFragmentDoc, 'UserStatFields'),
  userProfileStats: spec('userProfileStats', UserProfileStatsDocument, UserProfileStatsUpdatesDocument, UserProfileStatFieldsFragmentDoc, 'UserProfileStatFields'),
} as const;

function spec(field: string, snapshot: LiveListSpec['snapshot'], subscription: LiveListSpec['subscription'], fragment: LiveListSpec['fragment'], fragmentName: string): LiveListSpec {
  return { field, snapshot, subscription, fragment, fragmentName };
}

@Injectable({ providedIn: 'root' })
export class RtdLive {
  private readonly apollo = inject(Apollo);
  private readonly connection = inject(RtdConnection);
  private readonly reconcileIntervalMs = inject(RECONCILE_INTERVAL_MS);
  /** The benchmark's comparison strategies (live-strategies.ts); null on the app's own path. */
  private readonly alternative = inject(ALTERNATIVE_LIVE_LISTS);
  /** One writer for every live list: one cache batch per burst, whatever the lists. */
  readonly writer = new DeltaWriter(this.apollo.client.cache);
  private readonly correctionCount = signal(0);
  /**
   * Entities a periodic full snapshot found different from what the deltas had built, over all live lists
   * since the app started (see reconciliation.ts). Should stay 0; each one is logged with console.warn.
   */
  readonly corrections = this.correctionCount.asReadonly();

  serviceStats(filter: ServiceStatFilter): LiveList<ServiceStatFieldsFragment> {
    return this.watch(LIVE_LISTS.serviceStats, { filter });
  }

  groupStats(filter: GroupStatFilter): LiveList<GroupStatFieldsFragment> {
    return this.watch(LIVE_LISTS.groupStats, { filter });
  }

  users(filter: UserFilter): LiveList<UserFieldsFragment> {
    return this.watch(LIVE_LISTS.users, { filter });
  }

  userStats(filter: UserStatFilter): LiveList<UserStatFieldsFragment> {
    return this.watch(LIVE_LISTS.userStats, { filter });
  }

  userProfileStats(filter: UserProfileStatFilter): LiveList<UserProfileStatFieldsFragment> {
    return this.watch(LIVE_LISTS.userProfileStats, { filter });
  }

  /**
   * A live list for the lifetime of the calling component (call it in an injection context). It starts once
   * the server's version is known (the fields it asks for depend on it) and starts again if that changes.
   */
  watch<T>(spec: LiveListSpec, variables: OperationVariables): LiveList<T> {
    if (this.alternative) return this.alternative.watch<T>(spec, variables);
    const destroyRef = inject(DestroyRef);
    const status = signal<LiveStatus>('loading');
    const error = signal<string | null>(null);
    const updatedAt = signal<number | null>(null);
    const snapshotAt = signal<number | null>(null);
    let buffer: RtdObject[][] | null = [];
    /** The payloads since a reconciliation asked for its snapshot, while it runs. */
    let recording: RtdObject[][] | null = null;
    /** Which start the current subscription and snapshot belong to: a late answer to an earlier one is ignored. */
    let generation = 0;
    /** Snapshots taken so far: one taken while a reconciliation runs makes its comparison moot. */
    let snapshots = 0;
    let live: Subscription | null = null;
    /** The component using the list is gone: nothing starts again. */
    let stopped = false;
    const subscriptions: Subscription[] = [];

    // 2. Then the snapshot, on the same socket so the server sees it after the subscription, then what
    //    arrived meanwhile.
    const refresh = async () => {
      if (!live) return;
      const started = generation;
      snapshots++;
      buffer ??= [];
      this.writer.discard(spec, variables);
      try {
        // Not shared with an identical snapshot in flight: that one may have asked for another version's fields.
        await firstValueFrom(this.apollo.query({ query: spec.snapshot, variables, fetchPolicy: 'network-only', context: { [VIA_SOCKET]: true, queryDeduplication: false } }));
        if (started !== generation) return;
        const held = buffer ?? [];
        buffer = null;
        for (const entities of held) this.writer.enqueue(spec, variables, entities);
        snapshotAt.set(Date.now());
        status.set('live');
        error.set(null);
      } catch (e) {
        if (started !== generation) return;
        buffer = null;
        status.set('error');
        error.set(describeRtdError(e));
      }
    };

    // 1. Subscribe first, so nothing that changes after the snapshot is missed…
    const start = () => {
      live?.unsubscribe();
      generation++;
      buffer = [];
      live = this.apollo.subscribe<RtdObject>({ query: spec.subscription, variables, fetchPolicy: 'no-cache' }).subscribe({
        next: (result) => {
          const entities = result.data?.[spec.field] as RtdObject[] | undefined;
          if (!entities?.length) return;
          // …but hold what arrives until the snapshot it applies to is in the cache.
          if (buffer) buffer.push(entities);
          else this.writer.enqueue(spec, variables, entities);
          recording?.push(entities);
        },
        error: (e) => {
          status.set('error');
          error.set(describeRtdError(e));
        },
        // The server ended the subscription while the socket stays up: pongs would keep the numbers looking fresh
        // while nothing updates them, so start again (a new subscription and snapshot).
        complete: () => {
          if (!stopped && this.connection.state() === 'live') setTimeout(() => !stopped && start(), 1_000);
        },
      });
      void refresh();
    };
    // 0. …once the version is known, and again when it changes (the operations ask for its fields).
    subscriptions.push(
      toObservable(this.connection.fieldsVersion)
        .pipe(
          filter((version) => version !== null),
          distinctUntilChanged(),
        )
        .subscribe(start),
    );
    // 3. After a reconnect, deltas were lost: a fresh snapshot (a subscription the socket ended starts again).
    subscriptions.push(this.connection.reconnected.subscribe(() => (live?.closed ? start() : void refresh())));
    // 4. A kiosk logged in again by itself: the refused socket ended the subscription, so start again.
    subscriptions.push(this.connection.sessionRenewed.subscribe(() => live && start()));

    // 5. Now and then, a full snapshot compared with what the deltas built: corrections should never happen.
    //    The list goes on updating meanwhile; the payloads are only recorded for the comparison.
    const reconcile = async () => {
      if (!live || live.closed || buffer || recording || status() !== 'live' || this.connection.state() !== 'live') return;
      const cache = this.apollo.client.cache;
      const identify = (entity: RtdObject) => cache.identify(entity as StoreObject);
      this.writer.flush();
      const started = [generation, snapshots].join();
      const payloads: RtdObject[][] = [];
      recording = payloads;
      const before = ((cache.readQuery<RtdObject>({ query: spec.snapshot, variables }) ?? {})[spec.field] ?? []) as RtdObject[];
      try {
        // Not through the cache: it would overwrite newer numbers with the snapshot's.
        const result = await firstValueFrom(
          this.apollo.query<RtdObject>({ query: spec.snapshot, variables, fetchPolicy: 'no-cache', context: { [VIA_SOCKET]: true, queryDeduplication: false } }).pipe(timeout(RECONCILE_TIMEOUT_MS)),
        );
        const answeredAt = Date.now();
        // A message of the snapshot's instant may still be on its way, behind earlier ones.
        await new Promise((resolve) => setTimeout(resolve, RECONCILE_SETTLE_MS));
        // A restart or a reconnect's snapshot took over meanwhile.
        if (started !== [generation, snapshots].join() || stopped) return;
        const after = ((result.data ?? {})[spec.field] ?? []) as RtdObject[];
        const corrections = findCorrections(before, payloads, after, identify);
        for (const c of corrections) console.warn(`RTD reconciliation: ${spec.field} ${c.id} ${c.kind === 'changed' ? `differed in ${c.fields.join(', ')}` : c.kind === 'missing' ? 'was missing' : 'should not have been listed'}`);
        if (corrections.length) {
          this.correctionCount.update((n) => n + corrections.length);
          // The list is wrong: a whole snapshot, as after a reconnect, puts it right.
          void refresh();
        } else snapshotAt.set(answeredAt);
      } catch {
        // Not a correction: the next reconciliation, or the reconnect's snapshot, tries again.
      } finally {
        if (recording === payloads) recording = null;
      }
    };
    const reconcileTimer = setInterval(() => void reconcile(), this.reconcileIntervalMs);

    // The list as the cache holds it, through the cache's own watch: an ObservableQuery (watchQuery) would read
    // the whole list again after each write, on top of the cache's read, and 2,000 agents make that the page's
    // largest cost.
    const items = signal<readonly T[]>([]);
    const stopWatching = this.apollo.client.cache.watch<RtdObject>({
      query: spec.snapshot,
      variables,
      optimistic: false,
      immediate: true,
      callback: (diff) => {
        updatedAt.set(Date.now());
        items.set((diff.result?.[spec.field] ?? []) as readonly T[]);
      },
    });
    destroyRef.onDestroy(() => {
      stopped = true;
      clearInterval(reconcileTimer);
      subscriptions.forEach((s) => s.unsubscribe());
      live?.unsubscribe();
      stopWatching();
    });
    return { items: items.asReadonly(), status: status.asReadonly(), error: error.asReadonly(), updatedAt: updatedAt.asReadonly(), snapshotAt: snapshotAt.asReadonly(), refresh };
  }
}
