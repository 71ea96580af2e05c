/**
 * The board's sparklines with their history (issue 16), for board-tiles.ts: the recorder's minutes (HistoryFeed) built
 * into each recorded minute's tiles and put in the trends where the live data has no point, so a reload or a TV that
 * rebooted shows the last 30 minutes at once.
 */
import { type Signal, computed, effect, inject, untracked } from '@angular/core';
import { type HistorySample, SAMPLE_MS } from '../../../../contract/history-format';
import { HistoryFeed, entityKey } from '../../history/history-feed';
import { Clock } from '../../shared/clock';
import { SortedOrder } from '../../shared/sorted-order';
import { type StatTileView, TREND_FIELDS, recordedTrends } from '../../shared/stat-tile/stat-tile-view';
import type { TileSettings } from '../../shared/stat-tile/tile-figures';
import { type RecordedValue, type TrendPoint, Trends, recordedPoints } from '../../shared/trend';
import type { LiveList } from '../../rtd/live-query';

export interface BackfillSources<T> {
  kind: 'service' | 'group';
  /** The page's live list: history is asked for once it has its first numbers. */
  live: Pick<LiveList<T>, 'status'>;
  /** The stat a recorded sample stands for. */
  fromSample: (sample: HistorySample) => T;
  tiles: Signal<StatTileView[]>;
  settings: Signal<TileSettings | null>;
  /** The trends' scope (board-tiles.ts: the kind and the service level's source). */
  scope: Signal<string>;
  build: (items: readonly (T | null)[], settings: TileSettings, order: SortedOrder<T>) => StatTileView[];
}

/**
 * Fills the board's trends with the recorder's minutes (call in the page's injection context): each recorded
 * minute's tiles are built from the samples of the board's services or groups with the page's builder and settings,
 * and their trend figures go to the trends where the live data has no point. Only minutes whose samples changed are
 * built again; a new set of tiles or new settings builds them all.
 */
export function backfillTrends<T>({ kind, live, tiles, settings, scope, build, fromSample }: BackfillSources<T>): void {
  const history = inject(HistoryFeed);
  // Once the first live numbers are there: the history's request never competes with them (a TV's first load).
  effect(() => {
    if (live.status() === 'live') history.watch(kind);
  });
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
