/**
 * The messages between the page and the live lists' worker (live.worker.ts). The page opens and closes lists and
 * says what the worker cannot know (the server's version, the access token, a renewed kiosk session); the worker
 * answers with patches: per list, the entities written since the last patch, the members when they changed, and
 * the list's state. At most one patch is on its way: the page acknowledges each after the frame that draws it, with
 * what it cost, so the page gets one message a frame however fast the server sends, sized to fit its budget, and
 * what changed twice meanwhile is sent once.
 */
import type { LiveListField } from '../live-list-specs';
import type { LiveListState } from '../live-list';
import type { RtdObject } from '../delta-writer';
import type { SocketOptions } from '../socket-timing';
import type { FormattedExecutionResult, SubscribePayload } from 'graphql-ws';

export type ToWorker =
  | { readonly type: 'init'; readonly url: string; readonly accessToken: string | null; readonly socket: SocketOptions; readonly reconcileIntervalMs: number }
  /** The version whose fields the lists ask for: lists start once it is known, and start again when it changes. */
  | { readonly type: 'version'; readonly fieldsVersion: string }
  | { readonly type: 'token'; readonly accessToken: string | null }
  /** A kiosk logged in again by itself: the lists subscribe again. */
  | { readonly type: 'renewed' }
  | { readonly type: 'open'; readonly list: number; readonly field: LiveListField; readonly variables: Record<string, unknown> }
  | { readonly type: 'close'; readonly list: number }
  | { readonly type: 'refresh'; readonly list: number }
  /** An operation of the page's (the version watch, say) on the worker's socket: one socket per page. */
  | { readonly type: 'operation'; readonly op: number; readonly payload: SubscribePayload }
  | { readonly type: 'stop'; readonly op: number }
  /** Closes the socket at once (new credentials): it opens again for what is still running. */
  | { readonly type: 'terminate' }
  /** Another identity logged in: nothing cached for the previous one may show. */
  | { readonly type: 'clear' }
  /** The last patch is drawn, in `costMs` of the page's thread (applied, then drawn): the next may come. */
  | { readonly type: 'ack'; readonly costMs: number };

export interface ListPatch {
  readonly list: number;
  /** Entities written since the last patch, by cache id, as the cache holds them now. */
  readonly entities: readonly (readonly [string, RtdObject])[];
  /** The members, when they changed. */
  readonly members?: readonly string[];
  /** The list's state, when it changed. */
  readonly state?: { readonly state: LiveListState; readonly error: string | null; readonly snapshotAt: number | null };
}

export type FromWorker =
  | {
      readonly type: 'patch';
      readonly lists: readonly ListPatch[];
      /** How far the worker's writer is behind what arrived (ms), or 0. */
      readonly behindMs: number;
      /** When the patch left the worker (epoch ms): the page's "updated" time. */
      readonly at: number;
    }
  /** The worker's socket, for the page's connection badge (RtdConnection): the lists' socket is the worker's. */
  | { readonly type: 'socket'; readonly event: SocketEvent }
  /** What the socket answered an operation of the page's. */
  | { readonly type: 'operation'; readonly op: number; readonly event: 'next'; readonly value: FormattedExecutionResult<Record<string, unknown>, unknown> }
  | { readonly type: 'operation'; readonly op: number; readonly event: 'error'; readonly value: OperationError }
  | { readonly type: 'operation'; readonly op: number; readonly event: 'complete' }
  /** Reconciliation found entities that differed (there should be none): lines for the page's console. */
  | { readonly type: 'corrections'; readonly messages: readonly string[] };

export type SocketEvent =
  | { readonly kind: 'connecting'; readonly isRetry: boolean }
  /** `at`: the worker's time, the clock its lists' `snapshotAt` is read on, so the page can tell which came first. */
  | { readonly kind: 'connected'; readonly wasRetry: boolean; readonly at: number }
  | { readonly kind: 'retrying'; readonly attempt: number; readonly waitMs: number }
  | { readonly kind: 'closed'; readonly code: number; readonly reason: string; readonly willRetry: boolean }
  /** A sign of life (any message), at most one a second. */
  | { readonly kind: 'alive'; readonly at: number };

/** A socket's error as it can cross to the page (a CloseEvent cannot be cloned), told apart by kind. */
export type OperationError =
  | { readonly kind: 'graphql'; readonly errors: readonly { readonly message: string; readonly extensions?: Record<string, unknown> }[] }
  | { readonly kind: 'closed'; readonly code: number; readonly reason: string }
  | { readonly kind: 'error'; readonly message: string };

/** Whatever graphql-ws's sink was given as an error, in a form that crosses to the page. */
export function operationError(e: unknown): OperationError {
  if (Array.isArray(e))
    return { kind: 'graphql', errors: e.map((error: { message?: string; extensions?: Record<string, unknown> }) => ({ message: String(error?.message ?? error), extensions: error?.extensions })) };
  if (e instanceof Error) return { kind: 'error', message: e.message };
  const closed = e as { code?: unknown; reason?: unknown } | null;
  if (closed && typeof closed.code === 'number') return { kind: 'closed', code: closed.code, reason: String(closed.reason ?? '') };
  return { kind: 'error', message: String(e) };
}

/** The error again as graphql-ws gives it (GraphQLWsLink tells errors, closes and GraphQL errors apart). */
export function socketError(error: OperationError): unknown {
  if (error.kind === 'graphql') return error.errors;
  if (error.kind === 'closed') return { code: error.code, reason: error.reason };
  return new Error(error.message);
}
