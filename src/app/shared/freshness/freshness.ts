/**
 * The freshness of the page on screen, in one place: each page registers the live lists it shows (`staleness`),
 * and the badge, the board header and the tiles all read `view`, so they say LIVE, STALE, RECONNECTING or
 * OFFLINE together. A page that registers nothing (Boards, the editor) shows no badge.
 */
import { type DestroyRef, Injectable, type Signal, computed, inject, signal } from '@angular/core';
import { RtdConnection } from '../../rtd/connection';
import { Clock } from '../clock';
import { type DataOnScreen, freshnessView, oldestOnScreen } from './freshness-view';

@Injectable({ providedIn: 'root' })
export class Freshness {
  private readonly connection = inject(RtdConnection);
  private readonly clock = inject(Clock);
  private readonly sources = signal<readonly Signal<DataOnScreen>[]>([]);

  readonly view = computed(() => {
    // Read for its tick; the time itself is taken now, since the tick may be up to a second old.
    this.clock.now();
    return freshnessView({
      link: this.connection.badge(),
      attempt: this.connection.attempt(),
      nextRetry: this.connection.nextRetry(),
      behindMs: this.connection.behindMs(),
      onScreen: oldestOnScreen(this.sources().map((source) => source())),
      now: Date.now(),
    });
  });
  /** How old (s) the numbers on screen are while they are not known live; null while they are. */
  readonly staleSeconds = computed(() => this.view().staleSeconds);

  /** Counts `source` as data on screen until `destroyRef` (its page or slide) is destroyed. */
  watch(source: Signal<DataOnScreen>, destroyRef: DestroyRef): void {
    this.sources.update((sources) => [...sources, source]);
    destroyRef.onDestroy(() => this.sources.update((sources) => sources.filter((other) => other !== source)));
  }
}
