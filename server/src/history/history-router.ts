/**
 * /api/history: what the recorder keeps, for sparklines (the last minutes) and the Today view (15-minute intervals).
 * Readable by anyone signed in and by a paired display; each answer carries the recorder's status, so a page knows
 * whether what it draws is still being recorded. Query strings are read one parameter at a time: a bad one is a 400
 * naming it, a range past the contract's limits too (the samples' `since` is brought within the window instead).
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import {
  INTERVALS_RANGE_MAX_MS,
  SAMPLES_WINDOW_MAX_MS,
  type HistoryChannel,
  type HistoryIntervalsAnswer,
  type HistoryKind,
  type HistorySamplesAnswer,
  type RecorderStatus,
} from '../../../contract/history-format.ts';
import { ApiError, route } from '../api/api-error.ts';
import type { ApiParts } from '../api/api-parts.ts';
import { readCookie } from '../auth/cookies.ts';
import { USER_COOKIE } from '../auth/user-sessions.ts';
import { DISPLAY_COOKIE } from '../displays/display-auth.ts';
import { invalid } from '../displays/input.ts';
import { HistoryStore } from './history-store.ts';

const KINDS: readonly HistoryKind[] = ['service', 'group'];
const CHANNELS: readonly HistoryChannel[] = ['CALL', 'VIDEO', 'CHAT'];
/** An RTD code: letters, digits and the punctuation codes use; 200 characters is far beyond any. */
const CODE = /^[\p{L}\p{N} _.:@#&+-]{1,200}$/u;
/** ISO 8601 with a date, a time and a zone (`2026-12-04T10:00:00Z`, `…:00.000+01:00`): no locale guessing. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** What the API says while no recorder runs in this server (tests of other features, a recorder that failed to start). */
export const NO_RECORDER = (retentionDays: number): RecorderStatus => ({
  recording: false,
  reason: 'The recorder is not running in this server',
  lastSampleAt: null,
  entities: 0,
  retentionDays,
});

export function historyRouter(parts: ApiParts): Router {
  const store = new HistoryStore(parts.db);
  const now = parts.now ?? Date.now;
  const status = () => parts.recorder?.status() ?? NO_RECORDER(parts.historyRetentionDays ?? 35);
  const router = express.Router();
  router.use(signedInOrDisplay(parts));

  router.get('/status', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(status());
  });

  router.get(
    '/samples',
    route(async (req, res) => {
      const query = queryOf(req, ['since', 'kind', 'code', 'channel']);
      const since = isoParameter(query, 'since');
      const filter = {
        kind: optionalChoice(query, 'kind', KINDS),
        code: optionalCode(query, 'code'),
        channel: optionalChoice(query, 'channel', CHANNELS),
      };
      const until = now() + 60_000;
      // Older than the window: the window's start (a tab asleep for hours gets the last two hours, not a refusal).
      const from = Math.max(since, until - SAMPLES_WINDOW_MAX_MS);
      const samples = from >= until ? [] : await store.samplesBetween(new Date(from).toISOString(), new Date(until).toISOString(), filter);
      const answer: HistorySamplesAnswer = { recorder: status(), samples };
      res.setHeader('Cache-Control', 'no-store');
      res.json(answer);
    }),
  );

  router.get(
    '/intervals',
    route(async (req, res) => {
      const query = queryOf(req, ['kind', 'code', 'channel', 'from', 'to']);
      const kind = requiredChoice(query, 'kind', KINDS);
      const code = optionalCode(query, 'code');
      if (code === undefined) throw invalid('code', 'code must name the service or group (?code=…)');
      const channel = requiredChoice(query, 'channel', CHANNELS);
      const from = isoParameter(query, 'from');
      const to = isoParameter(query, 'to');
      if (to <= from) throw invalid('to', 'to must be later than from');
      if (to - from > INTERVALS_RANGE_MAX_MS)
        throw invalid('to', `Ask for at most ${INTERVALS_RANGE_MAX_MS / 3600_000} hours of intervals at once (from and to are ${Math.round((to - from) / 3600_000)} hours apart)`);
      const intervals = await store.intervals(kind, code, channel, new Date(from).toISOString(), new Date(to).toISOString());
      const answer: HistoryIntervalsAnswer = { recorder: status(), intervals };
      res.setHeader('Cache-Control', 'no-store');
      res.json(answer);
    }),
  );

  return router;
}

/** A paired display (its credential cookie), else a signed-in person; 401 in the house's words otherwise. */
function signedInOrDisplay(parts: ApiParts) {
  return (req: Request, res: Response, next: NextFunction): void => {
    parts.displays.fromRequest(req).then((display) => {
      if (display) return next();
      // A TV whose credential no longer opens anything is told it is no display, not to log in.
      if (readCookie(req, DISPLAY_COOKIE) && !readCookie(req, USER_COOKIE))
        return next(new ApiError(401, 'NOT_A_DISPLAY', 'This screen is not a paired display (or it was revoked): pair it again with a code from the Displays page'));
      parts.sessions.requireUser(req, res, next);
    }, next);
  };
}

/** The query string as single values: an unknown parameter or one given twice is a 400 naming it. */
function queryOf(req: Request, allowed: readonly string[]): Record<string, string> {
  const query = req.query as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    const shown = name.slice(0, 100);
    if (!allowed.includes(name)) throw invalid(shown, `${JSON.stringify(shown)} is not a parameter of this request (it takes ${allowed.join(', ')})`);
    if (typeof value !== 'string') throw invalid(shown, `${shown} must be given once, as plain text`);
    values[name] = value;
  }
  return values;
}

function isoParameter(query: Record<string, string>, name: string): number {
  const text = query[name];
  if (text === undefined || text === '') throw invalid(name, `${name} is required: an ISO 8601 time such as 2026-12-04T10:00:00Z`);
  const ms = ISO_TIME.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms)) throw invalid(name, `${name} must be an ISO 8601 time such as 2026-12-04T10:00:00Z (not ${JSON.stringify(text.slice(0, 40))})`);
  return ms;
}

function optionalChoice<T extends string>(query: Record<string, string>, name: string, choices: readonly T[]): T | undefined {
  const text = query[name];
  if (text === undefined) return undefined;
  if (!(choices as readonly string[]).includes(text)) throw invalid(name, `${name} must be one of ${choices.join(', ')}`);
  return text as T;
}

function requiredChoice<T extends string>(query: Record<string, string>, name: string, choices: readonly T[]): T {
  const value = optionalChoice(query, name, choices);
  if (value === undefined) throw invalid(name, `${name} is required: one of ${choices.join(', ')}`);
  return value;
}

function optionalCode(query: Record<string, string>, name: string): string | undefined {
  const text = query[name];
  if (text === undefined) return undefined;
  if (!CODE.test(text)) throw invalid(name, `${name} must be a service or group code (letters, digits, "_", "-", ".", at most 200 characters)`);
  return text;
}
