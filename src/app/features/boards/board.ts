/**
 * A board a supervisor defines: which services and groups on which channels, which agents, which custom stats,
 * the site, the thresholds and the density. Boards turn into the RTD filters the live lists subscribe with.
 */
import type { GroupStatFilter, MultiChannel, ServiceStatFilter, UserFilter, UserStatusFilter } from '../../rtd/generated/graphql';
import { CHANNELS } from '../../shared/channel';
import type { RevealedCodes } from '../../rtd/directory';
import { type BoardThresholds, DEFAULT_THRESHOLDS } from '../../shared/thresholds';

export type ChannelCodes = Record<MultiChannel, string[]>;

/** How a tile's service level is worked out: from the answered calls, or the server's `sl1` custom stat. */
export type ServiceLevelSource = 'answered' | 'sl1';
export type BoardDensity = 'comfortable' | 'compact';

/** The agent grid's filter: the `UserFilter` fields a board can set. */
export interface AgentFilter {
  name?: string;
  surname?: string;
  sites?: number[];
  statuses?: UserStatusFilter[];
  skillsets?: string[];
  services?: string[];
  activityCodes?: string[];
  channels?: MultiChannel[];
}

export interface BoardDefinition {
  /** URL-safe and unique among the saved boards; the `board` query parameter names it. */
  id: string;
  name: string;
  services: ChannelCodes;
  groups: ChannelCodes;
  agents: AgentFilter;
  /**
   * Where the board's agents come from: those serving its services or in its groups ('services'), or the agent
   * filter ('filter'). Unset in boards saved before the choice existed: see `agentSource`.
   */
  agentSource?: AgentSource;
  /** Custom stat keys to show on every tile, e.g. "sl1". */
  customStatKeys: string[];
  /** Only agents of this site count in the tiles' figures; null for every site. */
  site: number | null;
  serviceLevel: ServiceLevelSource;
  thresholds: BoardThresholds;
  density: BoardDensity;
}

export type AgentSource = 'services' | 'filter';
export const AGENT_SOURCES: readonly AgentSource[] = ['services', 'filter'];

export const USER_STATUS_FILTERS: readonly UserStatusFilter[] = ['READY', 'NOT_READY', 'BUSY', 'BOOKED', 'NOT_READY_BUSY', 'WNR'];

/** The editor's route segment for a board not saved yet; no board can have it as id. */
export const NEW_BOARD_ID = 'new';

export function noCodes(): ChannelCodes {
  return { CALL: [], VIDEO: [], CHAT: [] };
}

/** The same codes on every channel (the server leaves out the channels a service does not serve). */
export function everyChannel(codes: readonly string[]): ChannelCodes {
  return { CALL: [...codes], VIDEO: [...codes], CHAT: [...codes] };
}

/** A board id from its name: lower case, dashes, unique among `taken`. */
export function boardId(name: string, taken: ReadonlySet<string> = new Set()): string {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'board';
  let id = base;
  // "new" is the editor's route for a board not saved yet.
  for (let n = 2; taken.has(id) || id === NEW_BOARD_ID; n++) id = `${base}-${n}`;
  return id;
}

/** The board a new user starts with: everything the server reveals, default thresholds. */
export function startingBoard(name: string, revealed: RevealedCodes): BoardDefinition {
  return {
    id: boardId(name),
    name,
    services: everyChannel(revealed.services),
    groups: everyChannel(revealed.skillsets),
    agents: {},
    customStatKeys: [],
    site: null,
    serviceLevel: 'answered',
    thresholds: structuredClone(DEFAULT_THRESHOLDS),
    density: 'comfortable',
  };
}

/** The custom stat keys the tiles need: the board's, plus sl1 when it is the service level. */
function customStatKeysOf(board: BoardDefinition): string[] {
  const keys = new Set(board.customStatKeys);
  if (board.serviceLevel === 'sl1') keys.add('sl1');
  return [...keys];
}

/** The `serviceStats` filter of a board; channels without services are left out. */
export function serviceStatFilter(board: BoardDefinition): ServiceStatFilter {
  const filter: ServiceStatFilter = {};
  for (const channel of CHANNELS) {
    const services = board.services[channel];
    if (!services.length) continue;
    filter[channel] = { services, customStatKeys: customStatKeysOf(board), ...(board.site !== null ? { userSite: board.site } : {}) };
  }
  return filter;
}

/**
 * The `groupStats` filter of a board; channels without groups are left out. Servers before 1.0.1 cannot filter
 * groups by site (`siteFilter` false): their group tiles count every site.
 */
export function groupStatFilter(board: BoardDefinition, siteFilter = true): GroupStatFilter {
  const filter: GroupStatFilter = {};
  for (const channel of CHANNELS) {
    const groups = board.groups[channel];
    if (!groups.length) continue;
    filter[channel] = { groups, customStatKeys: customStatKeysOf(board), ...(board.site !== null && siteFilter ? { userSite: board.site } : {}) };
  }
  return filter;
}

/** The `users` filter of a board: its agent filter, narrowed to the board's site when it has one. */
export function userFilter(board: BoardDefinition): UserFilter {
  const filter: UserFilter = {};
  for (const [key, value] of Object.entries(board.agents) as [keyof AgentFilter, AgentFilter[keyof AgentFilter]][]) {
    if (Array.isArray(value) ? value.length : value) Object.assign(filter, { [key]: value });
  }
  if (board.site !== null && !filter.sites?.length) filter.sites = [board.site];
  return filter;
}

/** Two filters ask for the same thing (they come from board JSON, so key order is stable). */
export function sameFilter(a: object | null, b: object | null): boolean {
  return a === b || (a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b));
}

/** Whether an agent filter narrows anything (empty fields do not). */
export function hasAgentFilter(agents: AgentFilter): boolean {
  return Object.values(agents).some((value) => (Array.isArray(value) ? value.length > 0 : !!value));
}

/**
 * Where a board's agents come from. A board saved before the choice existed keeps its agent filter if it set one;
 * otherwise its agents follow its services and groups (an empty filter listed every agent, which nobody chose).
 */
export function agentSource(board: BoardDefinition): AgentSource {
  return board.agentSource ?? (hasAgentFilter(board.agents) ? 'filter' : 'services');
}

/** Which agents a board lists: what the server is asked for, then the codes an agent must have to stay. */
export interface AgentScope {
  filter: UserFilter;
  /** An agent stays if it serves one of these services or belongs to one of these groups; null keeps every agent. */
  servesOrBelongs: { services: ReadonlySet<string>; groups: ReadonlySet<string> } | null;
}

const codesOf = (codes: ChannelCodes) => [...new Set(CHANNELS.flatMap((channel) => codes[channel]))].sort();

/**
 * The board's agents. Following its services and groups: the agents serving any of its services or belonging to
 * any of its groups (every agent while it has neither). The server's filter ANDs its fields, so with both the
 * server is asked for the site only and the "or" is kept here; with one of the two the server narrows by it.
 */
export function agentScope(board: BoardDefinition): AgentScope {
  if (agentSource(board) === 'filter') return { filter: userFilter(board), servesOrBelongs: null };
  const services = codesOf(board.services);
  const groups = codesOf(board.groups);
  const filter: UserFilter = board.site !== null ? { sites: [board.site] } : {};
  if (!services.length && !groups.length) return { filter, servesOrBelongs: null };
  if (!groups.length) filter.services = services;
  else if (!services.length) filter.skillsets = groups;
  return { filter, servesOrBelongs: { services: new Set(services), groups: new Set(groups) } };
}

/** Whether an agent is one of the scope's: it serves one of its services or belongs to one of its groups. */
export function inAgentScope(scope: AgentScope, agent: { services?: readonly string[] | null; skillsets?: readonly string[] | null }): boolean {
  const wanted = scope.servesOrBelongs;
  if (!wanted) return true;
  return !!(agent.services?.some((code) => wanted.services.has(code)) || agent.skillsets?.some((code) => wanted.groups.has(code)));
}
