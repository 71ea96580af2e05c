/**
 * People signed in to the wallboard server. The browser hands over the RTD access token its login returned; the
 * server asks the RTD Server itself who holds it (rtd-upstream.ts), so nobody can claim to be a supervisor, and
 * keeps the answer as long as the RTD session it opened lasts. After that it asks again with the same token: a user
 * no longer a supervisor, or whose token ended, finds out at the next request.
 */
import type { IncomingMessage } from 'node:http';
import type { Kysely } from 'kysely';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { ApiError, route } from '../api/api-error.ts';
import { nowText } from '../db/database.ts';
import type { WallboardDatabase } from '../db/schema.ts';
import type { RtdWhoIs } from '../rtd/rtd-upstream.ts';
import { AttemptLimits, clientAddressKey, waitText, withRetryAfter, type AttemptLimit } from '../api/attempt-limits.ts';
import { clearCookie, readCookie, setCookie } from './cookies.ts';
import { newSecret, secretHash } from './secrets.ts';

export const USER_COOKIE = 'wallboardSession';

/** Whom a request comes from, once checked. */
export interface SignedInUser {
  username: string;
  supervisor: boolean;
}

/** Never trust an RTD answer longer than this, even if its session is longer: a demoted supervisor is noticed. */
const MAX_TRUST_SECONDS = 15 * 60;
const SESSION_FALLBACK_SECONDS = 12 * 3600;

/**
 * Tokens the RTD Server refused, per address: each costs the RTD Server a request, so a stranger cannot make this
 * server ask it about thousands. Successful sign-ins never count (a contact centre behind one NAT signs in at 9:00).
 */
export const REFUSED_SIGN_IN_LIMIT: AttemptLimit = {
  kind: 'sign-in-refused',
  max: 20,
  windowSeconds: 600,
  message: (wait) => `Too many refused sign-ins from this address: try again in ${waitText(wait)}`,
};

export class UserSessions {
  private readonly limits: AttemptLimits;

  constructor(
    private readonly db: Kysely<WallboardDatabase>,
    private readonly whoIs: RtdWhoIs,
    private readonly now: () => number = Date.now,
  ) {
    this.limits = new AttemptLimits(db, now);
  }

  /** Opens a session for whoever holds `accessToken`; null when the RTD Server refuses the token. */
  async open(accessToken: string): Promise<{ id: string; user: SignedInUser; maxAgeSeconds: number } | null> {
    const rtd = await this.whoIs(accessToken);
    if (!rtd) return null;
    const id = newSecret();
    const now = this.now();
    const tokenSeconds = rtd.tokenSeconds > 0 ? rtd.tokenSeconds : SESSION_FALLBACK_SECONDS;
    await this.db
      .insertInto('user_sessions')
      .values({
        id_hash: secretHash(id),
        username: rtd.username,
        supervisor: rtd.supervisor ? 1 : 0,
        access_token: accessToken,
        checked_until: nowText(now + trustSeconds(rtd.sessionSeconds) * 1000),
        expires_at: nowText(now + tokenSeconds * 1000),
        created_at: nowText(now),
      })
      .execute();
    // Expired sessions go now and then, not on a timer of their own.
    await this.db.deleteFrom('user_sessions').where('expires_at', '<', nowText(now)).execute();
    return { id, user: { username: rtd.username, supervisor: rtd.supervisor }, maxAgeSeconds: tokenSeconds };
  }

  /** The user a session cookie stands for, re-checked with the RTD Server when its answer is too old; null if none. */
  async user(id: string | null): Promise<SignedInUser | null> {
    if (!id) return null;
    const hash = secretHash(id);
    const row = await this.db.selectFrom('user_sessions').selectAll().where('id_hash', '=', hash).executeTakeFirst();
    if (!row) return null;
    const now = this.now();
    if (row.expires_at <= nowText(now)) {
      await this.close(id);
      return null;
    }
    if (row.checked_until > nowText(now)) return { username: row.username, supervisor: row.supervisor === 1 };
    const rtd = await this.whoIs(row.access_token);
    if (!rtd || rtd.username !== row.username) {
      await this.close(id);
      return null;
    }
    await this.db
      .updateTable('user_sessions')
      .set({ supervisor: rtd.supervisor ? 1 : 0, checked_until: nowText(now + trustSeconds(rtd.sessionSeconds) * 1000) })
      .where('id_hash', '=', hash)
      .execute();
    return { username: rtd.username, supervisor: rtd.supervisor };
  }

  async close(id: string): Promise<void> {
    await this.db.deleteFrom('user_sessions').where('id_hash', '=', secretHash(id)).execute();
  }

  /** The user of a request (HTTP or a socket upgrade), or null. */
  fromRequest(req: IncomingMessage): Promise<SignedInUser | null> {
    return this.user(readCookie(req, USER_COOKIE));
  }

  /** POST /api/session {accessToken}, GET /api/session, DELETE /api/session. */
  router(): Router {
    const router = express.Router();
    router.post(
      '/',
      route(async (req, res) => {
        const accessToken = (req.body as { accessToken?: unknown } | undefined)?.accessToken;
        if (typeof accessToken !== 'string' || !accessToken || accessToken.length > 4096)
          throw new ApiError(400, 'INVALID_FIELD', 'accessToken must be the access token your RTD login returned', 'accessToken');
        // Checked before asking: requests already on their way when the limit is reached still count, so a burst gets
        // past it by at most its own size.
        const address = clientAddressKey(req);
        await withRetryAfter(res, this.limits.check(REFUSED_SIGN_IN_LIMIT, address));
        const opened = await this.open(accessToken);
        if (!opened) {
          await this.limits.add(REFUSED_SIGN_IN_LIMIT, address);
          throw new ApiError(401, 'NOT_SIGNED_IN', 'The RTD Server does not accept this access token: log in again');
        }
        setCookie(req, res, USER_COOKIE, opened.id, opened.maxAgeSeconds);
        res.status(201).json(opened.user);
      }),
    );
    router.get(
      '/',
      route(async (req, res) => {
        res.json(await this.required(req));
      }),
    );
    router.delete(
      '/',
      route(async (req, res) => {
        const id = readCookie(req, USER_COOKIE);
        if (id) await this.close(id);
        clearCookie(req, res, USER_COOKIE);
        res.status(204).end();
      }),
    );
    return router;
  }

  /** The signed-in user, or a 401 that says why. */
  async required(req: Request): Promise<SignedInUser> {
    const id = readCookie(req, USER_COOKIE);
    const user = await this.user(id);
    if (user) return user;
    throw id
      ? new ApiError(401, 'SESSION_ENDED', 'Your wallboard session has ended (the RTD Server no longer accepts your login): log in again')
      : new ApiError(401, 'NOT_SIGNED_IN', 'Log in to the wallboard first');
  }

  /** Middleware: only a signed-in user; `res.locals.user` is who. */
  requireUser = (req: Request, res: Response, next: NextFunction): void => {
    this.required(req).then((user) => {
      res.locals['user'] = user;
      next();
    }, next);
  };

  /** Middleware for changes: a supervisor only, or 403 naming who is signed in. */
  requireSupervisor = (req: Request, res: Response, next: NextFunction): void => {
    this.required(req).then((user) => {
      if (!user.supervisor) return next(new ApiError(403, 'NOT_SUPERVISOR', `Only a supervisor can do this; you are signed in as ${user.username}, who is not one`));
      res.locals['user'] = user;
      next();
    }, next);
  };
}

function trustSeconds(sessionSeconds: number): number {
  return Math.max(30, Math.min(MAX_TRUST_SECONDS, sessionSeconds > 0 ? sessionSeconds : MAX_TRUST_SECONDS));
}
