/**
 * The control plane for tests and demos (not part of the RTD schema), under `/simulator`:
 * POST pause, resume, step {"seconds"}, lose-deltas {"seconds"}, health {"status"}, disconnect, expire-sessions, kiosk-tokens {"enabled"}, reset {"seed"}; GET state.
 * Loopback only unless the emulator was started with --control-from-anywhere.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator } from '../emulator.ts';
import { sendJson } from './http.ts';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

class BadRequest extends Error {}

export async function handleControlRequest(emulator: Emulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!emulator.options.controlFromAnywhere && !LOOPBACK.test(req.socket.remoteAddress ?? '')) {
    sendJson(res, 403, { error: 'The control plane answers loopback only (start the emulator with --control-from-anywhere to change that)' });
    return;
  }
  const action = new URL(req.url ?? '/', 'http://localhost').pathname.slice('/simulator/'.length);
  try {
    if (action === 'state') {
      if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
      sendJson(res, 200, emulator.state());
      return;
    }
    if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
    const body = await readJson(req);
    switch (action) {
      case 'pause':
        emulator.pause();
        break;
      case 'resume':
        emulator.resume();
        break;
      case 'step':
        emulator.step(simulatedSeconds(body.seconds ?? 1));
        break;
      case 'lose-deltas':
        emulator.loseDeltas(simulatedSeconds(body.seconds ?? 60));
        break;
      case 'health':
        if (body.status !== 'PASS' && body.status !== 'FAIL') throw new BadRequest('"status" must be "PASS" or "FAIL"');
        emulator.setHealth(body.status);
        break;
      case 'disconnect':
        sendJson(res, 200, { ...emulator.state(), dropped: emulator.disconnectSockets() });
        return;
      case 'kiosk-tokens':
        if (typeof body.enabled !== 'boolean') throw new BadRequest('"enabled" must be true or false');
        sendJson(res, 200, { ...emulator.state(), ...emulator.setKioskTokens(body.enabled) });
        return;
      case 'expire-sessions':
        sendJson(res, 200, { ...emulator.state(), ...emulator.expireSessions() });
        return;
      case 'reset': {
        const seed = body.seed ?? emulator.options.seed;
        if (!Number.isInteger(seed)) throw new BadRequest('"seed" must be an integer');
        emulator.reset(seed as number);
        break;
      }
      default:
        sendJson(res, 404, { error: `Unknown control action "${action}": pause, resume, step, lose-deltas, health, disconnect, expire-sessions, kiosk-tokens, reset, state` });
        return;
    }
    sendJson(res, 200, emulator.state());
  } catch (error) {
    sendJson(res, error instanceof BadRequest ? 400 : 500, { error: (error as Error).message });
  }
}

function simulatedSeconds(seconds: unknown): number {
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 7 * 24 * 3600) {
    throw new BadRequest('"seconds" must be a number of simulated seconds between 0 and 604800');
  }
  return seconds;
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  sendJson(res, 405, { error: `Use ${allow}` });
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 10_000) throw new BadRequest('Body too large');
  }
  if (!text.trim()) return {};
  try {
    const parsed = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed;
  } catch {
    throw new BadRequest('Body must be a JSON object');
  }
}
