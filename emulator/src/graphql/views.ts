/**
 * The RTD Server's objects, built from the simulated contact centre. Each function returns every field of
 * its type; GraphQL picks the ones a client asked for. Views are cached per simulation version, so 500
 * subscribers asking for the same service in one tick cost one build.
 */
import { type Channel, type UserBucket, EMPTY, abandonRatePercent, bucketsOf, round1, serviceLevelPercent } from '../domain/contact-centre.ts';
import type { Agent, ContactCentre, ServiceCounters, ServiceQueue } from '../simulation/contact-centre.ts';

/** What a stats filter narrows beyond the entity list: which agents count and which codes and keys show. */
export interface StatScope {
  userSite?: number | null;
  activityCodes?: readonly string[] | null;
  customStatKeys?: readonly string[] | null;
}

export interface ProfilesInStatus {
  count: number;
  profileIds: number[];
}

export interface CustomStatView {
  key: string;
  value: { value: string; aggregatedValue: string };
}

/**
 * Custom stats the emulator computes. `sl1` is the service level (answered within the speed-of-answer
 * threshold over answered, %); `abandonRate` is abandoned over answered plus abandoned (%).
 */
export const CUSTOM_STATS: Record<string, (c: Pick<ServiceCounters, 'answered' | 'answeredUnderSpeedLimit' | 'abandoned'>) => number> = {
  // With no calls yet nothing was missed: 100 % and 0 %, never null, which a delta could not express.
  sl1: (c) => serviceLevelPercent(c.answeredUnderSpeedLimit, c.answered) ?? 100,
  abandonRate: (c) => abandonRatePercent(c.abandoned, c.answered) ?? 0,
};

export function customStatKeys(scope: StatScope): string[] {
  const all = Object.keys(CUSTOM_STATS);
  return scope.customStatKeys ? scope.customStatKeys.filter((k) => all.includes(k)) : all;
}

function formatStat(value: number): string {
  return round1(value).toFixed(1);
}

type StatInputs = Pick<ServiceCounters, 'answered' | 'answeredUnderSpeedLimit' | 'abandoned'>;

/**
 * What a stats filter's service and group entities depend on besides the service or group: its site, activity
 * codes and custom stat keys, and each key's `aggregatedValue` over everything it returned. Worked out once per
 * filter, channel and version; filters that agree on it share their entities.
 */
export interface FilterScope {
  readonly filter: StatScope;
  /** Which agents a group's counts take from this filter: its site only (groups list no activity codes). */
  readonly groupAgents: StatScope;
  readonly customStatKeys: readonly string[];
  readonly aggregatedValues: readonly string[];
  /** Cache keys: a service entity depends on site, activity codes and aggregates; a group's on site and aggregates. */
  readonly serviceKey: string;
  readonly groupKey: string;
}

export function filterScope(cc: ContactCentre, filter: StatScope, all: StatInputs): FilterScope {
  const keys = customStatKeys(filter);
  const aggregatedValues = keys.map((key) => formatStat(CUSTOM_STATS[key](all)));
  const aggregates = `${keys.join(',')}=${aggregatedValues.join(',')}`;
  return {
    filter,
    groupAgents: { userSite: filter.userSite },
    customStatKeys: keys,
    aggregatedValues,
    serviceKey: `${agentScopeKey(cc, filter)}\u0000${aggregates}`,
    groupKey: `${filter.userSite ?? ''}\u0000${aggregates}`,
  };
}

/** Custom stats of one entity, with `aggregatedValue` over the whole filtered set it belongs to. */
export function customStats(own: ServiceCounters[], scope: FilterScope): CustomStatView[] {
  const mine = sumCounters(own);
  return scope.customStatKeys.map((key, i) => ({
    key,
    value: { value: formatStat(CUSTOM_STATS[key](mine)), aggregatedValue: scope.aggregatedValues[i] },
  }));
}

export function sumCounters(list: ServiceCounters[]): StatInputs {
  const sum = { answered: 0, answeredUnderSpeedLimit: 0, abandoned: 0 };
  for (const c of list) {
    sum.answered += c.answered;
    sum.answeredUnderSpeedLimit += c.answeredUnderSpeedLimit;
    sum.abandoned += c.abandoned;
  }
  return sum;
}

const SERVICE_STAT_TYPES: Record<Channel, string> = { CALL: 'ServiceCcCallAtStat', VIDEO: 'ServiceCcVideoAtStat', CHAT: 'ServiceCcChatAtStat' };
const GROUP_STAT_TYPES: Record<Channel, string> = { CALL: 'GroupCcCallStat', VIDEO: 'GroupCcVideoStat', CHAT: 'GroupCcChatStat' };

/** A directory (T4you) share of received calls as a percentage, or -1 where the directory is not available. */
function directoryPercent(queue: ServiceQueue, count: number): number {
  const c = queue.counters;
  if (!queue.definition.directory || queue.channel !== 'CALL' || c.directoryLookups === 0) return -1;
  return round1((100 * count) / c.directoryLookups);
}

export function serviceChannelStats(cc: ContactCentre, queue: ServiceQueue): Record<string, unknown> {
  const c = queue.counters;
  const queued = queue.waiting.length;
  const longestWait = queued ? Math.floor((cc.now - queue.waiting[0].arrivedAt) / 1000) : 0;
  return {
    __typename: SERVICE_STAT_TYPES[queue.channel],
    answeredCalls: c.answered,
    answeredCallsUnderSpeedLimit: c.answeredUnderSpeedLimit,
    closedCalls: c.closed,
    closedCallsCallBack: c.callbacks,
    connectedCall: c.connected,
    currentCalls: queued + c.connected,
    hangupCalls: c.abandoned,
    maxTimeCallOnQueue: longestWait,
    outboundAnsweredCalls: c.outboundAnswered,
    outboundClosedCallsGenericCause: c.outboundFailed,
    outboundHangupCalls: c.outboundNotAnswered,
    outboundReceivedCalls: c.outboundAttempts,
    queuedCalls: queued,
    receivedCalls: c.received,
    receivedCallsInAccessList: c.accessListHits,
    receivedCallsWithT4you: directoryPercent(queue, c.directorySingle + c.directoryMultiple),
    receivedCallsWithT4youAnonymous: directoryPercent(queue, c.directoryAnonymous),
    receivedCallsWithT4youMultiple: directoryPercent(queue, c.directoryMultiple),
    receivedCallsWithT4youSingle: directoryPercent(queue, c.directorySingle),
    shortCalls: c.shortAbandoned,
    averageTimeOnQueue: c.waitCount ? round1(c.waitTotalMs / c.waitCount / 1000) : 0,
  };
}

/** Agents of a set, counted by state bucket, with the profile ids behind each count. */
/** `indicatorCodes`: the activity codes `activityCodeIndicators` lists (services only), or null for none. */
export function userStats(agents: Iterable<Agent>, channel: Channel, scope: StatScope, indicatorCodes: readonly string[] | null): Record<string, unknown> {
  const codes = knownCodeSet(scope);
  const buckets = new Map<UserBucket, number[]>();
  const byCode = new Map<string, number[]>();
  for (const agent of agents) {
    if (!agent.channels.includes(channel)) continue;
    if (scope.userSite != null && agent.site !== scope.userSite) continue;
    const code = agent.status === 'NOT_READY' ? agent.activityCode : null;
    const countedCode = code !== null && (!codes || codes.has(code));
    for (const bucket of bucketsOf(agent.status, countedCode)) push(buckets, bucket, agent.profileId);
    if (countedCode) push(byCode, code, agent.profileId);
  }
  const view = (bucket: UserBucket): ProfilesInStatus => profiles(buckets.get(bucket));
  const result: Record<string, unknown> = {
    loggedUsers: view('loggedUsers'),
    readyUsers: view('readyUsers'),
    notReadyUsers: view('notReadyUsers'),
    notReadyUsersOnActivityCode: view('notReadyUsersOnActivityCode'),
    postCallUsers: view('postCallUsers'),
    busyUsers: view('busyUsers'),
    busyOnServUsers: view('busyOnServUsers'),
    busyOnDNCallUsers: view('busyOnDNCallUsers'),
    busyOnDNCallInUsers: view('busyOnDNCallInUsers'),
    busyOnDNCallOutUsers: view('busyOnDNCallOutUsers'),
    busyOnDNCallOutUsersPrivate: view('busyOnDNCallOutUsersPrivate'),
  };
  if (indicatorCodes) {
    // Every code is listed, with count 0 when nobody is on it, so the keyed list never shrinks.
    result.activityCodeIndicators = indicatorCodes.map((activityCode) => ({ activityCode, ...profiles(byCode.get(activityCode)) }));
  }
  return result;
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function profiles(ids: number[] | undefined): ProfilesInStatus {
  const sorted = (ids ?? []).slice().sort((a, b) => a - b);
  return { count: sorted.length, profileIds: sorted };
}

/** A filter's activity codes narrowed to the scenario's, per filter list (its identity is stable for a subscription). */
const knownCodesOf = new WeakMap<readonly string[], { scenario: object; codes: string[]; set: Set<string> }>();

/**
 * The activity codes a filter names that the contact centre has, deduplicated, in the filter's order; null when
 * the filter names none (all codes). A code no agent can have counts nothing and lists nothing, so leaving it out
 * bounds what a filter costs on every tick by the scenario, not by the length of a hostile list.
 */
export function knownActivityCodes(cc: ContactCentre, scope: StatScope): string[] | null {
  const wanted = scope.activityCodes;
  if (!wanted) return null;
  let entry = knownCodesOf.get(wanted);
  if (!entry || entry.scenario !== cc.scenario) {
    const scenarioCodes = new Set(cc.scenario.activityCodes.map((a) => a.code));
    const codes = [...new Set(wanted)].filter((code) => scenarioCodes.has(code));
    entry = { scenario: cc.scenario, codes, set: new Set(codes) };
    knownCodesOf.set(wanted, entry);
  }
  return entry.codes;
}

/** Each filter list's codes as a set, built once per list, not once per agent (null: every code counts). */
const codeSets = new WeakMap<readonly string[], Set<string>>();

function knownCodeSet(scope: StatScope): Set<string> | null {
  const wanted = scope.activityCodes;
  if (!wanted) return null;
  const known = knownCodesOf.get(wanted)?.set;
  if (known) return known;
  let set = codeSets.get(wanted);
  if (!set) codeSets.set(wanted, (set = new Set(wanted)));
  return set;
}

/**
 * The agents of a skillset on a channel, by state: a service's agents are exactly those of its skillset,
 * so every service of a skillset and the skillset's group share one count per version and scope.
 */
function skillsetAgentStats(cc: ContactCentre, cache: ViewCache, skillset: string, channel: Channel, scope: StatScope) {
  return cache.forVersion(cc, `agents\u0000${skillset}\u0000${channel}`, agentScopeKey(cc, scope), () => {
    const codes = knownActivityCodes(cc, scope) ?? cc.scenario.activityCodes.map((a) => a.code);
    return userStats(cc.agentsBySkillset.get(skillset) ?? [], channel, scope, codes);
  });
}

/** The activity codes part of a cache key: null (every code) and [] (none the contact centre has) differ. */
function codesKey(known: readonly string[] | null): string {
  return known === null ? '*' : JSON.stringify(known);
}

/** Each filter's site and activity codes as a cache key, made once per filter object (a subscription keeps its own). */
const agentScopeKeys = new WeakMap<StatScope, { scenario: object; key: string }>();

function agentScopeKey(cc: ContactCentre, scope: StatScope): string {
  let entry = agentScopeKeys.get(scope);
  if (!entry || entry.scenario !== cc.scenario) {
    entry = { scenario: cc.scenario, key: `${scope.userSite ?? ''}\u0000${codesKey(knownActivityCodes(cc, scope))}` };
    agentScopeKeys.set(scope, entry);
  }
  return entry.key;
}

/**
 * A service on a channel as a filter with this scope shows it. Built once per version and scope, whichever
 * filters share them, and the same object as last version's when nothing in it changed: the fan-out then
 * skips it by identity instead of comparing it per subscription group.
 */
export function serviceStat(cc: ContactCentre, cache: ViewCache, queue: ServiceQueue, scope: FilterScope) {
  return cache.forVersion(
    cc,
    queue,
    scope.serviceKey,
    () => ({
      code: queue.code,
      channel: queue.channel,
      channelStats: cache.forVersion(cc, queue, 'channelStats', () => serviceChannelStats(cc, queue)),
      userStats: skillsetAgentStats(cc, cache, queue.skillset, queue.channel, scope.filter),
      customStats: customStats([queue.counters], scope),
    }),
    keepEntity,
  );
}

interface StatEntity {
  channelStats: unknown;
  userStats: unknown;
  customStats: CustomStatView[];
}

/**
 * Last version's entity when nothing in it changed. Its channel and agent stats are shared views that keep
 * their own identity, so comparing them by identity is enough: comparing them deeply again for every
 * filter's entity cost more than the fan-out saved.
 */
export function keepEntity<T extends StatEntity>(previous: T | undefined, next: T): T {
  if (!previous) return next;
  const customStats = stabilize(previous.customStats, next.customStats);
  if (previous.channelStats === next.channelStats && previous.userStats === next.userStats && customStats === previous.customStats) return previous;
  // `next` was just built for this version and no one holds it yet.
  next.customStats = customStats;
  return next;
}

/** A skillset on a channel: the sum of the services it answers, and its agents; shared and kept as serviceStat is. */
export function groupStat(cc: ContactCentre, cache: ViewCache, skillset: string, channel: Channel, scope: FilterScope) {
  const group = `${skillset}\u0000${channel}`;
  return cache.forVersion(
    cc,
    group,
    scope.groupKey,
    () => {
      const queues = cache.forVersion(cc, group, 'queues', () => cc.queues.filter((q) => q.skillset === skillset && q.channel === channel));
      return {
        code: skillset,
        channel,
        channelStats: cache.forVersion(cc, group, 'channelStats', () => groupChannelStats(queues, channel)),
        userStats: skillsetAgentStats(cc, cache, skillset, channel, scope.groupAgents),
        customStats: customStats(
          queues.map((q) => q.counters),
          scope,
        ),
      };
    },
    keepEntity,
  );
}

function groupChannelStats(queues: readonly ServiceQueue[], channel: Channel): Record<string, unknown> {
  const sum = (pick: (q: ServiceQueue) => number) => queues.reduce((total, q) => total + pick(q), 0);
  const channelStats: Record<string, unknown> = {
    __typename: GROUP_STAT_TYPES[channel],
    answeredCalls: sum((q) => q.counters.answered),
    closedCalls: sum((q) => q.counters.closed),
    receivedCalls: sum((q) => q.counters.received),
  };
  if (channel === 'CALL') {
    channelStats.hangupCalls = sum((q) => q.counters.abandoned);
    channelStats.queuedCalls = sum((q) => q.waiting.length);
    channelStats.shortCalls = sum((q) => q.counters.shortAbandoned);
  }
  return channelStats;
}

export function userView(agent: Agent, mutation: 'CREATED' | 'UPDATED' | 'DELETED') {
  const perChannel = <T>(value: T) => ({
    CALL: agent.channels.includes('CALL') ? value : null,
    VIDEO: agent.channels.includes('VIDEO') ? value : null,
    CHAT: agent.channels.includes('CHAT') ? value : null,
  });
  return {
    mutation,
    username: agent.username,
    activeProfile: agent.profileId,
    surname: agent.definition.surname,
    name: agent.definition.name,
    // "__EMPTY__", not null: a delta cannot tell a value that became null from one that did not change.
    activityCodes: perChannel(agent.activityCode ?? EMPTY),
    services: agent.services,
    site: agent.site,
    skillsets: agent.skillsets,
    statuses: perChannel(agent.status),
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}

/** The per-agent stats shared by UserStat and UserProfileStat (CALL channel). */
export function agentStat(agent: Agent, scope: StatScope) {
  const codes = knownCodeSet(scope);
  const listed = [...agent.activityTimes].filter(([code]) => !codes || codes.has(code));
  const times = (pick: 'totalMs' | 'busyMs' | 'notReadyMs') => listed.map(([activityCode, t]) => ({ activityCode, totalTime: seconds(t[pick]) }));
  const t = agent.totalsMs;
  const c = agent.counters;
  return {
    userSite: agent.site,
    channel: 'CALL' as Channel,
    activityCode: agent.activityCode ?? EMPTY,
    activityCode2: agent.activityCode2 ?? EMPTY,
    currentGroup: agent.currentQueue?.skillset ?? EMPTY,
    currentService: agent.currentQueue?.code ?? EMPTY,
    numberCallFromService: c.callsFromService,
    numberCallFromServiceAnswered: c.callsFromServiceAnswered,
    numberCallFromServiceNotAnswered: c.callsFromServiceNotAnswered,
    numberCallIn: c.callsIn,
    numberCallOut: c.callsOut,
    numberCallOutPrivate: c.callsOutPrivate,
    numberCallServiceOverSpeedAnswer: c.answeredOverSpeedLimit,
    status: agent.status,
    timeInActivityCode: times('totalMs'),
    timeInActivityCodeStateBusy: times('busyMs'),
    timeInActivityCodeStateNotReady: times('notReadyMs'),
    timeInState: iso(agent.statusSince),
    timeInStateBooked: seconds(t.booked),
    timeInStateBusy: seconds(t.busy),
    timeInStateBusyDnCallIn: seconds(t.busyDnCallIn),
    timeInStateBusyDnCallOut: seconds(t.busyDnCallOut),
    timeInStateBusyDnCallOutPrivate: seconds(t.busyDnCallOutPrivate),
    timeInStateBusyOnService: seconds(t.busyOnService),
    timeInStateNotReady: seconds(t.notReady),
    timeInStateReady: seconds(t.ready),
    timeInStateWNR: seconds(t.wnr),
  };
}

export function userStat(agent: Agent, scope: StatScope) {
  return {
    username: agent.username,
    name: agent.definition.name,
    surname: agent.definition.surname,
    loggedProfileId: agent.profileId,
    ...agentStat(agent, scope),
  };
}

export function userProfileStat(agent: Agent, scope: StatScope) {
  return {
    id: agent.profileId,
    ...agentStat(agent, scope),
    timeInHold: { time: agent.lastHoldAt === null ? null : iso(agent.lastHoldAt), timeInState: seconds(agent.holdTotalMs) },
  };
}

/**
 * Views shared by every query and subscription group. An agent's views are rebuilt only after the agent
 * changed, so a tick in which 50 of 2,000 agents changed rebuilds 50, and unchanged ones keep their
 * identity (the fan-out skips them without comparing fields). Service and group views depend on many
 * agents and on the clock, so they are rebuilt once per simulation version.
 */
export class ViewCache {
  private cc: ContactCentre | null = null;
  private version = -1;
  /** kind + scope → agent → its view and the version it was built at. */
  private readonly agentViews = new Map<string, Map<Agent, { builtAt: number; view: unknown }>>();
  /** What a view belongs to (a service queue, a skillset on a channel) → which view of it → the view. */
  private versionViews = new Map<unknown, Map<string, unknown>>();
  private previousVersionViews = new Map<unknown, Map<string, unknown>>();
  /** Since which version → the agents changed since then, for this version. */
  private changedAgents = new Map<number, Agent[]>();

  private sync(cc: ContactCentre): void {
    if (cc !== this.cc) {
      this.cc = cc;
      this.agentViews.clear();
      this.versionViews.clear();
      this.version = -1;
    }
    if (cc.version !== this.version) {
      this.version = cc.version;
      this.previousVersionViews = this.versionViews;
      this.versionViews = new Map();
      this.changedAgents = new Map();
    }
  }

  /** Agents whose reported state changed at or after `version`, in the contact centre's order; one scan per tick. */
  agentsChangedSince(cc: ContactCentre, version: number): readonly Agent[] {
    this.sync(cc);
    let changed = this.changedAgents.get(version);
    if (!changed) this.changedAgents.set(version, (changed = cc.agents.filter((agent) => agent.changedAt >= version)));
    return changed;
  }

  /** The views of one kind and scope (e.g. userStat for some activity codes), by agent. */
  agentViewsOf<T>(cc: ContactCentre, kindAndScope: string): (agent: Agent, build: () => T) => T {
    this.sync(cc);
    let views = this.agentViews.get(kindAndScope);
    if (!views) this.agentViews.set(kindAndScope, (views = new Map()));
    const byAgent = views;
    return (agent, build) => {
      const cached = byAgent.get(agent);
      if (cached && agent.changedAt < cached.builtAt) return cached.view as T;
      const view = build();
      byAgent.set(agent, { builtAt: cc.version, view });
      return view;
    };
  }

  /**
   * A view of `owner` rebuilt once per version. `keep` decides what of last version's view stays (by default
   * every part equal to it keeps its identity). Keyed by owner, then by a short name, so a lookup builds no long key.
   */
  forVersion<T>(cc: ContactCentre, owner: unknown, name: string, build: () => T, keep: (previous: T | undefined, next: T) => T = stabilize): T {
    this.sync(cc);
    let views = this.versionViews.get(owner);
    if (!views) this.versionViews.set(owner, (views = new Map()));
    let view = views.get(name) as T | undefined;
    if (view === undefined) views.set(name, (view = keep(this.previousVersionViews.get(owner)?.get(name) as T | undefined, build())));
    return view;
  }
}

/**
 * `next`, reusing every part of `previous` that is equal to it: unchanged parts keep their identity, so
 * the fan-out compares them once per version instead of once per subscription group.
 */
export function stabilize<T>(previous: unknown, next: T): T {
  if (previous === next || previous == null || next == null || typeof next !== 'object' || typeof previous !== 'object') return next;
  // Copies are made only where a part changed: comparing equal views, the common case, allocates nothing.
  if (Array.isArray(next)) {
    if (!Array.isArray(previous)) return next;
    let same = previous.length === next.length;
    let items: unknown[] | null = null;
    for (let i = 0; i < next.length; i++) {
      const kept = stabilize(previous[i], next[i]);
      if (kept !== previous[i]) same = false;
      if (kept !== next[i]) (items ??= next.slice())[i] = kept;
    }
    return (same ? previous : (items ?? next)) as T;
  }
  if (Array.isArray(previous)) return next;
  const before = previous as Record<string, unknown>;
  const after = next as Record<string, unknown>;
  let same = true;
  let count = 0;
  let out: Record<string, unknown> | null = null;
  for (const key in after) {
    count++;
    const kept = stabilize(before[key], after[key]);
    if (kept !== before[key]) same = false;
    if (kept !== after[key]) (out ??= { ...after })[key] = kept;
  }
  return (same && count === Object.keys(before).length ? previous : (out ?? next)) as T;
}
