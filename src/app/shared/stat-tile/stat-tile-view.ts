/**
 * What a service, group or totals tile shows: its identity, headline figures, traffic figures, agent counts,
 * custom stats and trends; its level is the worst of its figures' (held) levels.
 */
import type { BreachWarning, ForecastKpi } from '../../../../contract/forecast';
import type { MultiChannel } from '../../rtd/generated/graphql';
import { type KpiView, type ThresholdLevel } from '../kpi';
import { type LevelHold } from '../thresholds';
import type { RecordedValue, TrendPoint } from '../trend';

export interface CustomStatView {
  key: string;
  /** As the server sent it (custom stats are strings); null when the tile has none for this key. */
  value: string | null;
  /** The value over every stat the board asked for (servers from 1.0.2). */
  aggregatedValue: string | null;
}

export interface TrendView {
  /** The figure the trend follows, e.g. "queuedCalls". */
  field: string;
  points: readonly TrendPoint[];
}

export interface StatTileView {
  /** "CODE/CHANNEL": the tile's identity, and the value of its e2e hook. */
  id: string;
  code: string;
  channel: MultiChannel;
  /** A totals tile sums the board's tiles of its channel. */
  total?: boolean;
  /** The figures read from across the room. */
  headline: KpiView[];
  traffic: KpiView[];
  agents: KpiView[];
  custom: CustomStatView[];
  trends: TrendView[];
  /** The worst level of the tile's figures; undefined when none of them has thresholds. */
  level?: ThresholdLevel;
  /**
   * The figures that put the tile at its level when that is warning or critical, in the tile's order (headline
   * first): the tile names the first beside the level word ("Critical · abandon 11 %"), so a red tile over a
   * perfect headline never contradicts itself.
   */
  causes?: KpiView[];
  /**
   * The breach warning (contract/forecast.ts, held for the board's hold time): the figure that turns critical in
   * about `minutes` if nothing changes. Only on a CALL service tile, and never about a figure already critical.
   */
  forecast?: BreachWarning;
}

/** The headline figure each forecast figure is: the tile's level of it tells whether it is critical already. */
export const FORECAST_FIGURES: Readonly<Record<ForecastKpi, string>> = { serviceLevel: 'serviceLevel', longestWait: 'maxTimeCallOnQueue' };

const SEVERITY: Record<ThresholdLevel, number> = { ok: 0, warning: 1, critical: 2 };

export function worstLevel(kpis: readonly KpiView[]): ThresholdLevel | undefined {
  let worst: ThresholdLevel | undefined;
  for (const { level } of kpis) if (level && (!worst || SEVERITY[level] > SEVERITY[worst])) worst = level;
  return worst;
}

/** The figures at `level` (warning or critical), in order; none for ok or no level. */
export function levelCauses(kpis: readonly KpiView[], level: ThresholdLevel | undefined): KpiView[] {
  return level === 'warning' || level === 'critical' ? kpis.filter((figure) => figure.level === level) : [];
}

/** Sets `view`'s level and its causes from `kpis`. */
function setLevel(view: StatTileView, kpis: readonly KpiView[]): void {
  const level = worstLevel(kpis);
  if (level) view.level = level;
  const causes = levelCauses(kpis, level);
  if (causes.length) view.causes = causes;
}

export function tileId(code: string, channel: MultiChannel): string {
  return `${code}/${channel}`;
}

/** The figures that follow a trend on a tile, and their keys in the trend store. */
export const TREND_FIELDS = ['queuedCalls', 'serviceLevel'] as const;

/**
 * A trend's key: the page's series (`scope`, e.g. "service:answered") so a service and a skillset with one code,
 * or two ways of working out the service level, never share a line, then the tile and the figure.
 */
export function trendKey(scope: string, tile: { id: string }, field: string): string {
  return `${scope}|${tile.id}/${field}`;
}

/** A tile view with its level worked out from its figures. */
export function statTile(code: string, channel: MultiChannel, figures: Pick<StatTileView, 'headline' | 'traffic' | 'agents'> & Partial<Pick<StatTileView, 'custom' | 'total'>>): StatTileView {
  const view: StatTileView = { id: tileId(code, channel), code, channel, custom: [], trends: [], ...figures };
  setLevel(view, [...view.headline, ...view.traffic, ...view.agents]);
  return view;
}

/** The samples a tile adds to the trends: its trend figures' current values. */
export function trendSamples(scope: string, tiles: readonly StatTileView[]): [string, number | null][] {
  const samples: [string, number | null][] = [];
  for (const tile of tiles) {
    for (const figure of tile.headline) if ((TREND_FIELDS as readonly string[]).includes(figure.field)) samples.push([trendKey(scope, tile, figure.field), figure.value]);
  }
  return samples;
}

/**
 * The trend values a board's tiles had at recorded minutes, keyed as trendSamples keys them: `tilesAt` gives each
 * minute's tiles, built from the recorded stats with the live tiles' builders and settings, so a totals tile and the
 * service level formula read the same as live. `fields` leaves out a figure the record cannot give.
 */
export function recordedTrends(scope: string, tilesAt: Iterable<[minute: number, tiles: readonly StatTileView[]]>, fields: readonly string[] = TREND_FIELDS): Map<string, RecordedValue[]> {
  const values = new Map<string, RecordedValue[]>();
  for (const [minute, tiles] of tilesAt) {
    for (const tile of tiles) {
      for (const figure of tile.headline) {
        if (!fields.includes(figure.field)) continue;
        const key = trendKey(scope, tile, figure.field);
        let series = values.get(key);
        if (!series) values.set(key, (series = []));
        series.push({ minute, value: figure.value });
      }
    }
  }
  return values;
}

const NO_WARNINGS: ReadonlyMap<string, BreachWarning> = new Map();

/** What a shown tile was made from: while all of it stays the same, the shown tile is handed out again. */
export interface ShownFrom {
  tile: StatTileView;
  levels: string;
  /** The breach warning shown ("longestWait 3"), or ''. */
  forecast: string;
  trends: readonly (readonly TrendPoint[])[];
  shown: StatTileView;
}

/**
 * The tiles as shown: each figure's level replaced by its held level (see LevelHold), the tile's level worked
 * out again, and the trends attached. `hold` keeps its memory between calls; figures of tiles that left are
 * forgotten. With `reuse` (kept by the caller between calls), a tile whose view, held levels and trends did not
 * change is the same object as last time, so its component is not checked again: on a board of hundreds of tiles
 * only the tiles that moved are rendered. `warnings` (by tile id, see breach-warnings.ts) puts a breach warning on
 * a tile whose warned figure is not critical there (its held level): a figure already critical is the tile's red.
 */
export function shownTiles(
  tiles: readonly StatTileView[],
  hold: LevelHold,
  now: number,
  holdMs: number,
  trendOf: (tile: StatTileView, field: string) => readonly TrendPoint[],
  reuse = new Map<string, ShownFrom>(),
  warnings: ReadonlyMap<string, BreachWarning> = NO_WARNINGS,
): StatTileView[] {
  const keys = new Set<string>();
  const ids = new Set<string>();
  const shown = tiles.map((tile) => {
    ids.add(tile.id);
    let levels = '';
    const heldFigure = (figure: KpiView): KpiView => {
      if (!figure.level) return figure;
      const key = `${tile.id}/${figure.field}`;
      keys.add(key);
      const level = hold.level(key, figure.level, now, holdMs);
      levels += `${level},`;
      return level === figure.level ? figure : { ...figure, level: level ?? 'ok' };
    };
    const headline = tile.headline.map(heldFigure);
    const traffic = tile.traffic.map(heldFigure);
    const trendFigures = tile.headline.filter((figure) => (TREND_FIELDS as readonly string[]).includes(figure.field));
    const points = trendFigures.map((figure) => trendOf(tile, figure.field));
    const warning = warnings.get(tile.id);
    const forecast = warning && !headline.some((figure) => figure.field === FORECAST_FIGURES[warning.kpi] && figure.level === 'critical') ? warning : null;
    const forecastKey = forecast ? `${forecast.kpi} ${forecast.minutes}` : '';
    const before = reuse.get(tile.id);
    if (before && before.tile === tile && before.levels === levels && before.forecast === forecastKey && before.trends.length === points.length && before.trends.every((p, i) => p === points[i]))
      return before.shown;
    const trends = trendFigures.map((figure, i) => ({ field: figure.field, points: points[i] }));
    const view: StatTileView = { ...tile, headline, traffic, trends };
    delete view.level;
    delete view.causes;
    delete view.forecast;
    setLevel(view, [...headline, ...traffic, ...tile.agents]);
    if (forecast) view.forecast = { kpi: forecast.kpi, minutes: forecast.minutes };
    reuse.set(tile.id, { tile, levels, forecast: forecastKey, trends: points, shown: view });
    return view;
  });
  hold.retain(keys);
  for (const id of reuse.keys()) if (!ids.has(id)) reuse.delete(id);
  return shown;
}

/**
 * `view` remembered per entity object: Apollo hands back the same object for an entity that did not change, so
 * an unchanged service or group keeps its tile view (and its component is not checked again). Other settings
 * (another board) make every view afresh; another server version brings new entity objects anyway.
 */
export function viewPerEntity<T extends object, S extends object>(view: (entity: T, settings: S) => StatTileView): (entity: T, settings: S) => StatTileView {
  let made = new WeakMap<T, StatTileView>();
  let madeWith: S | null = null;
  return (entity, settings) => {
    if (settings !== madeWith) {
      made = new WeakMap();
      madeWith = settings;
    }
    let tile = made.get(entity);
    if (!tile) made.set(entity, (tile = view(entity, settings)));
    return tile;
  };
}
