/**
 * Live lists for features, as signals: a list's members (which entities it holds, by cache id), each entity on
 * its own signal, and the list's status. The state machine (live-list.ts) decides when to subscribe, snapshot
 * and reconcile; the writer (delta-writer.ts) writes to the cache within a frame budget and says which entities
 * it wrote, and only their signals are set: one entity's change costs one entity's work. Features read signals
 * and never see deltas, Apollo or sockets. Where the browser has module workers, `watch` hands each list to the
 * worker (live-worker/), where the same machine and writer run off the thread that paints; `watchOnPage` is the
 * fallback.
 */
import { DestroyRef, Injectable, InjectionToken, computed, inject, signal } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import type { OperationVariables } from '@apollo/client';
import { Apollo } from 'apollo-angular';
import { distinctUntilChanged, filter, firstValueFrom } from 'rxjs';
import { RtdConnection } from './connection';
import { DeltaWriter, type LiveListSpec, type RtdObject, type Written } from './delta-writer';
import {
  type GroupStatFieldsFragment,
  type GroupStatFilter,
  type ServiceStatFieldsFragment,
  type ServiceStatFilter,
  type UserFieldsFragment,
  type UserFilter,
  type UserProfileStatFieldsFragment,
  type UserProfileStatFilter,
  type UserStatFieldsFragment,
  type UserStatFilter,
} from './generated/graphql';
import { LIVE_LISTS } from './live-list-specs';
import { ListSignals } from './list-signals';
import { type LiveList, catchingUpMs, liveStatus } from './live-list-view';
import { LiveListMachine } from './live-list';
import { storedEntity } from './stored-entity';
import { RECONCILE_INTERVAL_MS } from './reconcile-interval';
import { describeCorrection } from './reconciliation';
import { describeRtdError } from './rtd-errors';
import { RTD_WORKER } from './live-worker/rtd-worker';
import { VIA_SOCKET } from './rtd-client';

export type { LiveList, LiveStatus } from './live-list-view';

/** Opens a live list another way than the app's (a benchmark's comparison); call `watch` in an injection context. */
export interface AlternativeLiveLists {
  readonly strategy: string;
  watch<T>(spec: LiveListSpec, variables: OperationVariables): LiveList<T>;
}

/** Another way to open live lists: provided only by the bench build configuration (bench/), null in the app. */
export const ALTERNATIVE_LIVE_LISTS = new InjectionToken<AlternativeLiveLists | null>('RTD alternative live lists', {
  providedIn: 'root',
  factory: () => null,
});

@Injectable({ providedIn: 'root' })
export class RtdLive {
  private readonly apollo = inject(Apollo);
  private readonly connection = inject(RtdConnection);
  private readonly reconcileIntervalMs = inject(RECONCILE_INTERVAL_MS);
  /** The benchmark's comparison strategies (bench/app/live-strategies.ts); null on the app's own path. */
  private readonly alternative = inject(ALTERNATIVE_LIVE_LISTS);
  /** Where the app's lists are written when the browser has workers (live-worker/); null: on this page. */
  private readonly worker = inject(RTD_WORKER);
  /** One writer for every live list: one cache batch a frame, whatever the lists. */
  readonly writer = new DeltaWriter(this.apollo.client.cache);
  /**
   * Each list's members when it last changed, by spec and variables: a list opened again (a kiosk's next slide
   * while the server is down) shows its last known entities, greyed by their age, until its snapshot comes.
   */
  private readonly lastMembers = new Map<string, readonly string[]>();
  /** Each live list's listener for what the writer wrote for it. */
  private readonly listeners = new Map<object, (written: Written) => void>();
  private readonly correctionCount = signal(0);
  /**
   * Entities a periodic full snapshot found different from what the deltas built, over all live lists
   * since the app started (see reconciliation.ts). Should stay 0; each one is logged with console.warn.
   */
  readonly corrections = computed(() => this.correctionCount() + (this.worker?.corrections() ?? 0));
  constructor() {
    // A new identity's login clears the store: the worker's cache forgets the previous one's entities too.
    this.apollo.client.onClearStore(async () => this.worker?.clear());
    this.writer.onWritten = (written) => this.listeners.get(written.target)?.(written);
    this.writer.onBacklog = ({ entities, behindMs }) => this.connection.behindMs.set(entities ? catchingUpMs(behindMs) : null);
  }

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
    if (this.worker) return this.worker.watch<T>(spec, variables);
    return this.watchOnPage<T>(spec, variables);
  }

  /** A live list written on this page's thread: where there is no worker, and the benchmark's record of it. */
  watchOnPage<T>(spec: LiveListSpec, variables: OperationVariables): LiveList<T> {
    const cache = this.apollo.client.cache;
    const shown = new ListSignals<T>();
    const machine = new LiveListMachine(spec, {
      writer: this.writer,
      subscribe: (handlers) => {
        const subscription = this.apollo.subscribe<RtdObject>({ query: spec.subscription, variables, fetchPolicy: 'no-cache' }).subscribe({
          next: (result) => handlers.next((result.data?.[spec.field] as RtdObject[] | undefined) ?? []),
          error: (e) => handlers.error(e),
          complete: () => handlers.complete(),
        });
        return () => subscription.unsubscribe();
      },
      // On the subscription's socket, so the server sees it after the subscription; not through the cache: the
      // writer writes it a few milliseconds a frame. Not shared with an identical query in flight either: that one
      // may have asked for another version's fields.
      fetchSnapshot: async () => {
        const result = await firstValueFrom(this.apollo.query<RtdObject>({ query: spec.snapshot, variables, fetchPolicy: 'no-cache', context: { [VIA_SOCKET]: true, queryDeduplication: false } }));
        return ((result.data ?? {})[spec.field] ?? []) as RtdObject[];
      },
      readEntity: (id) => (shown.value(id) as RtdObject | undefined) ?? null,
      connectionLive: () => this.connection.state() === 'live',
      describeError: describeRtdError,
      now: () => Date.now(),
      corrected: (corrections) => {
        for (const c of corrections) console.warn(describeCorrection(spec.field, c));
        this.correctionCount.update((n) => n + corrections.length);
      },
    });

    const state = signal(machine.state);
    const error = signal<string | null>(null);
    const snapshotAt = signal<number | null>(null);
    const updatedAt = signal<number | null>(null);
    const listKey = `${spec.field} ${JSON.stringify(variables)}`;
    const known: [string, T][] = [];
    for (const id of this.lastMembers.get(listKey) ?? []) {
      const stored = storedEntity<T>(cache, id);
      if (stored) known.push([id, stored]);
    }
    machine.target.members.replace(known.map(([id]) => id));
    shown.apply(known, machine.target.members.list());
    machine.onChange = () => {
      state.set(machine.state);
      error.set(machine.error);
      snapshotAt.set(machine.snapshotAt);
    };
    this.listeners.set(machine.target, (written) => {
      // Only the entities written: each read from the cache, where the policies merged it.
      const entities: [string, T][] = written.snapshot ? [...(written.snapshot as ReadonlyMap<string, T>)] : [];
      for (const id of written.changed) {
        if (!machine.target.members.has(id)) continue;
        const stored = storedEntity<T>(cache, id);
        if (stored) entities.push([id, stored]);
      }
      if (written.membersChanged) this.lastMembers.set(listKey, machine.target.members.list());
      shown.apply(entities, written.membersChanged ? machine.target.members.list() : undefined);
      updatedAt.set(Date.now());
    });

    const destroyRef = inject(DestroyRef);
    const subscriptions = [
      // Once the version is known, and again when it changes (the operations ask for its fields).
      toObservable(this.connection.fieldsVersion)
        .pipe(
          filter((version) => version !== null),
          distinctUntilChanged(),
        )
        .subscribe(() => machine.start()),
      this.connection.reconnected.subscribe(() => machine.reconnected()),
      this.connection.sessionRenewed.subscribe(() => machine.sessionRenewed()),
    ];
    const reconcileTimer = setInterval(() => void machine.reconcile(), this.reconcileIntervalMs);
    destroyRef.onDestroy(() => {
      clearInterval(reconcileTimer);
      subscriptions.forEach((s) => s.unsubscribe());
      machine.stop();
      this.listeners.delete(machine.target);
    });

    const status = computed(() => liveStatus(state(), snapshotAt()));
    return {
      members: shown.members,
      entity: (id) => shown.entity(id),
      items: shown.items,
      status,
      error: error.asReadonly(),
      updatedAt: updatedAt.asReadonly(),
      snapshotAt: snapshotAt.asReadonly(),
      refresh: () => machine.refresh(),
    };
  }
}
