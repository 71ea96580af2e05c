/**
 * A board a supervisor defines: which services and groups on which channels, which agents, which custom stats,
 * the site, the thresholds and the density. Boards turn into the RTD filters the live lists subscribe with.
 */
import { type AgentFilter, type BoardDefinition, type ChannelCodes, agentSource, boardId } from '../../../../contract/board-format';
import type { GroupStatFilter, ServiceStatFilter, UserFilter } from '../../rtd/generated/graphql';
import { CHANNELS } from '../../shared/channel';
import type { RevealedCodes } from '../../rtd/directory';
import { DEFAULT_THRESHOLDS } from '../../shared/thresholds';

// What a board is lives in contract/, shared with the wallboard server that stores the team's boards.
export {
  AGENT_SOURCES,
  type AgentFilter,
  type AgentSource,
  type BoardDefinition,
  type BoardDensity,
  type ChannelCodes,
  NEW_BOARD_ID,
  type ServiceLevelSource,
  USER_STATUS_FILTERS,
  agentSource,
  boardId,
  hasAgentFilter,
  sameBoard,
} from '../../../../contract/board-format';

export function noCodes(): ChannelCodes {
  return { CALL: [], VIDEO: [], CHAT: [] };
}

/** The same codes on every channel (the server leaves out the channels a service does not serve). */
export function everyChannel(codes: readonly string[]): ChannelCodes {
  return { CALL: [...codes], VIDEO: [...codes], CHAT: [...codes] };
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
