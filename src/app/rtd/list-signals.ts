/**
 * What a live list shows, as signals: its members (cache ids, in the order they came), every member's entity as one
 * array patched in place of the entities written, and a signal per entity only for those someone reads one by one.
 * Fed the entities written and, when it changed, the new membership: one entity's change costs one entity's work.
 * Shared by the live lists written on the page (live-query.ts) and those written in a worker (live-worker/).
 */
import { type Signal, type WritableSignal, signal } from '@angular/core';

export class ListSignals<T> {
  private readonly memberList = signal<readonly string[]>([]);
  /**
   * Every member's entity, kept as an array and patched in place of the entities written: readers of the whole
   * list depend on one signal, not on one per member (a computed over 2,000 signals re-tracks them all each frame).
   */
  private readonly itemList = signal<readonly T[]>([]);
  private memberSet = new Set<string>();
  private readonly values = new Map<string, T>();
  private readonly entities = new Map<string, WritableSignal<T | undefined>>();
  /** Where each member sits in `items`. */
  private readonly positions = new Map<string, number>();

  readonly members: Signal<readonly string[]> = this.memberList.asReadonly();
  readonly items: Signal<readonly T[]> = this.itemList.asReadonly();

  /** One member as last written; a signal made on first ask. */
  entity(id: string): Signal<T | undefined> {
    let found = this.entities.get(id);
    if (!found) this.entities.set(id, (found = signal<T | undefined>(this.values.get(id))));
    return found.asReadonly();
  }

  /** One member's entity now, outside any reactive context. */
  value(id: string): T | undefined {
    return this.values.get(id);
  }

  /**
   * The entities written (those not members, once `members` is applied, are ignored) and, when membership changed,
   * the members now: entities that left go with their signals.
   */
  apply(written: Iterable<readonly [string, T]>, members?: readonly string[]): void {
    let rebuild = false;
    if (members) {
      this.memberSet = new Set(members);
      this.memberList.set(members);
      for (const id of this.values.keys()) if (!this.memberSet.has(id)) this.values.delete(id);
      for (const id of this.entities.keys()) if (!this.memberSet.has(id)) this.entities.delete(id);
      rebuild = true;
    }
    let patched: T[] | null = null;
    for (const [id, value] of written) {
      if (!this.memberSet.has(id)) continue;
      this.values.set(id, value);
      this.entities.get(id)?.set(value);
      const at = this.positions.get(id);
      if (at === undefined) rebuild = true;
      else if (!rebuild) (patched ??= this.itemList().slice())[at] = value;
    }
    if (rebuild) this.rebuildItems();
    else if (patched) this.itemList.set(patched);
  }

  private rebuildItems(): void {
    const list: T[] = [];
    this.positions.clear();
    for (const id of this.memberList()) {
      const value = this.values.get(id);
      if (value === undefined) continue;
      this.positions.set(id, list.length);
      list.push(value);
    }
    this.itemList.set(list);
  }
}
