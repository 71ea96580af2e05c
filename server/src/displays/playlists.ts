/**
 * /api/playlists: what displays play, shared by the team. Everyone signed in reads them; supervisors create, change
 * and delete them. Each save names the version it started from: a stale one is refused (409) with the stored
 * playlist, so the editor can show it and keep its own changes. Deleting a playlist leaves its displays with none,
 * and tells them.
 */
import express, { type Router } from 'express';
import type { Kysely } from 'kysely';
import { checkPlaylist, PLAYLIST_ID_PATTERN, PLAYLIST_NAME_MAX, type KioskConfig, type StoredPlaylist } from '../../../contract/playlist-format.ts';
import { ApiError, notFoundError, route } from '../api/api-error.ts';
import { nowText } from '../db/database.ts';
import type { PlaylistRow, WallboardDatabase } from '../db/schema.ts';
import { signedInUser, type DisplaysContext } from './context.ts';
import { baseVersionField, baseVersionQuery, bodyObject, invalid, nameField, onlyKeys } from './input.ts';

export function storedPlaylist(row: PlaylistRow): StoredPlaylist {
  return { id: row.id, name: row.name, version: Number(row.version), updatedBy: row.updated_by, updatedAt: row.updated_at, playlist: JSON.parse(row.config) as KioskConfig };
}

export function playlistById(db: Kysely<WallboardDatabase>, id: string): Promise<PlaylistRow | undefined> {
  return db.selectFrom('playlists').selectAll().where('id', '=', id).executeTakeFirst();
}

function conflict(current: PlaylistRow, baseVersion: number | null): ApiError {
  const what =
    baseVersion === null
      ? `A playlist with the id ${current.id} already exists ("${current.name}", saved by ${current.updated_by})`
      : `"${current.name}" was saved by ${current.updated_by} at ${current.updated_at} (version ${current.version}) after you opened version ${baseVersion}`;
  return new ApiError(409, 'VERSION_CONFLICT', `${what}: your changes were not saved, and are kept; compare them with the stored playlist and save again`, undefined, {
    current: storedPlaylist(current),
  });
}

const unknownPlaylist = (id: string) => notFoundError(`The playlist ${JSON.stringify(id.slice(0, 80))}`);

export function playlistsRouter(ctx: DisplaysContext): Router {
  const router = express.Router();

  router.get(
    '/',
    ctx.sessions.requireUser,
    route(async (_req, res) => {
      const rows = await ctx.db.selectFrom('playlists').selectAll().orderBy('name').orderBy('id').execute();
      res.json(rows.map(storedPlaylist));
    }),
  );

  router.get(
    '/:id',
    ctx.sessions.requireUser,
    route(async (req, res) => {
      const id = String(req.params['id']);
      const row = PLAYLIST_ID_PATTERN.test(id) ? await playlistById(ctx.db, id) : undefined;
      if (!row) throw unknownPlaylist(id);
      res.json(storedPlaylist(row));
    }),
  );

  router.put(
    '/:id',
    ctx.sessions.requireSupervisor,
    route(async (req, res) => {
      const id = String(req.params['id']);
      if (!PLAYLIST_ID_PATTERN.test(id)) throw invalid('id', 'A playlist id is 1–60 lower-case letters, digits and dashes, starting with a letter or digit');
      const body = bodyObject(req);
      onlyKeys(body, ['name', 'playlist', 'baseVersion']);
      const name = nameField(body['name'], 'name', PLAYLIST_NAME_MAX);
      const checked = checkPlaylist(body['playlist']);
      if (!checked.ok) {
        const field = checked.field ? `playlist.${checked.field}` : 'playlist';
        throw invalid(field, `${field} is not valid: ${checked.message}`);
      }
      if (!('baseVersion' in body)) throw invalid('baseVersion', 'baseVersion must be the version your change started from, or null to create');
      const baseVersion = baseVersionField(body['baseVersion']);
      const user = signedInUser(res).username;
      const saved = await ctx.db.transaction().execute(async (trx) => {
        const now = nowText(ctx.now());
        const config = JSON.stringify(checked.playlist);
        if (baseVersion === null) {
          const inserted = await trx
            .insertInto('playlists')
            .values({ id, name, config, version: 1, updated_by: user, updated_at: now })
            .onConflict((oc) => oc.column('id').doNothing())
            .executeTakeFirst();
          if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) throw conflict((await playlistById(trx, id))!, null);
        } else {
          const updated = await trx
            .updateTable('playlists')
            .set({ name, config, version: baseVersion + 1, updated_by: user, updated_at: now })
            .where('id', '=', id)
            .where('version', '=', baseVersion)
            .executeTakeFirst();
          if (Number(updated.numUpdatedRows) !== 1) {
            const current = await playlistById(trx, id);
            throw current ? conflict(current, baseVersion) : unknownPlaylist(id);
          }
        }
        const row = (await playlistById(trx, id))!;
        await ctx.hub.publish({ topic: 'playlists', id, version: Number(row.version), action: 'saved' }, trx);
        return row;
      });
      res.json(storedPlaylist(saved));
    }),
  );

  router.delete(
    '/:id',
    ctx.sessions.requireSupervisor,
    route(async (req, res) => {
      const id = String(req.params['id']);
      if (!PLAYLIST_ID_PATTERN.test(id)) throw unknownPlaylist(id);
      const baseVersion = baseVersionQuery(req);
      await ctx.db.transaction().execute(async (trx) => {
        const deleted = await trx.deleteFrom('playlists').where('id', '=', id).where('version', '=', baseVersion).executeTakeFirst();
        if (Number(deleted.numDeletedRows) !== 1) {
          const current = await playlistById(trx, id);
          throw current ? conflict(current, baseVersion) : unknownPlaylist(id);
        }
        // Its displays show nothing rather than a playlist that is gone, and each hears it (version + 1).
        const playing = await trx.selectFrom('displays').select(['id', 'version']).where('playlist_id', '=', id).where('revoked_at', 'is', null).execute();
        await trx
          .updateTable('displays')
          .set((eb) => ({ playlist_id: null, version: eb('version', '+', 1) }))
          .where('playlist_id', '=', id)
          .execute();
        for (const display of playing) await ctx.hub.publish({ topic: 'displays', id: display.id, version: Number(display.version) + 1, action: 'saved' }, trx);
        await ctx.hub.publish({ topic: 'playlists', id, version: baseVersion, action: 'deleted' }, trx);
      });
      res.status(204).end();
    }),
  );

  return router;
}
