/**
 * The tables, as Kysely sees them. Both engines store the same values: times as ISO-8601 text (they sort as text),
 * documents (a board, a playlist, a display's status) as JSON text checked by the API before they are written, and
 * flags as 0/1, so one set of queries and migrations serves SQLite and PostgreSQL.
 */
import type { Insertable, Selectable } from 'kysely';

export interface BoardsTable {
  id: string;
  name: string;
  /** The board in the board-file format of one board (contract/board-format.ts). */
  definition: string;
  /** Starts at 1; each save adds one. A save names the version it started from (optimistic concurrency). */
  version: number;
  updated_by: string;
  updated_at: string;
}

/** The last versions of each board (BOARD_VERSIONS_KEPT), the current one included. */
export interface BoardVersionsTable {
  board_id: string;
  version: number;
  definition: string;
  saved_by: string;
  saved_at: string;
}

export interface PlaylistsTable {
  id: string;
  name: string;
  /** What a display plays: slides, seconds, sound, burn-in, stale threshold, daily reload (contract/playlist-format.ts). */
  config: string;
  version: number;
  updated_by: string;
  updated_at: string;
}

export interface DisplaysTable {
  id: string;
  name: string;
  playlist_id: string | null;
  /** SHA-256 of the display's credential: the credential itself lives only in the TV's cookie. */
  credential_hash: string;
  paired_by: string;
  paired_at: string;
  /** Set by a revoke: the credential no longer opens anything, and the TV goes back to pairing. */
  revoked_at: string | null;
  last_seen_at: string | null;
  /** What the TV last reported (slide, data age, app version, memory, last error), as JSON. */
  status: string | null;
  /** Bumped by every change a TV must follow (playlist, name, a reload or identify command). */
  version: number;
}

/** A TV waiting to be paired: the code it shows, and the secret it polls with. */
export interface PairingRequestsTable {
  code: string;
  /** SHA-256 of the secret only the TV knows; the TV collects its credential with it. */
  secret_hash: string;
  created_at: string;
  expires_at: string;
  /** Set when a supervisor paired the code: the TV collects its credential once, then the row goes. */
  display_id: string | null;
  /** The display's credential, kept only until the TV collects it (a few seconds). */
  credential: string | null;
}

/** Signed-in people: who the RTD Server said they are, re-checked with their access token when the RTD session ends. */
export interface UserSessionsTable {
  id_hash: string;
  username: string;
  supervisor: number;
  /** The RTD access token the browser handed over, to re-check the user with the RTD Server (never sent back). */
  access_token: string;
  /** Until when the RTD Server's answer holds (its session's expiresIn); after it, ask again. */
  checked_until: string;
  /** When the access token itself ends: the session cannot be renewed past it. */
  expires_at: string;
  created_at: string;
}

/** Server-wide settings, such as the RTD access token displays use (never sent to a browser). */
export interface SettingsTable {
  key: string;
  value: string;
  updated_by: string;
  updated_at: string;
}

/** Attempts counted per key (an address, a user) and window, for the pairing code's rate limit. */
export interface AttemptsTable {
  key: string;
  window_start: string;
  count: number;
}

/**
 * One service's or group's figures on one channel at the end of one UTC minute (contract HistorySample): what its tile
 * showed and the day's counters as the RTD Server had them. Kept 48 hours.
 */
export interface HistorySamplesTable {
  kind: 'service' | 'group';
  code: string;
  channel: 'CALL' | 'VIDEO' | 'CHAT';
  /** The minute's start, ISO text (`2026-12-04T10:02:00.000Z`). */
  minute: string;
  queued: number | null;
  longest_wait: number | null;
  received: number | null;
  answered: number | null;
  answered_in_time: number | null;
  abandoned: number | null;
  short_abandons: number | null;
  agents_ready: number | null;
  agents_busy: number | null;
  agents_post_call: number | null;
  agents_not_ready: number | null;
  agents_logged: number | null;
}

/** One entity's 15 minutes (contract HistoryInterval): the counters' growth, the longest wait, agents on average. Kept HISTORY_RETENTION_DAYS. */
export interface HistoryIntervalsTable {
  kind: 'service' | 'group';
  code: string;
  channel: 'CALL' | 'VIDEO' | 'CHAT';
  /** The interval's start, ISO text, on :00, :15, :30 or :45. */
  start: string;
  received: number | null;
  answered: number | null;
  answered_in_time: number | null;
  abandoned: number | null;
  short_abandons: number | null;
  longest_wait: number | null;
  agents_ready: number | null;
  agents_busy: number | null;
  agents_post_call: number | null;
  minutes: number;
}

export interface WallboardDatabase {
  boards: BoardsTable;
  board_versions: BoardVersionsTable;
  playlists: PlaylistsTable;
  displays: DisplaysTable;
  pairing_requests: PairingRequestsTable;
  user_sessions: UserSessionsTable;
  settings: SettingsTable;
  attempts: AttemptsTable;
  history_samples: HistorySamplesTable;
  history_intervals: HistoryIntervalsTable;
}

export type BoardRow = Selectable<BoardsTable>;
export type PlaylistRow = Selectable<PlaylistsTable>;
export type DisplayRow = Selectable<DisplaysTable>;
export type NewDisplay = Insertable<DisplaysTable>;
