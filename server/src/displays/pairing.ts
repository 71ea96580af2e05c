/**
 * Pairing a TV: the TV asks for a code (POST /api/pairing) and shows it; a supervisor types it on the Displays page
 * (POST /api/displays, pairDisplay below); the TV, polling with the secret only it knows (GET /api/pairing/:secret),
 * then collects its display credential as an HttpOnly cookie, once. The credential is made at that moment and only
 * its hash is stored: nothing in the database opens a display.
 */
import { randomInt, randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import { formatPairingCode, normalizePairingCode, PAIRING_CODE_ALPHABET, PAIRING_CODE_LENGTH, type PairingStarted, type PairingState } from '../../../contract/playlist-format.ts';
import { setCookie } from '../auth/cookies.ts';
import { newSecret, secretHash } from '../auth/secrets.ts';
import { ApiError, route } from '../api/api-error.ts';
import { nowText } from '../db/database.ts';
import type { DisplayRow } from '../db/schema.ts';
import { clientAddressKey, waitText, withRetryAfter, type AttemptLimit } from '../api/attempt-limits.ts';
import type { DisplaysContext } from './context.ts';
import { DISPLAY_COOKIE } from './display-auth.ts';
import { invalid } from './input.ts';

export const PAIRING_TTL_MS = 10 * 60_000;
/** Browsers keep a cookie at most 400 days; GET /api/display renews it, so a TV in use never loses it. */
export const DISPLAY_COOKIE_SECONDS = 400 * 24 * 3600;

/** Codes a TV (an address) may ask for: a TV asks once per 10 minutes, or at a reload; a room of TVs shares a NAT. */
export const PAIRING_CREATE_LIMIT: AttemptLimit = {
  kind: 'pairing-create',
  max: 30,
  windowSeconds: 600,
  message: (wait) => `Too many pairing codes were asked for from this address: try again in ${waitText(wait)}`,
};
/** Wrong codes a supervisor may type: enough for typos, far too few to guess a code among the 887 million. */
export const WRONG_CODE_LIMIT: AttemptLimit = {
  kind: 'pairing-wrong',
  max: 10,
  windowSeconds: 600,
  message: (wait) => `Too many wrong pairing codes were typed with your login: try again in ${waitText(wait)}`,
};
/** Codes waiting at once, all addresses together: a flood from many addresses cannot fill the table. */
const MAX_WAITING = 5_000;

const SECRET_PATTERN = /^[A-Za-z0-9_-]{20,100}$/;

function newCode(): string {
  let code = '';
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += PAIRING_CODE_ALPHABET[randomInt(PAIRING_CODE_ALPHABET.length)];
  return code;
}

/** The client's address (behind a trusted proxy, the one it names). */

export function pairingRouter(ctx: DisplaysContext): Router {
  const router = express.Router();

  router.post(
    '/',
    route(async (req, res) => {
      await withRetryAfter(res, ctx.limits.take(PAIRING_CREATE_LIMIT, clientAddressKey(req)));
      const now = ctx.now();
      await ctx.db.deleteFrom('pairing_requests').where('expires_at', '<=', nowText(now)).execute();
      const waiting = await ctx.db
        .selectFrom('pairing_requests')
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .executeTakeFirstOrThrow();
      if (Number(waiting.n) >= MAX_WAITING) {
        res.setHeader('Retry-After', '60');
        throw new ApiError(429, 'TOO_MANY_ATTEMPTS', 'Too many TVs are waiting to be paired just now: try again in a minute', undefined, { retryAfterSeconds: 60 });
      }
      const expiresAt = nowText(now + PAIRING_TTL_MS);
      // A code taken by another waiting TV is drawn again (one in millions with thousands waiting).
      for (let attempt = 0; attempt < 10; attempt++) {
        const code = newCode();
        const secret = newSecret();
        const inserted = await ctx.db
          .insertInto('pairing_requests')
          .values({ code, secret_hash: secretHash(secret), created_at: nowText(now), expires_at: expiresAt, display_id: null, credential: null })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
          const started: PairingStarted = { code, secret, expiresAt };
          res.status(201).json(started);
          return;
        }
      }
      throw new ApiError(503, 'UNAVAILABLE', 'No free pairing code was found: try again in a moment');
    }),
  );

  router.get(
    '/:secret',
    route(async (req, res) => {
      const secret = String(req.params['secret']);
      const gone = () => new ApiError(404, 'NOT_FOUND', 'This pairing request is not known (it was collected already, or it ended): ask for a new code');
      if (!SECRET_PATTERN.test(secret)) throw gone();
      const hash = secretHash(secret);
      const row = await ctx.db.selectFrom('pairing_requests').selectAll().where('secret_hash', '=', hash).executeTakeFirst();
      if (!row) throw gone();
      if (row.expires_at <= nowText(ctx.now())) {
        await ctx.db.deleteFrom('pairing_requests').where('secret_hash', '=', hash).execute();
        throw new ApiError(410, 'PAIRING_CODE_EXPIRED', `The code ${formatPairingCode(row.code)} expired before it was used: ask for a new code`);
      }
      if (row.display_id === null) {
        const waiting: PairingState = { status: 'waiting', code: row.code, expiresAt: row.expires_at };
        res.json(waiting);
        return;
      }
      const displayId = row.display_id;
      const credential = newSecret();
      const collected = await ctx.db.transaction().execute(async (trx) => {
        // Whoever deletes the row collects: a second poll racing this one finds nothing.
        const deleted = await trx.deleteFrom('pairing_requests').where('secret_hash', '=', hash).where('display_id', '=', displayId).executeTakeFirst();
        if (Number(deleted.numDeletedRows) !== 1) return false;
        const updated = await trx
          .updateTable('displays')
          .set({ credential_hash: secretHash(credential) })
          .where('id', '=', displayId)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        return Number(updated.numUpdatedRows) === 1;
      });
      if (!collected) throw gone();
      setCookie(req, res, DISPLAY_COOKIE, credential, DISPLAY_COOKIE_SECONDS);
      const paired: PairingState = { status: 'paired', displayId };
      res.json(paired);
    }),
  );

  return router;
}

/**
 * A supervisor pairs the TV showing `typedCode` (any case, with or without the dash): a new display named `name`
 * playing `playlistId`. Wrong codes count against the supervisor (429 past WRONG_CODE_LIMIT).
 */
export async function pairDisplay(ctx: DisplaysContext, pairedBy: string, typedCode: string, name: string, playlistId: string | null): Promise<DisplayRow> {
  await ctx.limits.check(WRONG_CODE_LIMIT, pairedBy);
  const code = normalizePairingCode(typedCode);
  if (!code) throw invalid('code', 'A pairing code is the 6 letters and digits the TV shows, such as ABC-234');
  const now = ctx.now();
  const outcome = await ctx.db.transaction().execute(async (trx) => {
    const request = await trx.selectFrom('pairing_requests').selectAll().where('code', '=', code).executeTakeFirst();
    if (!request || request.display_id !== null) return { kind: 'unknown' as const };
    if (request.expires_at <= nowText(now)) return { kind: 'expired' as const };
    if (playlistId !== null && !(await trx.selectFrom('playlists').select('id').where('id', '=', playlistId).executeTakeFirst()))
      throw invalid('playlistId', `There is no playlist ${JSON.stringify(playlistId)} (it may have been deleted): choose another`);
    const display: DisplayRow = {
      id: randomUUID(),
      name,
      playlist_id: playlistId,
      // Until the TV collects its credential, the display opens with nothing anyone holds.
      credential_hash: secretHash(newSecret()),
      paired_by: pairedBy,
      paired_at: nowText(now),
      revoked_at: null,
      last_seen_at: null,
      status: null,
      version: 1,
    };
    await trx.insertInto('displays').values(display).execute();
    const claimed = await trx
      .updateTable('pairing_requests')
      .set({ display_id: display.id, expires_at: nowText(now + PAIRING_TTL_MS) })
      .where('code', '=', code)
      .where('display_id', 'is', null)
      .executeTakeFirst();
    // Another supervisor paired it a moment ago: this display is not made.
    if (Number(claimed.numUpdatedRows) !== 1) throw new ApiError(409, 'VERSION_CONFLICT', `The code ${formatPairingCode(code)} was just paired by someone else`);
    await ctx.hub.publish({ topic: 'displays', id: display.id, version: 1, action: 'saved' }, trx);
    return { kind: 'paired' as const, display };
  });
  if (outcome.kind === 'paired') return outcome.display;
  if (outcome.kind === 'expired') {
    await ctx.db.deleteFrom('pairing_requests').where('code', '=', code).where('display_id', 'is', null).execute();
    throw new ApiError(410, 'PAIRING_CODE_EXPIRED', `The code ${formatPairingCode(code)} has expired (a code lasts 10 minutes): type the new code the TV shows`);
  }
  const wrong = await ctx.limits.add(WRONG_CODE_LIMIT, pairedBy);
  if (wrong > WRONG_CODE_LIMIT.max) throw ctx.limits.refusal(WRONG_CODE_LIMIT);
  throw new ApiError(404, 'PAIRING_CODE_UNKNOWN', `No TV shows the code ${formatPairingCode(code)}: check the code on the TV's screen (a code lasts 10 minutes; a reloaded TV shows a new one)`);
}
