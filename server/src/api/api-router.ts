/** /api: sessions, boards, playlists, displays, settings and the intraday history, all JSON, each refusal an ApiError. */
import express, { type Router } from 'express';
import { boardsRouter } from '../boards/boards-router.ts';
import { displaysApi } from '../displays/displays-api.ts';
import { historyRouter } from '../history/history-router.ts';
import { ApiError } from './api-error.ts';
import type { ApiParts } from './api-parts.ts';

export type { ApiParts };

/** A board file of many boards is the largest thing anyone sends (an import); 2 MiB holds thousands of them. */
export const API_BODY_LIMIT = '2mb';
const API_BODY_BYTES = 2 * 1024 * 1024;

export function apiRouter(parts: ApiParts): Router {
  const router = express.Router();
  // Only JSON is read: a form post from another site (which needs no preflight) is refused before it reaches a route.
  router.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE' || req.headers['content-length'] === '0') return next();
    // An announced length over the limit is refused at once, and the connection closed: the body parser would first
    // read all of it (a gigabyte, or a body that never comes) before answering.
    if (Number(req.headers['content-length']) > API_BODY_BYTES) {
      res.setHeader('Connection', 'close');
      return next(new ApiError(413, 'PAYLOAD_TOO_LARGE', `The request is larger than the server accepts (${API_BODY_BYTES} bytes)`));
    }
    if (!req.is('application/json')) return next(new ApiError(415, 'BAD_REQUEST', 'Send the request body as JSON (Content-Type: application/json)'));
    next();
  });
  router.use(express.json({ limit: API_BODY_LIMIT, strict: true }));
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.use('/session', parts.sessions.router());
  router.use(displaysApi(parts));
  router.use('/boards', boardsRouter(parts));
  router.use('/history', historyRouter(parts));
  router.use((_req, _res, next) => next(new ApiError(404, 'NOT_FOUND', 'There is no such API path')));
  return router;
}
