/**
 * The live lists off the page's thread: the socket, the Apollo cache with the generated policies, the writer and
 * each list's state machine run here, in a worker (live.worker.ts), as they run on the page where there is no
 * worker (live-query.ts); the page gets patches (worker-protocol.ts). No Angular: the page side is rtd-worker.ts.
 * What differs from the page's path: writes are not paced by frames (nothing is painted here), and the page is sent
 * what changed at most once a frame, whatever changed twice meanwhile once.
 */
import { type Client, type ClientOptions, type SubscribePayload, createClient } from 'graphql-ws';
import { type FieldNode, print } from 'graphql';
import type { DocumentNode } from '@apollo/client';
import { POSSIBLE_TYPES, createRtdCache } from '../cache-policies';
import { DeltaWriter, type FrameScheduler, type LiveListSpec, type RtdObject, type WriteTarget, type Written } from '../delta-writer';
import { LIVE_LISTS } from '../live-list-specs';
import { LiveListMachine } from '../live-list';
import { describeCorrection } from '../reconciliation';
import { createRtdSocket } from '../socket-client';
import type { SocketOptions } from '../socket-timing';
import { storedEntity } from '../stored-entity';
import { completeMissingFields, stripMissingFields } from '../version-fields';
import { type FromWorker, type ListPatch, type SocketEvent, type ToWorker, operationError } from './worker-protocol';

/** Signs of life sent to the page at most this often: the badge's "updated" moves once a second anyway. */
const ALIVE_EVERY_MS = 1_000;

/**
 * Milliseconds of the page's thread a patch may take, applying it and drawing what it changed: under a long task
 * (50 ms), and no smaller: each patch makes the pages re-derive their views whatever its size, so small patches cost
 * more in all (1-minute runs at 2,000 agents: sized to 30 ms the page was 45–52 % busy, to 40 ms within these bounds
 * 40 %, unbounded 35 % but with tasks up to 131 ms). The cost the page reports may include other documents' frame
 * callbacks (two frames on one thread), so the bounds below hold whatever it says.
 */
export const PAGE_BUDGET_MS = 40;
/**
 * Bounds of the entities a patch of deltas carries (a snapshot goes whole). Since the pages draw only what is on
 * screen an entity costs the page far less, and 1,000 a patch (1-minute runs at 2,000 agents: busy 21 %, no task
 * over 50 ms) beat 400 (25 %, two): fewer patches, fewer round trips.
 */
const MIN_PATCH_ENTITIES = 100;
const MAX_PATCH_ENTITIES = 1_000;

/** Nothing is painted in a worker: the writer writes as soon as it can, a few tens of ms at a time. */
const AT_ONCE: FrameScheduler = { request: (run) => void setTimeout(() => run(true)) };

interface OpenList {
  readonly id: number;
  /** The list's field and variables: what `lastMembers` knows it by. */
  readonly key: string;
  readonly spec: LiveListSpec;
  readonly machine: LiveListMachine;
  readonly reconcileTimer: ReturnType<typeof setInterval>;
  /** Written since the last patch: entities by cache id (a snapshot's as sent, a delta's read when the patch goes). */
  readonly written: Map<string, RtdObject | null>;
  membersChanged: boolean;
  stateChanged: boolean;
}

/** Whatever a socket or the server reported, as a message for people (told apart as for the page: operationError). */
export function describeSocketError(e: unknown): string {
  const error = operationError(e);
  if (error.kind === 'graphql') return error.errors[0]?.message ?? 'The RTD Server reported an error';
  if (error.kind === 'closed') return `The connection to the RTD Server closed (${error.code}${error.reason ? `: ${error.reason}` : ''})`;
  return error.message;
}

export class LiveListsWorker {
  private readonly cache = createRtdCache();
  private readonly writer: DeltaWriter;
  private readonly lists = new Map<number, OpenList>();
  private readonly byTarget = new Map<WriteTarget, OpenList>();
  /** The page's own operations on this socket, by the page's id: what stops each. */
  private readonly operations = new Map<number, () => void>();
  /**
   * Each list's members when it last changed, by field and variables: a list opened again (a kiosk's next slide
   * while the server is down) shows its last known entities, greyed by their age, until its snapshot comes.
   */
  private readonly lastMembers = new Map<string, readonly string[]>();
  private socket: Client | null = null;
  private url = '';
  private accessToken: string | null = null;
  private socketOptions: SocketOptions | null = null;
  private reconcileIntervalMs = 5 * 60_000;
  private fieldsVersion: string | null = null;
  private connected = false;
  private behindMs = 0;
  /** A patch is on its way to the page and not yet drawn. */
  private awaitingAck = false;
  private patchQueued = false;
  private aliveSentAt = 0;
  /** Entities a patch may carry: adapted to what the page's thread takes to draw them (`drawn`). */
  private patchLimit = MAX_PATCH_ENTITIES;
  private sentEntities = 0;
  private patchRound = 0;
  /** Since when entities written wait for a patch (the limit held them back); null when none waits. */
  private undeliveredSince: number | null = null;

  constructor(
    private readonly post: (message: FromWorker) => void,
    /** Opens the socket (graphql-ws's client; a stand-in in specs). */
    private readonly connect: (options: ClientOptions) => Client = createClient,
    /** When the writer writes (at once and whole in specs). */
    scheduler: FrameScheduler = AT_ONCE,
  ) {
    this.writer = new DeltaWriter(this.cache, { scheduler });
    this.writer.onWritten = (written) => this.noteWritten(written);
    this.writer.onBacklog = ({ entities, behindMs }) => (this.behindMs = entities ? behindMs : 0);
  }

  receive(message: ToWorker): void {
    switch (message.type) {
      case 'init':
        this.url = message.url;
        this.accessToken = message.accessToken;
        this.socketOptions = message.socket;
        this.reconcileIntervalMs = message.reconcileIntervalMs;
        return;
      case 'version':
        if (message.fieldsVersion === this.fieldsVersion) return;
        this.fieldsVersion = message.fieldsVersion;
        for (const list of this.lists.values()) list.machine.start();
        return;
      case 'token':
        this.accessToken = message.accessToken;
        return;
      case 'renewed':
        for (const list of this.lists.values()) list.machine.sessionRenewed();
        return;
      case 'open':
        return this.open(message.list, LIVE_LISTS[message.field], message.variables);
      case 'close':
        return this.close(message.list);
      case 'refresh':
        void this.lists.get(message.list)?.machine.refresh();
        return;
      case 'ack':
        return this.drawn(message.costMs);
      case 'operation': {
        const { op } = message;
        const stop = this.client().subscribe(message.payload, {
          next: (value) => this.post({ type: 'operation', op, event: 'next', value }),
          error: (e) => {
            this.operations.delete(op);
            this.post({ type: 'operation', op, event: 'error', value: operationError(e) });
          },
          complete: () => {
            this.operations.delete(op);
            this.post({ type: 'operation', op, event: 'complete' });
          },
        });
        this.operations.set(op, stop);
        return;
      }
      case 'stop':
        this.operations.get(message.op)?.();
        this.operations.delete(message.op);
        return;
      case 'terminate':
        this.socket?.terminate();
        return;
      case 'clear':
        this.lastMembers.clear();
        void this.cache.reset();
        return;
    }
  }

  private open(id: number, spec: LiveListSpec, variables: Record<string, unknown>): void {
    const machine = new LiveListMachine(spec, {
      writer: this.writer,
      subscribe: (handlers) =>
        this.subscribe(spec.subscription, variables, {
          next: (data) => handlers.next(((data?.[spec.field] as RtdObject[] | undefined) ?? []).filter(Boolean)),
          error: (e) => handlers.error(e),
          complete: () => handlers.complete(),
        }),
      // On the subscription's socket, as on the page: the server sees it after the subscription.
      fetchSnapshot: () =>
        new Promise<RtdObject[]>((resolve, reject) => {
          let entities: RtdObject[] = [];
          this.subscribe(spec.snapshot, variables, {
            next: (data) => (entities = (data?.[spec.field] as RtdObject[] | undefined) ?? []),
            error: reject,
            complete: () => resolve(entities),
          });
        }),
      readEntity: (entityId) => storedEntity<RtdObject>(this.cache, entityId) ?? null,
      connectionLive: () => this.connected,
      describeError: describeSocketError,
      now: () => Date.now(),
      corrected: (corrections) => this.post({ type: 'corrections', messages: corrections.map((c) => describeCorrection(spec.field, c)) }),
    });
    const key = `${spec.field} ${JSON.stringify(variables)}`;
    const known = (this.lastMembers.get(key) ?? []).filter((entityId) => storedEntity(this.cache, entityId) !== undefined);
    machine.target.members.replace(known);
    const list: OpenList = {
      id,
      key,
      spec,
      machine,
      reconcileTimer: setInterval(() => void machine.reconcile(), this.reconcileIntervalMs),
      written: new Map(known.map((entityId) => [entityId, null])),
      membersChanged: known.length > 0,
      stateChanged: true,
    };
    machine.onChange = () => {
      list.stateChanged = true;
      this.queuePatch();
    };
    this.lists.set(id, list);
    this.byTarget.set(machine.target, list);
    if (this.fieldsVersion) machine.start();
    this.queuePatch();
  }

  private close(id: number): void {
    const list = this.lists.get(id);
    if (!list) return;
    clearInterval(list.reconcileTimer);
    list.machine.stop();
    this.lists.delete(id);
    this.byTarget.delete(list.machine.target);
  }

  /** Runs an operation on the socket with the version's fields; data completed with null for the fields left out. */
  private subscribe(
    document: DocumentNode,
    variables: Record<string, unknown>,
    sink: { next(data: Record<string, unknown> | null | undefined): void; error(e: unknown): void; complete(): void },
  ): () => void {
    // With __typename, as Apollo's own link chain would send it: the cache identifies entities by it.
    const asked = this.cache.transformDocument(document);
    const { document: sent, removed } = this.fieldsVersion ? stripMissingFields(asked, this.fieldsVersion, POSSIBLE_TYPES) : { document: asked, removed: new Set<FieldNode>() };
    const payload: SubscribePayload = { query: printed(sent), variables };
    return this.client().subscribe<Record<string, unknown>>(payload, {
      next: (result) => {
        if (result.errors?.length && !result.data) return sink.error(result.errors);
        sink.next(result.data ? completeMissingFields(result.data, asked, removed, POSSIBLE_TYPES) : result.data);
      },
      error: (e) => sink.error(e),
      complete: () => sink.complete(),
    });
  }

  private socketEvent(event: SocketEvent): void {
    this.post({ type: 'socket', event });
  }

  private noteWritten(written: Written): void {
    const list = this.byTarget.get(written.target);
    if (!list) return;
    if (written.snapshot) for (const [id, entity] of written.snapshot) list.written.set(id, entity);
    for (const id of written.changed) list.written.set(id, null);
    if (written.membersChanged) {
      list.membersChanged = true;
      this.lastMembers.set(list.key, list.machine.target.members.list());
    }
    this.queuePatch();
  }

  /** After the writer's run (its lists told one by one), one patch with all of them. */
  private queuePatch(): void {
    if (this.patchQueued) return;
    this.patchQueued = true;
    queueMicrotask(() => {
      this.patchQueued = false;
      this.sendPatch();
    });
  }

  /**
   * Sends what changed since the last patch, up to `patchLimit` entities (the rest wait for the next patch, oldest
   * first; a list whose members changed sends all of its), starting each time with another list so that none waits
   * behind a busy one.
   */
  private sendPatch(): void {
    if (this.awaitingAck) return;
    const open = [...this.lists.values()];
    const first = open.length ? this.patchRound++ % open.length : 0;
    let allowance = this.patchLimit;
    const lists: ListPatch[] = [];
    let left = 0;
    for (const list of [...open.slice(first), ...open.slice(0, first)]) {
      if (!list.written.size && !list.membersChanged && !list.stateChanged) continue;
      const { members } = list.machine.target;
      const entities: (readonly [string, RtdObject])[] = [];
      for (const [id, sent] of list.written) {
        // New members come with all their entities: a snapshot is never shown in part (readers of `items` take a
        // live list's entities as whole, the agents page its usernames, say).
        if (allowance <= 0 && !list.membersChanged) break;
        list.written.delete(id);
        if (!members.has(id)) continue;
        // A delta's entity as the policies merged it; a snapshot's as the server sent it (the cache holds the same).
        const entity = sent ?? storedEntity<RtdObject>(this.cache, id);
        if (!entity) continue;
        entities.push([id, entity]);
        allowance--;
      }
      left += list.written.size;
      const { state, error, snapshotAt } = list.machine;
      lists.push({
        list: list.id,
        entities,
        ...(list.membersChanged ? { members: members.list() } : {}),
        ...(list.stateChanged ? { state: { state, error, snapshotAt } } : {}),
      });
      list.membersChanged = false;
      list.stateChanged = false;
    }
    if (!lists.length) return;
    const now = Date.now();
    this.undeliveredSince = left ? (this.undeliveredSince ?? now) : null;
    this.awaitingAck = true;
    this.sentEntities = this.patchLimit - allowance;
    this.post({ type: 'patch', lists, behindMs: Math.max(this.behindMs, this.undeliveredSince === null ? 0 : now - this.undeliveredSince), at: now });
  }

  /** The page drew the last patch in `costMs` of its thread: the next holds as many entities as fit its budget. */
  private drawn(costMs: number): void {
    this.awaitingAck = false;
    if (this.sentEntities > 0 && costMs > 0) {
      const fits = Math.round(PAGE_BUDGET_MS / (costMs / this.sentEntities));
      // Halfway towards what fits, so one slow frame (a GC, a slide's first drawing) does not swing it.
      this.patchLimit = Math.min(MAX_PATCH_ENTITIES, Math.max(MIN_PATCH_ENTITIES, Math.round((this.patchLimit + fits) / 2)));
    }
    this.sendPatch();
  }

  /** The worker's own socket, opened on the first operation, as the page's would be (socket-client.ts). */
  private client(): Client {
    this.socket ??= createRtdSocket(
      this.url,
      this.socketOptions!,
      () => this.accessToken,
      {
        connecting: (isRetry) => this.socketEvent({ kind: 'connecting', isRetry }),
        connected: (wasRetry) => {
          this.connected = true;
          this.socketEvent({ kind: 'connected', wasRetry, at: Date.now() });
          // Deltas sent while the socket was down are lost: fresh snapshots.
          if (wasRetry) for (const list of this.lists.values()) list.machine.reconnected();
        },
        retrying: (attempt, waitMs) => this.socketEvent({ kind: 'retrying', attempt, waitMs }),
        alive: () => {
          const now = Date.now();
          if (now - this.aliveSentAt >= ALIVE_EVERY_MS) this.socketEvent({ kind: 'alive', at: (this.aliveSentAt = now) });
        },
        closed: (code, reason, willRetry) => {
          this.connected = false;
          this.socketEvent({ kind: 'closed', code, reason, willRetry });
        },
      },
      this.connect,
    );
    return this.socket;
  }
}

const printedDocuments = new WeakMap<DocumentNode, string>();
/** A document as text, printed once. */
function printed(document: DocumentNode): string {
  let text = printedDocuments.get(document);
  if (text === undefined) printedDocuments.set(document, (text = print(document)));
  return text;
}
