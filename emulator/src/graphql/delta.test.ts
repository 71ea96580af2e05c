/**
 * The delta rule, proved without a network: for random histories of the simulated contact centre, the
 * result at one step plus the delta to the next equals the result at the next step, field for field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { type ExecutionArgs, executeSync, parse, type OperationDefinitionNode, valueFromASTUntyped } from 'graphql';
import { AuthService } from '../auth/auth.ts';
import { buildRtdSchema } from '../schema/rtd-schema.ts';
import { ContactCentre } from '../simulation/contact-centre.ts';
import { generateScenario } from '../simulation/scenario.ts';
import { diffOperationResult, project, shapeOfOperation } from './delta.ts';
import { type RtdRuntime, createRootValue } from './root-resolvers.ts';
import { applyDelta, byEntityKey, liveOperations } from '../../test/operations.ts';

const scenario = generateScenario({ agents: 24, services: 6, groups: 3 });
const schema = buildRtdSchema('1.0.2');
const operations = liveOperations({ agents: 24, services: 6, groups: 3 });
const START = Date.parse('2026-11-24T10:00:00Z');
/** Two minutes before the daily reset, so random histories also cross it. */
const BEFORE_RESET = Date.parse('2026-11-24T23:58:00Z');

function harness(seed: number, startTime = START) {
  const runtime: RtdRuntime = { cc: new ContactCentre(scenario, { seed, startTime }), auth: new AuthService(scenario), rtdVersion: '1.0.2', health: 'PASS' };
  const rootValue = createRootValue(runtime);
  const admin = { principal: { account: { username: 'admin', supervisor: true } }, authFailure: null };
  const run = (body: string) => {
    const document = parse(`query { ${body} }`);
    const args: ExecutionArgs = { schema, document, rootValue, contextValue: admin };
    const result = executeSync(args);
    assert.equal(result.errors, undefined, JSON.stringify(result.errors));
    // As a client receives it: plain JSON (graphql-js builds null-prototype objects).
    return JSON.parse(JSON.stringify(result.data)) as Record<string, Record<string, unknown>[]>;
  };
  return { runtime, run };
}

function shapeOf(body: string) {
  const document = parse(`subscription { ${body} }`);
  return shapeOfOperation(schema, document, document.definitions[0] as OperationDefinitionNode);
}

for (const [name, body] of Object.entries(operations)) {
  const root = name.startsWith('users') ? 'users' : name;
  test(`${name}: snapshot + deltas = fresh snapshot over random histories`, () => {
    const shape = shapeOf(body);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.constantFrom(START, BEFORE_RESET), fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 12 }), (seed, startTime, steps) => {
        const { runtime, run } = harness(seed, startTime);
        let previous = run(body);
        let client = previous[root];
        for (const seconds of steps) {
          runtime.cc.advance(seconds * 1000);
          const next = run(body);
          const delta = diffOperationResult(shape, previous, next);
          if (delta) client = applyDelta(root, client, delta[root] as Record<string, unknown>[]);
          assert.deepEqual(byEntityKey(root, client), byEntityKey(root, next[root]));
          previous = next;
        }
      }),
      { numRuns: 30 },
    );
  });
}

test('a delta carries key and non-null fields, nulls for unchanged fields, and leaves out unchanged entities', () => {
  const { runtime, run } = harness(7);
  const body = operations.userStats;
  const shape = shapeOf(body);
  const before = run(body);
  runtime.cc.advance(20_000);
  const after = run(body);
  const delta = diffOperationResult(shape, before, after)!.userStats as Record<string, unknown>[];
  assert.ok(delta.length > 0 && delta.length < after.userStats.length, 'some agents changed, not all');
  for (const entity of delta) {
    assert.equal(typeof entity.username, 'string');
    assert.equal(entity.channel, 'CALL');
    assert.equal(typeof entity.loggedProfileId, 'number', 'non-null loggedProfileId always set');
    const old = before.userStats.find((u) => u.username === entity.username)!;
    const now = after.userStats.find((u) => u.username === entity.username)!;
    for (const field of ['status', 'timeInState', 'numberCallIn', 'timeInStateReady', 'name']) {
      assert.equal(entity[field], old[field] === now[field] ? null : now[field], `${entity.username}.${field}`);
    }
  }
});

test('users leaving a state filter are DELETED with their username, entering ones CREATED in full', () => {
  const { runtime, run } = harness(11);
  const body = operations.usersReady;
  const shape = shapeOf(body);
  let deleted = 0;
  let created = 0;
  let previous = run(body);
  for (let i = 0; i < 30 && (deleted === 0 || created === 0); i++) {
    runtime.cc.advance(10_000);
    const next = run(body);
    const delta = diffOperationResult(shape, previous, next);
    for (const user of (delta?.users ?? []) as Record<string, unknown>[]) {
      if (user.mutation === 'DELETED') {
        deleted++;
        assert.equal(typeof user.username, 'string');
        assert.equal(user.statuses, null);
        assert.ok(!next.users.some((u) => u.username === user.username));
      }
      if (user.mutation === 'CREATED') {
        created++;
        assert.notEqual(user.statuses, null, 'a created user is sent whole');
        assert.ok(!previous.users.some((u) => u.username === user.username));
      }
    }
    previous = next;
  }
  assert.ok(deleted > 0 && created > 0, `saw ${deleted} DELETED and ${created} CREATED`);
});

test('nothing changed, nothing sent', () => {
  const { run } = harness(3);
  const shape = shapeOf(operations.serviceStats);
  const result = run(operations.serviceStats);
  assert.equal(diffOperationResult(shape, result, run(operations.serviceStats)), null);
});

test('only changed keyed-list entries and changed union fields are sent', () => {
  const { runtime, run } = harness(5);
  const body = operations.serviceStats;
  const shape = shapeOf(body);
  const before = run(body);
  runtime.cc.advance(5_000);
  const after = run(body);
  const delta = diffOperationResult(shape, before, after)!.serviceStats as Record<string, any>[];
  for (const entity of delta) {
    const old = before.serviceStats.find((s) => s.code === entity.code && s.channel === entity.channel) as any;
    if (entity.channelStats) {
      assert.equal(entity.channelStats.__typename, old.channelStats.__typename, '__typename is non-null: always set');
      for (const [field, value] of Object.entries(entity.channelStats)) {
        if (field !== '__typename' && value === null) assert.ok(field in old.channelStats);
      }
    }
    if (entity.channelStats && entity.channel !== 'CALL') {
      assert.ok(!('answeredCallsUnderSpeedLimit' in entity.channelStats), `${entity.code}/${entity.channel} carries only its own type's fields`);
    }
    for (const indicator of entity.userStats?.activityCodeIndicators ?? []) {
      const previous = old.userStats.activityCodeIndicators.find((i: any) => i.activityCode === indicator.activityCode);
      assert.notDeepEqual({ count: indicator.count ?? previous.count, profileIds: indicator.profileIds ?? previous.profileIds }, previous, 'unchanged entries are left out');
    }
  }
});

test('the fan-out projection of cached views equals what graphql-js returns, for every live operation', () => {
  const { runtime, run } = harness(13);
  const rootValue = createRootValue(runtime);
  for (let step = 0; step < 8; step++) {
    runtime.cc.advance(37_000);
    for (const body of Object.values(operations)) {
      const shape = shapeOf(body);
      const [[key, field]] = [...shape.fields];
      const value = (rootValue[field.fieldName] as (a: unknown, c: unknown) => Record<string, unknown>[])({ filter: filterOf(body) }, { principal: { account: { supervisor: true } } });
      const projected = JSON.parse(JSON.stringify(value.map((v) => project(field.children!, v))));
      assert.deepEqual(projected, run(body)[key], body.slice(0, 40));
    }
  }
});

/** The filter argument of an operation body, evaluated as GraphQL would coerce it. */
function filterOf(body: string): unknown {
  const document = parse(`query { ${body} }`);
  const field = (document.definitions[0] as OperationDefinitionNode).selectionSet.selections[0] as import('graphql').FieldNode;
  return valueFromASTUntyped(field.arguments![0].value);
}

test('views cached across steps equal views built from scratch', () => {
  const { runtime, run } = harness(17);
  const fresh = () => {
    const rootValue = createRootValue(runtime);
    return (body: string) => JSON.parse(JSON.stringify(executeSync({ schema, document: parse(`query { ${body} }`), rootValue, contextValue: { principal: { account: { supervisor: true } } } }).data));
  };
  for (let step = 0; step < 30; step++) {
    runtime.cc.advance(step % 7 === 0 ? 200 : 9_000);
    const uncached = fresh();
    for (const body of Object.values(operations)) assert.deepEqual(run(body), uncached(body), `step ${step}: ${body.slice(0, 30)}`);
  }
});

test("a VIDEO or CHAT delta carries only its own type's fields, not the CALL member's as null", () => {
  const { runtime, run } = harness(21);
  const shape = shapeOf(operations.serviceStats);
  const before = run(operations.serviceStats);
  runtime.cc.advance(180_000);
  const delta = diffOperationResult(shape, before, run(operations.serviceStats))!.serviceStats as Record<string, any>[];
  const others = delta.filter((e) => e.channel !== 'CALL' && e.channelStats);
  assert.ok(others.length > 0, 'some VIDEO or CHAT stats changed');
  for (const entity of others) assert.deepEqual(Object.keys(entity.channelStats).sort(), ['__typename', 'answeredCalls', 'averageTimeOnQueue', 'closedCalls', 'receivedCalls']);
});

test('one previous result diffed against two later ones gives each its own delta', () => {
  const { runtime, run } = harness(23);
  const shape = shapeOf(operations.userStats);
  const before = run(operations.userStats);
  const later = [20_000, 40_000].map((ms) => (runtime.cc.advance(ms), run(operations.userStats)));
  for (const after of later) {
    const delta = diffOperationResult(shape, before, after)!;
    const client = applyDelta('userStats', before.userStats, delta.userStats as Record<string, unknown>[]);
    assert.deepEqual(byEntityKey('userStats', client), byEntityKey('userStats', after.userStats));
  }
});

test('a user replaced by another in the same place of the list is DELETED, the other CREATED', () => {
  const { runtime, run } = harness(29);
  runtime.cc.advance(60_000);
  const shape = shapeOf(operations.usersReady);
  const before = run(operations.usersReady).users;
  const outsider = run(operations.usersAll).users.find((u) => !before.some((b) => b.username === u.username))!;
  const after = before.slice();
  after[1] = outsider;
  const delta = diffOperationResult(shape, { users: before }, { users: after })!.users as Record<string, unknown>[];
  assert.deepEqual(
    delta.map((u) => [u.username, u.mutation]),
    [
      [outsider.username, 'CREATED'],
      [before[1].username, 'DELETED'],
    ],
  );
});
