/** Errors of the RTD Server and the network, as messages for people and as kinds the app can act on. */
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/errors';

export type RtdErrorKind = 'unauthenticated' | 'invalid-credentials' | 'locked' | 'unreachable' | 'server';

export interface RtdErrorInfo {
  kind: RtdErrorKind;
  /** The server's reason code (e.g. SESSION_EXPIRED), when it gave one. */
  reason?: string;
  message: string;
  retryAfterSeconds?: number;
}

export function classifyRtdError(error: unknown): RtdErrorInfo {
  if (CombinedGraphQLErrors.is(error)) {
    const first = error.errors[0];
    const extensions = (first?.extensions ?? {}) as { code?: string; reason?: string; retryAfterSeconds?: number };
    if (extensions.code === 'UNAUTHENTICATED') {
      if (extensions.reason === 'INVALID_CREDENTIALS') return { kind: 'invalid-credentials', reason: extensions.reason, message: first.message };
      if (extensions.reason === 'TOO_MANY_ATTEMPTS') return { kind: 'locked', reason: extensions.reason, message: first.message, retryAfterSeconds: extensions.retryAfterSeconds };
      return { kind: 'unauthenticated', reason: extensions.reason, message: first.message };
    }
    return { kind: 'server', message: first?.message ?? 'The RTD Server reported an error' };
  }
  const message = error instanceof Error ? error.message : String(error);
  // Angular's HttpClient reports status 0 when nothing answered; a proxy answers 5xx when the server is down.
  const status = ServerError.is(error) ? error.statusCode : (error as { status?: number }).status;
  if (status === 0 || (status !== undefined && status >= 500)) return { kind: 'unreachable', message };
  if (/failed to fetch|network ?error|http failure/i.test(message)) return { kind: 'unreachable', message };
  return { kind: 'server', message };
}

export function describeRtdError(error: unknown): string {
  return classifyRtdError(error).message;
}
