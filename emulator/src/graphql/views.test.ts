/** Views kept from one simulation version to the next: kept only when nothing a subscriber could see changed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keepEntity, stabilize } from './views.ts';

const channelStats = { answeredCalls: 3 };
const userStats = { readyUsers: { count: 1, profileIds: [4] } };
const customStats = (value: string, aggregatedValue: string) => [{ key: 'abandonRate', value: { value, aggregatedValue } }];

test("a service or group entity is last version's only when its shared stats are the same objects and its custom stats are equal", () => {
  const previous = { code: 'skillset_1', channel: 'VIDEO', channelStats, userStats, customStats: customStats('0.0', '1.2') };
  assert.equal(keepEntity(previous, { ...previous, customStats: customStats('0.0', '1.2') }), previous, 'equal custom stats, same shared views: kept');
  // A VIDEO group's abandoned call shows in no channel stat of its own: only its custom stat tells.
  const abandoned = keepEntity(previous, { ...previous, customStats: customStats('5.0', '1.2') });
  assert.notEqual(abandoned, previous);
  assert.deepEqual(abandoned.customStats, customStats('5.0', '1.2'));
  assert.notEqual(keepEntity(previous, { ...previous, channelStats: { answeredCalls: 3 } }), previous, 'shared views are compared by identity');
  assert.notEqual(keepEntity(previous, { ...previous, userStats: { ...userStats } }), previous);
  const next = { ...previous };
  assert.equal(keepEntity(undefined, next), next, 'nothing last version: the new entity');
});

test("stabilize keeps last version's parts that are equal, and builds new ones only along what changed", () => {
  const previous = { readyUsers: { count: 2, profileIds: [1, 4] }, busyUsers: { count: 1, profileIds: [7] }, codes: [{ activityCode: 'lunch', count: 0 }] };
  const equal = JSON.parse(JSON.stringify(previous)) as typeof previous;
  assert.equal(stabilize(previous, equal), previous, "equal: last version's object");

  const next = { readyUsers: { count: 3, profileIds: [1, 4, 9] }, busyUsers: { count: 1, profileIds: [7] }, codes: [{ activityCode: 'lunch', count: 0 }] };
  const copy = JSON.parse(JSON.stringify(next));
  const parts = { ...next };
  const kept = stabilize(previous, next);
  assert.deepEqual(kept, copy, 'the same values as the new view');
  assert.notEqual(kept, previous);
  assert.equal(kept.busyUsers, previous.busyUsers, 'an unchanged part keeps its identity');
  assert.equal(kept.codes, previous.codes);
  assert.equal(kept.readyUsers, next.readyUsers, 'a changed part is the new one');
  assert.deepEqual(next, copy, 'the new view itself is not changed');
  assert.deepEqual(
    Object.entries(next).filter(([key, part]) => part !== parts[key as keyof typeof parts]),
    [],
    'not even which objects it holds',
  );

  assert.deepEqual(stabilize([1, 2], [1, 2, 3]), [1, 2, 3], 'a longer list is a new list');
  assert.deepEqual(stabilize([1, 2, 3], [1, 2]), [1, 2], 'and so is a shorter one');
  assert.deepEqual(stabilize({ a: 1, b: 2 }, { a: 1 }), { a: 1 }, 'a field fewer is a new object');
});
