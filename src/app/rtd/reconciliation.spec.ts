import fc from 'fast-check';
import type { RtdObject } from './delta-writer';
import { LIVE_LISTS } from './live-list-specs';
import { findCorrections, sameValue } from './reconciliation';
import { CALL_FIELDS, serviceStat, user } from './testing/rtd-histories';

const services = LIVE_LISTS.serviceStats;
const users = LIVE_LISTS.users;
const id = (code: string) => `ServiceStat:{"code":"${code}","channel":"CALL"}`;

/** A whole CALL service stat with these numbers waiting and answered (the rest fixed). */
function service(code: string, queued: number, answered = 10): RtdObject {
  const [whole] = fc.sample(serviceStat([code, 'CALL']), { seed: 1, numRuns: 1 });
  return { ...whole, channelStats: { ...(whole['channelStats'] as RtdObject), queuedCalls: queued, answeredCalls: answered } };
}

/** A delta as the server sends it: the CALL numbers given, every other field null. */
function delta(code: string, numbers: Record<string, number>): RtdObject {
  return {
    __typename: 'ServiceStat',
    code,
    channel: 'CALL',
    channelStats: { __typename: 'ServiceCcCallAtStat', ...Object.fromEntries(CALL_FIELDS.map((f) => [f, null])), ...numbers },
    userStats: null,
    customStats: null,
  };
}

describe("findCorrections (payloads replayed through a scratch cache with the app's policies)", () => {
  it('finds none when the snapshot equals what the list held', async () => {
    const before = [service('service_1', 3), service('service_2', 0)];
    expect(await findCorrections(services, before, [], [before[1], before[0]])).toEqual([]);
  });

  it('counts nothing for deltas that arrived while the snapshot was on its way', async () => {
    expect(await findCorrections(services, [service('service_1', 3)], [[delta('service_1', { queuedCalls: 4 })]], [service('service_1', 4)])).toEqual([]);
  });

  it('counts nothing when the snapshot was answered before the message of its instant arrived', async () => {
    // Under load the server's answer can overtake a subscription message waiting behind earlier ones.
    const before = [service('service_1', 3), service('service_2', 1)];
    const late = [delta('service_1', { queuedCalls: 5 })];
    const next = [delta('service_1', { queuedCalls: 6, answeredCalls: 11 })];
    expect(await findCorrections(services, before, [late, next], [service('service_1', 5), service('service_2', 1)])).toEqual([]);
  });

  it('counts an entity that matches no state the deltas gave it, named against the last one', async () => {
    const corrections = await findCorrections(services, [service('service_1', 3)], [[delta('service_1', { queuedCalls: 4 })]], [service('service_1', 5, 12)]);
    expect(corrections).toEqual([{ id: id('service_1'), kind: 'changed', fields: ['channelStats.answeredCalls', 'channelStats.queuedCalls'] }]);
  });

  it('counts an entity whose numbers drifted, naming the fields', async () => {
    const corrections = await findCorrections(services, [service('service_1', 3), service('service_2', 1)], [], [service('service_1', 5), service('service_2', 1)]);
    expect(corrections).toEqual([{ id: id('service_1'), kind: 'changed', fields: ['channelStats.queuedCalls'] }]);
  });

  it('counts an entity the list lacked and one it should not have had', async () => {
    const corrections = await findCorrections(services, [service('service_1', 3), service('service_9', 0)], [], [service('service_1', 3), service('service_2', 0)]);
    expect(corrections).toEqual(
      jasmine.arrayWithExactContents([
        { id: id('service_2'), kind: 'missing', fields: [] },
        { id: id('service_9'), kind: 'extra', fields: [] },
      ]),
    );
  });

  it('follows agents entering and leaving a filter in the deltas', async () => {
    const [joining, leaving] = ['u7', 'u8'].map((name) => fc.sample(user(name), { seed: 2, numRuns: 1 })[0]);
    const left = { __typename: 'User', username: 'u8', mutation: 'DELETED' };
    const corrections = await findCorrections(users, [leaving], [[joining], [left]], [joining]);
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
