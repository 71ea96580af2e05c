import { fillDelta, isPartialEntity, mergeKeyedList } from './delta-filling';

describe('fillDelta', () => {
  it('fills nulls from the cached value and keeps what changed', () => {
    const cached = { code: 's1', channel: 'CALL', name: 'Sales', queued: 3 };
    expect(fillDelta({ code: 's1', channel: 'CALL', name: null, queued: 5 }, cached)).toEqual({ code: 's1', channel: 'CALL', name: 'Sales', queued: 5 });
  });

  it('fills nested objects field by field', () => {
    const cached = { userStats: { readyUsers: { count: 2, profileIds: [1, 2] }, busyUsers: { count: 1, profileIds: [3] } } };
    const delta = { userStats: { readyUsers: { count: 1, profileIds: [1] }, busyUsers: null } };
    expect(fillDelta(delta, cached)).toEqual({ userStats: { readyUsers: { count: 1, profileIds: [1] }, busyUsers: { count: 1, profileIds: [3] } } });
  });

  it('fills a union member only from a cached value of the same concrete type', () => {
    const cached = { channelStats: { __typename: 'ServiceCcCallAtStat', answeredCalls: 4, queuedCalls: 1 } };
    expect(fillDelta({ channelStats: { __typename: 'ServiceCcCallAtStat', answeredCalls: null, queuedCalls: 2 } }, cached)).toEqual({
      channelStats: { __typename: 'ServiceCcCallAtStat', answeredCalls: 4, queuedCalls: 2 },
    });
    const other = { channelStats: { __typename: 'ServiceCcChatAtStat', answeredCalls: 9 } };
    expect(fillDelta(other, cached)).toEqual(other);
  });

  it('merges keyed lists by key and appends new entries', () => {
    const cached = { customStats: [{ key: 'sl1', value: { value: '80.0', aggregatedValue: '75.0' } }, { key: 'abandonRate', value: { value: '3.0', aggregatedValue: '4.0' } }] };
    const delta = { customStats: [{ key: 'sl1', value: { value: '81.0', aggregatedValue: null } }, { key: 'asa', value: { value: '12.0', aggregatedValue: '11.0' } }] };
    expect(fillDelta(delta, cached)['customStats']).toEqual([
      { key: 'sl1', value: { value: '81.0', aggregatedValue: '75.0' } },
      { key: 'abandonRate', value: { value: '3.0', aggregatedValue: '4.0' } },
      { key: 'asa', value: { value: '12.0', aggregatedValue: '11.0' } },
    ]);
  });

  it('replaces plain lists whole', () => {
    expect(fillDelta({ skillsets: ['a'] }, { skillsets: ['a', 'b'] })).toEqual({ skillsets: ['a'] });
    expect(mergeKeyedList([], [{ activityCode: 'x', count: 1 }], 'activityCode')).toEqual([{ activityCode: 'x', count: 1 }]);
  });

  it('keeps the snapshot\'s `mutation`: it describes the message, not the user', () => {
    expect(fillDelta({ username: 'u', mutation: 'UPDATED', site: 2 }, { username: 'u', mutation: 'CREATED', site: 1 })).toEqual({ username: 'u', mutation: 'CREATED', site: 2 });
  });

  it('keeps fields the delta does not carry', () => {
    expect(fillDelta({ a: 1 }, { a: 0, b: 2 })).toEqual({ a: 1, b: 2 });
  });

  it('calls an entity partial when a top-level field is null, but not for its `mutation` or nested values', () => {
    expect(isPartialEntity({ username: 'u', site: null })).toBeTrue();
    expect(isPartialEntity({ username: 'u', mutation: null, site: 1, statuses: { CALL: null } })).toBeFalse();
  });
});
