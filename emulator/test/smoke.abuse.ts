/** The abuse suite's own footing: both servers start as real processes and answer a client. */
import { test } from 'node:test';
import { assertStillServing, startEmulatorProcess, startServeProcess } from './abuse-support.ts';

test('the emulator and the production server start as processes and answer', async () => {
  const emulator = await startEmulatorProcess();
  await assertStillServing(emulator, emulator.url);
  const serve = await startServeProcess();
  await assertStillServing(serve, `${serve.origin}/rtdserver`);
});
