/**
 * Live lists written on this page's thread: where the browser has no module workers, and the benchmark's record of
 * the design before the worker. Loaded only then (RtdLive imports it on demand), so a browser with workers never
 * downloads the writer, the payload guard, the state machine or the live lists' documents for its page.
 */
import { DestroyRef, computed, inject, signal } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import type { OperationVariables } from '@apollo/client';
import type { Apollo } from 'apollo-angular';
import { distinctUntilChanged, filter, firstValueFrom } from 'rxjs';
import type { RtdConnection } from './connection';
import { DeltaWriter, type RtdObject, type Written } from './delta-writer';
import { LIVE_LISTS, type LiveListField } from './live-list-specs';
import { ListSignals } from './list-signals';
import { type LiveList, catchingUpMs, liveStatus } from './live-list-view';
import { LiveListMachine } from './live-list';
import { storedEntity } from './stored-entity';
import { describeCorrection } from './reconciliation';
import { describeRtdError } from './rtd-errors';
import { VIA_SOCKET } from './rtd-client';

export class PageLiveLists {
  /** One writer for every live list: one cache batch a frame, whatever the lists. */
  readonly writer: DeltaWriter;
  /**
   * Each list's members when it last changed, by spec and variables: a list opened again (a kiosk's next slide
   * while the server is down) shows its last known entities, greyed by their age, until its snapshot comes.
   */
  private readonly lastMembers = new Map<string, readonly string[]>();
  /** Each live list's listener for what the writer wrote for it. */
  private readonly listeners = new Map<object, (written: Written) => void>();
  private readonly correctionCount = signal(0);
  /** Entities a periodic full snapshot found different from what the deltas built (see reconciliation.ts). */
  readonly corrections = this.correctionCount.asReadonly();

  constructor(
    private readonly apollo: Apollo,
    private readonly connection: RtdConnection,
    private readonly reconcileIntervalMs: number,
  ) {
    this.writer = new DeltaWriter(apollo.client.cache);
    this.writer.onWritten = (written) => this.listeners.get(written.target)?.(written);
    this.writer.onBacklog = ({ entities, behindMs }) => connection.behindMs.set(entities ? catchingUpMs(behindMs) : null);
  }

  /** A live list for the lifetime of the calling component (call it in an injection context). */
  watch<T>(field: LiveListField, variables: OperationVariables): LiveList<T> {
    const spec = LIVE_LISTS[field];
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
