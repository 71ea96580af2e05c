/**
 * The RTD Server's operations: each root field reads its filter, narrows it to what the caller may see,
 * and builds the result from the simulated contact centre. Subscriptions reuse these (see live-hub.ts).
 */
import { GraphQLError } from 'graphql';
import { type Principal, type AuthFailure, type LoginResult, LoginError, SESSION_COOKIE } from '../auth/auth.ts';
import { CHANNELS, type Channel, coarseStatus, type UserStatusFilter } from '../domain/contact-centre.ts';
import { type RtdVersion, serverVersionOf } from '../schema/rtd-schema.ts';
import type { Agent, ContactCentre, ServiceQueue } from '../simulation/contact-centre.ts';
import type { AuthService } from '../auth/auth.ts';
import { AgentList } from './agent-lists.ts';
import { ViewCache, filterScope, groupStat, serviceStat, sumCounters, userProfileStat, userStat, userView } from './views.ts';

/** What every operation can read; `cc` is replaced on `/simulator/reset`, so always read it from here. */
export interface RtdRuntime {
  cc: ContactCentre;
  auth: AuthService;
  rtdVersion: RtdVersion;
  health: 'PASS' | 'FAIL';
}

export interface RtdContext {
  principal: Principal | null;
  authFailure: AuthFailure | null;
  /** Sets a cookie on the HTTP response; absent on sockets, where a login cannot set cookies. */
  setCookie?: (name: string, value: string, maxAgeSeconds: number) => void;
}

type ChannelFilters<T> = Partial<Record<Channel, T | null>>;

interface ServiceChannelFilter {
  services: string[];
  customStatKeys?: string[] | null;
  userSite?: number | null;
  activityCodes?: string[] | null;
}
interface GroupChannelFilter {
  groups: string[];
  customStatKeys?: string[] | null;
  userSite?: number | null;
}
interface UserFilter {
  surname?: string | null;
  name?: string | null;
  sites?: number[] | null;
  statuses?: UserStatusFilter[] | null;
  skillsets?: string[] | null;
  services?: string[] | null;
  activityCodes?: string[] | null;
  channels?: Channel[] | null;
}
interface UserStatChannelFilter {
  users: string[];
  activityCodes?: string[] | null;
}
interface UserProfileStatChannelFilter {
  userProfiles: number[];
  activityCodes?: string[] | null;
}

/** The version of the TVox client suite the emulated server reports beside its own. */
const CLIENT_VERSION = { major: 25, minor: 3, patch: 0 };

export function createRootValue(runtime: RtdRuntime): Record<string, unknown> {
  const memo = new ResultMemo(runtime);
  const views = new ViewCache();

  const changedSince = (cc: ContactCentre, version: number) => views.agentsChangedSince(cc, version);

  /** Call-channel stats of the agents a filter names that the caller may see, from each agent's cached view. */
  const agentStats = <F extends { activityCodes?: string[] | null }, V>(
    operation: 'userStats' | 'userProfileStats',
    filter: { CALL?: F | null },
    ctx: RtdContext,
    agentsOf: (f: F) => (Agent | undefined)[],
    build: (agent: Agent, f: F) => V,
  ): V[] => {
    const visible = visibility(runtime.cc, ctx);
    return memo.get(operation, filter, visible.key, (key) =>
      channelsOf(filter, operation).flatMap(([channel, f]) => {
        const view = views.agentViewsOf<V>(runtime.cc, `${operation}\u0000${f.activityCodes ?? ''}`);
        // The agents a stats filter names do not depend on their state: the list changes only when they do.
        const list = memo.keepPerChannel(key, channel, () => new AgentList<V>({ fixed: () => agentsOf(f).filter((a): a is Agent => !!a && visible.agent(a) && a.channels.includes('CALL')) }));
        return list.viewsAt(runtime.cc, changedSince, (a) => view(a, () => build(a, f)));
      }),
    );
  };

  return {
    version: () => ({ server: serverVersionOf(runtime.rtdVersion), client: CLIENT_VERSION }),
    serverHealth: () => ({ status: runtime.health }),

    serviceStats: ({ filter }: { filter: ChannelFilters<ServiceChannelFilter> }, ctx: RtdContext) => {
      const visible = visibility(runtime.cc, ctx);
      return memo.get('serviceStats', filter, visible.key, (key) =>
        channelsOf(filter, 'serviceStats').flatMap(([channel, f]) => {
          // Which services a filter shows does not change while the contact centre stays.
          const queues = memo.keepPerChannel(key, channel, () =>
            unique(f.services)
              .filter((code) => visible.service(code))
              .map((code) => runtime.cc.queue(code, channel))
              .filter((q): q is ServiceQueue => !!q),
          );
          const scope = filterScope(runtime.cc, f, sumCounters(queues.map((q) => q.counters)));
          return queues.map((q) => serviceStat(runtime.cc, views, q, scope));
        }),
      );
    },

    groupStats: ({ filter }: { filter: ChannelFilters<GroupChannelFilter> }, ctx: RtdContext) => {
      const visible = visibility(runtime.cc, ctx);
      const cc = runtime.cc;
      return memo.get('groupStats', filter, visible.key, (key) =>
        channelsOf(filter, 'groupStats').flatMap(([channel, f]) => {
          // Which groups a filter shows, and the services they sum, do not change while the contact centre stays.
          const { groups, queues } = memo.keepPerChannel(key, channel, () => {
            const groups = unique(f.groups).filter((g) => visible.group(g) && cc.skillsetChannels.get(g)?.includes(channel));
            return { groups, queues: cc.queues.filter((q) => q.channel === channel && groups.includes(q.skillset)) };
          });
          const scope = filterScope(cc, f, sumCounters(queues.map((q) => q.counters)));
          return groups.map((g) => groupStat(cc, views, g, channel, scope));
        }),
      );
    },

    users: ({ filter }: { filter: UserFilter }, ctx: RtdContext) => {
      const visible = visibility(runtime.cc, ctx);
      return memo.get('users', filter, visible.key, (key) => {
        const view = views.agentViewsOf<ReturnType<typeof userView>>(runtime.cc, 'user');
        const list = memo.keep(key, () => {
          const matches = userFilterPredicate(filter);
          return new AgentList<ReturnType<typeof userView>>({ matches: (a) => visible.agent(a) && matches(a) });
        });
        return list.viewsAt(runtime.cc, changedSince, (a) => view(a, () => userView(a, 'CREATED')));
      });
    },

    userStats: ({ filter }: { filter: { CALL?: UserStatChannelFilter | null } }, ctx: RtdContext) =>
      agentStats('userStats', filter, ctx, (f) => unique(f.users).map((u) => runtime.cc.agentsByUsername.get(u)), userStat),

    userProfileStats: ({ filter }: { filter: { CALL?: UserProfileStatChannelFilter | null } }, ctx: RtdContext) =>
      agentStats('userProfileStats', filter, ctx, (f) => unique(f.userProfiles).map((p) => runtime.cc.agentsByProfile.get(p)), userProfileStat),

    login: ({ username, password }: { username: string; password: string }, ctx: RtdContext) => sessionUser(() => runtime.auth.login(username, password), ctx),
    loginWithAccessToken: ({ accessToken }: { accessToken: string }, ctx: RtdContext) => sessionUser(() => runtime.auth.loginWithAccessToken(accessToken), ctx),
  };
}

function sessionUser(login: () => LoginResult, ctx: RtdContext) {
  let result: LoginResult;
  try {
    result = login();
  } catch (error) {
    if (!(error instanceof LoginError)) throw error;
    throw new GraphQLError(error.message, {
      extensions: { code: 'UNAUTHENTICATED', reason: error.code, ...(error.retryAfterSeconds ? { retryAfterSeconds: error.retryAfterSeconds } : {}) },
    });
  }
  ctx.setCookie?.(SESSION_COOKIE, result.sessionId, result.sessionExpiresIn);
  const a = result.account;
  return {
    publicUsername: a.username,
    username: a.username,
    surname: a.surname,
    name: a.name,
    session: { id: result.sessionId, expiresIn: result.sessionExpiresIn },
    authToken: { accessToken: result.accessToken, expiresIn: result.tokenExpiresIn },
    language: a.language,
    supervisor: a.supervisor,
  };
}

/** The channel sections a stats filter names, in CALL, VIDEO, CHAT order; naming none is an error. */
function channelsOf<T>(filter: ChannelFilters<T>, operation: string): [Channel, T][] {
  const named = CHANNELS.filter((c) => filter[c]).map((c) => [c, filter[c]!] as [Channel, T]);
  if (named.length === 0) {
    const allowed = operation === 'userStats' || operation === 'userProfileStats' ? 'CALL' : 'CALL, VIDEO or CHAT';
    throw new GraphQLError(`${operation}: the filter names no channel; give ${allowed}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return named;
}

/**
 * A user filter as one predicate: "contains" for names (case-insensitive), "at least one" for lists. Lists
 * become sets once, so testing an agent costs the same however long a filter's lists are (a subscription's
 * filter runs on every tick).
 */
function userFilterPredicate(f: UserFilter): (agent: Agent) => boolean {
  const tests: ((agent: Agent) => boolean)[] = [];
  const contains = (part: string | null | undefined, value: (a: Agent) => string) => {
    if (part) {
      const lower = part.toLowerCase();
      tests.push((a) => value(a).toLowerCase().includes(lower));
    }
  };
  const anyOf = <T>(wanted: readonly T[] | null | undefined, valuesOf: (a: Agent) => T | readonly T[]) => {
    if (!wanted) return;
    const set = new Set(wanted);
    tests.push((a) => {
      const values = valuesOf(a);
      return Array.isArray(values) ? values.some((v) => set.has(v)) : set.has(values as T);
    });
  };
  contains(f.surname, (a) => a.definition.surname);
  contains(f.name, (a) => a.definition.name);
  anyOf(f.sites, (a) => a.site);
  anyOf(f.statuses, (a) => coarseStatus(a.status));
  anyOf(f.skillsets, (a) => a.skillsets);
  anyOf(f.services, (a) => a.services);
  anyOf(f.activityCodes, (a) => a.activityCode);
  anyOf(f.channels, (a) => a.channels);
  return (agent) => tests.every((test) => test(agent));
}

/**
 * What a caller may see. Supervisors see everything. Agents (non-supervisor accounts) see the services and
 * skillsets they belong to and only their own user, user stats and profile stats; the rest of a filter is
 * silently left out, as if it named codes the server does not know.
 */
function visibility(cc: ContactCentre, ctx: RtdContext) {
  const account = ctx.principal?.account;
  if (!account || account.supervisor) {
    return { key: '*', service: () => true, group: () => true, agent: () => true };
  }
  const self = cc.agentsByUsername.get(account.username);
  return {
    key: account.username,
    service: (code: string) => !!self?.services.includes(code),
    group: (code: string) => !!self?.skillsets.includes(code),
    agent: (agent: Agent) => agent === self,
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/**
 * Results by operation, filter and visibility for the current simulation version: a tick's fan-out asks
 * for the same filter once however many subscribers share it. Beside them, state a filter keeps from one
 * version to the next (its agent list) while it is asked for: subscriptions ask on every tick, and what
 * no one asked for during a whole version is dropped, so one-off queries leave nothing behind.
 */
class ResultMemo {
  private version = -1;
  private cc: ContactCentre | null = null;
  private health: string = '';
  private results = new Map<string, unknown>();
  private previousResults = new Map<string, unknown>();
  /**
   * A subscription passes the same filter object every tick: its keys (by operation and visibility) are made
   * once, and being the same strings, they are hashed once however long the filter is.
   */
  private readonly filterKeys = new WeakMap<object, Map<string, string>>();
  private kept = new Map<string, unknown>();
  private keptBefore = new Map<string, unknown>();

  constructor(private readonly runtime: RtdRuntime) {}

  /** `build` gets the key of this operation, filter and visibility, for `keep`. */
  get<T>(operation: string, filter: unknown, visibilityKey: string, build: (key: string) => T): T {
    const { cc } = this.runtime;
    if (cc !== this.cc) {
      // Another contact centre (a reset): nothing kept applies to its agents.
      this.kept.clear();
      this.keptBefore.clear();
      this.results.clear();
      this.previousResults.clear();
    } else if (cc.version !== this.version) {
      this.keptBefore = this.kept;
      this.kept = new Map();
      this.previousResults = this.results;
      this.results = new Map();
    } else if (this.runtime.health !== this.health) this.results.clear();
    this.cc = cc;
    this.version = cc.version;
    this.health = this.runtime.health;
    let keys = this.filterKeys.get(filter as object);
    if (!keys) this.filterKeys.set(filter as object, (keys = new Map()));
    const asked = `${operation}\u0000${visibilityKey}`;
    let key = keys.get(asked);
    if (key === undefined) keys.set(asked, (key = `${asked}\u0000${JSON.stringify(filter)}`));
    if (!this.results.has(key)) this.results.set(key, sameListOr(this.previousResults.get(key), build(key)));
    return this.results.get(key) as T;
  }

  /** What a filter keeps from version to version under `key`, made by `create` the first time (or after a version without it). */
  keep<S>(key: string, create: () => S): S {
    if (this.kept.has(key)) return this.kept.get(key) as S;
    const state = this.keptBefore.has(key) ? (this.keptBefore.get(key) as S) : create();
    this.kept.set(key, state);
    return state;
  }

  /** `keep` for one channel section of a stats filter. */
  keepPerChannel<S>(key: string, channel: Channel, create: () => S): S {
    const byChannel = this.keep(key, () => new Map<Channel, S>());
    let state = byChannel.get(channel);
    if (state === undefined) byChannel.set(channel, (state = create()));
    return state;
  }
}

/** `previous` when `next` holds the very same entities (views kept their identity), so the fan-out skips the list whole. */
function sameListOr<T>(previous: unknown, next: T): T {
  if (!Array.isArray(previous) || !Array.isArray(next) || previous.length !== next.length) return next;
  for (let i = 0; i < next.length; i++) if (previous[i] !== next[i]) return next;
  return previous as T;
}
