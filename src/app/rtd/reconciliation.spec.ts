import type { RtdObject } from './delta-filling';
import { findCorrections, sameValue } from './reconciliation';

const identify = (e: RtdObject) => (e['code'] ? `ServiceStat:${e['code']}/${e['channel']}` : e['username'] ? `User:${e['username']}` : undefined);

function service(code: string, queued: number, answered = 10): RtdObject {
  return { __typename: 'ServiceStat', code, channel: 'CALL', channelStats: { __typename: 'ServiceCcCallAtStat', queuedCalls: queued, answeredCalls: answered } };
}

describe('findCorrections', () => {
  it('finds none when the snapshot equals what the cache held', () => {
    const before = [service('service_1', 3), service('service_2', 0)];
    const after = [service('service_2', 0), service('service_1', 3)];
    expect(findCorrections(before, [], after, identify)).toEqual([]);
  });

  it('counts nothing for deltas that arrived while the snapshot was on its way', () => {
    const before = [service('service_1', 3)];
    const delta = { __typename: 'ServiceStat', code: 'service_1', channel: 'CALL', channelStats: { __typename: 'ServiceCcCallAtStat', queuedCalls: 4, answeredCalls: null } };
    expect(findCorrections(before, [[delta]], [service('service_1', 4)], identify)).toEqual([]);
  });

  it('counts nothing when the snapshot was answered before the message of its instant arrived', () => {
    // Under load the server's answer can overtake a subscription message waiting behind earlier ones.
    const before = [service('service_1', 3), service('service_2', 1)];
    const late = [{ __typename: 'ServiceStat', code: 'service_1', channel: 'CALL', channelStats: { __typename: 'ServiceCcCallAtStat', queuedCalls: 5, answeredCalls: null } }];
    const next = [{ __typename: 'ServiceStat', code: 'service_1', channel: 'CALL', channelStats: { __typename: 'ServiceCcCallAtStat', queuedCalls: 6, answeredCalls: 11 } }];
    expect(findCorrections(before, [late, next], [service('service_1', 5), service('service_2', 1)], identify)).toEqual([]);
  });

  it('counts an entity that matches no state the deltas gave it, named against the last one', () => {
    const delta = { __typename: 'ServiceStat', code: 'service_1', channel: 'CALL', channelStats: { __typename: 'ServiceCcCallAtStat', queuedCalls: 4, answeredCalls: null } };
    const corrections = findCorrections([service('service_1', 3)], [[delta]], [service('service_1', 5, 12)], identify);
    expect(corrections).toEqual([{ id: 'ServiceStat:service_1/CALL', kind: 'changed', fields: ['channelStats.queuedCalls', 'channelStats.answeredCalls'] }]);
  });

  it('counts an entity whose numbers drifted, naming the fields', () => {
    const corrections = findCorrections([service('service_1', 3), service('service_2', 1)], [], [service('service_1', 5), service('service_2', 1)], identify);
    expect(corrections).toEqual([{ id: 'ServiceStat:service_1/CALL', kind: 'changed', fields: ['channelStats.queuedCalls'] }]);
  });

  it('counts an entity the list lacked and one it should not have had', () => {
    const corrections = findCorrections([service('service_1', 3), service('service_9', 0)], [], [service('service_1', 3), service('service_2', 0)], identify);
    expect(corrections).toEqual([
      { id: 'ServiceStat:service_2/CALL', kind: 'missing', fields: [] },
      { id: 'ServiceStat:service_9/CALL', kind: 'extra', fields: [] },
    ]);
  });

  it('follows entities entering and leaving a filter in the deltas', () => {
    const ada = { __typename: 'User', username: 'ada', name: 'Ada', mutation: 'CREATED' };
    const bob = { __typename: 'User', username: 'bob', name: 'Bob' };
    const corrections = findCorrections([bob], [[ada], [{ __typename: 'User', username: 'bob', name: null, mutation: 'DELETED' }]], [{ __typename: 'User', username: 'ada', name: 'Ada' }], identify);
    expect(corrections).toEqual([]);
  });
});

describe('sameValue', () => {
  it('ignores key order, __typename and absent versus null', () => {
    expect(sameValue({ a: 1, b: { c: [1, 2] } }, { b: { __typename: 'X', c: [1, 2] }, a: 1 })).toBeTrue();
    expect(sameValue({ a: null }, {})).toBeTrue();
    expect(sameValue({ a: [1, 2] }, { a: [2, 1] })).toBeFalse();
    expect(sameValue({ a: 0 }, { a: null })).toBeFalse();
  });
});
