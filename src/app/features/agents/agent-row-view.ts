/**
 * The agents table: one row per user from `users`, joined by username with that user's CALL `userStats`.
 * Status and activity code come from the stats when there are some, else from the user's CALL entries.
 */
import type { UserFieldsFragment, UserStatFieldsFragment } from '../../rtd/generated/graphql';
import { codeOrNone } from '../../shared/activity-code';
import { type AgentStatusView, agentStatusView } from '../../shared/agent-status';
import { displayName } from '../../shared/display-name';
import { naturalOrder } from '../../shared/natural-order';
import type { SortedOrder } from '../../shared/sorted-order';

export interface AgentRowView {
  username: string;
  /** Name and surname, or the username when the server has neither. */
  displayName: string;
  status: AgentStatusView;
  /** When the current status began (ms since epoch), for a live "in status for"; null when unknown. */
  statusSince: number | null;
  /** The raw `timeInState` (RFC 3339), for the e2e hook. */
  timeInState: string | null;
  /** The activity code to show; null for none (the server's "__EMPTY__"). */
  activityCode: string | null;
  /** The activity code as the server sent it. */
  activityCodeRaw: string | null;
  /** The agent's site (from the user, else from the stats); null when unknown. */
  site: number | null;
  /** The service and group of the call in progress; null for none ("__EMPTY__"). */
  currentService: string | null;
  currentGroup: string | null;
  numberCallIn: number | null;
  numberCallOut: number | null;
  numberCallFromServiceAnswered: number | null;
  numberCallFromServiceNotAnswered: number | null;
  /** Seconds spent today in each state. */
  timeInStateReady: number | null;
  timeInStateNotReady: number | null;
  timeInStateBusy: number | null;
  timeInStateWNR: number | null;
  /** The profile the agent is logged in with, for its userProfileStats; null when unknown. */
  profileId: number | null;
  /** Name, surname and username in lower case, for the search box. */
  searchText: string;
  /** Whether the user has CALL stats at all (agents without the channel do not). */
  hasStats: boolean;
}

export function agentRowView(user: UserFieldsFragment, stats: UserStatFieldsFragment | undefined): AgentRowView {
  const activityCodeRaw = stats?.activityCode ?? user.activityCodes?.CALL ?? null;
  const timeInState = stats?.timeInState ?? null;
  const since = timeInState ? Date.parse(timeInState) : NaN;
  const name = user.name ?? stats?.name;
  const surname = user.surname ?? stats?.surname;
  return {
    username: user.username,
    displayName: displayName({ username: user.username, name, surname }),
    status: agentStatusView(stats?.status ?? user.statuses?.CALL),
    statusSince: Number.isNaN(since) ? null : since,
    timeInState,
    activityCode: codeOrNone(activityCodeRaw),
    activityCodeRaw,
    site: user.site ?? stats?.userSite ?? null,
    currentService: codeOrNone(stats?.currentService),
    currentGroup: codeOrNone(stats?.currentGroup),
    numberCallIn: stats?.numberCallIn ?? null,
    numberCallOut: stats?.numberCallOut ?? null,
    numberCallFromServiceAnswered: stats?.numberCallFromServiceAnswered ?? null,
    numberCallFromServiceNotAnswered: stats?.numberCallFromServiceNotAnswered ?? null,
    timeInStateReady: stats?.timeInStateReady ?? null,
    timeInStateNotReady: stats?.timeInStateNotReady ?? null,
    timeInStateBusy: stats?.timeInStateBusy ?? null,
    timeInStateWNR: stats?.timeInStateWNR ?? null,
    profileId: user.activeProfile ?? stats?.loggedProfileId ?? null,
    searchText: [name, surname, user.username]
      .filter((part) => !!part)
      .join(' ')
      .toLowerCase(),
    hasStats: stats !== undefined,
  };
}

/**
 * Rows remembered per agent: Apollo hands back the same objects for an agent whose data did not change, so the
 * row stays the same object and the grid does not render it again.
 */
const rowsMade = new WeakMap<UserFieldsFragment, { stats: UserStatFieldsFragment | undefined; row: AgentRowView }>();

function agentRowOf(user: UserFieldsFragment, stats: UserStatFieldsFragment | undefined): AgentRowView {
  const made = rowsMade.get(user);
  if (made && made.stats === stats) return made.row;
  const row = agentRowView(user, stats);
  rowsMade.set(user, { stats, row });
  return row;
}

const byUsername = (a: AgentRowView, b: AgentRowView) => naturalOrder(a.username, b.username);
const usernameOf = (row: AgentRowView) => row.username;

/**
 * The rows, by username as people count (user_2 before user_10); users that left the list are not shown. With an
 * `order`, rows keep their places between calls and only agents new to the list are sorted in.
 */
export function agentRows(users: readonly (UserFieldsFragment | null)[], stats: readonly (UserStatFieldsFragment | null)[], order?: SortedOrder<AgentRowView>): AgentRowView[] {
  const statsByUsername = callStatsByUsername(stats);
  const rows = users.filter((user): user is UserFieldsFragment => user !== null && user.mutation !== 'DELETED').map((user) => agentRowOf(user, statsByUsername.get(user.username)));
  return order ? order.sort(rows, usernameOf, usernameOf, byUsername) : rows.sort(byUsername);
}

/** Each agent's CALL stats by username (the other channels' are left out). */
export function callStatsByUsername(stats: readonly (UserStatFieldsFragment | null)[]): Map<string, UserStatFieldsFragment> {
  const byUsername = new Map<string, UserStatFieldsFragment>();
  for (const stat of stats) if (stat && stat.channel === 'CALL') byUsername.set(stat.username, stat);
  return byUsername;
}

/** The usernames whose CALL stats the table needs, sorted so that the same set gives the same filter. */
export function statsUsernames(users: readonly (UserFieldsFragment | null)[]): string[] {
  return users
    .filter((user): user is UserFieldsFragment => user !== null && user.mutation !== 'DELETED')
    .map((user) => user.username)
    .sort(naturalOrder);
}

/** Seconds an agent has been in the current status at `now`; never negative (clocks differ a little). */
export function secondsInStatus(statusSince: number | null, now: number): number | null {
  return statusSince === null ? null : Math.max(0, Math.floor((now - statusSince) / 1000));
}
