/**
 * The history API as a hostile client meets it, on both engines: query strings that are not what they claim (dates
 * that are no dates, years past any calendar, parameters twice, as objects, by the thousand, unknown ones, injection
 * text, huge values), ranges past the contract's limits, and credentials that open nothing. Each is refused with a
 * status and the parameter a client can act on, and the server goes on answering a signed-in user and a paired TV.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INTERVALS_RANGE_MAX_MS, type HistoryInterval } from '../../../contract/history-format.ts';
import { api, ENGINES, freshDatabase, signIn, startEmulator, startTestServer } from '../../test/support.ts';
import { pairTv } from '../../test/displays-support.ts';
import { HistoryStore } from './history-store.ts';

const emulator = await startEmulator();
const NOW = Date.parse('2026-12-04T12:00:00Z');

/** A GET with the path as given (no encoding by us): the status and the JSON body. */
async function get(origin: string, path: string, cookie: string | null) {
  const response = await fetch(`${origin}${path}`, { headers: cookie ? { cookie } : {}, signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

for (const engine of ENGINES) {
  describe(`the history API under abuse on ${engine}`, async () => {
    const database = await freshDatabase(engine);
    const server = await startTestServer(database, emulator, { now: () => NOW });
    const admin = await signIn(server, emulator, 'admin');
    const agent = await signIn(server, emulator, 'user_1');
    const tv = await pairTv(server, admin, 'History TV');
    // Two days of one service's intervals, so a read has something to read.
    const intervals: HistoryInterval[] = [...Array(192).keys()].map((i) => ({
      kind: 'service',
      code: 'service_1',
      channel: 'CALL',
      start: new Date(NOW - (i + 1) * 15 * 60_000).toISOString(),
      received: i,
      answered: i,
      answeredInTime: i,
      abandoned: 0,
      shortAbandons: 0,
      longestWait: 30,
      agentsReady: 1.5,
      agentsBusy: 2,
      agentsPostCall: 0.25,
      minutes: 15,
    }));
    await new HistoryStore(database.db).upsertIntervals(intervals);
    const today = '/api/history/intervals?kind=service&code=service_1&channel=CALL&from=2026-12-04T00:00:00Z&to=2026-12-05T00:00:00Z';

    const stillServing = async () => {
      const person = await get(server.origin, today, agent);
      assert.equal(person.status, 200);
      assert.equal(person.body.intervals.length, 48);
      assert.equal((await get(server.origin, '/api/history/status', tv.cookie)).status, 200);
    };

    it('a signed-in agent and a paired TV read; nobody else, in the words of the house', async () => {
      const status = await get(server.origin, '/api/history/status', tv.cookie);
      assert.deepEqual(status.body, { recording: false, reason: 'The recorder is not running in this server', lastSampleAt: null, entities: 0, retentionDays: 35 });
      assert.equal((await get(server.origin, today, tv.cookie)).body.intervals[0].agentsPostCall, 0.25);
      const nobody = await get(server.origin, today, null);
      assert.deepEqual([nobody.status, nobody.body.error.code], [401, 'NOT_SIGNED_IN']);
      const forged = await get(server.origin, today, 'wallboardDisplay=not-a-credential');
      assert.deepEqual([forged.status, forged.body.error.code], [401, 'NOT_A_DISPLAY']);
      const ended = await get(server.origin, today, 'wallboardSession=not-a-session');
      assert.deepEqual([ended.status, ended.body.error.code], [401, 'SESSION_ENDED']);
      const revoked = await pairTv(server, admin, 'Revoked TV');
      assert.equal((await api(server, 'DELETE', `/api/displays/${revoked.id}`, admin)).status, 204);
      assert.equal((await get(server.origin, today, revoked.cookie)).body.error.code, 'NOT_A_DISPLAY');
      await stillServing();
    });

    it('dates that are no dates, parameters twice or as objects, unknown or injected: 400 naming the parameter', async () => {
      const huge = 'x'.repeat(8_000);
      const cases: [string, string][] = [
        ['/api/history/samples', 'since'],
        ['/api/history/samples?since=', 'since'],
        ['/api/history/samples?since=yesterday', 'since'],
        ['/api/history/samples?since=2026-13-45T99:99:99Z', 'since'],
        ['/api/history/samples?since=1733313600000', 'since'],
        ['/api/history/samples?since=%2B275760-09-13T00:00:00.000Z', 'since'],
        ['/api/history/samples?since=2026-12-04T10:00:00', 'since'],
        [`/api/history/samples?since=${huge}`, 'since'],
        ['/api/history/samples?since=2026-12-04T10:00:00Z&since=2026-12-04T11:00:00Z', 'since'],
        ['/api/history/samples?since[$gt]=2026-12-04T10:00:00Z', 'since[$gt]'],
        ['/api/history/samples?since=2026-12-04T10:00:00Z&kind=agent', 'kind'],
        [`/api/history/samples?since=2026-12-04T10:00:00Z&kind=${huge}`, 'kind'],
        ['/api/history/samples?since=2026-12-04T10:00:00Z&channel=call', 'channel'],
        ["/api/history/samples?since=2026-12-04T10:00:00Z&code=x'%20OR%201=1--", 'code'],
        ['/api/history/samples?since=2026-12-04T10:00:00Z&code=a%00b', 'code'],
        [`/api/history/samples?since=2026-12-04T10:00:00Z&code=${'c'.repeat(201)}`, 'code'],
        ['/api/history/samples?since=2026-12-04T10:00:00Z&__proto__=1', '__proto__'],
        ['/api/history/samples?since=2026-12-04T10:00:00Z&constructor=1', 'constructor'],
        [`/api/history/samples?since=2026-12-04T10:00:00Z&${[...Array(2_000).keys()].map((i) => `p${i}=1`).join('&')}`, 'p0'],
        ['/api/history/intervals', 'kind'],
        ['/api/history/intervals?kind=service&channel=CALL&from=2026-12-04T00:00:00Z&to=2026-12-05T00:00:00Z', 'code'],
        ['/api/history/intervals?kind=service&code=service_1&from=2026-12-04T00:00:00Z&to=2026-12-05T00:00:00Z', 'channel'],
        ['/api/history/intervals?kind=service&code=service_1&channel=CALL&to=2026-12-05T00:00:00Z', 'from'],
        ['/api/history/intervals?kind=service&code=service_1&channel=CALL&from=2026-12-04T00:00:00Z', 'to'],
        ['/api/history/intervals?kind=service&code=service_1&channel=CALL&from=2026-12-05T00:00:00Z&to=2026-12-04T00:00:00Z', 'to'],
        ['/api/history/intervals?kind=service&code=service_1&channel=CALL&from=2026-12-04T00:00:00Z&to=2026-12-04T00:00:00Z', 'to'],
        ['/api/history/intervals?kind=service&code=service_1&channel=CALL&from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z', 'to'],
        ['/api/history/intervals?kind=service&code=service_1&channel=CALL&from=2026-12-01T00:00:00Z&to=2026-12-03T00:00:01Z', 'to'],
        ['/api/history/intervals?kind=service&code=service_1&code=service_2&channel=CALL&from=2026-12-04T00:00:00Z&to=2026-12-05T00:00:00Z', 'code'],
      ];
      for (const [path, field] of cases) {
        const answer = await get(server.origin, path, agent);
        assert.equal(answer.status, 400, `${path.slice(0, 120)}: ${JSON.stringify(answer.body).slice(0, 200)}`);
        assert.equal(answer.body.error.code, 'INVALID_FIELD', path.slice(0, 120));
        assert.equal(answer.body.error.field, field, path.slice(0, 120));
        assert.ok(answer.body.error.message.length < 400, 'a message a person reads, not the input echoed back');
      }
      await stillServing();
    });

    it('limits hold without refusing what a page may fairly ask: an old since is the last two hours, the longest range is two days', async () => {
      const old = await get(server.origin, '/api/history/samples?since=0001-01-01T00:00:00Z', agent);
      assert.deepEqual([old.status, old.body.samples], [200, []]);
      const future = await get(server.origin, '/api/history/samples?since=9999-12-31T23:59:59.999Z&kind=group&channel=VIDEO&code=%C3%BC', agent);
      assert.deepEqual([future.status, future.body.samples], [200, []]);
      const twoDays = await get(
        server.origin,
        `/api/history/intervals?kind=service&code=service_1&channel=CALL&from=${new Date(NOW - INTERVALS_RANGE_MAX_MS).toISOString()}&to=2026-12-04T12:00:00.000Z`,
        agent,
      );
      assert.deepEqual([twoDays.status, twoDays.body.intervals.length], [200, 192]);
      const offsets = await get(server.origin, '/api/history/intervals?kind=service&code=service_1&channel=CALL&from=2026-12-04T09:00:00%2B01:00&to=2026-12-04T09:30:00%2B01:00', agent);
      assert.deepEqual(
        offsets.body.intervals.map((i: HistoryInterval) => i.start),
        ['2026-12-04T08:00:00.000Z', '2026-12-04T08:15:00.000Z'],
        'a zone offset is read as the time it names',
      );
      await stillServing();
    });

    it('a flood of the largest reads is answered, and another client meanwhile too', async () => {
      const widest = `/api/history/intervals?kind=service&code=service_1&channel=CALL&from=${new Date(NOW - INTERVALS_RANGE_MAX_MS).toISOString()}&to=2026-12-04T12:00:00.000Z`;
      const flood = Array.from({ length: 200 }, () => get(server.origin, widest, agent));
      const started = performance.now();
      await stillServing();
      const waited = performance.now() - started;
      const answers = await Promise.all(flood);
      assert.ok(
        answers.every((a) => a.status === 200 && a.body.intervals.length === 192),
        'every read answered in full',
      );
      assert.ok(waited < 5_000, `another client waited ${Math.round(waited)} ms`);
    });
  });
}
