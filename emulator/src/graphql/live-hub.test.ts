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
  return { runtime, hub, fresh, subscribe, tick };
}

type Client = ReturnType<ReturnType<typeof harness>['subscribe']>;

function assertConverged(h: ReturnType<typeof harness>, client: Client, when: string) {
  assert.deepEqual(byEntityKey(client.root, client.list), byEntityKey(client.root, h.fresh(client.body, client.ctx)[client.root]), `${when}: ${client.body.slice(0, 70)}`);
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
  assert.ok(clients.every((c) => c.messages.length > 0), 'every subscriber got messages');
  // The scopes really differ: the same service shows another aggregatedValue, other codes, other agents.
  const aggregated = (c: Client, key: string) =>
    (c.list.find((s) => s.code === 'service_1' && s.channel === 'CALL')!.customStats as { key: string; value: { aggregatedValue: string } }[]).find((s) => s.key === key)!.value.aggregatedValue;
  const codes = (c: Client) => (c.list.find((s) => s.code === 'service_1')!.userStats as { activityCodeIndicators: { activityCode: string }[] }).activityCodeIndicators.map((i) => i.activityCode);
  const rates = (['sl1', 'abandonRate'] as const).map((key) => [aggregated(clients[1], key), aggregated(clients[2], key)]);
  assert.ok(rates.some(([two, six]) => two !== six), `two services and six services aggregate differently: ${JSON.stringify(rates)}`);
  assert.deepEqual(codes(clients[4]), ['activityCode_1']);
  assert.deepEqual(codes(clients[5]), [], 'an empty activity code list lists none');
  assert.ok(codes(clients[0]).length > 1, 'no activity code filter lists every code');
});

test('an empty activity code list and none at all, in one query, are two scopes', () => {
  const h = harness(5);
  h.runtime.cc.advance(60_000);
  const body = (codes: string) => `serviceStats(filter: { CALL: { services: ["service_1"]${codes} } }) { userStats { activityCodeIndicators { activityCode } } }`;
  const rootValue = createRootValue(h.runtime);
  for (const [first, second] of [[', activityCodes: []', ''], ['', ', activityCodes: []']]) {
    const result = executeSync({ schema, document: parse(`query { a: ${body(first)} b: ${body(second)} }`), rootValue, contextValue: supervisor });
    const listed = (key: 'a' | 'b') => ((result.data![key] as Entity[])[0].userStats as { activityCodeIndicators: unknown[] }).activityCodeIndicators.length;
    const [none, all] = first ? [listed('a'), listed('b')] : [listed('b'), listed('a')];
    assert.equal(none, 0);
    assert.equal(all, scenario.activityCodes.length);
  }
});
