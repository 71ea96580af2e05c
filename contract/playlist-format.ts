/**
 * A playlist: what a kiosk or a paired display plays: slides (a board's page for some seconds), alert sound,
 * burn-in protection, the stale threshold and an optional daily reload hour. The same format travels in a kiosk
 * link (the app) and is stored by the wallboard server for its displays (server/src/displays/), so it is written
 * once, here. Moved from the app's kiosk-config.ts, where it was `KioskConfig` and `configSchema`.
 */
import * as z from 'zod/mini';

/** A board's pages: what `boardSlides` plays of a board. */
export const KIOSK_PAGES = ['services', 'groups', 'agents'] as const;
export type KioskPage = (typeof KIOSK_PAGES)[number];
/** What a slide can show: a board's page, or one service's or group's day ("today", issue 16: its slide names it). */
export const SLIDE_PAGES = [...KIOSK_PAGES, 'today'] as const;
export type SlidePage = (typeof SLIDE_PAGES)[number];

/** The service or group (on one channel) a "today" slide shows: its 15-minute intervals since midnight. */
export interface TodaySubject {
  kind: 'service' | 'group';
  code: string;
  channel: 'CALL' | 'VIDEO' | 'CHAT';
}

export interface KioskSlide {
  /** The board the slide belongs to: its name in the kiosk's bar, its thresholds and settings for a "today" slide. */
  board: string;
  page: SlidePage;
  /** How long the slide shows (an agent grid with more agents than fit shows each of its pages this long). */
  seconds: number;
  /** A "today" slide's service or group; only there. */
  today?: TodaySubject;
}

/**
 * What a slide's seconds count: each screenful of a slide taller than the screen (so every screenful is on view
 * that long, and a tall slide stays longer), or the whole slide (its screenfuls share the time, each at least
 * MIN_SCREENFUL_SECONDS).
 */
export const SECONDS_PER = ['screenful', 'slide'] as const;
export type SecondsPer = (typeof SECONDS_PER)[number];

export interface KioskConfig {
  slides: KioskSlide[];
  /** Links made before this setting was there count per screenful, as they did. */
  secondsPer: SecondsPer;
  /** A sound when a tile turns critical. */
  sound: boolean;
  /** Shift the layout by a few pixels now and then, so nothing stays burnt into the screen. */
  burnIn: boolean;
  /** Numbers grey out when no update or keep-alive arrived for this long. */
  staleSeconds: number;
  /** Reload every day at this hour (0–23), a safety valve; null for never. */
  dailyReloadHour: number | null;
}

/** The server's name for it: a playlist is a kiosk config that a display plays. */
export type Playlist = KioskConfig;

export const DEFAULT_SLIDE_SECONDS = 20;
export const SLIDE_SECONDS_MIN = 3;
export const SLIDE_SECONDS_MAX = 3600;
/** More slides than anyone rotates on one TV; the bound keeps a stored playlist (and a kiosk link) small. */
export const MAX_SLIDES = 500;
/** A board id is at most 60 characters (board-format); some room is left for links made by hand. */
const BOARD_REF_MAX = 200;
/** A service's or group's code in a "today" slide: RTD codes are short; this bounds one typed by hand. */
const TODAY_CODE_MAX = 200;
/** A playlist's name on the server: as a board's, 1–80 characters once trimmed. */
export const PLAYLIST_NAME_MAX = 80;

export const DEFAULT_KIOSK_CONFIG: KioskConfig = { slides: [], secondsPer: 'screenful', sound: true, burnIn: true, staleSeconds: 15, dailyReloadHour: null };

/** The check of a playlist (a kiosk link's config, a stored playlist): strict, so an unknown key is a mistake found. */
export const playlistSchema = z.strictObject({
  slides: z
    .array(
      z
        .strictObject({
          board: z.string().check(z.minLength(1), z.maxLength(BOARD_REF_MAX)),
          page: z.enum(SLIDE_PAGES),
          seconds: z.number().check(z.gte(SLIDE_SECONDS_MIN), z.lte(SLIDE_SECONDS_MAX)),
          today: z.optional(
            z.strictObject({
              kind: z.enum(['service', 'group']),
              code: z.string().check(z.minLength(1), z.maxLength(TODAY_CODE_MAX)),
              channel: z.enum(['CALL', 'VIDEO', 'CHAT']),
            }),
          ),
        })
        .check(z.refine((slide) => (slide.page === 'today') === (slide.today !== undefined), { message: 'a today slide names its service or group, and only a today slide does', path: ['today'] })),
    )
    .check(z.maxLength(MAX_SLIDES)),
  secondsPer: z._default(z.enum(SECONDS_PER), 'screenful'),
  sound: z.boolean(),
  burnIn: z.boolean(),
  staleSeconds: z.number().check(z.gte(3), z.lte(600)),
  dailyReloadHour: z.nullable(z.int().check(z.gte(0), z.lte(23))),
});

export type PlaylistCheck = { ok: true; playlist: KioskConfig } | { ok: false; field: string; message: string };

/**
 * Checks a playlist: the playlist (defaults filled in) or the path of the first bad value (`slides.2.seconds`; ''
 * for the whole value) with zod's English message for logs and API answers.
 */
export function checkPlaylist(value: unknown): PlaylistCheck {
  const parsed = playlistSchema.safeParse(value);
  if (parsed.success) return { ok: true, playlist: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue?.path.map(String) ?? [];
  // An unknown key is at fault itself, not the object holding it.
  if (issue?.code === 'unrecognized_keys' && issue.keys[0]) path.push(issue.keys[0]);
  return { ok: false, field: path.join('.'), message: issue?.message ?? 'invalid' };
}

/** The path of the first bad value of a playlist (`slides.2.seconds`, '' for the whole value), or null when it is good. */
export function playlistProblem(value: unknown): string | null {
  const checked = checkPlaylist(value);
  return checked.ok ? null : checked.field;
}

/** The slides of one board: its three pages in turn. */
export function boardSlides(board: string, seconds = DEFAULT_SLIDE_SECONDS): KioskSlide[] {
  return KIOSK_PAGES.map((page) => ({ board, page, seconds }));
}

/** A pairing code's characters: no 0/O, 1/I/L, so a code read off a TV across a room is typed right. */
export const PAIRING_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const PAIRING_CODE_LENGTH = 6;

/** A code as a TV shows it: `ABC-234`. */
export function formatPairingCode(code: string): string {
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/** A code as typed (any case, with or without the dash or spaces) in its stored form, or null when it cannot be one. */
export function normalizePairingCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== PAIRING_CODE_LENGTH) return null;
  for (const char of code) if (!PAIRING_CODE_ALPHABET.includes(char)) return null;
  return code;
}

// The displays API (server/src/displays/): the shapes of its answers, and the bounds of what a TV reports.

/** GET /api/playlists, GET/PUT /api/playlists/:id. */
export interface StoredPlaylist {
  id: string;
  name: string;
  version: number;
  updatedBy: string;
  updatedAt: string;
  playlist: KioskConfig;
}

/** A playlist id: as a board id, lower-case letters, digits and dashes. */
export const PLAYLIST_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,59}$/;

/** GET /api/settings/display-token (never the token itself). */
export interface DisplayTokenState {
  set: boolean;
  /** Whom the RTD Server says the token belongs to. */
  username?: string;
  updatedBy?: string;
  updatedAt?: string;
}

/** POST /api/pairing (201). */
export interface PairingStarted {
  /** Six characters of PAIRING_CODE_ALPHABET; shown as `ABC-234` (formatPairingCode). */
  code: string;
  /** Only the TV knows it: it polls GET /api/pairing/:secret with it. */
  secret: string;
  expiresAt: string;
}

/** GET /api/pairing/:secret: waiting, or paired (the answer that sets the display cookie; asked once). */
export type PairingState = { status: 'waiting'; code: string; expiresAt: string } | { status: 'paired'; displayId: string };

/** What a TV reports every DISPLAY_HEARTBEAT_SECONDS (POST /api/display/status). */
export interface DisplayStatusReport {
  /** What is on screen, in words (`Sales · agents 2/3`); at most STATUS_SLIDE_MAX characters. */
  slide: string | null;
  /** Seconds since the data on screen last changed or was confirmed; null when there is none yet. */
  dataAgeSeconds: number | null;
  appVersion: string | null;
  memoryMb: number | null;
  /** The last error the TV met (at most STATUS_ERROR_MAX characters), null when none. */
  lastError: string | null;
}

export const STATUS_SLIDE_MAX = 200;
export const STATUS_ERROR_MAX = 500;
export const STATUS_APP_VERSION_MAX = 64;
export const DISPLAY_HEARTBEAT_SECONDS = 10;
/** A display seen within this many seconds is online. */
export const DISPLAY_ONLINE_SECONDS = 30;
export const DISPLAY_NAME_MAX = 80;

/** A display's status as the Displays page shows it: the last report, and since when. */
export interface DisplayStatus extends DisplayStatusReport {
  /** When lastError was first reported (null when there is none). */
  lastErrorAt: string | null;
  /** Since when the display has been online without a gap (null when offline). */
  onlineSince: string | null;
}

/** GET /api/displays, POST /api/displays (201), PATCH /api/displays/:id. */
export interface DisplaySummary {
  id: string;
  name: string;
  playlistId: string | null;
  playlistName: string | null;
  pairedBy: string;
  pairedAt: string;
  lastSeenAt: string | null;
  online: boolean;
  status: DisplayStatus | null;
  version: number;
}

export type DisplayCommandName = 'reload' | 'identify';

/** GET /api/display: what a paired TV plays. `boards` are in the board-file format of one board (board-format). */
export interface DisplayPlayback<Board = unknown> {
  id: string;
  name: string;
  version: number;
  playlist: StoredPlaylist | null;
  boards: Board[];
}
