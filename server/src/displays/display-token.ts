/**
 * /api/settings/display-token: the RTD access token the server sends upstream for every paired display. A supervisor
 * enters it once; the server checks it with the RTD Server and keeps it; no answer ever contains it again (the page
 * shows whose it is and who set it).
 */
import express, { type Router } from 'express';
import type { Kysely } from 'kysely';
import type { DisplayTokenState } from '../../../contract/playlist-format.ts';
import { route } from '../api/api-error.ts';
import { nowText } from '../db/database.ts';
import type { WallboardDatabase } from '../db/schema.ts';
import { signedInUser, type DisplaysContext } from './context.ts';
import { DISPLAY_RTD_TOKEN_KEY } from './display-auth.ts';
import { bodyObject, invalid, onlyKeys } from './input.ts';

/** Whom the token belongs to, and until when (for the page: "the displays' token, user_7's, ends on …"). */
const DISPLAY_RTD_USER_KEY = 'display.rtdUsername';
const DISPLAY_RTD_EXPIRY_KEY = 'display.rtdTokenExpiresAt';
const ACCESS_TOKEN_MAX = 4096;

export async function displayTokenState(db: Kysely<WallboardDatabase>): Promise<DisplayTokenState & { expiresAt?: string }> {
  const rows = await db.selectFrom('settings').selectAll().where('key', 'in', [DISPLAY_RTD_TOKEN_KEY, DISPLAY_RTD_USER_KEY, DISPLAY_RTD_EXPIRY_KEY]).execute();
  const token = rows.find((r) => r.key === DISPLAY_RTD_TOKEN_KEY);
  if (!token) return { set: false };
  const username = rows.find((r) => r.key === DISPLAY_RTD_USER_KEY)?.value;
  const expiresAt = rows.find((r) => r.key === DISPLAY_RTD_EXPIRY_KEY)?.value;
  return { set: true, ...(username ? { username } : {}), updatedBy: token.updated_by, updatedAt: token.updated_at, ...(expiresAt ? { expiresAt } : {}) };
}

export function displayTokenRouter(ctx: DisplaysContext): Router {
  const router = express.Router();
  router.use(ctx.sessions.requireSupervisor);

  router.get(
    '/',
    route(async (_req, res) => {
      res.json(await displayTokenState(ctx.db));
    }),
  );

  router.put(
    '/',
    route(async (req, res) => {
      const body = bodyObject(req);
      onlyKeys(body, ['accessToken']);
      const accessToken = body['accessToken'];
      if (typeof accessToken !== 'string' || !accessToken.trim() || accessToken.length > ACCESS_TOKEN_MAX)
        throw invalid('accessToken', 'accessToken must be an RTD access token (the one an RTD login returns for the account the displays use)');
      const rtd = await ctx.whoIs(accessToken.trim());
      if (!rtd) throw invalid('accessToken', 'The RTD Server does not accept this access token (it may have expired or been revoked): nothing was changed');
      const user = signedInUser(res).username;
      const now = ctx.now();
      const values: Record<string, string> = { [DISPLAY_RTD_TOKEN_KEY]: accessToken.trim(), [DISPLAY_RTD_USER_KEY]: rtd.username };
      if (rtd.tokenSeconds > 0) values[DISPLAY_RTD_EXPIRY_KEY] = nowText(now + rtd.tokenSeconds * 1000);
      await ctx.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('settings').where('key', 'in', [DISPLAY_RTD_TOKEN_KEY, DISPLAY_RTD_USER_KEY, DISPLAY_RTD_EXPIRY_KEY]).execute();
        for (const [key, value] of Object.entries(values))
          await trx
            .insertInto('settings')
            .values({ key, value, updated_by: user, updated_at: nowText(now) })
            .execute();
        // Every instance drops the token it remembered (the event names no value: nobody learns the token from it).
        await ctx.hub.publish({ topic: 'settings', id: 'display-token', action: 'saved' }, trx);
      });
      ctx.displays.forget();
      res.json(await displayTokenState(ctx.db));
    }),
  );

  router.delete(
    '/',
    route(async (_req, res) => {
      await ctx.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('settings').where('key', 'in', [DISPLAY_RTD_TOKEN_KEY, DISPLAY_RTD_USER_KEY, DISPLAY_RTD_EXPIRY_KEY]).execute();
        await ctx.hub.publish({ topic: 'settings', id: 'display-token', action: 'deleted' }, trx);
      });
      ctx.displays.forget();
      res.status(204).end();
    }),
  );

  return router;
}
