/**
 * Writes subscription payloads into the Apollo cache: each entity checked against the schema first
 * (payload-guard.ts) and dropped if it fails, then filled from the cache (delta-filling.ts),
 * users that left a filter evicted, entities new to a list appended to the snapshot query that lists them.
 * Payloads arriving close together are coalesced into one cache batch, so a burst is one broadcast and
 * one change detection, not one per message.
 */
import type { ApolloCache, DocumentNode, OperationVariables, StoreObject } from '@apollo/client';
import { MESSAGE_FIELDS, type RtdObject, fillDelta, isPartialEntity } from './delta-filling';
import { entityFault, listEntityType } from './payload-guard';

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

interface Pending {
  spec: LiveListSpec;
  variables: OperationVariables;
  entities: RtdObject[];
}

/** Milliseconds payloads wait to be written together, at least. */
export const COALESCE_MS = 50;
/** Milliseconds payloads wait at most, however costly writing gets: beyond it the numbers would lag visibly. */
export const MAX_COALESCE_MS = 1_000;
/**
 * The share of the page's time that re-reading lists may take. After each write the cache's watches read their
 * whole lists again, whatever changed: at 2,000 agents that costs tens of milliseconds a write. The window widens
 * until that cost, paid once per window, stays under this share; a small board stays at COALESCE_MS. (The
 * entities' own writing costs the same however they are grouped, so it does not widen the window.)
 */
export const REREAD_SHARE = 0.25;

export class DeltaWriter {
  private pending: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  /**
   * Payload entities written so far, those that could not be filled (should stay 0), and those dropped because
   * they contradict the schema or lack their keys (should stay 0; each list and reason is logged once).
   */
  readonly stats = { written: 0, unfillable: 0, rejected: 0, flushes: 0 };
  /** The list-and-reason pairs already logged: a stream of bad entities logs once, not once a message. */
  private readonly warned = new Set<string>();
  /** The current coalescing window (ms): COALESCE_MS, widened while re-reading lists is costly. */
  private window: number;

  constructor(
    private readonly cache: ApolloCache,
    private readonly coalesceMs = COALESCE_MS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.window = coalesceMs;
  }

  /** How long payloads wait now (ms). */
  get windowMs(): number {
    return this.window;
  }

  /** Queues one subscription payload for the next flush. */
  enqueue(spec: LiveListSpec, variables: OperationVariables, entities: RtdObject[]): void {
    entities = this.admit(spec, entities);
    if (!entities.length) return;
    this.pending.push({ spec, variables, entities });
    if (this.coalesceMs <= 0) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.window);
  }

  /** Writes everything queued in one cache batch. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const pending = this.pending;
    this.pending = [];
    if (!pending.length) return;
    let evicted = false;
    let written = 0;
    this.cache.batch({
      update: (cache) => {
        for (const { spec, variables, entities } of pending) evicted = this.write(cache, spec, variables, entities) || evicted;
        written = this.now();
      },
    });
    // Evicted users may leave nested objects nobody references.
    if (evicted) this.cache.gc();
    this.stats.flushes++;
    if (this.coalesceMs > 0) this.window = Math.min(MAX_COALESCE_MS, Math.max(this.coalesceMs, (this.now() - written) / REREAD_SHARE));
  }

  /** Drops what is queued (a fresh snapshot is coming). */
  discard(spec: LiveListSpec, variables: OperationVariables): void {
    this.pending = this.pending.filter((p) => p.spec !== spec || p.variables !== variables);
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

  private write(cache: ApolloCache, spec: LiveListSpec, variables: OperationVariables, entities: RtdObject[]): boolean {
    const { fragment, fragmentName } = spec;
    const added: RtdObject[] = [];
    const removed = new Set<string>();
    for (const delta of entities) {
      const id = cache.identify(delta as StoreObject);
      if (!id) continue;
      if (delta['mutation'] === 'DELETED') {
        cache.evict({ id });
        removed.add(id);
        continue;
      }
      if (this.fillInPlace(cache, id, delta)) {
        this.stats.written++;
        continue;
      }
      // Not held whole in the store: filled from a read of the fragment, if the cache can answer it.
      const cached = cache.readFragment<RtdObject>({ id, fragment, fragmentName });
      if (!cached && delta['mutation'] !== 'CREATED' && isPartialEntity(delta)) {
        // An update for an entity the cache does not hold: the next snapshot brings it whole.
        this.stats.unfillable++;
        continue;
      }
      cache.writeFragment({ id, fragment, fragmentName, data: cached ? fillDelta(delta, cached) : delta });
      this.stats.written++;
      if (!cached) added.push(delta);
    }
    if (added.length || removed.size) {
      cache.updateQuery<RtdObject>({ query: spec.snapshot, variables }, (data) => {
        const list = data?.[spec.field] as RtdObject[] | undefined;
        if (!list) return data;
        const kept = list.filter((e) => !removed.has(cache.identify(e as StoreObject) ?? ''));
        const known = new Set(kept.map((e) => cache.identify(e as StoreObject)));
        return { ...data, [spec.field]: [...kept, ...added.filter((e) => !known.has(cache.identify(e as StoreObject)))] };
      });
    }
    return removed.size > 0;
  }

  /**
   * Fills the cached entity's fields from the delta where it holds them: each field the delta carries becomes
   * fillDelta's merge of it with the stored value; a null leaves the field as it is. Through `cache.modify`, which
   * touches only those fields, where `writeFragment` would walk the whole fragment: most of a write's cost at 2,000
   * agents. The entity fragments have no arguments or aliases, so their stored fields are their result fields.
   * False when the cache does not hold the entity, or not every field the delta carries.
   */
  private fillInPlace(cache: ApolloCache, id: string, delta: RtdObject): boolean {
    const stored = new Set<string>();
    cache.modify({
      id,
      fields: (value, { fieldName }) => {
        stored.add(fieldName);
        const change = delta[fieldName];
        if (change === undefined || change === null || MESSAGE_FIELDS.has(fieldName)) return value;
        return fillDelta({ [fieldName]: change }, { [fieldName]: value as unknown })[fieldName];
      },
    });
    // An entity another query wrote with fewer fields does not hold all the delta carries (the fields it holds
    // took their new values, which are right either way).
    return Object.keys(delta).every((field) => delta[field] === null || field === '__typename' || MESSAGE_FIELDS.has(field) || stored.has(field));
  }
}
