/**
 * Writes live lists' snapshots and subscription payloads into the Apollo cache, a few milliseconds a frame.
 * Merging is not done here: the cache's generated policies merge each delta, told apart from a snapshot by the
 * write's extensions (delta-policies.ts). The writer
 * keeps what is not a merge: checking entities against the schema (payload-guard.ts), scheduling within a
 * frame budget with a visible backlog, CREATED appending to a list, DELETED removing from it, and telling
 * exactly the entities it wrote to whoever shows them (`onWritten`), so one entity's change costs one
 * entity's work. No Angular: the frame scheduler is passed in.
 */
import type { ApolloCache, DocumentNode, StoreObject } from '@apollo/client';
import { DELTA_EXTENSIONS } from './delta-policies';
import { DeltaShapes } from './delta-shapes';
import { entityFault, listEntityType } from './payload-guard';
import { type FrameScheduler, IMMEDIATELY, animationFrames } from './frame-scheduler';

/** An RTD object as JSON: entities, nested stats, union members. */
export type RtdObject = Record<string, unknown>;

/** What a live list is: its snapshot query, the root field it reads, and the fragment of one entity. */
export interface LiveListSpec {
  /** Root field name, e.g. `serviceStats`. */
  readonly field: string;
  readonly snapshot: DocumentNode;
  readonly subscription: DocumentNode;
  /** The entity fragment document (with the fragments it spreads) and its name. */
  readonly fragment: DocumentNode;
  readonly fragmentName: string;
}

/** A live list's members by cache id, in the order they came: what the list's signal carries. */
export class Membership {
  private readonly ids = new Set<string>();
  private listed: readonly string[] | null = [];

  has(id: string): boolean {
    return this.ids.has(id);
  }

  get size(): number {
    return this.ids.size;
  }

  /** The members as an array, the same array until they change. */
  list(): readonly string[] {
    return (this.listed ??= [...this.ids]);
  }

  add(id: string): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    this.listed = null;
  }

  delete(id: string): void {
    if (this.ids.delete(id)) this.listed = null;
  }

  replace(ids: readonly string[]): void {
    this.ids.clear();
    for (const id of ids) this.ids.add(id);
    this.listed = null;
  }
}

/** A live list the writer writes for. */
export interface WriteTarget {
  readonly spec: LiveListSpec;
  readonly members: Membership;
}

/** What a write told its list: the entities written (with their new state readable from the cache), whether membership changed. */
export interface Written {
  readonly target: WriteTarget;
  /** Entities of a snapshot, as the server sent them (the cache holds the same). */
  readonly snapshot?: ReadonlyMap<string, RtdObject>;
  /** Cache ids of entities a delta changed. */
  readonly changed: ReadonlySet<string>;
  readonly membersChanged: boolean;
}

/** How far behind the writer is: entities waiting, and how long the oldest has waited (ms). */
export interface Backlog {
  readonly entities: number;
  readonly behindMs: number;
}

export { type FrameScheduler, IMMEDIATELY, animationFrames } from './frame-scheduler';

/**
 * Milliseconds of each frame the writer may take: half of a 60 Hz frame, the rest for the views and drawing. Every
 * frame that writes makes the pages re-derive their views, so fewer, fuller frames cost less than many thin ones.
 */
export const FRAME_BUDGET_MS = 8;

/** Milliseconds a write may take in a hidden tab: under a long task, with nothing to paint. */
export const LATE_BUDGET_MS = 40;

export interface DeltaWriterOptions {
  scheduler?: FrameScheduler;
  /** @default FRAME_BUDGET_MS, or no limit with IMMEDIATELY */
  budgetMs?: number;
  now?: () => number;
}

interface Job {
  readonly target: WriteTarget;
  readonly kind: 'snapshot' | 'delta';
  readonly entities: readonly RtdObject[];
  readonly receivedAt: number;
  /** Entities written so far. */
  next: number;
  /** A snapshot's entities, gathered until it is written whole. */
  readonly seen?: Map<string, RtdObject>;
  readonly done?: () => void;
}

export class DeltaWriter {
  private queue: Job[] = [];
  private scheduled = false;
  readonly scheduler: FrameScheduler;
  private readonly budgetMs: number;
  private readonly now: () => number;
  private readonly targets = new Set<WriteTarget>();
  private readonly shapes = new DeltaShapes();
  /**
   * Entities written so far; updates for entities the list does not hold (should stay 0); entities dropped because
   * they contradict the schema or lack their keys (should stay 0; each list and reason is logged once); frames
   * that wrote something.
   */
  readonly stats = { written: 0, unfillable: 0, rejected: 0, flushes: 0 };
  /** The list-and-reason pairs already logged: a stream of bad entities logs once, not once a message. */
  private readonly warned = new Set<string>();
  /** Hears of every write, after its frame's cache batch. */
  onWritten: (written: Written) => void = () => {};
  /** Hears of the backlog after each frame that wrote something. */
  onBacklog: (backlog: Backlog) => void = () => {};

  constructor(
    private readonly cache: ApolloCache,
    options: DeltaWriterOptions = {},
  ) {
    this.scheduler = options.scheduler ?? animationFrames();
    // At once means whole: tests read the cache right after enqueueing.
    this.budgetMs = options.budgetMs ?? (this.scheduler === IMMEDIATELY ? Infinity : FRAME_BUDGET_MS);
    this.now = options.now ?? (() => performance.now());
  }

  /** Entities waiting to be written, and how long the oldest has waited. */
  backlog(): Backlog {
    const entities = this.queue.reduce((sum, job) => sum + job.entities.length - job.next, 0);
    return { entities, behindMs: this.queue.length ? this.now() - this.queue[0].receivedAt : 0 };
  }

  /** A list the writer writes for: its members are kept, DELETED entities evicted once no list holds them. */
  attach(target: WriteTarget): void {
    this.targets.add(target);
  }

  detach(target: WriteTarget): void {
    this.targets.delete(target);
    this.discard(target);
  }

  /** Queues a snapshot: written whole (nulls are genuine), then it replaces the list's members and `done` runs. */
  snapshot(target: WriteTarget, entities: readonly RtdObject[], done: () => void): void {
    this.push({ target, kind: 'snapshot', entities: this.admit(target.spec, entities), receivedAt: this.now(), next: 0, seen: new Map(), done });
  }

  /** Queues one subscription payload. */
  enqueue(target: WriteTarget, entities: readonly RtdObject[]): void {
    entities = this.admit(target.spec, entities);
    if (entities.length) this.push({ target, kind: 'delta', entities, receivedAt: this.now(), next: 0 });
  }

  /** Drops what is queued for a list (a fresh snapshot is coming, or the list is gone). */
  discard(target: WriteTarget): void {
    this.queue = this.queue.filter((job) => job.target !== target);
  }

  /** Writes everything queued now, whatever the budget (a reconciliation compares with what the list holds). */
  flush(): void {
    this.run(Infinity);
  }

  private push(job: Job): void {
    this.queue.push(job);
    this.schedule();
  }

  /** Asks for a run before the next frame, unless one is asked for already; a hidden tab's run takes more. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.scheduler.request((late) => {
      this.scheduled = false;
      this.run(late ? Math.max(this.budgetMs, LATE_BUDGET_MS) : this.budgetMs);
    });
  }

  /** Writes queued entities until the budget is spent, in one cache batch; then tells each list what changed. */
  private run(budgetMs: number): void {
    if (!this.queue.length) return;
    const until = this.now() + budgetMs;
    const written: Written[] = [];
    this.cache.batch({
      update: (cache) => {
        while (this.queue.length && this.now() < until) {
          const job = this.queue[0];
          const outcome = this.writeSome(cache, job, until);
          written.push(outcome);
          if (job.next >= job.entities.length) this.queue.shift();
        }
      },
    });
    this.stats.flushes++;
    for (const outcome of written) this.onWritten(outcome);
    this.onBacklog(this.backlog());
    if (this.queue.length) this.schedule();
  }

  /** Writes a job's entities until it is done or the time is up. */
  private writeSome(cache: ApolloCache, job: Job, until: number): Written {
    const { target } = job;
    const changed = new Set<string>();
    let membersChanged = false;
    while (job.next < job.entities.length) {
      const entity = job.entities[job.next++];
      const id = cache.identify(entity as StoreObject);
      if (id) {
        if (job.kind === 'snapshot') {
          cache.writeFragment({ id, fragment: target.spec.fragment, fragmentName: target.spec.fragmentName, data: entity });
          this.shapes.written(target.spec.fragment, target.spec.fragmentName, id, entity);
          job.seen!.set(id, entity);
          this.stats.written++;
        } else if (this.writeDelta(cache, target, id, entity)) {
          changed.add(id);
          membersChanged ||= !target.members.has(id) || entity['mutation'] === 'DELETED';
          if (entity['mutation'] === 'DELETED') target.members.delete(id);
          else target.members.add(id);
        }
      }
      if (this.now() >= until) break;
    }
    if (job.kind === 'snapshot' && job.next >= job.entities.length) {
      target.members.replace([...job.seen!.keys()]);
      // The members are the snapshot's now: told after the batch, then the list goes live.
      queueMicrotask(() => job.done?.());
      return { target, snapshot: job.seen, changed, membersChanged: true };
    }
    return { target, changed, membersChanged };
  }

  /** One delta entity into the cache: true if written (or removed). */
  private writeDelta(cache: ApolloCache, target: WriteTarget, id: string, delta: RtdObject): boolean {
    const { spec } = target;
    if (delta['mutation'] === 'DELETED') {
      // Another list may still show the same entity (two filters, one agent).
      if (![...this.targets].some((other) => other !== target && other.members.has(id))) {
        cache.evict({ id });
        this.shapes.forget(id);
      }
      return target.members.has(id);
    }
    if (target.members.has(id)) {
      // A delta, through a document of its non-null values (delta-shapes.ts); its extensions tell the policies
      // that any null it still carries (inside a list) means unchanged.
      cache.write({ query: this.shapes.of(spec.fragment, spec.fragmentName, id, delta), dataId: id, result: delta, extensions: DELTA_EXTENSIONS });
    } else if (delta['mutation'] === 'CREATED' || !isPartialEntity(delta)) {
      // New to the list: whole, its nulls genuine.
      cache.writeFragment({ id, fragment: spec.fragment, fragmentName: spec.fragmentName, data: delta });
      this.shapes.written(spec.fragment, spec.fragmentName, id, delta);
    } else {
      // An update for an entity the list does not hold: the next snapshot brings it whole.
      this.stats.unfillable++;
      return false;
    }
    this.stats.written++;
    return true;
  }

  /** The payload's entities that may be written; the others counted and, once per list and reason, logged. */
  private admit(spec: LiveListSpec, entities: readonly RtdObject[]): RtdObject[] {
    const typename = listEntityType(spec.field);
    return entities.filter((entity) => {
      const fault = entityFault(typename, entity);
      if (!fault) return true;
      this.stats.rejected++;
      const reason = `${spec.field}: ${fault.kind}`;
      if (!this.warned.has(reason)) {
        this.warned.add(reason);
        console.warn(`RTD payload: dropped a ${typename} of ${spec.field} (${fault.kind}: ${fault.message}); further drops of this kind are only counted`);
      }
      return false;
    });
  }
}

/**
 * Whether a payload entity has unchanged (null) top-level fields: such an update cannot stand alone without
 * a stored entity to merge into. (A whole new entity may still have genuinely null nested values.)
 */
export function isPartialEntity(entity: RtdObject): boolean {
  return Object.entries(entity).some(([field, value]) => value === null && field !== 'mutation');
}
