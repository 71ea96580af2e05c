/**
 * /api/displays (supervisors: the TV fleet: list with health, pair, rename or change playlist, reload, identify,
 * revoke) and /api/display (a paired TV itself: what to play, and its heartbeat).
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Kysely } from 'kysely';
import {
  DISPLAY_NAME_MAX,
  DISPLAY_ONLINE_SECONDS,
  PLAYLIST_ID_PATTERN,
  STATUS_APP_VERSION_MAX,
  STATUS_ERROR_MAX,
  STATUS_SLIDE_MAX,
  type DisplayCommandName,
  type DisplayPlayback,
  type DisplayStatus,
  type DisplayStatusReport,
  type DisplaySummary,
  type KioskConfig,
} from '../../../contract/playlist-format.ts';
import { clearCookie, readCookie, setCookie } from '../auth/cookies.ts';
import { ApiError, notFoundError, route } from '../api/api-error.ts';
import { nowText } from '../db/database.ts';
import type { DisplayRow, WallboardDatabase } from '../db/schema.ts';
import { withRetryAfter } from '../api/attempt-limits.ts';
import { signedInUser, type DisplaysContext } from './context.ts';
import { DISPLAY_COOKIE } from './display-auth.ts';
import { bodyObject, invalid, nameField, onlyKeys, optionalNumber, optionalText } from './input.ts';
import { DISPLAY_COOKIE_SECONDS, pairDisplay } from './pairing.ts';
import { playlistById, storedPlaylist } from './playlists.ts';

const ONLINE_MS = DISPLAY_ONLINE_SECONDS * 1000;
const DISPLAY_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;
const COMMANDS: readonly DisplayCommandName[] = ['reload', 'identify'];
/** Bounds of a heartbeat's numbers: a data age of 30 years, a TV with 10 TB of memory, are mistakes. */
const MAX_DATA_AGE_SECONDS = 1e9;
const MAX_MEMORY_MB = 1e7;
/** How often an instance looks for displays that stopped sending heartbeats, while any display is online. */
const OFFLINE_SWEEP_MS = 5_000;

type DisplayWithPlaylist = DisplayRow & { playlist_name: string | null };

const isOnline = (row: DisplayRow, now: number) => row.last_seen_at !== null && now - Date.parse(row.last_seen_at) < ONLINE_MS;

function readStatus(row: Pick<DisplayRow, 'status'>): DisplayStatus | null {
  if (!row.status) return null;
  try {
    return JSON.parse(row.status) as DisplayStatus;
  } catch {
    return null;
  }
}

export function displaySummary(row: DisplayWithPlaylist, now: number): DisplaySummary {
  const online = isOnline(row, now);
  const status = readStatus(row);
  return {
    id: row.id,
    name: row.name,
    playlistId: row.playlist_id,
    playlistName: row.playlist_name,
    pairedBy: row.paired_by,
    pairedAt: row.paired_at,
    lastSeenAt: row.last_seen_at,
    online,
    status: status && { ...status, onlineSince: online ? status.onlineSince : null },
    version: Number(row.version),
  };
}

function displaysWithPlaylist(db: Kysely<WallboardDatabase>) {
  return db
    .selectFrom('displays')
    .leftJoin('playlists', 'playlists.id', 'displays.playlist_id')
    .selectAll('displays')
    .select('playlists.name as playlist_name')
    .where('displays.revoked_at', 'is', null);
}

async function displayById(db: Kysely<WallboardDatabase>, id: string): Promise<DisplayWithPlaylist | undefined> {
  return displaysWithPlaylist(db).where('displays.id', '=', id).executeTakeFirst();
}

const unknownDisplay = (id: string) => notFoundError(`The display ${JSON.stringify(id.slice(0, 64))}`);

/** The `:id` of a display route, or 404 without asking the database about text that cannot be an id. */
function displayIdParam(req: Request): string {
  const id = String(req.params['id']);
  if (!DISPLAY_ID_PATTERN.test(id)) throw unknownDisplay(id);
  return id;
}

/** A playlist field: null (nothing to play) or a playlist's id (checked to exist where it is written). */
function playlistIdField(value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || !PLAYLIST_ID_PATTERN.test(value)) throw invalid('playlistId', 'playlistId must be a playlist id, or null for none');
  return value;
}

async function requirePlaylist(db: Kysely<WallboardDatabase>, playlistId: string | null): Promise<void> {
  if (playlistId !== null && !(await db.selectFrom('playlists').select('id').where('id', '=', playlistId).executeTakeFirst()))
    throw invalid('playlistId', `There is no playlist ${JSON.stringify(playlistId)} (it may have been deleted): choose another`);
}

/**
 * Tells supervisors when a display stops sending heartbeats (nobody else would: a TV that is off says nothing).
 * Runs while this instance hears heartbeats; the compare-and-set on the status lets one instance tell it, once.
 */
export class OfflineWatch {
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    private readonly ctx: DisplaysContext,
    private readonly log: (line: string) => void,
  ) {}

  wake(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep(), OFFLINE_SWEEP_MS);
    this.timer.unref();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const now = this.ctx.now();
      const cutoff = nowText(now - ONLINE_MS);
      const rows = await this.ctx.db.selectFrom('displays').select(['id', 'status', 'last_seen_at']).where('revoked_at', 'is', null).where('status', 'is not', null).execute();
      const silent = rows.filter((row) => row.last_seen_at === null || row.last_seen_at <= cutoff);
      const turnedOff = silent.flatMap((row) => {
        const status = readStatus(row);
        return status && status.onlineSince !== null ? [{ row, status }] : [];
      });
      // One transaction for all of them: a network blip that silences every TV at once costs one commit.
      if (turnedOff.length)
        await this.ctx.db.transaction().execute(async (trx) => {
          for (const { row, status } of turnedOff) {
            const updated = await trx
              .updateTable('displays')
              .set({ status: JSON.stringify({ ...status, onlineSince: null }) })
              .where('id', '=', row.id)
              .where('status', '=', row.status)
              .executeTakeFirst();
            if (Number(updated.numUpdatedRows) === 1) await this.ctx.hub.publish({ topic: 'displays', id: row.id, action: 'status' }, trx);
          }
        });
      const online = rows.length - silent.length;
      if (online === 0) this.stop();
    } catch (error) {
      // The database went away (a shutdown): the next heartbeat starts the watch again.
      this.log(`displays: the offline sweep stopped: ${(error as Error).message}`);
      this.stop();
    } finally {
      this.sweeping = false;
    }
  }
}

/** /api/displays: a supervisor's. */
export function displaysRouter(ctx: DisplaysContext, watch: { sweep(): Promise<void> }): Router {
  const router = express.Router();
  router.use(ctx.sessions.requireSupervisor);

  router.get(
    '/',
    route(async (_req, res) => {
      // Tells the other supervisors' pages of displays gone silent (this answer reads it from last_seen_at anyway).
      void watch.sweep();
      const now = ctx.now();
      const rows = await displaysWithPlaylist(ctx.db).orderBy('displays.name').orderBy('displays.id').execute();
      res.json(rows.map((row) => displaySummary(row, now)));
    }),
  );

  router.get(
    '/:id',
    route(async (req, res) => {
      const id = displayIdParam(req);
      const row = await displayById(ctx.db, id);
      if (!row) throw unknownDisplay(id);
      res.json(displaySummary(row, ctx.now()));
    }),
  );

  router.post(
    '/',
    route(async (req, res) => {
      const body = bodyObject(req);
      onlyKeys(body, ['code', 'name', 'playlistId']);
      const code = body['code'];
      if (typeof code !== 'string' || code.length > 32) throw invalid('code', 'code must be the pairing code the TV shows, such as ABC-234');
      const name = nameField(body['name'], 'name', DISPLAY_NAME_MAX);
      const playlistId = playlistIdField(body['playlistId'] ?? null);
      const display = await withRetryAfter(res, pairDisplay(ctx, signedInUser(res).username, code, name, playlistId));
      res.status(201).json(displaySummary((await displayById(ctx.db, display.id))!, ctx.now()));
    }),
  );

  router.patch(
    '/:id',
    route(async (req, res) => {
      const id = displayIdParam(req);
      const body = bodyObject(req);
      onlyKeys(body, ['name', 'playlistId']);
      const change: { name?: string; playlist_id?: string | null } = {};
      if ('name' in body) change.name = nameField(body['name'], 'name', DISPLAY_NAME_MAX);
      if ('playlistId' in body) change.playlist_id = playlistIdField(body['playlistId']);
      if (!Object.keys(change).length) throw invalid('name', 'Say what to change: name, playlistId or both');
      const saved = await ctx.db.transaction().execute(async (trx) => {
        if (change.playlist_id !== undefined) await requirePlaylist(trx, change.playlist_id);
        const updated = await trx
          .updateTable('displays')
          .set((eb) => ({ ...change, version: eb('version', '+', 1) }))
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) throw unknownDisplay(id);
        const row = (await displayById(trx, id))!;
        await ctx.hub.publish({ topic: 'displays', id, version: Number(row.version), action: 'saved' }, trx);
        return row;
      });
      res.json(displaySummary(saved, ctx.now()));
    }),
  );

  router.post(
    '/:id/commands',
    route(async (req, res) => {
      const id = displayIdParam(req);
      const body = bodyObject(req);
      onlyKeys(body, ['command']);
      const command = body['command'];
      if (typeof command !== 'string' || !COMMANDS.includes(command as DisplayCommandName)) throw invalid('command', `command must be one of ${COMMANDS.join(', ')}`);
      await ctx.db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('displays').select('id').where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
        if (!row) throw unknownDisplay(id);
        await ctx.hub.publish({ topic: 'displays', id, action: 'command', command: command as DisplayCommandName }, trx);
      });
      res.status(202).end();
    }),
  );

  router.delete(
    '/:id',
    route(async (req, res) => {
      const id = displayIdParam(req);
      await ctx.db.transaction().execute(async (trx) => {
        const revoked = await trx
          .updateTable('displays')
          .set({ revoked_at: nowText(ctx.now()) })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (Number(revoked.numUpdatedRows) !== 1) throw unknownDisplay(id);
        // A credential not yet collected is never handed out.
        await trx.deleteFrom('pairing_requests').where('display_id', '=', id).execute();
        // Every instance forgets the credential it remembered and closes the TV's push socket (4403).
        await ctx.hub.publish({ topic: 'displays', id, action: 'revoked' }, trx);
      });
      ctx.displays.forget();
      res.status(204).end();
    }),
  );

  return router;
}

/** The paired TV asking, or 401 (and its dead cookie cleared: it goes back to pairing). */
async function requireDisplay(ctx: DisplaysContext, req: Request, res: Response): Promise<DisplayRow> {
  const display = await ctx.displays.fromRequest(req);
  if (display) return display;
  if (readCookie(req, DISPLAY_COOKIE)) clearCookie(req, res, DISPLAY_COOKIE);
  throw new ApiError(401, 'NOT_A_DISPLAY', 'This screen is not a paired display (or it was revoked): pair it again with a code from the Displays page');
}

function statusReport(body: Record<string, unknown>): DisplayStatusReport {
  onlyKeys(body, ['slide', 'dataAgeSeconds', 'appVersion', 'memoryMb', 'lastError']);
  return {
    slide: optionalText(body['slide'], 'slide', STATUS_SLIDE_MAX),
    dataAgeSeconds: optionalNumber(body['dataAgeSeconds'], 'dataAgeSeconds', 0, MAX_DATA_AGE_SECONDS),
    appVersion: optionalText(body['appVersion'], 'appVersion', STATUS_APP_VERSION_MAX),
    memoryMb: optionalNumber(body['memoryMb'], 'memoryMb', 0, MAX_MEMORY_MB),
    lastError: optionalText(body['lastError'], 'lastError', STATUS_ERROR_MAX),
  };
}

/** /api/display: the paired TV's own. */
export function displayRouter(ctx: DisplaysContext, watch: { wake(): void }): Router {
  const router = express.Router();

  router.get(
    '/',
    route(async (req, res) => {
      const known = await requireDisplay(ctx, req, res);
      // Read afresh: what the credential check remembered may be a version old (a playlist just changed).
      const display = await ctx.db.selectFrom('displays').selectAll().where('id', '=', known.id).where('revoked_at', 'is', null).executeTakeFirst();
      if (!display) throw new ApiError(401, 'NOT_A_DISPLAY', 'This display was revoked: pair it again with a code from the Displays page');
      const playlistRow = display.playlist_id ? await playlistById(ctx.db, display.playlist_id) : undefined;
      const playlist = playlistRow ? storedPlaylist(playlistRow) : null;
      const boardIds = [...new Set((playlist?.playlist as KioskConfig | undefined)?.slides.map((s) => s.board) ?? [])];
      const boardRows = boardIds.length ? await ctx.db.selectFrom('boards').select(['id', 'definition']).where('id', 'in', boardIds).execute() : [];
      const boards = boardIds.flatMap((id) => {
        const row = boardRows.find((b) => b.id === id);
        return row ? [JSON.parse(row.definition) as unknown] : [];
      });
      // A TV in use keeps its credential past the browsers' 400-day cookie limit.
      setCookie(req, res, DISPLAY_COOKIE, readCookie(req, DISPLAY_COOKIE)!, DISPLAY_COOKIE_SECONDS);
      res.setHeader('Cache-Control', 'no-store');
      const playback: DisplayPlayback = { id: display.id, name: display.name, version: Number(display.version), playlist, boards };
      res.json(playback);
    }),
  );

  router.post(
    '/status',
    route(async (req, res) => {
      const known = await requireDisplay(ctx, req, res);
      const report = statusReport(bodyObject(req));
      const now = ctx.now();
      await ctx.db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('displays').select(['last_seen_at', 'status']).where('id', '=', known.id).where('revoked_at', 'is', null).executeTakeFirst();
        if (!row) throw new ApiError(401, 'NOT_A_DISPLAY', 'This display was revoked: pair it again with a code from the Displays page');
        const before = readStatus(row);
        const wasOnline = before !== null && before.onlineSince !== null && row.last_seen_at !== null && now - Date.parse(row.last_seen_at) < ONLINE_MS;
        const status: DisplayStatus = {
          ...report,
          lastErrorAt: report.lastError === null ? null : before?.lastError === report.lastError ? before.lastErrorAt : nowText(now),
          onlineSince: wasOnline ? before.onlineSince : nowText(now),
        };
        await trx
          .updateTable('displays')
          .set({ last_seen_at: nowText(now), status: JSON.stringify(status) })
          .where('id', '=', known.id)
          .execute();
        // The page hears what it shows as a change of state; the slide and numbers it reads when it refreshes.
        if (!wasOnline || (before?.lastError ?? null) !== report.lastError) await ctx.hub.publish({ topic: 'displays', id: known.id, action: 'status' }, trx);
      });
      watch.wake();
      res.status(204).end();
    }),
  );

  return router;
}
