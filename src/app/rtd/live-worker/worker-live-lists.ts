/**
 * Live lists whose socket, cache and writer run in a worker (live-lists-worker.ts): the page keeps only what it
 * shows (ListSignals), patched once a frame at most. The same `LiveList` shape as the app's own path, so pages
 * render alike. The page tells the worker what only it knows: the server's version, the access token, a kiosk's
 * renewed session. Each patch is acknowledged in the frame after it arrived, so the next one waits for a paint.
 */
import { DestroyRef, Injectable, computed, effect, inject, signal } from '@angular/core';
import type { OperationVariables } from '@apollo/client';
import { AccessToken } from '../access-token';
import { RtdConnection } from '../connection';
import type { LiveListSpec } from '../delta-writer';
import { ListSignals } from '../list-signals';
import type { LiveListState } from '../live-list';
import type { LiveListField } from '../live-list-specs';
import { type AlternativeLiveLists, CATCHING_UP_AFTER_MS, type LiveList, type LiveStatus } from '../live-query';
import { RECONCILE_INTERVAL_MS } from '../reconcile-interval';
import { SOCKET_OPTIONS, socketUrl } from '../rtd-client';
import { CloseCode } from '../../../../contract/close-codes';
import type { FromWorker, ListPatch, SocketEvent, ToWorker } from './worker-protocol';

interface ShownList {
  readonly shown: ListSignals<unknown>;
  readonly state: ReturnType<typeof signal<LiveListState>>;
  readonly error: ReturnType<typeof signal<string | null>>;
  readonly snapshotAt: ReturnType<typeof signal<number | null>>;
  readonly updatedAt: ReturnType<typeof signal<number | null>>;
}

/**
 * Calls back in the next frame, with the frame's start time, after the callbacks already asked for (change
 * detection); in a hidden tab, where frames stop, at once by a timer, with null.
 */
function requestFrame(run: (frameStart: number | null) => void): void {
  let done = false;
  const once = (frameStart: number | null) => {
    if (done) return;
    done = true;
    run(frameStart);
  };
  if (document.visibilityState === 'hidden') return void setTimeout(() => once(null));
  requestAnimationFrame((frameStart) => once(frameStart));
  // A tab hidden while it waits gets no frame: the patches go on all the same.
  setTimeout(() => once(null), FRAMES_STOPPED_MS);
}

/** How long a frame may be missing before the next patch is asked for all the same. */
const FRAMES_STOPPED_MS = 1_000;

@Injectable({ providedIn: 'root' })
export class WorkerLiveLists implements AlternativeLiveLists {
  readonly strategy = 'worker';
  private readonly connection = inject(RtdConnection);
  private readonly worker = new Worker(new URL('./live.worker', import.meta.url), { type: 'module', name: 'rtd-live-lists' });
  private readonly lists = new Map<number, ShownList>();
  private nextList = 1;
  /** Entities differing at a reconciliation, over all lists (should stay 0; each is logged). */
  readonly corrections = signal(0);

  constructor() {
    const token = inject(AccessToken);
    this.send({ type: 'init', url: socketUrl(), accessToken: token.value(), socket: inject(SOCKET_OPTIONS), reconcileIntervalMs: inject(RECONCILE_INTERVAL_MS) });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event);
    effect(() => {
      const fieldsVersion = this.connection.fieldsVersion();
      if (fieldsVersion) this.send({ type: 'version', fieldsVersion });
    });
    effect(() => this.send({ type: 'token', accessToken: token.value() }));
    this.connection.sessionRenewed.subscribe(() => this.send({ type: 'renewed' }));
  }

  watch<T>(spec: LiveListSpec, variables: OperationVariables): LiveList<T> {
    const id = this.nextList++;
    const list: ShownList = { shown: new ListSignals<unknown>(), state: signal<LiveListState>('waiting'), error: signal(null), snapshotAt: signal(null), updatedAt: signal(null) };
    this.lists.set(id, list);
    this.send({ type: 'open', list: id, field: spec.field as LiveListField, variables });
    inject(DestroyRef).onDestroy(() => {
      this.lists.delete(id);
      this.send({ type: 'close', list: id });
    });
    const shown = list.shown as ListSignals<T>;
    const status = computed<LiveStatus>(() => (list.state() === 'error' ? 'error' : list.snapshotAt() === null ? 'loading' : 'live'));
    return {
      members: shown.members,
      entity: (entityId) => shown.entity(entityId),
      items: shown.items,
      status,
      error: list.error.asReadonly(),
      updatedAt: list.updatedAt.asReadonly(),
      snapshotAt: list.snapshotAt.asReadonly(),
      // The worker takes it; the list's status and entities say when it is in.
      refresh: async () => this.send({ type: 'refresh', list: id }),
    };
  }

  private receive(event: MessageEvent<FromWorker>): void {
    // Timed from before `data` is read: Chromium copies a message's data in when it is first read.
    const started = performance.now();
    const message = event.data;
    if (message.type === 'socket') return this.socketEvent(message.event);
    if (message.type === 'corrections') {
      for (const line of message.messages) console.warn(line);
      this.corrections.update((n) => n + message.messages.length);
      return;
    }
    for (const patch of message.lists) this.apply(patch, message.at);
    this.connection.behindMs.set(message.behindMs >= CATCHING_UP_AFTER_MS ? Math.round(message.behindMs / 1000) * 1000 : null);
    const applyMs = performance.now() - started;
    // The next patch after this one is drawn: one a frame at most. The frame's callbacks before this one (the app's
    // change detection, scheduled when the patch set its signals) are the drawing's cost.
    requestFrame((frameStart) => this.send({ type: 'ack', costMs: applyMs + (frameStart === null ? 0 : Math.max(0, performance.now() - frameStart)) }));
  }

  /** The lists' socket is the worker's: the badge follows it as it follows the page's own in the app's path. */
  private socketEvent(event: SocketEvent): void {
    const connection = this.connection;
    if (event.kind === 'connecting') connection.connecting(event.isRetry);
    else if (event.kind === 'connected') connection.connected(event.wasRetry);
    else if (event.kind === 'retrying') connection.retrying(event.attempt, event.waitMs);
    else if (event.kind === 'closed') {
      if (event.code !== CloseCode.NormalClosure) console.info(`RTD socket closed (in the worker): ${event.code}${event.reason ? ` ${event.reason}` : ''}`);
      connection.closed(event.code, event.reason, event.willRetry);
    } else connection.alive(event.at);
  }

  private apply(patch: ListPatch, at: number): void {
    const list = this.lists.get(patch.list);
    if (!list) return;
    list.shown.apply(patch.entities, patch.members);
    if (patch.state) {
      list.state.set(patch.state.state);
      list.error.set(patch.state.error);
      list.snapshotAt.set(patch.state.snapshotAt);
    }
    if (patch.entities.length || patch.members) list.updatedAt.set(at);
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }
}
