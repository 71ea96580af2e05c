/**
 * The tiles of a board page as shown: built from the live stats with the board's settings, levels held for the
 * board's hold time, trends recorded and attached, and filled in with the minutes before the page was there from
 * the wallboard server's recorder. Services and groups pages share it. Call it in an injection context.
 */
import { DestroyRef, type Signal, computed, effect, inject, untracked } from '@angular/core';
import type { HistorySample } from '../../../../contract/history-format';
import { RtdConnection } from '../../rtd/connection';
import type { LiveList } from '../../rtd/live-query';
import { Clock } from '../../shared/clock';
import { SortedOrder } from '../../shared/sorted-order';
import { staleness } from '../../shared/stale';
import { type ShownFrom, type StatTileView, shownTiles, trendKey, trendSamples } from '../../shared/stat-tile/stat-tile-view';
import type { TileSettings } from '../../shared/stat-tile/tile-figures';
import { LevelHold } from '../../shared/thresholds';
import { Trends } from '../../shared/trend';
import type { BoardDefinition } from './board';
import { backfillTrends } from './board-history';
import { CRITICAL_TILES } from './board-on-screen';

export function boardTiles<T>(
  kind: 'service' | 'group',
  live: LiveList<T>,
  board: Signal<BoardDefinition | null>,
  build: (items: readonly (T | null)[], settings: TileSettings, order: SortedOrder<T>) => StatTileView[],
  /** The stat a recorded sample stands for, so recorded minutes are built into tiles as live ones are (board-history.ts). */
  fromSample?: (sample: HistorySample) => T,
): Signal<StatTileView[]> {
  const clock = inject(Clock);
  const trends = inject(Trends);
  const connection = inject(RtdConnection);
  const hold = new LevelHold();
  // Tiles keep their places while only numbers change: no full sort every frame.
  const order = new SortedOrder<T>();
  const reuse = new Map<string, ShownFrom>();

  const settings = computed<TileSettings | null>(() => {
    const current = board();
    if (!current) return null;
    return { customStatKeys: current.customStatKeys, serviceLevel: current.serviceLevel, thresholds: current.thresholds, hasField: (type, field) => connection.hasField(type, field) };
  });
  const tiles = computed(() => {
    const current = settings();
    return current ? build(live.items(), current, order) : [];
  });

  // Services and groups, and each way of working out the service level, keep trends of their own.
  const scope = computed(() => `${kind}:${settings()?.serviceLevel ?? ''}`);
  // Sample the trends every clock tick, so a quiet queue still draws a line up to now.
  effect(() => {
    const now = clock.now();
    const current = tiles();
    if (live.status() !== 'live') return;
    untracked(() => trends.record(trendSamples(scope(), current), now));
  });

  if (fromSample) backfillTrends({ kind, live, tiles, settings, scope, build, fromSample });

  const shown = computed(() => {
    const current = settings();
    if (!current) return [];
    const now = clock.now();
    trends.version();
    const series = scope();
    return shownTiles(tiles(), hold, now, current.thresholds.holdSeconds * 1000, (tile, field) => trends.series.points(trendKey(series, tile, field), now), reuse);
  });

  // On a kiosk, the tiles that are critical (after their hold time) go to the alert sound.
  // Stale numbers sound nothing (the greyed tiles say the data is old); a slide that leaves clears its report.
  const critical = inject(CRITICAL_TILES, { optional: true });
  if (critical) {
    const stale = staleness(live);
    effect(() => {
      const ids =
        stale() !== null
          ? []
          : shown()
              .filter((tile) => tile.level === 'critical')
              .map((tile) => `${kind}/${tile.id}`);
      untracked(() => critical(kind, ids));
    });
    inject(DestroyRef).onDestroy(() => critical(kind, []));
  }
  return shown;
}
