/** What the API's routers are built from: one list, which api-router.ts and each feature's router read. */
import type { Kysely } from 'kysely';
import type { RecorderStatus } from '../../../contract/history-format.ts';
import type { UserSessions } from '../auth/user-sessions.ts';
import type { WallboardDatabase } from '../db/schema.ts';
import type { DisplayAuth } from '../displays/display-auth.ts';
import type { PushHub } from '../push/push-hub.ts';

export interface ApiParts {
  db: Kysely<WallboardDatabase>;
  hub: PushHub;
  sessions: UserSessions;
  displays: DisplayAuth;
  /** The RTD Server's origin: the display token is checked with it before it is kept. */
  rtdUpstream: string;
  /** Now, in milliseconds (tests move it: pairing codes expire); Date.now when absent. */
  now?: () => number;
  log?: (line: string) => void;
  /** The intraday recorder, whose status every /api/history answer carries; absent when none runs. */
  recorder?: { status(): RecorderStatus } | null;
  /** Days of intervals kept (HISTORY_RETENTION_DAYS), for the status when no recorder runs. @default 35 */
  historyRetentionDays?: number;
}
