/**
 * /api/boards: every signed-in user reads the team's boards; supervisors create, change, delete, restore and upload
 * them. A board is checked by contract/board-format.ts, the rules of the app's import, and a refusal names the field.
 */
import type { ApiParts } from '../api/api-parts.ts';
import express, { type Request, type Response, type Router } from 'express';
import { BOARD_ID_PATTERN, type BoardDefinition, invalidReasonText, parseBoard } from '../../../contract/board-format.ts';
import { ApiError, notFoundError, route } from '../api/api-error.ts';
import type { SignedInUser } from '../auth/user-sessions.ts';
import { TeamBoards } from './team-boards.ts';

/** Boards one upload may carry: a browser holds a few dozen; this many is a mistake or an attack. */
const MAX_UPLOAD_BOARDS = 500;

const invalid = (field: string, message: string) => new ApiError(400, 'INVALID_FIELD', message, field);

/** The request body as an object with only `allowed` keys, or a 400 naming the first stranger. */
function bodyOf(req: Request, allowed: readonly string[]): Record<string, unknown> {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'BAD_REQUEST', `Send a JSON object with ${allowed.join(', ')}`);
  const stranger = Object.keys(body).find((key) => !allowed.includes(key));
  if (stranger !== undefined) throw invalid(stranger, `"${stranger}" is not something this request takes (it takes ${allowed.join(', ')})`);
  return body as Record<string, unknown>;
}

function checkedBoard(value: unknown, path: string): BoardDefinition {
  if (value === undefined) throw invalid(path, `${path} is missing: send the board in the board-file format of one board`);
  const parsed = parseBoard(value, path);
  if (!parsed.ok) throw invalid(parsed.problem.path, `${parsed.problem.path}: ${invalidReasonText(parsed.problem.reason)}`);
  return parsed.board;
}

function version(value: unknown, field: string, { nullable = false } = {}): number | null {
  if (value === null && nullable) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw invalid(field, `${field} must be ${nullable ? 'null (a new board) or ' : ''}the version number the change started from`);
}

/** A version in the URL: digits only. */
function versionParam(text: string | undefined, field: string): number {
  if (!text || !/^\d{1,9}$/.test(text)) throw invalid(field, `${field} must be a version number`);
  return Number(text);
}

/** An id in the URL that no board could have is a 404, not a lookup. */
function idParam(req: Request): string {
  const id = String(req.params['id'] ?? '');
  if (!BOARD_ID_PATTERN.test(id)) throw notFoundError(`The board "${id.slice(0, 80)}"`);
  return id;
}

const who = (res: Response) => (res.locals['user'] as SignedInUser).username;

export function boardsRouter(parts: Pick<ApiParts, 'db' | 'hub' | 'sessions'>): Router {
  const boards = new TeamBoards(parts.db, parts.hub);
  const { requireUser, requireSupervisor } = parts.sessions;
  const router = express.Router();

  router.get(
    '/',
    requireUser,
    route(async (_req, res) => res.json(await boards.list())),
  );
  router.post(
    '/upload',
    requireSupervisor,
    route(async (req, res) => {
      const body = bodyOf(req, ['boards']);
      if (!Array.isArray(body['boards']) || !body['boards'].length) throw invalid('boards', 'boards must be a list of one board or more');
      if (body['boards'].length > MAX_UPLOAD_BOARDS) throw invalid('boards', `An upload takes at most ${MAX_UPLOAD_BOARDS} boards`);
      const list = body['boards'].map((board, index) => checkedBoard(board, `boards[${index}]`));
      const seen = new Set<string>();
      for (const [index, board] of list.entries()) {
        if (seen.has(board.id)) throw invalid(`boards[${index}].id`, `boards[${index}].id: "${board.id}" is the id of an earlier board of this upload`);
        seen.add(board.id);
      }
      res.json(await boards.upload(list, who(res)));
    }),
  );
  router.get(
    '/:id',
    requireUser,
    route(async (req, res) => res.json(await boards.get(idParam(req)))),
  );
  router.put(
    '/:id',
    requireSupervisor,
    route(async (req, res) => {
      const id = idParam(req);
      const body = bodyOf(req, ['board', 'baseVersion']);
      const board = checkedBoard(body['board'], 'board');
      if (board.id !== id) throw invalid('board.id', `board.id ("${board.id}") must be the id in the address ("${id}")`);
      const baseVersion = version(body['baseVersion'], 'baseVersion', { nullable: true });
      res.json(await boards.save(board, baseVersion, who(res)));
    }),
  );
  router.delete(
    '/:id',
    requireSupervisor,
    route(async (req, res) => {
      const id = idParam(req);
      const base = req.query['baseVersion'];
      await boards.remove(id, versionParam(typeof base === 'string' ? base : undefined, 'baseVersion'));
      res.status(204).end();
    }),
  );
  router.get(
    '/:id/versions',
    requireUser,
    route(async (req, res) => res.json(await boards.versions(idParam(req)))),
  );
  router.get(
    '/:id/versions/:version',
    requireUser,
    route(async (req, res) => res.json(await boards.version(idParam(req), versionParam(String(req.params['version']), 'version')))),
  );
  router.post(
    '/:id/restore',
    requireSupervisor,
    route(async (req, res) => {
      const id = idParam(req);
      const body = bodyOf(req, ['version', 'baseVersion']);
      res.json(await boards.restore(id, version(body['version'], 'version')!, version(body['baseVersion'], 'baseVersion')!, who(res)));
    }),
  );
  return router;
}
