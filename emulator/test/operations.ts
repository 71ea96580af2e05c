/**
 * Operations that ask for every field of each live type, and a client-side merge written independently of
 * the server's delta code: what a correct RTD client does with "null means unchanged" messages.
 */
const PROFILES = '{ count profileIds }';
const ACTIVITY_TIMES = '{ activityCode totalTime }';

const SERVICE_FIELDS = `
  code channel
  channelStats {
    __typename
    ... on ServiceCcCallAtStat {
      answeredCalls answeredCallsUnderSpeedLimit closedCalls closedCallsCallBack connectedCall currentCalls hangupCalls
      maxTimeCallOnQueue outboundAnsweredCalls outboundClosedCallsGenericCause outboundHangupCalls outboundReceivedCalls
      queuedCalls receivedCalls receivedCallsInAccessList receivedCallsWithT4you receivedCallsWithT4youAnonymous
      receivedCallsWithT4youMultiple receivedCallsWithT4youSingle shortCalls averageTimeOnQueue
    }
    ... on ServiceCcVideoAtStat { answeredCalls closedCalls receivedCalls averageTimeOnQueue }
    ... on ServiceCcChatAtStat { answeredCalls closedCalls receivedCalls averageTimeOnQueue }
  }
  userStats {
    busyOnDNCallInUsers ${PROFILES} busyOnDNCallOutUsers ${PROFILES} busyOnDNCallOutUsersPrivate ${PROFILES}
    busyOnDNCallUsers ${PROFILES} busyOnServUsers ${PROFILES} busyUsers ${PROFILES} loggedUsers ${PROFILES}
    notReadyUsers ${PROFILES} notReadyUsersOnActivityCode ${PROFILES} postCallUsers ${PROFILES} readyUsers ${PROFILES}
    activityCodeIndicators { activityCode count profileIds }
  }
  customStats { key value { value aggregatedValue } }`;

const GROUP_FIELDS = `
  code channel
  channelStats {
    __typename
    ... on GroupCcCallStat { answeredCalls closedCalls hangupCalls queuedCalls receivedCalls shortCalls }
    ... on GroupCcVideoStat { answeredCalls closedCalls receivedCalls }
    ... on GroupCcChatStat { answeredCalls closedCalls receivedCalls }
  }
  userStats { loggedUsers ${PROFILES} notReadyUsers ${PROFILES} notReadyUsersOnActivityCode ${PROFILES} postCallUsers ${PROFILES} readyUsers ${PROFILES} }
  customStats { key value { value aggregatedValue } }`;

const AGENT_STAT_FIELDS = `
  userSite channel activityCode activityCode2 currentGroup currentService numberCallFromService
  numberCallFromServiceAnswered numberCallFromServiceNotAnswered numberCallIn numberCallOut numberCallOutPrivate
  numberCallServiceOverSpeedAnswer status timeInActivityCode ${ACTIVITY_TIMES}
  timeInActivityCodeStateBusy ${ACTIVITY_TIMES} timeInActivityCodeStateNotReady ${ACTIVITY_TIMES}
  timeInState timeInStateBooked timeInStateBusy timeInStateBusyDnCallIn timeInStateBusyDnCallOut
  timeInStateBusyDnCallOutPrivate timeInStateBusyOnService timeInStateNotReady timeInStateReady timeInStateWNR`;

const USER_FIELDS = `mutation username activeProfile surname name activityCodes { CALL VIDEO CHAT } services site skillsets statuses { CALL VIDEO CHAT }`;

export function range(n: number, from = 1): number[] {
  return Array.from({ length: n }, (_, i) => i + from);
}

/** One operation body per live root field, asking for everything, over the given codes. */
export function liveOperations(sizes: { services: number; groups: number; agents: number }) {
  const services = JSON.stringify(range(sizes.services).map((i) => `service_${i}`));
  const groups = JSON.stringify(range(sizes.groups).map((i) => `skillset_${i}`));
  const users = JSON.stringify(range(sizes.agents).map((i) => `user_${i}`));
  const profiles = JSON.stringify(range(sizes.agents));
  return {
    serviceStats: `serviceStats(filter: { CALL: { services: ${services}, customStatKeys: ["sl1", "abandonRate"] }, VIDEO: { services: ${services} }, CHAT: { services: ${services}, userSite: 1 } }) { ${SERVICE_FIELDS} }`,
    groupStats: `groupStats(filter: { CALL: { groups: ${groups} }, VIDEO: { groups: ${groups}, customStatKeys: ["sl1"] }, CHAT: { groups: ${groups} } }) { ${GROUP_FIELDS} }`,
    // Filtering by state makes agents enter and leave the list: CREATED and DELETED.
    usersReady: `users(filter: { statuses: [READY, WNR] }) { ${USER_FIELDS} }`,
    usersAll: `users(filter: { channels: [CALL, VIDEO, CHAT] }) { ${USER_FIELDS} }`,
    userStats: `userStats(filter: { CALL: { users: ${users} } }) { username name surname loggedProfileId ${AGENT_STAT_FIELDS} }`,
    userProfileStats: `userProfileStats(filter: { CALL: { userProfiles: ${profiles}, activityCodes: ["activityCode_1", "activityCode_2"] } }) { id ${AGENT_STAT_FIELDS} timeInHold { time timeInState } }`,
  };
}

type Entity = Record<string, unknown>;

/** How a client identifies entities of each root field and entries of keyed lists. */
export const ENTITY_KEYS: Record<string, string[]> = {
  serviceStats: ['code', 'channel'],
  groupStats: ['code', 'channel'],
  users: ['username'],
  userStats: ['username', 'channel'],
  userProfileStats: ['id', 'channel'],
};
const ENTRY_KEYS = ['key', 'activityCode'];

export function entityKey(root: string, entity: Entity): string {
  return ENTITY_KEYS[root].map((k) => String(entity[k])).join('/');
}

/** Applies one subscription message to a client's list: the rules a correct RTD client follows. */
export function applyDelta(root: string, list: Entity[], delta: Entity[]): Entity[] {
  const byKey = new Map(list.map((e) => [entityKey(root, e), e]));
  for (const change of delta) {
    const key = entityKey(root, change);
    if (change.mutation === 'DELETED') byKey.delete(key);
    else if (byKey.has(key)) byKey.set(key, mergeObject(byKey.get(key)!, change));
    else byKey.set(key, change);
  }
  return [...byKey.values()];
}

function mergeObject(old: Entity, change: Entity): Entity {
  const merged: Entity = { ...old };
  for (const [field, value] of Object.entries(change)) {
    // `mutation` describes the message, not the entity: a snapshot's value stays.
    if (value === null || field === 'mutation') continue;
    const before = old[field];
    if (Array.isArray(value)) merged[field] = mergeList(before as Entity[] | null, value);
    else if (typeof value === 'object' && before && typeof before === 'object') merged[field] = mergeObject(before as Entity, value as Entity);
    else merged[field] = value;
  }
  return merged;
}

/** Keyed lists (entries with `key` or `activityCode`) merge entry by entry; other lists are replaced. */
function mergeList(before: Entity[] | null, change: unknown[]): unknown[] {
  const keyField = ENTRY_KEYS.find((k) => change.length > 0 && typeof change[0] === 'object' && change[0] !== null && k in (change[0] as Entity));
  if (!keyField || !before) return change;
  const merged = before.slice();
  for (const entry of change as Entity[]) {
    const index = merged.findIndex((e) => e[keyField] === entry[keyField]);
    if (index >= 0) merged[index] = mergeObject(merged[index], entry);
    else merged.push(entry);
  }
  return merged;
}

/** Lists as maps by entity key, for comparisons that do not depend on order. */
export function byEntityKey(root: string, list: Entity[]): Record<string, Entity> {
  return Object.fromEntries(list.map((e) => [entityKey(root, e), e]));
}
