/**
 * The subscriber mix of the fan-out benchmark: what a realistic set of wallboards subscribes to on a
 * 2,000-agent contact centre, drawn from a seeded random so every run asks for exactly the same thing.
 * Shared by the benchmark (bench/emulator-fanout.ts) and its client process (bench/fanout-clients.ts).
 */
import { liveOperations } from '../emulator/test/operations.ts';

export type Kind = 'serviceStats' | 'groupStats' | 'users' | 'userStats' | 'userProfileStats';
export type Protocol = 'graphql-transport-ws' | 'graphql-ws';

export interface Subscriber {
  index: number;
  protocol: Protocol;
  kind: Kind;
  /** A short description of the filter, for the report. */
  variant: string;
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
  /** Index of the earlier subscriber whose exact operation this one reuses, or null. */
  copyOf: number | null;
}

export interface MixSize {
  agents: number;
  services: number;
  groups: number;
}

/** Share of each kind among subscribers that choose their own filter. */
export const KIND_WEIGHTS: [Kind, number][] = [
  ['serviceStats', 0.4],
  ['groupStats', 0.2],
  ['users', 0.2],
  ['userStats', 0.15],
  ['userProfileStats', 0.05],
];
/** Share of subscribers that reuse an earlier subscriber's exact operation (same filter on several TVs). */
export const REUSE_SHARE = 0.3;

/** mulberry32: small, fast and good enough to pick filters. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The full-field selection sets of the integration tests' operations, without their filters. */
function selections() {
  const ops = liveOperations({ services: 1, groups: 1, agents: 1 });
  // Each operation is `root(filter: { ... }) { selection }`; filters hold no parenthesis.
  const selection = (op: string) => op.slice(op.indexOf(')') + 1).trim();
  return {
    serviceStats: selection(ops.serviceStats),
    groupStats: selection(ops.groupStats),
    users: selection(ops.usersAll),
    userStats: selection(ops.userStats),
    userProfileStats: selection(ops.userProfileStats),
  };
}

const FILTER_TYPES: Record<Kind, string> = {
  serviceStats: 'ServiceStatFilter',
  groupStats: 'GroupStatFilter',
  users: 'UserFilter',
  userStats: 'UserStatFilter',
  userProfileStats: 'UserProfileStatFilter',
};

const OPERATION_NAMES: Record<Kind, string> = {
  serviceStats: 'ServiceBoard',
  groupStats: 'GroupBoard',
  users: 'AgentList',
  userStats: 'AgentStats',
  userProfileStats: 'ProfileStats',
};

export function buildMix(count: number, size: MixSize, seed = 1): Subscriber[] {
  const random = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  /** `k` distinct values from 1..n, in ascending order (as a wallboard's settings page would list them). */
  const pick = (k: number, n: number) => {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(k, n)) chosen.add(int(1, n));
    return [...chosen].sort((a, b) => a - b);
  };
  const sel = selections();
  const documents = Object.fromEntries(
    (Object.keys(sel) as Kind[]).map((kind) => [kind, `subscription ${OPERATION_NAMES[kind]}($filter: ${FILTER_TYPES[kind]}!) { ${kind}(filter: $filter) ${sel[kind]} }`]),
  ) as Record<Kind, string>;

  const chooseKind = (): Kind => {
    let r = random();
    for (const [kind, weight] of KIND_WEIGHTS) {
      if (r < weight) return kind;
      r -= weight;
    }
    return KIND_WEIGHTS[0][0];
  };

  const filterFor = (kind: Kind): { filter: Record<string, unknown>; variant: string } => {
    switch (kind) {
      case 'serviceStats': {
        const services = pick(int(5, 20), size.services).map((i) => `service_${i}`);
        const filter: Record<string, unknown> = { CALL: { services, customStatKeys: ['sl1'] } };
        const channels = ['CALL'];
        if (random() < 0.3) {
          filter.VIDEO = { services };
          channels.push('VIDEO');
        }
        if (random() < 0.3) {
          filter.CHAT = { services, customStatKeys: ['sl1'] };
          channels.push('CHAT');
        }
        return { filter, variant: `${services.length} services, ${channels.join('+')}` };
      }
      case 'groupStats': {
        const groups = pick(int(3, 10), size.groups).map((i) => `skillset_${i}`);
        const filter: Record<string, unknown> = { CALL: { groups, customStatKeys: ['sl1'] } };
        const channels = ['CALL'];
        if (random() < 0.25) {
          filter.VIDEO = { groups };
          channels.push('VIDEO');
        }
        if (random() < 0.25) {
          filter.CHAT = { groups };
          channels.push('CHAT');
        }
        return { filter, variant: `${groups.length} groups, ${channels.join('+')}` };
      }
      case 'users': {
        const r = random();
        if (r < 0.4) {
          const skillsets = pick(int(1, 3), size.groups).map((i) => `skillset_${i}`);
          return { filter: { skillsets }, variant: `by ${skillsets.length} skillsets` };
        }
        if (r < 0.7) {
          const all = ['READY', 'NOT_READY', 'BUSY', 'WNR', 'BOOKED', 'NOT_READY_BUSY'];
          const statuses = pick(int(1, 2), all.length).map((i) => all[i - 1]);
          const filter: Record<string, unknown> = { statuses };
          if (random() < 0.3) filter.sites = [int(1, 2)];
          return { filter, variant: `by statuses ${statuses.join('+')}${filter.sites ? ' and site' : ''}` };
        }
        if (r < 0.85) {
          const skillsets = pick(int(1, 2), size.groups).map((i) => `skillset_${i}`);
          return { filter: { skillsets, statuses: ['READY', 'WNR'] }, variant: 'by skillsets and statuses' };
        }
        return { filter: { channels: ['CALL', 'VIDEO', 'CHAT'] }, variant: `all ${size.agents} agents` };
      }
      case 'userStats': {
        const users = pick(int(50, 200), size.agents).map((i) => `user_${i}`);
        const f: Record<string, unknown> = { users };
        if (random() < 0.3) f.activityCodes = ['activityCode_1', 'activityCode_2'];
        return { filter: { CALL: f }, variant: `${users.length} users${f.activityCodes ? ', activity codes' : ''}` };
      }
      case 'userProfileStats': {
        const userProfiles = pick(int(20, 100), size.agents);
        return { filter: { CALL: { userProfiles, activityCodes: ['activityCode_1', 'activityCode_2'] } }, variant: `${userProfiles.length} profiles` };
      }
    }
  };

  const subscribers: Subscriber[] = [];
  for (let index = 0; index < count; index++) {
    const protocol: Protocol = index % 2 === 0 ? 'graphql-transport-ws' : 'graphql-ws';
    if (index > 0 && random() < REUSE_SHARE) {
      const original = subscribers[int(0, index - 1)];
      subscribers.push({ ...original, index, protocol, copyOf: original.index });
      continue;
    }
    const kind = chooseKind();
    const { filter, variant } = filterFor(kind);
    subscribers.push({ index, protocol, kind, variant, operationName: OPERATION_NAMES[kind], query: documents[kind], variables: { filter }, copyOf: null });
  }
  return subscribers;
}

/** Counts by kind, and how many distinct operations (operation + variables) the mix holds. */
export function describeMix(subscribers: Subscriber[]) {
  const byKind = Object.fromEntries(KIND_WEIGHTS.map(([k]) => [k, 0])) as Record<Kind, number>;
  const distinct = new Set<string>();
  for (const s of subscribers) {
    byKind[s.kind]++;
    distinct.add(JSON.stringify([s.query, s.variables]));
  }
  return {
    byKind,
    copies: subscribers.filter((s) => s.copyOf !== null).length,
    distinctOperations: distinct.size,
    transport: subscribers.filter((s) => s.protocol === 'graphql-transport-ws').length,
    legacy: subscribers.filter((s) => s.protocol === 'graphql-ws').length,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Messages between the benchmark (parent) and the client process, over Node's IPC channel.
// ---------------------------------------------------------------------------------------------------------

export interface ClientTotals {
  /** Subscription results (graphql-transport-ws `next`, legacy `data`). */
  messages: number;
  /** Payload bytes of every WebSocket message received (results, acks, keep-alives). */
  bytes: number;
  /** Payload bytes of subscription results only. */
  resultBytes: number;
  errors: number;
  closedUnexpectedly: number;
  /** The client process's own CPU (process.cpuUsage()), microseconds. */
  cpuUs: number;
  /** Results received by each subscriber, by index. */
  perSubscriber: number[];
}

export type ToClients = { type: 'start'; wsUrl: string; accessToken: string; count: number; seed: number; size: MixSize; concurrency: number } | { type: 'snapshot'; id: number } | { type: 'stop' };

export type FromClients =
  | { type: 'ready'; connected: number; failed: number; firstError: string | null; elapsedMs: number }
  | { type: 'snapshot'; id: number; totals: ClientTotals }
  | { type: 'stopped'; totals: ClientTotals };
