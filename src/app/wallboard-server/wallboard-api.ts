/**
 * The only door to the team's wallboard server (server/: boards, playlists, displays) inside the browser, as
 * src/app/rtd/ is to the RTD Server. Every refusal becomes an ApiFailure with the server's code and sentence; a
 * server that is not there at all (the app served by `ng serve` straight at a TVox host) is `absent`, not an error.
 */
import { Injectable } from '@angular/core';

/** The server's refusal codes (server/src/api/api-error.ts), plus what the browser itself can tell. */
export type ApiFailureCode = string | 'UNREACHABLE' | 'NO_SERVER';

export class ApiFailure extends Error {
  constructor(
    /** 0 when nothing answered. */
    readonly status: number,
    readonly code: ApiFailureCode,
    message: string,
    /** The path of the value at fault, for 400s (`board.name`). */
    readonly field: string | null = null,
    /** The rest of the answer, such as `current` of a VERSION_CONFLICT. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** Nothing at /api: this app runs without a wallboard server, and keeps its boards in the browser. */
  get absent(): boolean {
    return this.code === 'NO_SERVER';
  }
}

/** A request that gets no answer in this long is reported as unreachable (the TV keeps what it has). */
const REQUEST_TIMEOUT_MS = 15_000;

@Injectable({ providedIn: 'root' })
export class WallboardApi {
  private readonly answerListeners = new Set<() => void>();

  /**
   * Calls `listener` each time the wallboard server itself answers (a refusal in its JSON too): the push socket,
   * waiting out its backoff after the server was away, reconnects at once. Returns the way to stop listening.
   */
  onAnswer(listener: () => void): () => void {
    this.answerListeners.add(listener);
    return () => this.answerListeners.delete(listener);
  }

  /** JSON in, JSON out; a 204 (or a 202 without a body) resolves with null. Throws ApiFailure. */
  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`/api${path}`, {
        method,
        credentials: 'same-origin',
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ApiFailure(0, 'UNREACHABLE', `The wallboard server did not answer (${(error as Error).message})`);
    }
    const json = response.headers.get('content-type')?.includes('application/json');
    // Our server answers in JSON or with nothing (204, 202): a proxy's or a dev server's page is not it.
    if (json || response.status === 204 || response.status === 202) for (const listener of this.answerListeners) listener();
    if (response.status === 204) return null as T;
    // Accepted with nothing to say (a command sent to a display).
    if (response.status === 202 && !json) return null as T;
    const answer: unknown = json ? await response.json().catch(() => null) : null;
    if (response.ok && json) return answer as T;
    const error = (answer as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
    if (!error) {
      // Not our server's JSON: no server here (a dev server's 404 page, a TVox host), or a proxy's own error page.
      const code = response.status === 404 || response.ok ? 'NO_SERVER' : 'UNREACHABLE';
      throw new ApiFailure(response.status, code, `The wallboard server is not reachable here (HTTP ${response.status})`);
    }
    const { code, message, field, ...details } = error as Record<string, unknown>;
    throw new ApiFailure(response.status, String(code ?? 'UNKNOWN'), String(message ?? `HTTP ${response.status}`), typeof field === 'string' ? field : null, details);
  }
}
