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
  /** The fields the write's operation selects (the fragments it carries along are not all written). */
  const fieldsOf = (document: ReturnType<DeltaShapes['of']>) => [...print(document.definitions[0]!).matchAll(/^\s*(\w+)/gm)].map((m) => m[1]);
  /** Whether the write goes through the list's whole fragment. */
  const whole = (document: ReturnType<DeltaShapes['of']>) => print(document.definitions[0]!).includes(`...${fragmentName}`);

  it("selects only a delta's non-null values, with the union member it names", () => {
    const shapes = new DeltaShapes();
    shapes.written(fragment, fragmentName, id, stored);
    const delta = serverDelta(stored, { ...stored, channelStats: { ...call, queuedCalls: Number(call['queuedCalls']) + 1 } })!;
    const fields = fieldsOf(shapes.of(fragment, fragmentName, id, delta));
    expect(whole(shapes.of(fragment, fragmentName, id, delta))).toBeFalse();
    expect(fields).toContain('queuedCalls');
    expect(fields).toContain('code');
    expect(fields).not.toContain('receivedCalls');
    expect(fields).not.toContain('userStats');
    expect(print(shapes.of(fragment, fragmentName, id, delta).definitions[0]!)).not.toContain('ServiceCcChatAtStat');
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
    expect(whole(shapes.of(fragment, fragmentName, id, delta))).toBeTrue();
    shapes.written(fragment, fragmentName, id, stored);
    // Another member than the stored one replaces it, so every field of the fragment is written.
    expect(whole(shapes.of(fragment, fragmentName, id, delta))).toBeTrue();
    // From then on the chat member is known: a delta of it is pruned again.
    const next = shapes.of(fragment, fragmentName, id, { ...delta, channelStats: { ...chat, closedCalls: 9, answeredCalls: null } });
    expect(whole(next)).toBeFalse();
    expect(fieldsOf(next)).toContain('closedCalls');
    expect(fieldsOf(next)).not.toContain('answeredCalls');
  });
});
