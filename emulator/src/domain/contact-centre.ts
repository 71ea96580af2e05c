/**
 * The contact-centre vocabulary of the RTD Server, in one place: channels, agent states and how they
 * group into the buckets that service and group stats count. Resolvers, the simulation and the tests
 * import these rules; nothing else restates them.
 */

export const CHANNELS = ['CALL', 'VIDEO', 'CHAT'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Every `UserStatus` the server reports: the busy states carry what the agent is busy with. */
export const USER_STATUSES = [
  'READY',
  'NOT_READY',
  'BOOKED',
  'BUSY',
  'NOT_READY_BUSY',
  'WNR',
  'BUSY_dn_call_in',
  'BUSY_dn_call_out',
  'BUSY_dn_call_out_private',
  'BUSY_service',
  'NR_BUSY_dn_call_in',
  'NR_BUSY_dn_call_out',
  'NR_BUSY_dn_call_out_private',
] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** The coarse states a `UserFilter.statuses` search can name. */
export type UserStatusFilter = 'READY' | 'NOT_READY' | 'BOOKED' | 'BUSY' | 'NOT_READY_BUSY' | 'WNR';

/** Kinds of direct (DN) call an agent can be on, outside any service. */
export type DirectCallKind = 'dn_call_in' | 'dn_call_out' | 'dn_call_out_private';

/** The reference's placeholder for "no activity code / service / group". */
export const EMPTY = '__EMPTY__';

/** Which coarse filter state a detailed status belongs to: BUSY_* under BUSY, NR_BUSY_* under NOT_READY_BUSY. */
export function coarseStatus(status: UserStatus): UserStatusFilter {
  if (status.startsWith('NR_BUSY') || status === 'NOT_READY_BUSY') return 'NOT_READY_BUSY';
  if (status.startsWith('BUSY')) return 'BUSY';
  return status as UserStatusFilter;
}

/** The state an agent shows while on a direct call, depending on whether they were ready before it. */
export function directCallStatus(kind: DirectCallKind, wasNotReady: boolean): UserStatus {
  return `${wasNotReady ? 'NR_BUSY' : 'BUSY'}_${kind}` as UserStatus;
}

export function directCallKindOf(status: UserStatus): DirectCallKind | null {
  const match = /(dn_call_(?:in|out_private|out))$/.exec(status);
  return match ? (match[1] as DirectCallKind) : null;
}

/**
 * The agent-state buckets of `ServiceUserStat` / `GroupUserStat`. The emulator's rule, documented in the
 * README: ready + notReady + busy + postCall = logged for every service and group. BOOKED (phone ringing
 * with a service call) counts as busy; an agent on a direct call while not ready counts as busy, not as
 * not ready, so no agent is counted twice.
 */
export type UserBucket =
  | 'loggedUsers'
  | 'readyUsers'
  | 'notReadyUsers'
  | 'notReadyUsersOnActivityCode'
  | 'postCallUsers'
  | 'busyUsers'
  | 'busyOnServUsers'
  | 'busyOnDNCallUsers'
  | 'busyOnDNCallInUsers'
  | 'busyOnDNCallOutUsers'
  | 'busyOnDNCallOutUsersPrivate';

export function bucketsOf(status: UserStatus, hasActivityCode: boolean): UserBucket[] {
  const buckets: UserBucket[] = ['loggedUsers'];
  switch (status) {
    case 'READY':
      buckets.push('readyUsers');
      break;
    case 'NOT_READY':
      buckets.push('notReadyUsers');
      if (hasActivityCode) buckets.push('notReadyUsersOnActivityCode');
      break;
    case 'WNR':
      buckets.push('postCallUsers');
      break;
    case 'BOOKED':
    case 'BUSY':
    case 'NOT_READY_BUSY':
      buckets.push('busyUsers');
      break;
    case 'BUSY_service':
      buckets.push('busyUsers', 'busyOnServUsers');
      break;
    default: {
      const kind = directCallKindOf(status);
      buckets.push('busyUsers', 'busyOnDNCallUsers');
      if (kind === 'dn_call_in') buckets.push('busyOnDNCallInUsers');
      if (kind === 'dn_call_out') buckets.push('busyOnDNCallOutUsers');
      if (kind === 'dn_call_out_private') buckets.push('busyOnDNCallOutUsersPrivate');
    }
  }
  return buckets;
}

// The formulas live with the wallboard's, so a tile and the emulator's sl1 / abandonRate can never disagree.
export { abandonRatePercent, serviceLevelPercent } from '../../../contract/kpi-formulas.ts';

/** One decimal place, as the server formats percentages and averages. */
export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
