/**
 * A live list whose filter depends on other live data (e.g. the userStats of the agents that `users` lists).
 * Each time the filter changes, the previous list is closed and one for the new filter is opened; while the
 * filter is null nothing is watched and the list reads as loading. Call it in an injection context.
 */
import { DestroyRef, EnvironmentInjector, type Signal, computed, createEnvironmentInjector, effect, inject, runInInjectionContext, signal, untracked } from '@angular/core';
import type { LiveList, LiveStatus } from '../rtd/live-query';

export function liveListFollowing<F, T>(filter: Signal<F | null>, open: (filter: F) => LiveList<T>): LiveList<T> {
  const parent = inject(EnvironmentInjector);
  const current = signal<LiveList<T> | null>(null);
  // Each list lives in its own injector, so that destroying it ends that list's subscriptions only.
  let scope: EnvironmentInjector | null = null;
  const close = () => {
    scope?.destroy();
    scope = null;
  };

  effect(() => {
    const next = filter();
    untracked(() => {
      close();
      if (next === null) {
        current.set(null);
        return;
      }
      scope = createEnvironmentInjector([], parent);
      current.set(runInInjectionContext(scope, () => open(next)));
    });
  });
  inject(DestroyRef).onDestroy(close);

  const empty: readonly T[] = [];
  const noMembers: readonly string[] = [];
  return {
    members: computed(() => current()?.members() ?? noMembers),
    entity: (id) => computed(() => current()?.entity(id)()),
    items: computed(() => current()?.items() ?? empty),
    status: computed<LiveStatus>(() => current()?.status() ?? 'loading'),
    error: computed(() => current()?.error() ?? null),
    updatedAt: computed(() => current()?.updatedAt() ?? null),
    snapshotAt: computed(() => current()?.snapshotAt?.() ?? null),
    refresh: () => current()?.refresh() ?? Promise.resolve(),
  };
}
