/**
 * The recorder against the real emulator, paused and moved a simulated minute at a time, on both engines: its
 * 15-minute intervals hold what the emulator's own counters say happened (read over HTTP at the boundaries), across
 * the daily reset and across a restart on the same database (the gap absent, the partial interval saying so, nothing
 * counted twice); the API serves them to a signed-in agent and to nobody else.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INTERVAL_MS, intervalStart, type HistoryInterval, type HistorySample } from '../../../contract/history-format.ts';
import { intervalsOf } from './interval-figures.ts';
import { api, ENGINES, freshDatabase, rtdAccessToken, signIn, startTestServer } from '../../test/support.ts';
import { DISPLAY_RTD_TOKEN_KEY, storedDisplayRtdToken } from '../displays/display-auth.ts';
import type { Recorder } from './recorder.ts';
import { COUNTERS, emulatorFigures, HELPDESK_TOKEN, helpdeskScenario, pausedEmulator, recordMinuteEnded, SimulatedClock, step, testRecorder, until } from '../../test/history-support.ts';
import { HistoryStore } from './history-store.ts';
import { postgresRecorderLease } from './recorder-lease.ts';
import { openDatabase, type OpenDatabase } from '../db/database.ts';
import pg from 'pg';
import { EMULATOR_DEMO_TOKEN } from './recorder.ts';

const MINUTE = 60_000;
const at = (iso: string) => Date.parse(iso);
const key = (i: { kind: string; code: string; channel: string }) => `${i.kind} ${i.code} ${i.channel}`;

/** Each counter's growth between two readings of the emulator (no reset between them). */
function growth(before: HistorySample, after: HistorySample): Record<string, number | null> {
  return Object.fromEntries(COUNTERS.map((c) => [c, after[c] === null || before[c] === null ? null : after[c]! - before[c]!]));
}

const countsOf = (interval: HistoryInterval) => Object.fromEntries(COUNTERS.map((c) => [c, interval[c]]));

/** How many connections hold an advisory lock in the database at `url`; `terminate` ends them (as a crash would). */
async function leaseHolders(url: string, terminate?: 'terminate'): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const holders = await admin.query("select pid from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())");
    if (terminate) for (const { pid } of holders.rows) await admin.query('select pg_terminate_backend($1)', [pid]);
    return holders.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

for (const engine of ENGINES) {
  describe(`the recorder on ${engine}`, () => {
    it("records each minute, and its intervals equal the emulator's own counters over half an hour; the API serves them", async () => {
      const emulator = await pausedEmulator('2026-11-24T09:58:00Z');
      const clock = new SimulatedClock(at('2026-11-24T09:58:00Z'));
      const database = await freshDatabase(engine);
      // No token stored, the embedded emulator: its demo kiosk token, and the status says so.
      const recorder = testRecorder(database, emulator, clock, null, { demoToken: EMULATOR_DEMO_TOKEN });
      const server = await startTestServer(database, emulator, { recorder, now: clock.now });
      await recorder.start();
      await until(() => recorder.status().recording, 'recording');
      assert.match(recorder.status().reason!, /demo kiosk token/);

      const readings = new Map<number, Map<string, HistorySample>>();
      const store = new HistoryStore(database.db);
      let inProgressChecked = 0;
      while (clock.ms < at('2026-11-24T10:30:00Z')) {
        await step(emulator, clock, 60);
        await recordMinuteEnded(recorder, clock);
        if (clock.ms % INTERVAL_MS === 0) readings.set(clock.ms, await emulatorFigures(emulator, EMULATOR_DEMO_TOKEN));
        // Worked out each minute from the samples the recorder keeps, the interval in progress is what the stored
        // samples say (one read back from the database gives the same figures).
        const current = intervalStart(clock.ms - MINUTE);
        const stored = await store.samplesBetween(new Date(current - MINUTE).toISOString(), new Date(current + INTERVAL_MS).toISOString());
        const written = await Promise.all(intervalsOf(current, stored).map((i) => store.intervals(i.kind, i.code, i.channel, i.start, new Date(current + 1).toISOString())));
        assert.deepEqual(written.flat(), intervalsOf(current, stored), `the interval in progress at ${clock.iso}`);
        if (clock.ms === at('2026-11-24T10:07:00Z')) {
          // The interval in progress is there as far as it has come (the Today view shows it filling): 7 minutes.
          const now = await emulatorFigures(emulator, EMULATOR_DEMO_TOKEN);
          for (const [entity, reading] of now) {
            const [kind, code, channel] = entity.split(' ') as ['service', string, 'CALL'];
            const [interval] = await store.intervals(kind, code, channel, '2026-11-24T10:00:00.000Z', '2026-11-24T10:15:00.000Z');
            assert.ok(interval, `${entity}: the interval in progress at 10:07`);
            assert.equal(interval.minutes, 7, `${entity}: 7 of its 15 minutes`);
            assert.deepEqual(countsOf(interval), growth(readings.get(at('2026-11-24T10:00:00Z'))!.get(entity)!, reading), `${entity} 10:00–10:07`);
            inProgressChecked++;
          }
        }
      }
      assert.ok(inProgressChecked > 0);

      let received = 0;
      for (const [start, end] of [
        ['2026-11-24T10:00:00Z', '2026-11-24T10:15:00Z'],
        ['2026-11-24T10:15:00Z', '2026-11-24T10:30:00Z'],
      ]) {
        const before = readings.get(at(start))!;
        const after = readings.get(at(end))!;
        for (const [entity, reading] of after) {
          const [kind, code, channel] = entity.split(' ') as ['service', string, 'CALL'];
          const [interval] = await store.intervals(kind, code, channel, new Date(at(start)).toISOString(), new Date(at(end)).toISOString());
          assert.ok(interval, `${entity} has an interval at ${start}`);
          assert.deepEqual(countsOf(interval), growth(before.get(entity)!, reading), `${entity} ${start}`);
          assert.equal(interval.minutes, 15, `${entity} ${start} is whole`);
          received += interval.received ?? 0;
        }
      }
      assert.ok(received > 20, `calls came in (${received}): the comparison compared something`);

      // The first interval was joined late (09:58): partial, one minute of counts (09:58 to 09:59), never padded.
      const [joined] = await store.intervals('service', 'service_1', 'CALL', '2026-11-24T09:45:00.000Z', '2026-11-24T10:00:00.000Z');
      assert.equal(joined.minutes, 1);

      // A minute's sample is what the emulator said at its end (its longest wait, the longest of the minute).
      const [sample] = await store.samplesBetween('2026-11-24T10:29:00.000Z', '2026-11-24T10:30:00.000Z', { kind: 'service', code: 'service_1', channel: 'CALL' });
      const end = readings.get(at('2026-11-24T10:30:00Z'))!.get('service service_1 CALL')!;
      assert.deepEqual({ ...sample, longestWait: null, minute: '' }, { ...end, longestWait: null, minute: '' });
      assert.ok(sample.longestWait! >= end.longestWait!);

      // The API: an agent reads them; nobody signed in gets a 401 in the house's words.
      const agent = await signIn(server, emulator, 'user_1');
      const intervals = await api(server, 'GET', '/api/history/intervals?kind=service&code=service_1&channel=CALL&from=2026-11-24T10:00:00Z&to=2026-11-24T10:30:00Z', agent);
      assert.equal(intervals.status, 200);
      assert.deepEqual(intervals.body.intervals, await store.intervals('service', 'service_1', 'CALL', '2026-11-24T10:00:00.000Z', '2026-11-24T10:30:00.000Z'));
      assert.equal(intervals.body.recorder.recording, true);
      assert.equal(intervals.body.recorder.lastSampleAt, '2026-11-24T10:29:00.000Z');
      const samples = await api(server, 'GET', '/api/history/samples?since=2026-11-24T10:00:00Z&kind=group', agent);
      assert.equal(samples.status, 200);
      const groups = new Set(samples.body.samples.map(key));
      assert.equal(samples.body.samples.length, groups.size * 30, 'every group, every minute from 10:00 to 10:29');
      assert.ok(samples.body.samples.every((s: HistorySample) => s.kind === 'group' && s.agentsBusy === null));
      const status = await api(server, 'GET', '/api/history/status', agent);
      assert.deepEqual(status.body, recorder.status());
      assert.equal(status.body.entities, 9, '6 services and 3 groups');
      const nobody = await api(server, 'GET', '/api/history/status', null);
      assert.equal(nobody.status, 401);
      assert.equal(nobody.body.error.code, 'NOT_SIGNED_IN');
      await recorder.stop();
    });

    it("across the daily reset: the interval after it equals the emulator's new day, the one holding it counts from the reset on", async () => {
      // Reset at 10:00 UTC; the recorder starts eight minutes before it.
      const emulator = await pausedEmulator('2026-11-24T09:52:00Z', helpdeskScenario(10));
      const clock = new SimulatedClock(at('2026-11-24T09:52:00Z'));
      const database = await freshDatabase(engine);
      const recorder = testRecorder(database, emulator, clock, HELPDESK_TOKEN);
      await recorder.start();
      await until(() => recorder.status().recording, 'recording');
      const readings = new Map<number, Map<string, HistorySample>>([[clock.ms, await emulatorFigures(emulator, HELPDESK_TOKEN)]]);
      while (clock.ms < at('2026-11-24T10:15:00Z')) {
        await step(emulator, clock, 60);
        await recordMinuteEnded(recorder, clock);
        readings.set(clock.ms, await emulatorFigures(emulator, HELPDESK_TOKEN));
      }
      const store = new HistoryStore(database.db);
      const r = (iso: string, entity: string) => readings.get(at(iso))!.get(entity)!;
      let resets = 0;
      for (const entity of readings.get(clock.ms)!.keys()) {
        const [kind, code, channel] = entity.split(' ') as ['service', string, 'CALL'];
        const intervals = await store.intervals(kind, code, channel, '2026-11-24T09:45:00.000Z', '2026-11-24T10:15:00.000Z');
        assert.equal(intervals.length, 2, entity);
        const [holding, after] = intervals;
        // The counters restarted at 10:00 (calls in progress carried over into the new day).
        if ((r('2026-11-24T10:00:00Z', entity).received ?? 0) < (r('2026-11-24T09:59:00Z', entity).received ?? 0)) resets++;
        // 09:53 → 09:59 as the emulator counted it, then the new day's counters as they stood at 10:00.
        const expected = growth(r('2026-11-24T09:53:00Z', entity), r('2026-11-24T09:59:00Z', entity));
        for (const c of COUNTERS) if (expected[c] !== null) expected[c] = expected[c]! + r('2026-11-24T10:00:00Z', entity)[c]!;
        assert.deepEqual(countsOf(holding), expected, `${entity} 09:45`);
        assert.equal(holding.minutes, 7, `${entity}: counts from 09:53 to 10:00, a partial interval`);
        assert.deepEqual(countsOf(after), growth(r('2026-11-24T10:00:00Z', entity), r('2026-11-24T10:15:00Z', entity)), `${entity} 10:00`);
        assert.equal(after.minutes, 15);
        for (const c of COUNTERS) assert.ok((holding[c] ?? 0) >= 0 && (after[c] ?? 0) >= 0, `${entity} ${c}: never negative`);
      }
      assert.ok(resets >= 2, `the daily reset happened during the test (${resets} entities restarted their counters)`);
      await recorder.stop();
    });

    it('across a restart on the same database: the minutes it missed are absent, the intervals around them partial, nothing counted twice', async () => {
      const emulator = await pausedEmulator('2026-11-24T09:59:00Z');
      const clock = new SimulatedClock(at('2026-11-24T09:59:00Z'));
      const database = await freshDatabase(engine);
      const figures = new Map<number, Map<string, HistorySample>>();
      const read = async () => figures.set(clock.ms, await emulatorFigures(emulator, EMULATOR_DEMO_TOKEN));

      const first = testRecorder(database, emulator, clock, EMULATOR_DEMO_TOKEN);
      await first.start();
      await until(() => first.status().recording, 'first recording');
      while (clock.ms < at('2026-11-24T10:12:00Z')) {
        await step(emulator, clock, 60);
        await recordMinuteEnded(first, clock);
        if (clock.ms === at('2026-11-24T10:00:00Z')) await read();
      }
      await read();
      await first.stop();
      // Five minutes without a recorder; then a new one on the same database.
      await step(emulator, clock, 300);
      const second = testRecorder(database, emulator, clock, EMULATOR_DEMO_TOKEN);
      const server = await startTestServer(database, emulator, { recorder: second, now: clock.now });
      await second.start();
      await until(() => second.status().recording, 'second recording');
      while (clock.ms < at('2026-11-24T10:30:00Z')) {
        await step(emulator, clock, 60);
        await recordMinuteEnded(second, clock);
        if (clock.ms === at('2026-11-24T10:18:00Z')) await read();
      }
      await read();

      const agent = await signIn(server, emulator, 'user_1');
      const samples = await api(server, 'GET', '/api/history/samples?since=2026-11-24T10:00:00Z&kind=service&code=service_1&channel=CALL', agent);
      const minutes = samples.body.samples.map((s: HistorySample) => s.minute.slice(11, 16));
      const expectedMinutes = [...Array(30).keys()].map((m) => `10:${String(m).padStart(2, '0')}`).filter((m) => m < '10:12' || m >= '10:17');
      assert.deepEqual(minutes, expectedMinutes, 'the minutes from 10:12 to 10:16 are a gap');

      const f = (iso: string) => figures.get(at(iso))!;
      for (const entity of f('2026-11-24T10:30:00Z').keys()) {
        const [kind, code, channel] = entity.split(' ');
        const answer = await api(server, 'GET', `/api/history/intervals?kind=${kind}&code=${code}&channel=${channel}&from=2026-11-24T10:00:00Z&to=2026-11-24T10:30:00Z`, agent);
        const [before, after] = answer.body.intervals as HistoryInterval[];
        // 10:00 to 10:12 (the first recorder's last sample, minute 10:11), then 10:18 to 10:30 (the second's first was 10:17).
        assert.deepEqual(countsOf(before), growth(f('2026-11-24T10:00:00Z').get(entity)!, f('2026-11-24T10:12:00Z').get(entity)!), `${entity} 10:00`);
        assert.equal(before.minutes, 12, entity);
        assert.deepEqual(countsOf(after), growth(f('2026-11-24T10:18:00Z').get(entity)!, f('2026-11-24T10:30:00Z').get(entity)!), `${entity} 10:15`);
        assert.equal(after.minutes, 12, entity);
      }
      await second.stop();
    });

    it('across a restart within an interval: the new run counts the minutes the first wrote of it, from the database', async () => {
      const emulator = await pausedEmulator('2026-11-24T09:59:00Z');
      const clock = new SimulatedClock(at('2026-11-24T09:59:00Z'));
      const database = await freshDatabase(engine);
      const store = new HistoryStore(database.db);
      const figures = new Map<number, Map<string, HistorySample>>();
      const read = async () => figures.set(clock.ms, await emulatorFigures(emulator, EMULATOR_DEMO_TOKEN));
      const interval = (entity: string) => {
        const [kind, code, channel] = entity.split(' ') as ['service', string, 'CALL'];
        return store.intervals(kind, code, channel, '2026-11-24T10:00:00.000Z', '2026-11-24T10:00:00.001Z').then(([found]) => found);
      };

      const first = testRecorder(database, emulator, clock, EMULATOR_DEMO_TOKEN);
      await first.start();
      await until(() => first.status().recording, 'first recording');
      while (clock.ms < at('2026-11-24T10:06:00Z')) {
        await step(emulator, clock, 60);
        await recordMinuteEnded(first, clock);
        if (clock.ms === at('2026-11-24T10:00:00Z')) await read();
      }
      await first.stop();
      // Two minutes without a recorder (10:06 and 10:07), then a new one on the same database, within the interval.
      await step(emulator, clock, 120);
      const second = testRecorder(database, emulator, clock, EMULATOR_DEMO_TOKEN);
      await second.start();
      await until(() => second.status().recording, 'second recording');
      while (clock.ms < at('2026-11-24T10:15:00Z')) {
        await step(emulator, clock, 60);
        await recordMinuteEnded(second, clock);
        if (clock.ms === at('2026-11-24T10:10:00Z') || clock.ms === at('2026-11-24T10:15:00Z')) await read();
        if (clock.ms === at('2026-11-24T10:10:00Z')) {
          // The interval in progress, after the restart: from 10:00, across the gap (the counters carry over it).
          for (const [entity, reading] of figures.get(clock.ms)!) {
            const found = await interval(entity);
            assert.deepEqual(countsOf(found), growth(figures.get(at('2026-11-24T10:00:00Z'))!.get(entity)!, reading), `${entity} 10:00–10:10`);
            assert.equal(found.minutes, 10, entity);
          }
        }
      }
      for (const [entity, reading] of figures.get(at('2026-11-24T10:15:00Z'))!) {
        const found = await interval(entity);
        assert.deepEqual(countsOf(found), growth(figures.get(at('2026-11-24T10:00:00Z'))!.get(entity)!, reading), `${entity} 10:00–10:15`);
        assert.equal(found.minutes, 15, `${entity}: whole, from 09:59's sample to 10:14's`);
      }
      await second.stop();
    });

    it(
      'several instances on one database: one records, the others stand by and say who records; when it stops or loses its connection, one takes over',
      { skip: engine !== 'postgres' && 'one SQLite file has one server' },
      async () => {
        const emulator = await pausedEmulator('2026-11-24T09:59:00Z');
        const clock = new SimulatedClock(at('2026-11-24T09:59:00Z'));
        const database = await freshDatabase(engine);
        const { url } = database.settings as { url: string };
        // The second instance with its own pool, as a second process would have.
        const otherDatabase = await openDatabase(database.settings);
        const logs: string[][] = [[], []];
        const instance = (db: OpenDatabase, index: number) =>
          testRecorder(db, emulator, clock, EMULATOR_DEMO_TOKEN, { lease: postgresRecorderLease(url), leaseCheckMs: 100, log: (line) => logs[index].push(line) });
        const first = instance(database, 0);
        const second = instance(otherDatabase, 1);
        try {
          await first.start();
          await until(() => first.status().recording, 'the first records');
          await second.start();
          assert.equal(await leaseHolders(url), 1, 'one instance holds the lease');
          assert.equal(second.status().recording, false);
          assert.match(second.status().reason!, /Another instance of the wallboard server holds the recording but has written nothing yet/);

          await step(emulator, clock, 60);
          await recordMinuteEnded(first, clock);
          assert.equal(await second.sampleMinute(clock.ms - MINUTE), false, 'the stand-by follows nothing and writes nothing');
          // Its status tells what the recording instance wrote: the API answers the same on either.
          await until(() => second.status().recording, 'the stand-by sees the recording');
          assert.deepEqual(second.status(), {
            recording: true,
            reason: 'Another instance of the wallboard server records the history; this one stands by',
            lastSampleAt: '2026-11-24T09:59:00.000Z',
            entities: 9,
            retentionDays: 35,
          });

          // The recording instance stops (a deploy): the other records from its next try.
          await first.stop();
          await until(() => second.status().recording && !/Another instance/.test(second.status().reason ?? ''), 'the second records');
          await step(emulator, clock, 60);
          await recordMinuteEnded(second, clock);
          assert.ok(
            logs[1].some((line) => /this instance records the history now/.test(line)),
            logs[1].join('\n'),
          );

          // Its lock's connection killed (the database restarted, a network cut): it asks again, and holds it again.
          assert.equal(await leaseHolders(url, 'terminate'), 1, 'one connection held the lease');
          await until(() => logs[1].some((line) => /the recording lease was lost/.test(line)), 'the loss noticed');
          await until(async () => (await leaseHolders(url)) === 1 && second.status().recording, 'the lease taken again');
          await step(emulator, clock, 60);
          await recordMinuteEnded(second, clock);
          const store = new HistoryStore(database.db);
          const minutes = await store.samplesBetween('2026-11-24T09:59:00.000Z', '2026-11-24T10:02:00.000Z', { kind: 'service', code: 'service_1', channel: 'CALL' });
          assert.deepEqual(
            minutes.map((sample) => sample.minute.slice(11, 16)),
            ['09:59', '10:00', '10:01'],
            'every minute recorded once, by whichever instance held the lease',
          );
        } finally {
          await first.stop();
          await second.stop();
          await otherDatabase.close();
        }
      },
    );

    it("follows the Displays page's token: a refused one is a reason a supervisor understands, a good one stored records at once, a drop reconnects", async () => {
      const emulator = await pausedEmulator('2026-11-24T10:00:00Z');
      const clock = new SimulatedClock(at('2026-11-24T10:00:00Z'));
      const database = await freshDatabase(engine);
      await database.db.insertInto('settings').values({ key: DISPLAY_RTD_TOKEN_KEY, value: 'a-token-the-rtd-server-never-issued', updated_by: 'admin', updated_at: clock.iso }).execute();
      let recorder: Recorder | null = null;
      const server = await startTestServer(database, emulator, { recorder: { status: () => recorder!.status() }, now: clock.now });
      const log: string[] = [];
      recorder = testRecorder(database, emulator, clock, null, { storedToken: () => storedDisplayRtdToken(database.db), hub: server.hub, log: (line) => log.push(line) });
      await recorder.start();
      await until(() => /refused/.test(recorder!.status().reason ?? ''), 'a refusal');
      // The same refused token, looked at again (each minute does): no new attempt before its 5-minute retry.
      await recorder.tokenMayHaveChanged();
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(log.filter((line) => /refused/.test(line)).length, 1, log.join('\n'));
      const admin = await signIn(server, emulator, 'admin');
      const refused = await api(server, 'GET', '/api/history/status', admin);
      assert.equal(refused.status, 200);
      assert.equal(refused.body.recording, false);
      assert.match(refused.body.reason, /The RTD Server refused the recorder's RTD access token \(.*\): a supervisor stores a valid one on the Displays page/);
      assert.equal(await recorder.sampleMinute(clock.ms), false, 'nothing recorded: a gap, not zeros');
      assert.equal((await api(server, 'GET', '/api/session', admin)).status, 200, 'the server answers on');

      // A supervisor stores a good token on the Displays page: the recorder follows it without waiting for its retry.
      const stored = await api(server, 'PUT', '/api/settings/display-token', admin, { accessToken: await rtdAccessToken(emulator, 'admin') });
      assert.equal(stored.status, 200);
      await until(() => recorder!.status().recording, 'recording with the new token', 5_000);
      assert.equal(recorder.status().reason, null);

      // The RTD Server drops every socket: not recording for a moment, then again (backoff from a second).
      await fetch(`${emulator.origin}/simulator/disconnect`, { method: 'POST' });
      await until(() => !recorder!.status().recording, 'the drop noticed');
      assert.match(recorder.status().reason!, /cannot be reached/);
      await until(() => recorder!.status().recording, 'recording again', 10_000);
      await step(emulator, clock, 60);
      await recordMinuteEnded(recorder, clock);

      // The token removed: nothing to record with, and the status says where to put one.
      assert.equal((await api(server, 'DELETE', '/api/settings/display-token', admin)).status, 204);
      await until(() => /No RTD access token is stored/.test(recorder!.status().reason ?? ''), 'no token');
      assert.equal(recorder.status().recording, false);
      await recorder.stop();
    });

    it('keeps minute samples 48 hours and intervals the retention, pruning in batches', async () => {
      const database = await freshDatabase(engine);
      const store = new HistoryStore(database.db);
      const now = at('2026-12-20T12:00:00Z');
      const sample = (code: string, minute: number): HistorySample => ({
        kind: 'service',
        code,
        channel: 'CALL',
        minute: new Date(minute).toISOString(),
        queued: 1,
        longestWait: 2,
        received: 3,
        answered: 3,
        answeredInTime: 3,
        abandoned: 0,
        shortAbandons: 0,
        agentsReady: 1,
        agentsBusy: 1,
        agentsPostCall: 0,
        agentsNotReady: 0,
        agentsLogged: 2,
      });
      // 12,000 samples past 48 hours (more than two prune batches), 20 within.
      const old = [...Array(20).keys()].flatMap((c) => [...Array(600).keys()].map((m) => sample(`service_${c}`, now - 60 * 3600_000 + m * MINUTE)));
      const kept = [...Array(20).keys()].map((c) => sample(`service_${c}`, now - 47 * 3600_000));
      await store.upsertSamples([...old, ...kept]);
      const interval = (start: number): HistoryInterval => ({
        kind: 'service',
        code: 'service_0',
        channel: 'CALL',
        start: new Date(start).toISOString(),
        received: 5,
        answered: 5,
        answeredInTime: 5,
        abandoned: 0,
        shortAbandons: 0,
        longestWait: 1,
        agentsReady: 1,
        agentsBusy: 1,
        agentsPostCall: 0,
        minutes: 15,
      });
      await store.upsertIntervals([interval(now - 36 * 86_400_000), interval(now - 34 * 86_400_000)]);

      const recorder = testRecorder(database, { origin: 'http://127.0.0.1:1', child: null as never }, new SimulatedClock(now), null, { retentionDays: 35 });
      assert.equal(await recorder.prune(), 12_001);
      assert.deepEqual((await store.samplesBetween('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z')).length, 20);
      const intervals = await store.intervals('service', 'service_0', 'CALL', '2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
      assert.deepEqual(
        intervals.map((i) => i.start),
        [new Date(now - 34 * 86_400_000).toISOString()],
      );
      assert.equal(await recorder.prune(), 0, 'nothing left to prune');
    });
  });
}
