/** Intervals from minute samples, without a database: the rules a Today view relies on, case by case. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { HistorySample } from '../../../contract/history-format.ts';
import { intervalFigures } from './interval-figures.ts';

const START = Date.parse('2026-12-04T10:00:00Z');
const minute = (m: number) => new Date(START + m * 60_000).toISOString();

/** A service's CALL sample at minute `m` (from 10:00; -1 is 09:59) with `received` calls so far today. */
function sample(m: number, received: number, extra: Partial<HistorySample> = {}): HistorySample {
  return {
    kind: 'service',
    code: 'sales',
    channel: 'CALL',
    minute: minute(m),
    queued: 0,
    longestWait: 10,
    received,
    answered: received,
    answeredInTime: received,
    abandoned: 0,
    shortAbandons: 0,
    agentsReady: 2,
    agentsBusy: 1,
    agentsPostCall: 0,
    agentsNotReady: 0,
    agentsLogged: 3,
    ...extra,
  };
}

it('a whole interval counts from the minute before it to its last minute', () => {
  const samples = [-2, -1, ...Array(15).keys(), 15].map((m) => sample(m, 100 + 2 * (m + 2)));
  const interval = intervalFigures(START, samples)!;
  assert.equal(interval.received, 30);
  assert.equal(interval.minutes, 15);
  assert.equal(interval.start, '2026-12-04T10:00:00.000Z');
});

it('a gap inside the interval loses no call; one across its start makes it partial, never padded', () => {
  const inside = [-1, 0, 1, 2, 9, 10, 11, 12, 13, 14].map((m) => sample(m, 100 + m, { longestWait: m === 10 ? 95 : 10, agentsReady: m < 5 ? 1 : 4 }));
  const whole = intervalFigures(START, inside)!;
  assert.deepEqual([whole.received, whole.minutes, whole.longestWait], [15, 15, 95]);
  assert.equal(whole.agentsReady, Math.round(((3 * 1 + 6 * 4) / 9) * 100) / 100, 'agents averaged over the minutes recorded');
  const late = intervalFigures(
    START,
    [6, 7, 8, 14].map((m) => sample(m, 100 + m)),
  )!;
  assert.deepEqual([late.received, late.minutes], [8, 8]);
  const once = intervalFigures(START, [sample(3, 50)])!;
  assert.deepEqual([once.received, once.minutes, once.agentsReady], [null, 0, 2], 'one minute: agents known, growth not');
  assert.equal(intervalFigures(START, [sample(-1, 50), sample(15, 60)]), null, 'no minute of its own: no interval');
});

it('the daily reset between two minutes counts the new day from its start; a figure the channel lacks stays null', () => {
  const samples = [sample(-1, 500), sample(0, 510), sample(1, 4), sample(2, 9)].map((s) => ({ ...s, answeredInTime: null }));
  const interval = intervalFigures(START, samples)!;
  assert.equal(interval.received, 10 + 4 + 5);
  assert.equal(interval.answeredInTime, null);
});
