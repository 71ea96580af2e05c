/**
 * The page's end of the RTD worker (live.worker.ts), where the socket, the Apollo cache with the generated policies,
 * the writer and every live list's state machine run: the page keeps only what it shows (ListSignals), patched once
 * a frame at most, so the thread that paints never writes a delta. The same `LiveList` shape as lists written on the
 * page, so pages render alike. The worker's socket is the page's only one: the page's own operations on a socket
 * (the version watch) go through it too (`socket`, a graphql-ws `Client` for Apollo's GraphQLWsLink), and its events
 * drive the connection badge. The page tells the worker what only it knows: the server's version, the access token,
 * a kiosk's renewed session, a new identity. Each patch is acknowledged in the frame after it arrived, with what it
 * cost the page, so the next one waits for a paint and fits the page's budget.
 */
import { DestroyRef, Injectable, InjectionToken, computed, effect, inject, signal } from '@angular/core';
import type { OperationVariables } from '@apollo/client';
import { AccessToken } from '../access-token';
import { RtdConnection } from '../connection';
import { animationFrames } from '../frame-scheduler';
import { ListSignals } from '../list-signals';
import type { LiveListState } from '../live-list';
import type { LiveListField } from '../live-list-specs';
import { type LiveList, catchingUpMs, liveStatus } from '../live-list-view';
import { RECONCILE_INTERVAL_MS } from '../reconcile-interval';
import { SOCKET_OPTIONS, socketUrl } from '../rtd-socket';
import { logSocketClosed } from '../socket-client';
import { type FromWorker, type ListPatch, type SocketEvent, type ToWorker, socketError } from './worker-protocol';
import type { Client, Sink } from 'graphql-ws';

interface ShownList {
  readonly shown: ListSignals<unknown>;
  readonly state: ReturnType<typeof signal<LiveListState>>;
  readonly error: ReturnType<typeof signal<string | null>>;
  readonly snapshotAt: ReturnType<typeof signal<number | null>>;
  readonly updatedAt: ReturnType<typeof signal<number | null>>;
}

/** Whether this app runs its live lists and socket in the worker: set by provideRtd(); specs and others get null. */
export const RTD_WORKER = new InjectionToken<RtdWorker | null>('RTD worker', { providedIn: 'root', factory: () => null });

/** The worker where the browser has module workers (every browser the app supports; null falls back to the page). */
export function rtdWorkerIfAvailable(): RtdWorker | null {
  return typeof Worker === 'function' ? inject(RtdWorker) : null;
}

@Injectable({ providedIn: 'root' })
export class RtdWorker {
  private readonly connection = inject(RtdConnection);
  private readonly worker = new Worker(new URL('./live.worker', import.meta.url), { type: 'module', name: 'rtd-live-lists' });
  private readonly lists = new Map<number, ShownList>();
  private nextList = 1;
  /** When the page acknowledges a patch: the frame after it, or by a timer in a hidden tab. */
  private readonly frames = animationFrames();
  private readonly operations = new Map<number, Sink>();
  private nextOperation = 1;
  /** Why the worker failed, once it did: every list, open or opened later, says so. */
  private failure: string | null = null;
  /** The worker's socket as a graphql-ws client, for Apollo's GraphQLWsLink and the session (RTD_SOCKET). */
  readonly socket: Client = this.relayedSocket();
  /** Entities differing at a reconciliation, over all lists (should stay 0; each is logged). */
  readonly corrections = signal(0);

  constructor() {
    const token = inject(AccessToken);
    this.send({ type: 'init', url: socketUrl(), accessToken: token.value(), socket: inject(SOCKET_OPTIONS), reconcileIntervalMs: inject(RECONCILE_INTERVAL_MS) });
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event);
    // A worker that cannot start (its script missing after a deploy, say) leaves no list waiting in silence.
    this.worker.onerror = (event) => {
      const message = `The live data could not start (${event.message || 'the RTD worker failed to load'}): reload the page`;
      console.error(message);
      this.failure = message;
      for (const list of this.lists.values()) {
        list.error.set(message);
        list.state.set('error');
      }
    };
    effect(() => {
      const fieldsVersion = this.connection.fieldsVersion();
      if (fieldsVersion) this.send({ type: 'version', fieldsVersion });
    });
    effect(() => this.send({ type: 'token', accessToken: token.value() }));
    this.connection.sessionRenewed.subscribe(() => this.send({ type: 'renewed' }));
  }

  watch<T>(field: LiveListField, variables: OperationVariables): LiveList<T> {
    const id = this.nextList++;
    const list: ShownList = {
      shown: new ListSignals<unknown>(),
      state: signal<LiveListState>(this.failure ? 'error' : 'waiting'),
      error: signal(this.failure),
      snapshotAt: signal(null),
      updatedAt: signal(null),
    };
    this.lists.set(id, list);
    this.send({ type: 'open', list: id, field, variables });
    inject(DestroyRef).onDestroy(() => {
      this.lists.delete(id);
      this.send({ type: 'close', list: id });
    });
    const shown = list.shown as ListSignals<T>;
    const status = computed(() => liveStatus(list.state(), list.snapshotAt()));
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

  /** Another identity logged in: the worker's cache forgets the previous one's entities. */
  clear(): void {
    this.send({ type: 'clear' });
  }

  private relayedSocket(): Client {
    const unsupported = () => {
      throw new Error('The RTD worker socket runs operations through subscribe() only');
    };
    return {
      subscribe: (payload, sink) => {
        const op = this.nextOperation++;
        this.operations.set(op, sink as Sink);
        this.send({ type: 'operation', op, payload });
        return () => {
          if (this.operations.delete(op)) this.send({ type: 'stop', op });
        };
      },
      terminate: () => this.send({ type: 'terminate' }),
      dispose: () => undefined,
      on: () => () => undefined,
      iterate: unsupported,
    };
  }

  private operationEvent(message: Extract<FromWorker, { type: 'operation' }>): void {
    const sink = this.operations.get(message.op);
    if (!sink) return;
    if (message.event === 'next') return sink.next(message.value);
    this.operations.delete(message.op);
    if (message.event === 'error') sink.error(socketError(message.value));
    else sink.complete();
  }

  private receive(event: MessageEvent<FromWorker>): void {
    // Timed from before `data` is read: Chromium copies a message's data in when it is first read.
    const started = performance.now();
    const message = event.data;
    if (message.type === 'socket') return this.socketEvent(message.event);
    if (message.type === 'operation') return this.operationEvent(message);
    if (message.type === 'corrections') {
      for (const line of message.messages) console.warn(line);
      this.corrections.update((n) => n + message.messages.length);
      return;
    }
    for (const patch of message.lists) this.apply(patch, message.at);
    this.connection.behindMs.set(catchingUpMs(message.behindMs));
    const applyMs = performance.now() - started;
    // The next patch after this one is drawn: one a frame at most. The frame's callbacks before this one (the app's
    // change detection, scheduled when the patch set its signals) are the drawing's cost.
    this.frames.request((_hidden, frameStart) => this.send({ type: 'ack', costMs: applyMs + (frameStart === undefined ? 0 : Math.max(0, performance.now() - frameStart)) }));
  }

  /** The lists' socket is the worker's: the badge follows it as it follows the page's own in the app's path. */
  private socketEvent(event: SocketEvent): void {
    const connection = this.connection;
    if (event.kind === 'connecting') connection.connecting(event.isRetry);
    // When the worker connected, not when the page heard of it: a snapshot the worker took in between (while the
    // page was busy) would otherwise count as older than the connection, and the list as not following it.
    else if (event.kind === 'connected') connection.connected(event.wasRetry, event.at);
    else if (event.kind === 'retrying') connection.retrying(event.attempt, event.waitMs);
    // Logged out (the session made the connection idle, then closed the socket): that close is not news for the badge.
    else if (event.kind === 'closed' && connection.state() === 'idle') return;
    else if (event.kind === 'closed') {
      logSocketClosed(event.code, event.reason, ' (in the worker)');
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
