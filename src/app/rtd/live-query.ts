/**
 * Live lists for features, as signals: a list's members (which entities it holds, by cache id), each entity on
 * its own signal, and the list's status. Where the browser has module workers, `watch` hands each list to the
 * worker (live-worker/): the socket, the Apollo cache with its policies, the writer and each list's state machine
 * (live-list.ts) run there, off the thread that paints, and the page gets patches of the entities written. Without
 * workers, the same machine and writer run on the page (page-live-lists.ts, loaded only then). Either way one
 * entity's change costs one entity's work, and features read signals and never see deltas, Apollo or sockets.
 */
import { DestroyRef, Injectable, InjectionToken, Injector, computed, inject, runInInjectionContext, signal, untracked } from '@angular/core';
import type { OperationVariables } from '@apollo/client';
import { Apollo } from 'apollo-angular';
import { RtdConnection } from './connection';
import type {
  GroupStatFieldsFragment,
  GroupStatFilter,
  ServiceStatFieldsFragment,
  ServiceStatFilter,
  UserFieldsFragment,
  UserFilter,
  UserProfileStatFieldsFragment,
  UserProfileStatFilter,
  UserStatFieldsFragment,
  UserStatFilter,
} from './generated/graphql';
import type { LiveListField } from './live-list-specs';
import type { LiveList } from './live-list-view';
import type { PageLiveLists } from './page-live-lists';
import { RECONCILE_INTERVAL_MS } from './reconcile-interval';
import { RTD_WORKER } from './live-worker/rtd-worker';

export type { LiveList, LiveStatus } from './live-list-view';

/** Opens a live list another way than the app's (a benchmark's comparison); call `watch` in an injection context. */
export interface AlternativeLiveLists {
  readonly strategy: string;
  watch<T>(field: LiveListField, variables: OperationVariables): LiveList<T>;
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
  /** The lists written on this page, once their code has loaded (only where there is no worker). */
  private readonly pageLists = signal<PageLiveLists | null>(null);
  private pageListsLoading: Promise<PageLiveLists> | null = null;
  /**
   * Entities a periodic full snapshot found different from what the deltas built, over all live lists
   * since the app started (see reconciliation.ts). Should stay 0; each one is logged with console.warn.
   */
  readonly corrections = computed(() => (this.pageLists()?.corrections() ?? 0) + (this.worker?.corrections() ?? 0));

  constructor() {
    // A new identity's login clears the store: the worker's cache forgets the previous one's entities too.
    this.apollo.client.onClearStore(async () => this.worker?.clear());
  }

  serviceStats(filter: ServiceStatFilter): LiveList<ServiceStatFieldsFragment> {
    return this.watch('serviceStats', { filter });
  }

  groupStats(filter: GroupStatFilter): LiveList<GroupStatFieldsFragment> {
    return this.watch('groupStats', { filter });
  }

  users(filter: UserFilter): LiveList<UserFieldsFragment> {
    return this.watch('users', { filter });
  }

  userStats(filter: UserStatFilter): LiveList<UserStatFieldsFragment> {
    return this.watch('userStats', { filter });
  }

  userProfileStats(filter: UserProfileStatFilter): LiveList<UserProfileStatFieldsFragment> {
    return this.watch('userProfileStats', { filter });
  }

  /**
   * A live list for the lifetime of the calling component (call it in an injection context). It starts once
   * the server's version is known (the fields it asks for depend on it) and starts again if that changes.
   */
  watch<T>(field: LiveListField, variables: OperationVariables): LiveList<T> {
    if (this.alternative) return this.alternative.watch<T>(field, variables);
    if (this.worker) return this.worker.watch<T>(field, variables);
    return this.watchOnPage<T>(field, variables);
  }

  /**
   * A live list written on this page's thread: where there is no worker, and the benchmark's record of it. The
   * first one waits for the code that writes them (a list that is loading meanwhile, as it would be anyway).
   */
  watchOnPage<T>(field: LiveListField, variables: OperationVariables): LiveList<T> {
    const loaded = untracked(this.pageLists);
    if (loaded) return loaded.watch<T>(field, variables);
    const injector = inject(Injector);
    let ended = false;
    inject(DestroyRef).onDestroy(() => (ended = true));
    const list = signal<LiveList<T> | null>(null);
    const failure = signal<string | null>(null);
    this.loadPageLists().then(
      (lists) => {
        if (!ended) list.set(runInInjectionContext(injector, () => lists.watch<T>(field, variables)));
      },
      (error: unknown) => failure.set(`The live data's code did not load: ${error instanceof Error ? error.message : String(error)}`),
    );
    return listOnceLoaded(list, failure);
  }

  private loadPageLists(): Promise<PageLiveLists> {
    this.pageListsLoading ??= import('./page-live-lists').then(({ PageLiveLists }) => {
      const lists = new PageLiveLists(this.apollo, this.connection, this.reconcileIntervalMs);
      this.pageLists.set(lists);
      return lists;
    });
    // A failed load (a new build replaced the chunk, the network dropped) is tried again by the next list.
    this.pageListsLoading.catch(() => (this.pageListsLoading = null));
    return this.pageListsLoading;
  }
}

const NO_MEMBERS: readonly string[] = [];

/** A list that is loading until `list` is set, then that list's signals; in error if its code could not load. */
function listOnceLoaded<T>(list: () => LiveList<T> | null, failure: () => string | null): LiveList<T> {
  const items: readonly T[] = [];
  return {
    members: computed(() => list()?.members() ?? NO_MEMBERS),
    entity: (id) => untracked(list)?.entity(id) ?? computed(() => list()?.entity(id)()),
    items: computed(() => list()?.items() ?? items),
    status: computed(() => list()?.status() ?? (failure() ? 'error' : 'loading')),
    error: computed(() => list()?.error() ?? failure()),
    updatedAt: computed(() => list()?.updatedAt() ?? null),
    snapshotAt: computed(() => list()?.snapshotAt?.() ?? null),
    refresh: async () => list()?.refresh(),
  };
}
