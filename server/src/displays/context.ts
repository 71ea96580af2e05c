/** What the playlists, pairing and displays routes share: the database, the push hub, who is asking, a clock. */
import type { Kysely } from 'kysely';
import type { UserSessions, SignedInUser } from '../auth/user-sessions.ts';
import type { WallboardDatabase } from '../db/schema.ts';
import type { PushHub } from '../push/push-hub.ts';
import type { RtdWhoIs } from '../rtd/rtd-upstream.ts';
import type { Response } from 'express';
import type { AttemptLimits } from '../api/attempt-limits.ts';
import type { DisplayAuth } from './display-auth.ts';

export interface DisplaysContext {
  db: Kysely<WallboardDatabase>;
  hub: PushHub;
  sessions: UserSessions;
  displays: DisplayAuth;
  /** Asks the RTD Server whom an access token belongs to (the display token is checked before it is kept). */
  whoIs: RtdWhoIs;
  limits: AttemptLimits;
  /** Now, in milliseconds: tests move it to expire pairing codes. */
  now: () => number;
}

/** The user requireUser or requireSupervisor let through. */
export const signedInUser = (res: Response) => res.locals['user'] as SignedInUser;
