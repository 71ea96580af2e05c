/** What a service or group tile shows: its identity, its headline figures, traffic figures and agent counts. */
import type { MultiChannel } from '../../rtd/generated/graphql';
import { type KpiView, type ThresholdLevel } from '../kpi';

export interface StatTileView {
  /** "CODE/CHANNEL": the tile's identity, and the value of its e2e hook. */
  id: string;
  code: string;
  channel: MultiChannel;
  /** The figures read from across the room. */
  headline: KpiView[];
  traffic: KpiView[];
  agents: KpiView[];
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

/** A tile view with its level worked out from its figures. */
export function statTile(code: string, channel: MultiChannel, headline: KpiView[], traffic: KpiView[], agents: KpiView[]): StatTileView {
  const view: StatTileView = { id: tileId(code, channel), code, channel, headline, traffic, agents };
  const level = worstLevel([...headline, ...traffic, ...agents]);
  if (level) view.level = level;
  return view;
}
