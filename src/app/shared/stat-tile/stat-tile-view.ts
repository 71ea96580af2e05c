/**
 * What a service, group or totals tile shows: its identity, headline figures, traffic figures, agent counts,
 * custom stats and trends; its level is the worst of its figures' (held) levels.
 */
import type { MultiChannel } from '../../rtd/generated/graphql';
import { type KpiView, type ThresholdLevel } from '../kpi';
import { type LevelHold } from '../thresholds';
import type { TrendPoint } from '../trend';

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
}

const SEVERITY: Record<ThresholdLevel, number> = { ok: 0, warning: 1, critical: 2 };

export function worstLevel(kpis: readonly KpiView[]): ThresholdLevel | undefined {
  let worst: ThresholdLevel | undefined;
  for (const { level } of kpis) if (level && (!worst || SEVERITY[level] > SEVERITY[worst])) worst = level;
  return worst;
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
  const level = worstLevel([...view.headline, ...view.traffic, ...view.agents]);
  if (level) view.level = level;
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
 * The tiles as shown: each figure's level replaced by its held level (see LevelHold), the tile's level worked
 * out again, and the trends attached. `hold` keeps its memory between calls; figures of tiles that left are
 * forgotten.
 */
export function shownTiles(tiles: readonly StatTileView[], hold: LevelHold, now: number, holdMs: number, trendOf: (tile: StatTileView, field: string) => readonly TrendPoint[]): StatTileView[] {
  const keys = new Set<string>();
  const shown = tiles.map((tile) => {
    const heldFigure = (figure: KpiView): KpiView => {
      if (!figure.level) return figure;
      const key = `${tile.id}/${figure.field}`;
      keys.add(key);
      const level = hold.level(key, figure.level, now, holdMs);
      return level === figure.level ? figure : { ...figure, level: level ?? 'ok' };
    };
    const headline = tile.headline.map(heldFigure);
    const traffic = tile.traffic.map(heldFigure);
    const trends = tile.headline.filter((figure) => (TREND_FIELDS as readonly string[]).includes(figure.field)).map((figure) => ({ field: figure.field, points: trendOf(tile, figure.field) }));
    const view: StatTileView = { ...tile, headline, traffic, trends };
    delete view.level;
    const level = worstLevel([...headline, ...traffic, ...tile.agents]);
    if (level) view.level = level;
    return view;
  });
  hold.retain(keys);
  return shown;
}
