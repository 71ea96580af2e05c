/** Views kept from one simulation version to the next: kept only when nothing a subscriber could see changed. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keepEntity } from './views.ts';

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
