/** The recorder's reading of the RTD Server's deltas: "null means unchanged", merged into what it holds. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { mergeDelta } from './stat-deltas.ts';

it('a delta merges into the stored stat: null keeps, objects merge, another union member or a list replaces', () => {
  const stored = {
    code: 'sales',
    channel: 'CALL',
    channelStats: { __typename: 'ServiceCcCallAtStat', queuedCalls: 3, receivedCalls: 40 },
    userStats: { readyUsers: { count: 2, profileIds: [1, 2] } },
  };
  const merged = mergeDelta(stored, {
    code: 'sales',
    channel: 'CALL',
    channelStats: { __typename: 'ServiceCcCallAtStat', queuedCalls: null, receivedCalls: 41 },
    userStats: { readyUsers: { count: null, profileIds: [2] } },
  });
  assert.deepEqual(merged, {
    code: 'sales',
    channel: 'CALL',
    channelStats: { __typename: 'ServiceCcCallAtStat', queuedCalls: 3, receivedCalls: 41 },
    userStats: { readyUsers: { count: 2, profileIds: [2] } },
  });
  assert.deepEqual(mergeDelta({ __typename: 'A', x: 1 }, { __typename: 'B', y: 2 }), { __typename: 'B', y: 2 });
  const hostile = mergeDelta({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}, "a": 2}')) as Record<string, unknown>;
  assert.equal(hostile['a'], 2);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
});
