/**
 * The fan-out's caches, proved by what subscribers receive: each subscription group, whatever filters it
 * shares entities or agent lists with, gets the deltas that turn its snapshot into a fresh snapshot taken
 * without any cache; agents entering or leaving a filter are CREATED or DELETED; agents that did not change
 * are not sent. No network: the hub is driven directly, tick by tick.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type ExecutionResult, executeSync, parse } from 'graphql';
import { AuthService } from '../auth/auth.ts';
import { buildRtdSchema } from '../schema/rtd-schema.ts';
import { type Agent, ContactCentre } from '../simulation/contact-centre.ts';
import { generateScenario } from '../simulation/scenario.ts';
import { LiveHub, PushIterator } from './live-hub.ts';
import { type RtdContext, type RtdRuntime, createRootValue } from './root-resolvers.ts';
import { applyDelta, byEntityKey } from '../../test/operations.ts';

const SIZE = { agents: 60, services: 10, groups: 4 };
const scenario = generateScenario(SIZE);
const schema = buildRtdSchema('1.0.2');
const START = Date.parse('2026-11-24T10:00:00Z');
const supervisor: RtdContext = { principal: { account: { username: 'admin', supervisor: true } } as RtdContext['principal'], authFailure: null };

type Entity = Record<string, unknown>;

const SERVICE_FIELDS = `code channel
  channelStats { __typename ... on ServiceCcCallAtStat { answeredCalls queuedCalls maxTimeCallOnQueue } ... on ServiceCcVideoAtStat { answeredCalls receivedCalls } }
  userStats { readyUsers { count profileIds } notReadyUsers { count profileIds } activityCodeIndicators { activityCode count profileIds } }
  customStats { key value { value aggregatedValue } }`;
const GROUP_FIELDS = `code channel
  channelStats { __typename ... on GroupCcCallStat { answeredCalls queuedCalls } ... on GroupCcVideoStat { answeredCalls receivedCalls } }
  userStats { readyUsers { count profileIds } busyUsers: postCallUsers { count } }
  customStats { key value { value aggregatedValue } }`;
const USER_FIELDS = 'mutation username site statuses { CALL VIDEO CHAT } activityCodes { CALL }';
const USER_STAT_FIELDS = 'username channel status timeInState numberCallIn timeInActivityCode { activityCode totalTime }';

function harness(seed = 1) {
  const runtime: RtdRuntime = { cc: new ContactCentre(scenario, { seed, startTime: START }), auth: new AuthService(scenario), rtdVersion: '1.0.2', health: 'PASS' };
  const rootValue = createRootValue(runtime);
  const hub = new LiveHub(rootValue);
  /** The truth: a query run by resolvers that share no cache with the hub's. */
  const fresh = (body: string, ctx = supervisor) => {
    const result = executeSync({ schema, document: parse(`query { ${body} }`), rootValue: createRootValue(runtime), contextValue: ctx });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return JSON.parse(JSON.stringify(result.data)) as Record<string, Entity[]>;
  };
  /** A subscriber: its snapshot, then every message applied as an RTD client applies it. */
  const subscribe = (root: string, body: string, ctx = supervisor) => {
    const client = { root, body, ctx, list: fresh(body, ctx)[root], messages: [] as Entity[][] };
    const iterator = hub.subscribe({ schema, document: parse(`subscription { ${body} }`), contextValue: ctx, rootValue });
    assert.ok(iterator instanceof PushIterator, JSON.stringify(iterator));
    void (async () => {
      for await (const message of iterator as AsyncIterable<ExecutionResult>) {
        assert.equal(message.errors, undefined, JSON.stringify(message.errors));
        const delta = (message.data as Record<string, Entity[]>)[root];
        client.messages.push(delta);
        client.list = applyDelta(root, client.list, delta);
      }
    })();
    return client;
  };
  /** One tick: the simulation moves on (unless paused), the hub fans out, the subscribers take their messages. */
  const tick = async (ms: number | null) => {
    if (ms !== null) runtime.cc.advance(ms);
    hub.fanOut();
    await new Promise((resolve) => setImmediate(resolve));
  };
  /** A query through the hub's own resolvers (and their caches), as a wallboard's snapshot is answered. */
  const query = (body: string, ctx = supervisor) => {
    const result = executeSync({ schema, document: parse(`query { ${body} }`), rootValue, contextValue: ctx });
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    return JSON.parse(JSON.stringify(result.data)) as Record<string, Entity[]>;
  };
  return { runtime, hub, fresh, query, subscribe, tick };
}

type Client = ReturnType<ReturnType<typeof harness>['subscribe']>;

/** The subscriber holds what a fresh snapshot shows, and a snapshot through the hub's own caches shows the same, in order. */
function assertConverged(h: ReturnType<typeof harness>, client: Client, when: string) {
  const fresh = h.fresh(client.body, client.ctx);
  assert.deepEqual(byEntityKey(client.root, client.list), byEntityKey(client.root, fresh[client.root]), `${when}: ${client.body.slice(0, 70)}`);
  assert.deepEqual(h.query(client.body, client.ctx), fresh, `${when}: a query through the hub's resolvers, ${client.body.slice(0, 50)}`);
}

test('subscribers of the same services with different filter scopes each get their own entities', async () => {
  const h = harness(3);
  // Half an hour into the day, so services have answered and abandoned calls to aggregate.
  h.runtime.cc.advance(30 * 60_000);
  const services = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => `service_${i + 1}`));
  const groups = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => `skillset_${i + 1}`));
  const clients = [
    // Same services, different scopes: custom stat keys, fewer services (another aggregatedValue), a site, activity codes.
    h.subscribe('serviceStats', `serviceStats(filter: { CALL: { services: ${services(6)}, customStatKeys: ["sl1"] } }) { ${SERVICE_FIELDS} }`),
    h.subscribe('serviceStats', `serviceStats(filter: { CALL: { services: ${services(2)}, customStatKeys: ["sl1", "abandonRate"] } }) { ${SERVICE_FIELDS} }`),
    h.subscribe('serviceStats', `serviceStats(filter: { CALL: { services: ${services(6)}, userSite: 1 }, VIDEO: { services: ${services(6)} } }) { ${SERVICE_FIELDS} }`),
    h.subscribe('serviceStats', `serviceStats(filter: { CALL: { services: ${services(6)}, customStatKeys: ["sl1"], userSite: 2 } }) { ${SERVICE_FIELDS} }`),
    h.subscribe('serviceStats', `serviceStats(filter: { CALL: { services: ${services(6)}, activityCodes: ["activityCode_1"] } }) { ${SERVICE_FIELDS} }`),
    h.subscribe('serviceStats', `serviceStats(filter: { CALL: { services: ${services(6)}, activityCodes: [] } }) { ${SERVICE_FIELDS} }`),
    h.subscribe('groupStats', `groupStats(filter: { CALL: { groups: ${groups(2)} } }) { ${GROUP_FIELDS} }`),
    h.subscribe('groupStats', `groupStats(filter: { CALL: { groups: ${groups(2)}, userSite: 1 } }) { ${GROUP_FIELDS} }`),
    h.subscribe('groupStats', `groupStats(filter: { CALL: { groups: ${groups(4)} }, VIDEO: { groups: ${groups(4)} } }) { ${GROUP_FIELDS} }`),
    h.subscribe('groupStats', `groupStats(filter: { CALL: { groups: ${groups(4)}, userSite: 2, customStatKeys: ["abandonRate"] } }) { ${GROUP_FIELDS} }`),
  ];
  const steps = [1_000, 1_000, null, 5_000, 1_000, 30_000, null, 1_000, 120_000, 1_000];
  for (const [i, ms] of steps.entries()) {
    await h.tick(ms);
    for (const client of clients) assertConverged(h, client, `step ${i}`);
  }
  assert.ok(
    clients.every((c) => c.messages.length > 0),
    'every subscriber got messages',
  );
  // Each channel of a filter shows its own groups: VIDEO only for skillsets that answer video.
  for (const client of clients.filter((c) => c.root === 'groupStats')) {
    for (const group of client.list) assert.ok(h.runtime.cc.skillsetChannels.get(group.code as string)!.includes(group.channel as 'CALL'), `${group.code}/${group.channel}`);
  }
  assert.deepEqual(
    clients
      .at(-2)!
      .list.map((g) => `${g.code}/${g.channel}`)
      .sort(),
    ['skillset_1/CALL', 'skillset_2/CALL', 'skillset_2/VIDEO', 'skillset_3/CALL', 'skillset_4/CALL', 'skillset_4/VIDEO'],
  );
  // The scopes really differ: the same service shows another aggregatedValue, other codes, other agents.
  const aggregated = (c: Client, key: string) =>
    (c.list.find((s) => s.code === 'service_1' && s.channel === 'CALL')!.customStats as { key: string; value: { aggregatedValue: string } }[]).find((s) => s.key === key)!.value.aggregatedValue;
  const codes = (c: Client) => (c.list.find((s) => s.code === 'service_1')!.userStats as { activityCodeIndicators: { activityCode: string }[] }).activityCodeIndicators.map((i) => i.activityCode);
  const rates = (['sl1', 'abandonRate'] as const).map((key) => [aggregated(clients[1], key), aggregated(clients[2], key)]);
  assert.ok(
    rates.some(([two, six]) => two !== six),
    `two services and six services aggregate differently: ${JSON.stringify(rates)}`,
  );
  assert.deepEqual(codes(clients[4]), ['activityCode_1']);
  assert.deepEqual(codes(clients[5]), [], 'an empty activity code list lists none');
  assert.ok(codes(clients[0]).length > 1, 'no activity code filter lists every code');
});

test('an empty activity code list and none at all, in one query, are two scopes', () => {
  const h = harness(5);
  h.runtime.cc.advance(60_000);
  const body = (codes: string) => `serviceStats(filter: { CALL: { services: ["service_1"]${codes} } }) { userStats { activityCodeIndicators { activityCode } } }`;
  const rootValue = createRootValue(h.runtime);
  for (const [first, second] of [
    [', activityCodes: []', ''],
    ['', ', activityCodes: []'],
  ]) {
    const result = executeSync({ schema, document: parse(`query { a: ${body(first)} b: ${body(second)} }`), rootValue, contextValue: supervisor });
    const listed = (key: 'a' | 'b') => ((result.data![key] as Entity[])[0].userStats as { activityCodeIndicators: unknown[] }).activityCodeIndicators.length;
    const [none, all] = first ? [listed('a'), listed('b')] : [listed('b'), listed('a')];
    assert.equal(none, 0);
    assert.equal(all, scenario.activityCodes.length);
  }
});

const agentAccount = (username: string): RtdContext => ({ principal: { account: { username, supervisor: false } } as RtdContext['principal'], authFailure: null });

/** Usernames of agents that changed since `version` (what a tick may send about). */
function changedSince(h: ReturnType<typeof harness>, version: number): Set<string> {
  return new Set(h.runtime.cc.agents.filter((a: Agent) => a.changedAt >= version).map((a: Agent) => a.username));
}

test('agents entering or leaving a users filter are CREATED or DELETED, changed members UPDATED, and nobody else is sent', async () => {
  const h = harness(11);
  const bodies = [
    `users(filter: { statuses: [READY] }) { ${USER_FIELDS} }`,
    `users(filter: { statuses: [READY, NOT_READY], sites: [1] }) { ${USER_FIELDS} }`,
    `users(filter: { skillsets: ["skillset_2"], statuses: [BUSY, WNR] }) { ${USER_FIELDS} }`,
    `users(filter: { activityCodes: ["activityCode_1", "activityCode_3"] }) { ${USER_FIELDS} }`,
  ];
  const clients = bodies.map((body) => h.subscribe('users', body));
  let entered = 0;
  let left = 0;
  for (const [i, ms] of [1_000, 1_000, 2_000, null, 10_000, 1_000, 60_000, 1_000, null, 1_000, 1_000, 5_000, 1_000, 1_000].entries()) {
    const version = h.runtime.cc.version;
    const before = clients.map((c) => new Set(c.list.map((u) => u.username as string)));
    const sent = clients.map((c) => c.messages.length);
    await h.tick(ms);
    const changed = changedSince(h, version);
    for (const [n, client] of clients.entries()) {
      const now = new Set(h.fresh(client.body)[client.root].map((u) => u.username as string));
      const delta = client.messages.slice(sent[n]).flat();
      if (ms === null) assert.equal(delta.length, 0, 'a tick in which nothing moved sends nothing');
      const mutations = new Map(delta.map((u) => [u.username as string, u.mutation]));
      for (const user of new Set([...before[n], ...now])) {
        const expected = !before[n].has(user) ? 'CREATED' : !now.has(user) ? 'DELETED' : undefined;
        if (expected) assert.equal(mutations.get(user), expected, `step ${i}: ${user} in ${bodies[n].slice(0, 50)}`);
      }
      for (const [user, mutation] of mutations) {
        assert.ok(changed.has(user), `step ${i}: ${user} did not change but was sent (${mutation})`);
        if (mutation === 'UPDATED') assert.ok(before[n].has(user) && now.has(user));
      }
      entered += delta.filter((u) => u.mutation === 'CREATED').length;
      left += delta.filter((u) => u.mutation === 'DELETED').length;
      assertConverged(h, client, `step ${i}`);
    }
  }
  assert.ok(entered > 0 && left > 0, `saw ${entered} CREATED and ${left} DELETED`);
});

test("an agent account's users subscription holds only itself, CREATED and DELETED as it enters and leaves", async () => {
  const h = harness(13);
  const agent = h.runtime.cc.agents[4] as Agent;
  const ctx = agentAccount(agent.username);
  const client = h.subscribe('users', `users(filter: { statuses: [READY, WNR] }) { ${USER_FIELDS} }`, ctx);
  const mutations: unknown[] = [];
  for (let i = 0; i < 120 && new Set(mutations).size < 2; i++) {
    const sent = client.messages.length;
    await h.tick(15_000);
    for (const user of client.messages.slice(sent).flat()) {
      assert.equal(user.username, agent.username, 'only its own user');
      mutations.push(user.mutation);
    }
    assertConverged(h, client, `step ${i}`);
  }
  assert.ok(mutations.includes('CREATED') && mutations.includes('DELETED'), `saw ${mutations.join(', ')}`);
});

test('userStats and userProfileStats send only the named agents that changed', async () => {
  const h = harness(17);
  const clients = [
    // An unknown name and a repeated one are left out, as a fresh query leaves them out.
    h.subscribe('userStats', `userStats(filter: { CALL: { users: ["user_3", "user_1", "user_99", "user_3", "user_40"] } }) { ${USER_STAT_FIELDS} }`),
    h.subscribe(
      'userStats',
      `userStats(filter: { CALL: { users: ${JSON.stringify(Array.from({ length: 30 }, (_, i) => `user_${i + 1}`))}, activityCodes: ["activityCode_2"] } }) { ${USER_STAT_FIELDS} }`,
    ),
    h.subscribe('userProfileStats', `userProfileStats(filter: { CALL: { userProfiles: [1, 2, 3, 5, 8, 13, 21, 34] } }) { id channel status timeInState timeInHold { timeInState } }`),
    h.subscribe('userStats', `userStats(filter: { CALL: { users: ["user_5", "user_6"] } }) { ${USER_STAT_FIELDS} }`, agentAccount('user_6')),
  ];
  const names = (c: Client, e: Entity) => (c.root === 'userStats' ? (e.username as string) : (h.runtime.cc.agentsByProfile.get(e.id as number) as Agent).username);
  for (const [i, ms] of [1_000, 3_000, null, 1_000, 20_000, 1_000, 1_000, 90_000, 1_000].entries()) {
    const version = h.runtime.cc.version;
    const sent = clients.map((c) => c.messages.length);
    await h.tick(ms);
    const changed = changedSince(h, version);
    for (const [n, client] of clients.entries()) {
      for (const entity of client.messages.slice(sent[n]).flat()) assert.ok(changed.has(names(client, entity)), `step ${i}: ${names(client, entity)} did not change but was sent`);
      assertConverged(h, client, `step ${i}`);
    }
  }
  assert.deepEqual(
    clients[0].list.map((u) => u.username),
    ['user_3', 'user_1', 'user_40'],
  );
  assert.deepEqual(
    clients[3].list.map((u) => u.username),
    ['user_6'],
    'an agent account sees only itself',
  );
  assert.ok(
    clients.slice(0, 3).every((c) => c.messages.length > 0),
    'the named agents changed at some point',
  );
});

test('after a reset to another contact centre, kept agent lists start again from its agents', async () => {
  const h = harness(19);
  const clients = [
    h.subscribe('users', `users(filter: { statuses: [NOT_READY] }) { ${USER_FIELDS} }`),
    h.subscribe('userStats', `userStats(filter: { CALL: { users: ["user_1", "user_2", "user_7"] } }) { ${USER_STAT_FIELDS} }`),
    // An agent account's filter knows the agent by the contact centre it was made for.
    h.subscribe('users', `users(filter: { channels: [CALL, VIDEO, CHAT] }) { ${USER_FIELDS} }`, agentAccount('user_3')),
  ];
  await h.tick(30_000);
  // What /simulator/reset does: a new contact centre, then a fan-out.
  h.runtime.cc = new ContactCentre(scenario, { seed: 99, startTime: START + 3_600_000 });
  h.runtime.cc.advance(600_000);
  await h.tick(null);
  for (const client of clients) assertConverged(h, client, 'after the reset');
  await h.tick(5_000);
  for (const client of clients) assertConverged(h, client, 'a tick after the reset');
  assert.deepEqual(
    clients[2].list.map((u) => u.username),
    ['user_3'],
  );
});
