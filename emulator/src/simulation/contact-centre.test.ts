import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ContactCentre } from './contact-centre.ts';
import { defaultScenario, generateScenario } from './scenario.ts';
import { USER_STATUSES, bucketsOf, type UserBucket } from '../domain/contact-centre.ts';
import { userStats } from '../graphql/views.ts';

const START = Date.parse('2026-11-24T09:00:00Z');

/** Everything observable about the centre, for comparing two histories. */
function fingerprint(cc: ContactCentre): string {
  return JSON.stringify({
    queues: cc.queues.map((q) => [q.code, q.channel, q.counters, q.waiting.map((c) => [c.id, c.state, c.arrivedAt])]),
    agents: cc.agents.map((a) => [a.username, a.status, a.statusSince, a.activityCode, a.activityCode2, a.counters, a.totalsMs, [...a.activityTimes], a.holdTotalMs]),
  });
}

test('the same seed gives the same history, however the time is sliced', () => {
  const scenario = defaultScenario();
  const bySeconds = new ContactCentre(scenario, { seed: 42, startTime: START });
  const byMinutes = new ContactCentre(scenario, { seed: 42, startTime: START });
  for (let i = 0; i < 1800; i++) bySeconds.advance(1000);
  for (let i = 0; i < 30; i++) byMinutes.advance(60_000);
  assert.equal(fingerprint(bySeconds), fingerprint(byMinutes));
  const otherSeed = new ContactCentre(scenario, { seed: 43, startTime: START });
  otherSeed.advance(1800_000);
  assert.notEqual(fingerprint(otherSeed), fingerprint(bySeconds), 'another seed, another history');
});

test('invariants hold at every instant, across the daily reset, for random seeds and sizes', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 }),
      fc.record({ agents: fc.integer({ min: 1, max: 60 }), services: fc.integer({ min: 1, max: 12 }), groups: fc.integer({ min: 1, max: 5 }) }),
      fc.constantFrom(START, Date.parse('2026-11-24T23:50:00Z')),
      (seed, size, startTime) => {
        const cc = new ContactCentre(generateScenario(size), { seed, startTime });
        for (let second = 0; second < 1200; second += 5) {
          cc.advance(5000);
          assert.deepEqual(cc.checkInvariants(), [], `seed ${seed}, size ${JSON.stringify(size)}, t+${second}s`);
        }
      },
    ),
    { numRuns: 20 },
  );
});

test('agents by state add up to logged agents for every service and channel', () => {
  const cc = new ContactCentre(generateScenario({ agents: 120, services: 10, groups: 4 }), { seed: 9, startTime: START });
  const count = (stats: Record<string, unknown>, bucket: UserBucket) => (stats[bucket] as { count: number }).count;
  for (let minute = 0; minute < 30; minute++) {
    cc.advance(60_000);
    for (const queue of cc.queues) {
      const stats = userStats(queue.agents, queue.channel, {}, null);
      const parts = count(stats, 'readyUsers') + count(stats, 'notReadyUsers') + count(stats, 'busyUsers') + count(stats, 'postCallUsers');
      assert.equal(parts, count(stats, 'loggedUsers'), `${queue.code}/${queue.channel} at minute ${minute}`);
      const dn = count(stats, 'busyOnDNCallInUsers') + count(stats, 'busyOnDNCallOutUsers') + count(stats, 'busyOnDNCallOutUsersPrivate');
      assert.equal(dn, count(stats, 'busyOnDNCallUsers'));
    }
  }
});

test('every agent state maps to exactly one of ready / not ready / busy / post-call', () => {
  const exclusive: UserBucket[] = ['readyUsers', 'notReadyUsers', 'busyUsers', 'postCallUsers'];
  for (const status of USER_STATUSES) {
    const buckets = bucketsOf(status, true);
    assert.equal(buckets.filter((b) => exclusive.includes(b)).length, 1, status);
    assert.ok(buckets.includes('loggedUsers'));
  }
});

test('a busy day shows every kind of event the wallboard reports', () => {
  const cc = new ContactCentre(defaultScenario(), { seed: 1, startTime: START });
  const seen = new Set<string>();
  for (let i = 0; i < 7200; i++) {
    cc.advance(1000);
    for (const agent of cc.agents) seen.add(agent.status);
  }
  const total = (pick: (c: (typeof cc.queues)[number]['counters']) => number) => cc.queues.reduce((n, q) => n + pick(q.counters), 0);
  for (const status of ['READY', 'NOT_READY', 'BOOKED', 'BUSY_service', 'WNR', 'BUSY_dn_call_in', 'BUSY_dn_call_out']) assert.ok(seen.has(status), `saw ${status}`);
  assert.ok(total((c) => c.answered) > 100, 'calls answered');
  assert.ok(total((c) => c.abandoned) > 0, 'calls abandoned');
  assert.ok(total((c) => c.shortAbandoned) > 0, 'short abandons');
  assert.ok(total((c) => c.callbacks) > 0, 'callbacks');
  assert.ok(total((c) => c.accessListHits) > 0, 'access-list hits');
  assert.ok(total((c) => c.outboundAttempts) > 0, 'outbound attempts');
  assert.ok(total((c) => c.answeredUnderSpeedLimit) < total((c) => c.answered), 'some answered over the speed limit');
  assert.ok(
    cc.agents.some((a) => a.counters.callsFromServiceNotAnswered > 0),
    'ring-no-answer',
  );
  assert.ok(
    cc.agents.some((a) => a.holdTotalMs > 0),
    'holds',
  );
  assert.ok(
    cc.agents.some((a) => [...a.activityTimes.values()].some((t) => t.notReadyMs > 0)),
    'breaks on activity codes',
  );
});

test('arrivals follow the time of day: the night is quieter than the morning peak', () => {
  const calls = (hourUtc: number) => {
    const cc = new ContactCentre(defaultScenario(), { seed: 5, startTime: Date.parse(`2026-11-24T${String(hourUtc).padStart(2, '0')}:00:00Z`) });
    cc.advance(3600_000);
    return cc.queues.reduce((n, q) => n + q.counters.received, 0);
  };
  assert.ok(calls(3) * 2 < calls(10), `night ${calls(3)} vs morning ${calls(10)}`);
});

test('the daily reset zeroes the active-context counters but keeps calls in progress', () => {
  const cc = new ContactCentre(defaultScenario(), { seed: 2, startTime: Date.parse('2026-11-24T23:00:00Z') });
  cc.advance(59 * 60_000);
  const before = cc.queues.reduce((n, q) => n + q.counters.received, 0);
  assert.ok(before > 0);
  cc.advance(2 * 60_000);
  assert.equal(new Date(cc.now).getUTCHours(), 0);
  for (const q of cc.queues) {
    assert.ok(q.counters.received < 40, `${q.code} received ${q.counters.received} since midnight`);
    assert.equal(q.counters.received, q.counters.closed + q.waiting.length + q.counters.connected);
  }
  for (const a of cc.agents) assert.ok(a.totalsMs.ready + a.totalsMs.notReady + a.totalsMs.busy + a.totalsMs.wnr + a.totalsMs.booked <= 2 * 60_000);
});

test('a surge multiplies one service’s arrivals for its minutes, then the ordinary rate returns', () => {
  const received = (cc: ContactCentre, code: string) => cc.queues.filter((q) => q.code === code).reduce((n, q) => n + q.counters.received, 0);
  // The same morning hour, with and without a surge of 3 on service_1 for the whole of it; summed over seeds so the count is not luck.
  let ordinary = 0;
  let surged = 0;
  let after = 0;
  for (const seed of [1, 2, 3, 4, 5]) {
    const plain = new ContactCentre(defaultScenario(), { seed, startTime: START });
    plain.advance(3600_000);
    ordinary += received(plain, 'service_1');
    const cc = new ContactCentre(defaultScenario(), { seed, startTime: START });
    const surge = cc.surge('service_1', 3, 60);
    assert.deepEqual(surge && { ...surge }, { service: 'service_1', factor: 3, from: START, until: START + 3600_000 });
    assert.deepEqual(
      cc.activeSurges().map((s) => s.service),
      ['service_1'],
    );
    cc.advance(3600_000);
    surged += received(cc, 'service_1');
    assert.deepEqual(cc.activeSurges(), [], 'over after its minutes');
    const before = received(cc, 'service_1');
    cc.advance(3600_000);
    after += received(cc, 'service_1') - before;
    assert.deepEqual(cc.checkInvariants(), []);
  }
  assert.ok(surged > 2.4 * ordinary && surged < 3.6 * ordinary, `surged ${surged} vs ordinary ${ordinary}`);
  assert.ok(after < 1.5 * ordinary, `the hour after: ${after} vs ordinary ${ordinary}`);
});

test('a surge of 0 stops new calls; a new surge replaces the one running; an unknown service has none', () => {
  const cc = new ContactCentre(defaultScenario(), { seed: 3, startTime: START });
  const received = () => cc.queue('service_2', 'CALL')!.counters.received;
  cc.surge('service_2', 0, 30);
  const before = received();
  cc.advance(30 * 60_000);
  assert.equal(received(), before, 'no call in the 30 minutes');
  cc.surge('service_2', 5, 10);
  cc.surge('service_2', 1, 20);
  assert.deepEqual(
    cc.activeSurges().map((s) => [s.service, s.factor]),
    [['service_2', 1]],
  );
  assert.equal(cc.surge('no_such_service', 2, 10), null);
  assert.deepEqual(
    cc.activeSurges().map((s) => s.service),
    ['service_2'],
  );
});

test('surges keep the history reproducible: the same seed and the same surges, the same day', () => {
  const run = () => {
    const cc = new ContactCentre(defaultScenario(), { seed: 8, startTime: START });
    cc.advance(10 * 60_000);
    cc.surge('service_3', 2.5, 20);
    cc.advance(40 * 60_000);
    return fingerprint(cc);
  };
  assert.equal(run(), run());
});
