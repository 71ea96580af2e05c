/**
 * The control plane for tests and demos (not part of the RTD schema), under `/simulator`:
 * POST pause, resume, step {"seconds"}, lose-deltas {"seconds"}, health {"status"}, disconnect, expire-sessions, kiosk-tokens {"enabled"},
 * surge {"service", "factor", "minutes"}, reset {"seed"}; GET state.
 * Loopback only (the peer's address and the Host name) unless the emulator was started with --control-from-anywhere;
 * never cross-site: a browser page of another origin can neither read nor change it (Origin and content type checked).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Emulator } from '../emulator.ts';
import { isOwnOrigin, isSecureRequest, sendJson } from './http.ts';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/** Host names only a local client uses: localhost, any 127.x.x.x, [::1], each with or without a port. */
const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

const ACTIONS = ['pause', 'resume', 'step', 'lose-deltas', 'health', 'disconnect', 'expire-sessions', 'kiosk-tokens', 'surge', 'reset', 'state'];

/** A surge multiplies an arrival rate by at most this, for at most a day: enough for any demo, bounded for the queue. */
const SURGE_FACTOR_MAX = 20;
const SURGE_MINUTES_MAX = 24 * 60;

class BadRequest extends Error {}
class NotFound extends Error {}

/** Why a request may not use the control plane, as [status, message], or null when it may. */
export function controlRefusal(req: IncomingMessage, fromAnywhere: boolean): [number, string] | null {
  if (!fromAnywhere && !LOOPBACK.test(req.socket.remoteAddress ?? '')) {
    return [403, 'The control plane answers loopback only (start the emulator with --control-from-anywhere to change that)'];
  }
  // A page that rebinds its own DNS name to 127.0.0.1 still sends that name: only loopback names are ours.
  if (!fromAnywhere && !isLoopbackHost(req.headers.host)) {
    return [
      403,
      `The control plane answers requests to a loopback name only (localhost, 127.0.0.1, [::1]), not to Host "${req.headers.host ?? ''}" (start the emulator with --control-from-anywhere to change that)`,
    ];
  }
  // Another site's page, or a sandboxed one (Origin: null), may never drive the simulation, whatever the options.
  if (req.headers.origin !== undefined && !isOwnOrigin(req.headers.origin, req.headers.host, isSecureRequest(req))) {
    return [403, `The control plane refuses cross-site requests (Origin "${req.headers.origin}" is not this server's)`];
  }
  if (req.method === 'POST' && !isJsonOrEmpty(req)) {
    return [415, 'Control requests carry their body as JSON: send Content-Type: application/json (or no body at all)'];
  }
  return null;
}

/** True for a Host header naming this machine's loopback interface. */
export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}

/**
 * A POST body must be JSON: a form or text/plain body is what a cross-site page can send without asking. A POST with
 * no body and no content type (curl -X POST) carries nothing a page could forge, and browsers add an Origin to it.
 */
function isJsonOrEmpty(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  if (type !== undefined) return /^application\/json\s*(?:;|$)/i.test(type);
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] === undefined && (length === undefined || length === '0');
}

export async function handleControlRequest(emulator: Emulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const refusal = controlRefusal(req, emulator.options.controlFromAnywhere);
  if (refusal) {
    // The body is left unread: the connection closes after the answer.
    res.setHeader('connection', 'close');
    sendJson(res, refusal[0], { error: refusal[1] });
    return;
  }
  // "/simulator" alone gives "", an unknown action like any other; a name is matched as sent (no decoding, no slash).
  const action = new URL(req.url ?? '/', 'http://localhost').pathname.slice('/simulator/'.length);
  if (!ACTIONS.includes(action)) {
    sendJson(res, 404, { error: `Unknown control action "${action}": ${ACTIONS.join(', ')}` });
    return;
  }
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
      case 'surge': {
        const { service, factor, minutes } = body;
        if (typeof service !== 'string' || service === '') throw new BadRequest('"service" must be a service code, e.g. "service_1"');
        if (typeof factor !== 'number' || !Number.isFinite(factor) || factor < 0 || factor > SURGE_FACTOR_MAX) {
          throw new BadRequest(`"factor" must be a number from 0 to ${SURGE_FACTOR_MAX}: the service's arrival rate is multiplied by it`);
        }
        if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes <= 0 || minutes > SURGE_MINUTES_MAX) {
          throw new BadRequest(`"minutes" must be a number of simulated minutes above 0 and at most ${SURGE_MINUTES_MAX}`);
        }
        if (!emulator.surge(service, factor, minutes)) throw new NotFound(`Unknown service "${service.slice(0, 80)}": the scenario's services are ${listed(emulator.serviceCodes)}`);
        break;
      }
      case 'reset': {
        const seed = body.seed ?? emulator.options.seed;
        if (!Number.isInteger(seed)) throw new BadRequest('"seed" must be an integer');
        emulator.reset(seed as number);
        break;
      }
      default:
        throw new Error(`control action "${action}" is listed but not handled`);
    }
    sendJson(res, 200, emulator.state());
  } catch (error) {
    sendJson(res, error instanceof BadRequest ? 400 : error instanceof NotFound ? 404 : 500, { error: (error as Error).message });
  }
}

/** A list for a message, cut after ten names (a generated scenario has hundreds). */
function listed(names: string[]): string {
  return names.length <= 10 ? names.join(', ') : `${names.slice(0, 10).join(', ')} and ${names.length - 10} more`;
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
