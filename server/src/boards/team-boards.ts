/**
 * The team's boards in the database: each save names the version it started from (a stale one is refused with the
 * board as it is now), keeps the last BOARD_VERSIONS_KEPT versions with who saved them and when, and is told to
 * every instance by `hub.publish` inside its transaction, so nobody hears of a save that did not commit.
 */
import type { Kysely, Transaction } from 'kysely';
import { type BoardDefinition, type TeamBoard, type TeamBoardVersion, type UploadOutcome, boardId, sameBoard } from '../../../contract/board-format.ts';
import { ApiError, notFoundError } from '../api/api-error.ts';
import { nowText } from '../db/database.ts';
import type { BoardRow, WallboardDatabase } from '../db/schema.ts';
import type { PushHub } from '../push/push-hub.ts';

/** Versions kept per board, the current one included; older ones go in the transaction that adds a new one. */
export const BOARD_VERSIONS_KEPT = 20;

type Db = Kysely<WallboardDatabase>;

export function teamBoard(row: BoardRow): TeamBoard {
  return { id: row.id, name: row.name, version: row.version, updatedBy: row.updated_by, updatedAt: row.updated_at, board: JSON.parse(row.definition) as BoardDefinition };
}

/** The refusal of a save that did not start from the stored version: it carries the board as it is now. */
function conflict(current: TeamBoard, baseVersion: number | null): ApiError {
  const started = baseVersion === null ? 'you were creating a new board with this id' : `you started from version ${baseVersion}`;
  return new ApiError(409, 'VERSION_CONFLICT', `${current.updatedBy} saved this board at ${current.updatedAt} (version ${current.version}) while ${started}; your changes were not saved`, undefined, {
    current,
  });
}

const deletedMeanwhile = (id: string) => new ApiError(404, 'NOT_FOUND', `The board "${id}" does not exist any more (someone deleted it); save it as a new board to keep your changes`);

export class TeamBoards {
  constructor(
    private readonly db: Db,
    private readonly hub: PushHub,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<TeamBoard[]> {
    const rows = await this.db.selectFrom('boards').selectAll().orderBy('name').orderBy('id').execute();
    return rows.map(teamBoard);
  }

  async get(id: string): Promise<TeamBoard> {
    const row = await this.db.selectFrom('boards').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFoundError(`The board "${id}"`);
    return teamBoard(row);
  }

  /** Creates (`baseVersion` null) or updates the board `board.id`, as `username`. */
  async save(board: BoardDefinition, baseVersion: number | null, username: string): Promise<TeamBoard> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const saved = await this.write(trx, board, baseVersion, username);
        await this.hub.publish({ topic: 'boards', id: saved.id, version: saved.version, action: 'saved' }, trx);
        return saved;
      });
    } catch (error) {
      // Two creations of one id at once: the second insert meets the first's key (PostgreSQL aborts its transaction).
      if (baseVersion === null && !(error instanceof ApiError) && isUniqueViolation(error)) {
        const current = await this.db.selectFrom('boards').selectAll().where('id', '=', board.id).executeTakeFirst();
        if (current) throw conflict(teamBoard(current), null);
      }
      throw error;
    }
  }

  async remove(id: string, baseVersion: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const removed = await trx.deleteFrom('boards').where('id', '=', id).where('version', '=', baseVersion).executeTakeFirst();
      if (Number(removed.numDeletedRows) === 0) {
        const current = await trx.selectFrom('boards').selectAll().where('id', '=', id).executeTakeFirst();
        if (!current) throw notFoundError(`The board "${id}"`);
        throw conflict(teamBoard(current), baseVersion);
      }
      // Its versions stay until the id is used again (numbering goes on from them, so an old editor cannot mistake
      // a new board for the one it had), and are unreachable through the API meanwhile.
      await this.hub.publish({ topic: 'boards', id, version: baseVersion, action: 'deleted' }, trx);
    });
  }

  async versions(id: string): Promise<TeamBoardVersion[]> {
    await this.get(id);
    const rows = await this.db.selectFrom('board_versions').select(['version', 'saved_by', 'saved_at']).where('board_id', '=', id).orderBy('version', 'desc').limit(BOARD_VERSIONS_KEPT).execute();
    return rows.map((row) => ({ version: row.version, savedBy: row.saved_by, savedAt: row.saved_at }));
  }

  async version(id: string, version: number): Promise<TeamBoardVersion & { board: BoardDefinition }> {
    await this.get(id);
    const row = await this.db.selectFrom('board_versions').selectAll().where('board_id', '=', id).where('version', '=', version).executeTakeFirst();
    if (!row) throw notFoundError(`Version ${version} of the board "${id}" (only the last ${BOARD_VERSIONS_KEPT} are kept)`);
    return { version: row.version, savedBy: row.saved_by, savedAt: row.saved_at, board: JSON.parse(row.definition) as BoardDefinition };
  }

  /** Puts version `version` back as a new version (the history keeps what it replaced). */
  async restore(id: string, version: number, baseVersion: number, username: string): Promise<TeamBoard> {
    const old = await this.version(id, version);
    return this.save({ ...old.board, id }, baseVersion, username);
  }

  /**
   * A browser's boards, by the import's rules: nothing stored is overwritten; a board equal to the stored one of its
   * id is unchanged; one whose id is taken by a different board is added under a new id.
   */
  async upload(boards: readonly BoardDefinition[], username: string): Promise<UploadOutcome> {
    return this.db.transaction().execute(async (trx) => {
      const stored = new Map((await trx.selectFrom('boards').selectAll().execute()).map((row) => [row.id, teamBoard(row)]));
      const taken = new Set(stored.keys());
      const outcome: UploadOutcome = { added: 0, unchanged: 0, renamed: 0, ids: [] };
      for (const board of boards) {
        const same = stored.get(board.id);
        if (same && sameBoard(same.board, board)) {
          outcome.unchanged++;
          outcome.ids.push(board.id);
          continue;
        }
        const id = taken.has(board.id) ? boardId(board.name, taken) : board.id;
        if (id !== board.id) outcome.renamed++;
        taken.add(id);
        const saved = await this.write(trx, { ...board, id }, null, username);
        stored.set(id, saved);
        await this.hub.publish({ topic: 'boards', id, version: saved.version, action: 'saved' }, trx);
        outcome.added++;
        outcome.ids.push(id);
      }
      return outcome;
    });
  }

  /** One save inside `trx`: the board row, its new version, and the versions beyond BOARD_VERSIONS_KEPT gone. */
  private async write(trx: Transaction<WallboardDatabase>, board: BoardDefinition, baseVersion: number | null, username: string): Promise<TeamBoard> {
    const at = nowText(this.now());
    const definition = JSON.stringify(board);
    let version: number;
    if (baseVersion === null) {
      const current = await trx.selectFrom('boards').selectAll().where('id', '=', board.id).executeTakeFirst();
      if (current) throw conflict(teamBoard(current), null);
      // A deleted board's versions are still there: a new board of that id goes on from them.
      const last = await trx
        .selectFrom('board_versions')
        .select((eb) => eb.fn.max('version').as('last'))
        .where('board_id', '=', board.id)
        .executeTakeFirst();
      version = Number(last?.last ?? 0) + 1;
      await trx.insertInto('boards').values({ id: board.id, name: board.name, definition, version, updated_by: username, updated_at: at }).execute();
    } else {
      version = baseVersion + 1;
      // Only from the stored version: of two saves from one version, the second updates nothing (PostgreSQL
      // re-reads the row once the first commits; SQLite runs one transaction at a time).
      const updated = await trx
        .updateTable('boards')
        .set({ name: board.name, definition, version, updated_by: username, updated_at: at })
        .where('id', '=', board.id)
        .where('version', '=', baseVersion)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        const current = await trx.selectFrom('boards').selectAll().where('id', '=', board.id).executeTakeFirst();
        throw current ? conflict(teamBoard(current), baseVersion) : deletedMeanwhile(board.id);
      }
    }
    await trx.insertInto('board_versions').values({ board_id: board.id, version, definition, saved_by: username, saved_at: at }).execute();
    await trx
      .deleteFrom('board_versions')
      .where('board_id', '=', board.id)
      .where('version', '<=', version - BOARD_VERSIONS_KEPT)
      .execute();
    return { id: board.id, name: board.name, version, updatedBy: username, updatedAt: at, board };
  }
}

/** A primary-key clash, on either engine. */
function isUniqueViolation(error: unknown): boolean {
  const { code } = (error ?? {}) as { code?: unknown };
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
