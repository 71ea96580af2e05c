/**
 * The API's refusals: a status, a stable code a client can branch on, and a sentence a person understands. Every
 * answer that is not a success has this shape: `{ "error": { "code", "message", "field"? } }`.
 */
import type { NextFunction, Request, Response } from 'express';

export type ApiErrorCode =
  | 'BAD_REQUEST'
  | 'INVALID_FIELD'
  | 'NOT_SIGNED_IN'
  | 'SESSION_ENDED'
  | 'NOT_SUPERVISOR'
  | 'NOT_A_DISPLAY'
  | 'DISPLAY_REVOKED'
  | 'NOT_FOUND'
  | 'VERSION_CONFLICT'
  | 'PAIRING_CODE_UNKNOWN'
  | 'PAIRING_CODE_EXPIRED'
  | 'TOO_MANY_ATTEMPTS'
  | 'PAYLOAD_TOO_LARGE'
  | 'RTD_UNREACHABLE'
  | 'UNAVAILABLE';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    /** The path of the value at fault (`board.thresholds.serviceLevel.warning`), for 400s. */
    readonly field?: string,
    /** More for the client, such as the current board of a version conflict. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFoundError = (what: string) => new ApiError(404, 'NOT_FOUND', `${what} does not exist (it may have been deleted)`);

/** Express's last error handler for /api: an ApiError as it is, a body-parser refusal in words, anything else as 500. */
export function apiErrorHandler(log: (line: string) => void) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const refusal = asApiError(error);
    if (refusal.status >= 500) log(`API error: ${(error as Error)?.stack ?? error}`);
    res.status(refusal.status).json({ error: { code: refusal.code, message: refusal.message, ...(refusal.field ? { field: refusal.field } : {}), ...refusal.details } });
  };
}

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const parser = error as { type?: string; status?: number; limit?: number };
  if (parser?.type === 'entity.too.large') return new ApiError(413, 'PAYLOAD_TOO_LARGE', `The request is larger than the server accepts (${parser.limit} bytes)`);
  if (parser?.type === 'entity.parse.failed') return new ApiError(400, 'BAD_REQUEST', 'The request body is not valid JSON');
  if (parser?.type === 'encoding.unsupported' || parser?.type === 'charset.unsupported') return new ApiError(415, 'BAD_REQUEST', 'The request body must be UTF-8 JSON');
  if (typeof parser?.status === 'number' && parser.status >= 400 && parser.status < 500) return new ApiError(parser.status, 'BAD_REQUEST', (error as Error).message);
  return new ApiError(500, 'UNAVAILABLE', 'The wallboard server could not do this just now; try again in a moment');
}

/** An async route whose rejection reaches the error handler (Express 5 does this too; kept explicit for clarity). */
export const route =
  (handler: (req: Request, res: Response) => Promise<unknown>) =>
  (req: Request, res: Response, next: NextFunction): void => {
    handler(req, res).catch(next);
  };
