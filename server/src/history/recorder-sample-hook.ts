/**
 * Tests only: the recorder's clock in a test's hands. The recorder samples at the wall clock's minutes, and the breach
 * forecast needs 15 of them; an end-to-end test steps a paused emulator a simulated minute at a time instead, and has
 * the recorder take that minute's sample after each step (e2e/forecast.e2e.ts). With `--dev` and
 * RECORDER_SAMPLE_PORT set (never read without `--dev`), the recorder runs without its wall-clock timers and this
 * listener, on 127.0.0.1 only, takes `POST /sample {"minute": ISO}`: the figures as they stand now, written as the
 * sample of that minute (Recorder.sampleMinute).
 */
import { createServer, type Server } from 'node:http';
import { ConfigError } from '../config.ts';
import type { Recorder } from './recorder.ts';

/** The environment variable that turns the hook on (with --dev), naming its port. */
export const RECORDER_SAMPLE_PORT = 'RECORDER_SAMPLE_PORT';

const BODY_MAX_BYTES = 1024;

/** The port the hook listens on, or null when it is off (always without --dev); a bad value is refused by name. */
export function recorderSamplePort(env: NodeJS.ProcessEnv, development: boolean): number | null {
  const text = env[RECORDER_SAMPLE_PORT]?.trim();
  if (!development || !text) return null;
  const port = Number(text);
  if (!/^[0-9]+$/.test(text) || port < 1 || port > 65535) throw new ConfigError(`${RECORDER_SAMPLE_PORT} must be a port number (1-65535), not "${text}"`);
  return port;
}

export function recorderSampleHook(recorder: Recorder, port: number, log: (line: string) => void): Server {
  const server = createServer((req, res) => {
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== '/sample') return answer(404, { error: 'POST /sample {"minute": ISO} is all this test hook answers' });
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > BODY_MAX_BYTES) req.destroy();
    });
    req.on('end', () => {
      let minute = Number.NaN;
      try {
        minute = Date.parse((JSON.parse(body) as { minute?: unknown }).minute as string);
      } catch {
        // Not JSON: refused below.
      }
      if (!Number.isFinite(minute)) return answer(400, { error: 'the body must be {"minute": "<ISO 8601 time>"}' });
      recorder.sampleMinute(minute).then(
        (sampled) => answer(200, { sampled, minute: new Date(minute).toISOString(), recorder: recorder.status() }),
        (error: Error) => answer(500, { error: error.message }),
      );
    });
  });
  server.on('error', (error) => log(`the recorder's test hook cannot listen on 127.0.0.1:${port}: ${error.message}`));
  server.listen(port, '127.0.0.1', () => log(`TEST HOOK: the recorder samples only when asked (POST http://127.0.0.1:${port}/sample), not on the wall clock`));
  return server;
}
