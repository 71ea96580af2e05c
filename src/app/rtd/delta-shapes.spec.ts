/** The documents a delta is written through: its non-null values only, except where that would lose data. */
import { print } from 'graphql';
import fc from 'fast-check';
import { DeltaShapes } from './delta-shapes';
import { LIVE_LISTS } from './live-list-specs';
import type { RtdObject } from './delta-writer';
import { serverDelta, serviceStat } from './testing/rtd-histories';

describe('DeltaShapes', () => {
  const { fragment, fragmentName } = LIVE_LISTS.serviceStats;
  const id = 'ServiceStat:{"code":"sales","channel":"CALL"}';
  const stored = fc.sample(serviceStat(['sales', 'CALL']), { seed: 3, numRuns: 1 })[0] as RtdObject;
  const call = stored['channelStats'] as RtdObject;
  const fieldsOf = (document: ReturnType<DeltaShapes['of']>) => [...print(document).matchAll(/^\s*(\w+)/gm)].map((m) => m[1]);

  it("selects only a delta's non-null values, with the union member it names", () => {
    const shapes = new DeltaShapes();
    shapes.written(fragment, fragmentName, id, stored);
    const delta = serverDelta(stored, { ...stored, channelStats: { ...call, queuedCalls: Number(call['queuedCalls']) + 1 } })!;
    const fields = fieldsOf(shapes.of(fragment, fragmentName, id, delta));
    expect(fields).toContain('queuedCalls');
    expect(fields).toContain('code');
    expect(fields).not.toContain('receivedCalls');
    expect(fields).not.toContain('userStats');
    expect(print(shapes.of(fragment, fragmentName, id, delta))).not.toContain('ServiceCcChatAtStat');
  });

  it('two deltas of the same shape share one document', () => {
    const shapes = new DeltaShapes();
    shapes.written(fragment, fragmentName, id, stored);
    const delta = (n: number) => serverDelta(stored, { ...stored, channelStats: { ...call, queuedCalls: Number(call['queuedCalls']) + n } })!;
    expect(shapes.of(fragment, fragmentName, id, delta(1))).toBe(shapes.of(fragment, fragmentName, id, delta(2)));
  });

  it("writes the whole fragment when a delta changes a union member's type, or nothing is known of the entity", () => {
    const shapes = new DeltaShapes();
    const chat = { __typename: 'ServiceCcChatAtStat', answeredCalls: 1, closedCalls: 2, receivedCalls: 3, averageTimeOnQueue: 4 };
    const delta = { ...serverDelta(stored, { ...stored, channelStats: { ...call, queuedCalls: Number(call['queuedCalls']) + 1 } })!, channelStats: chat };
    // Unknown entity: whole.
    expect(fieldsOf(shapes.of(fragment, fragmentName, id, delta))).toContain('userStats');
    shapes.written(fragment, fragmentName, id, stored);
    // Another member than the stored one replaces it, so every field of the fragment is written.
    expect(fieldsOf(shapes.of(fragment, fragmentName, id, delta))).toContain('userStats');
    // From then on the chat member is known: a delta of it is pruned again.
    expect(fieldsOf(shapes.of(fragment, fragmentName, id, { ...delta, channelStats: { ...chat, closedCalls: 9, answeredCalls: null } }))).not.toContain('answeredCalls');
  });
});
