/**
 * The tiles of a board page as shown: built from the live stats with the board's settings, levels held for the
 * board's hold time, trends recorded and attached, and filled in with the minutes before the page was there from
 * the wallboard server's recorder; on a services board, the CALL tiles' breach warnings. Services and groups pages
 * share it. Call it in an injection context.
 */
import { DestroyRef, type Signal, computed, effect, inject, untracked } from '@angular/core';
import type { BreachWarning } from '../../../../contract/forecast';
import { type HistorySample, SAMPLE_MS } from '../../../../contract/history-format';
import { HistoryFeed, entityKey } from '../../history/history-feed';
import { RtdConnection } from '../../rtd/connection';
import type { LiveList } from '../../rtd/live-query';
import { Clock } from '../../shared/clock';
import { SortedOrder } from '../../shared/sorted-order';
import { staleness } from '../../shared/stale';
import { type ShownFrom, type StatTileView, TREND_FIELDS, recordedTrends, shownTiles, trendKey, trendSamples } from '../../shared/stat-tile/stat-tile-view';
import type { TileSettings } from '../../shared/stat-tile/tile-figures';
import { LevelHold } from '../../shared/thresholds';
import { type RecordedValue, type TrendPoint, Trends, recordedPoints } from '../../shared/trend';
import type { BoardDefinition } from './board';
import { CRITICAL_TILES, WARNED_TILES } from './board-on-screen';
import { BreachWarnings, NO_WARNINGS } from './breach-warnings';

export function boardTiles<T>(
  kind: 'service' | 'group',
  live: LiveList<T>,
  board: Signal<BoardDefinition | null>,
  build: (items: readonly (T | null)[], settings: TileSettings, order: SortedOrder<T>) => StatTileView[],
  /** The stat a recorded sample stands for, so recorded minutes are built into tiles as live ones are. */
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

  if (fromSample) backfillTrends(kind, tiles, settings, scope, build, fromSample);
  const warnings = kind === 'service' ? breachWarnings(tiles, settings) : null;

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
 * live delta costs nothing here and a service's new minute costs that service's forecast.
 */
function breachWarnings(tiles: Signal<StatTileView[]>, settings: Signal<TileSettings | null>): Signal<ReadonlyMap<string, BreachWarning>> {
  const history = inject(HistoryFeed);
  const clock = inject(Clock);
  const model = new BreachWarnings();
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
    if (!current) return NO_WARNINGS;
    return model.warnings(services(), (code) => history.samples('service', code, 'CALL')(), current, now);
  });
}

/**
 * Fills the board's trends with the recorder's minutes (HistoryFeed), so a reload or a TV that rebooted shows the last
 * 30 minutes at once: each recorded minute's tiles are built from the samples of the board's services or groups with
 * the page's builder and settings, and their trend figures go to the trends where the live data has no point.
 * Only minutes whose samples changed are built again; a new set of tiles or new settings builds them all.
 */
function backfillTrends<T>(
  kind: 'service' | 'group',
  tiles: Signal<StatTileView[]>,
  settings: Signal<TileSettings | null>,
  scope: Signal<string>,
  build: (items: readonly (T | null)[], settings: TileSettings, order: SortedOrder<T>) => StatTileView[],
  fromSample: (sample: HistorySample) => T,
): void {
  const history = inject(HistoryFeed);
  const clock = inject(Clock);
  const trends = inject(Trends);
  /** The board's entities (the tiles but the totals), as a key: numbers moving do not change it. */
  const entities = computed(
    () =>
      tiles()
        .filter((tile) => !tile.total)
        .map((tile) => entityKey(kind, tile.code, tile.channel)),
    { equal: (a, b) => a.length === b.length && a.every((key, i) => key === b[i]) },
  );
  let builtFor: unknown[] = [];
  /** Per minute, the samples its tiles were built from; per trend key, its recorded values by minute. */
  let built = new Map<number, readonly HistorySample[]>();
  let values = new Map<string, Map<number, number | null>>();

  effect(() => {
    const keys = entities();
    const current = settings();
    const series = scope();
    const held = history.all();
    if (!current || !keys.length) return;
    untracked(() => {
      if (builtFor[0] !== keys || builtFor[1] !== current || builtFor[2] !== series) {
        builtFor = [keys, current, series];
        built = new Map();
        values = new Map();
      }
      const byMinute = new Map<number, HistorySample[]>();
      for (const key of keys) {
        for (const sample of held.get(key) ?? []) {
          const minute = Date.parse(sample.minute);
          let samples = byMinute.get(minute);
          if (!samples) byMinute.set(minute, (samples = []));
          samples.push(sample);
        }
      }
      const changed: [number, StatTileView[]][] = [];
      for (const [minute, samples] of byMinute) {
        const before = built.get(minute);
        if (before && before.length === samples.length && before.every((sample, i) => sample === samples[i])) continue;
        built.set(minute, samples);
        changed.push([minute, build(samples.map(fromSample), current, new SortedOrder<T>())]);
      }
      for (const minute of built.keys()) if (!byMinute.has(minute)) built.delete(minute);
      if (!changed.length) return;
      for (const [minute] of changed) for (const byKey of values.values()) byKey.delete(minute);
      // A board whose service level is the server's sl1 custom stat has no recorded history of it (samples keep no
      // custom stats): its service level trend starts with the page, rather than be made up from other counts.
      const fields = current.serviceLevel === 'sl1' ? TREND_FIELDS.filter((field) => field !== 'serviceLevel') : TREND_FIELDS;
      for (const [key, recorded] of recordedTrends(series, changed, fields)) {
        let byKey = values.get(key);
        if (!byKey) values.set(key, (byKey = new Map()));
        for (const { minute, value } of recorded) byKey.set(minute, value);
      }
      const now = clock.now();
      const points = new Map<string, TrendPoint[]>();
      for (const [key, byKey] of values) {
        for (const minute of byKey.keys()) if (!built.has(minute)) byKey.delete(minute);
        const recorded: RecordedValue[] = [...byKey].map(([minute, value]) => ({ minute, value }));
        points.set(key, recordedPoints(recorded, now, SAMPLE_MS));
      }
      trends.backfill(points);
    });
  });
}
