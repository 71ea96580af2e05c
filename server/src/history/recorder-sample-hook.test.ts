/**
 * The recorder's test hook (e2e/forecast.e2e.ts drives the recorder with it): off unless the server runs with --dev,
 * a bad port refused by name, and when on, a POST takes the sample of the minute it names from the figures as they
 * stand; anything else is refused and the hook keeps answering.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { ConfigError } from '../config.ts';
import { ENGINES, freshDatabase } from '../../test/support.ts';
import { pausedEmulator, SimulatedClock, step, testRecorder, until } from '../../test/history-support.ts';
import { HistoryStore } from './history-store.ts';
import { EMULATOR_DEMO_TOKEN } from './recorder.ts';
import { recorderSampleHook, recorderSamplePort } from './recorder-sample-hook.ts';

describe("the recorder's test hook", () => {
  it('is off without --dev, whatever the environment says; a bad port is refused by name', () => {
    assert.equal(recorderSamplePort({ RECORDER_SAMPLE_PORT: '4567' }, false), null);
    assert.equal(recorderSamplePort({}, true), null);
    assert.equal(recorderSamplePort({ RECORDER_SAMPLE_PORT: '4567' }, true), 4567);
    for (const bad of ['0', '70000', 'http', '12a'])
      assert.throws(
        () => recorderSamplePort({ RECORDER_SAMPLE_PORT: bad }, true),
        (error: unknown) => error instanceof ConfigError && /RECORDER_SAMPLE_PORT must be a port number/.test(error.message),
      );
  });

  for (const engine of ENGINES)
    it(`on ${engine}: takes the sample of the minute a test names, after a step of the paused emulator; refuses anything else`, async () => {
      const emulator = await pausedEmulator('2026-11-24T10:00:00Z');
      const clock = new SimulatedClock(Date.parse('2026-11-24T10:00:00Z'));
      const database = await freshDatabase(engine);
      const recorder = testRecorder(database, emulator, clock, null, { demoToken: EMULATOR_DEMO_TOKEN });
      await recorder.start();
      await until(() => recorder.status().recording, 'recording');
      const hook = recorderSampleHook(recorder, 0, () => {});
      await new Promise<void>((resolve) => hook.once('listening', () => resolve()));
      const origin = `http://127.0.0.1:${(hook.address() as AddressInfo).port}`;
      const post = async (path: string, body: string) => {
        const response = await fetch(`${origin}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        return { status: response.status, body: (await response.json()) as any };
      };
      try {
        // Any minute, not the wall clock's: a test lines the samples up with the simulated minutes it stepped.
        await step(emulator, clock, 60);
        const minute = '2026-12-04T09:41:00.000Z';
        const taken = await post('/sample', JSON.stringify({ minute: '2026-12-04T09:41:30Z' }));
        assert.equal(taken.status, 200);
        assert.equal(taken.body.sampled, true);
        assert.equal(taken.body.minute, '2026-12-04T09:41:30.000Z');
        assert.equal(taken.body.recorder.lastSampleAt, minute);
        const samples = await new HistoryStore(database.db).samplesBetween(minute, '2026-12-04T09:42:00.000Z', { kind: 'service' });
        assert.ok(samples.length >= 4 && samples.every((sample) => sample.minute === minute), `a sample per service at ${minute} (${samples.length})`);

        assert.equal((await post('/sample', '{"minute": "yesterday"}')).status, 400);
        assert.equal((await post('/sample', 'not json')).status, 400);
        // A body past 1 kB: the connection is cut, nothing sampled.
        const oversized = await post('/sample', 'x'.repeat(5000)).catch(() => null);
        assert.equal(oversized, null);
        assert.equal((await post('/elsewhere', '{}')).status, 404);
        assert.equal((await post('/sample', JSON.stringify({ minute }))).status, 200, 'still answering');
      } finally {
        hook.close();
        await recorder.stop();
      }
    });
});
