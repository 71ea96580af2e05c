/**
 * The tiles of a board page as shown: built from the live stats with the board's settings, levels held for the
 * board's hold time, trends recorded and attached, and filled in with the minutes before the page was there from
 * the wallboard server's recorder; on a services board, the CALL tiles' breach warnings. Services and groups pages
 * share it. Call it in an injection context.
 */
import { DestroyRef, type Signal, computed, effect, inject, untracked } from '@angular/core';
import type { BreachWarning } from '../../../../contract/forecast';
import type { HistorySample } from '../../../../contract/history-format';
import { HistoryFeed } from '../../history/history-feed';
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
import { CRITICAL_TILES, WARNED_TILES } from './board-on-screen';
import { BreachWarnings, NO_WARNINGS } from './breach-warnings';

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
  const warnings = kind === 'service' ? breachWarnings(live, tiles, settings) : null;

  const shown = computed(() => {
    const current = settings();
    if (!current) return [];
    const now = clock.now();
    trends.version();
    const series = scope();
    const warned = warnings?.() ?? NO_WARNINGS;
    return shownTiles(tiles(), hold, now, current.thresholds.holdSeconds * 1000, (tile, field) => trends.series.points(trendKey(series, tile, field), now), reuse, warned);
  });

  // On a kiosk, the tiles that are critical (after their hold time) go to the alert sound.
  // Stale numbers sound nothing (the greyed tiles say the data is old); a slide that leaves clears its report.
  const critical = inject(CRITICAL_TILES, { optional: true });
  const warnedTiles = inject(WARNED_TILES, { optional: true });
  const stale = critical || warnedTiles ? staleness(live) : null;
  if (critical && stale) {
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
  // And the tiles with a breach warning, for a softer sound once per warning. While the numbers are stale nothing is
  // reported (nothing sounds, nor is forgotten); a slide that leaves reports nothing either, so a warning that sounded
  // does not sound again each time its slide comes round.
  if (warnedTiles && stale) {
    effect(() => {
      if (stale() !== null) return;
      const ids = shown()
        .filter((tile) => tile.forecast)
        .map((tile) => `${kind}/${tile.id}`);
      untracked(() => warnedTiles(kind, ids));
    });
  }
  return shown;
}

/**
 * The breach warnings of the board's CALL service tiles, by tile id (see breach-warnings.ts): read from each service's
 * samples in the history feed (one signal per service, the same array while unchanged) on the clock's ticks, so a
 * live delta costs nothing here and a service's new minute costs that service's forecast. Nothing is asked of the
 * feed before the page's first live numbers (as board-history.ts: a TV's first load).
 */
function breachWarnings<T>(live: Pick<LiveList<T>, 'status'>, tiles: Signal<StatTileView[]>, settings: Signal<TileSettings | null>): Signal<ReadonlyMap<string, BreachWarning>> {
  const history = inject(HistoryFeed);
  const clock = inject(Clock);
  const model = new BreachWarnings();
  let wasLive = false;
  /** True from the first live numbers on (a reconnection later does not take the warnings down). */
  const started = computed(() => (wasLive ||= live.status() === 'live'));
  /** The board's CALL services, as a list that numbers moving do not change. */
  const services = computed(
    () =>
      tiles()
        .filter((tile) => !tile.total && tile.channel === 'CALL')
        .map((tile) => tile.code),
    { equal: (a, b) => a.length === b.length && a.every((code, i) => code === b[i]) },
  );
  return computed(() => {
    const current = settings();
    const now = clock.now();
    if (!current || !started()) return NO_WARNINGS;
    return model.warnings(services(), (code) => history.samples('service', code, 'CALL')(), current, now);
  });
}
