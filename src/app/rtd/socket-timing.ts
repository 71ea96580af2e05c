/**
 * The socket's timing rules, without Angular: the backoff between reconnect attempts and the pong deadline. Shared by
 * the page's socket (rtd-client.ts) and any other that opens one to the RTD Server (live-worker/).
 */

/** Socket behaviour, overridable in tests. */
export interface SocketOptions {
  /** Milliseconds between pings; a pong missing for `pongTimeoutMs` drops the socket. */
  pingIntervalMs: number;
  pongTimeoutMs: number;
  /** Backoff: first wait and cap, in milliseconds. */
  retryBaseMs: number;
  retryMaxMs: number;
}

export const DEFAULT_SOCKET_OPTIONS: SocketOptions = { pingIntervalMs: 5_000, pongTimeoutMs: 3_000, retryBaseMs: 1_000, retryMaxMs: 30_000 };

/** The wait before retry `attempt` (0-based): doubling up to the cap, with jitter so TVs do not reconnect in step. */
export function backoffMs(attempt: number, options: Pick<SocketOptions, 'retryBaseMs' | 'retryMaxMs'>, random = Math.random): number {
  const ceiling = Math.min(options.retryMaxMs, options.retryBaseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** How late a timer may fire before we take it that the page, not the socket, was stuck. */
const LATE_TIMER_MS = 1_000;

/**
 * Calls `dead` once `timeoutMs` pass, unless the timer fires late: then the page's main thread was busy (a long
 * task on a TV's weak processor), the pong may be waiting unread behind it, and the wait starts again rather than
 * dropping a working socket and re-snapshotting every list, which would only make the page busier.
 */
export function pongDeadline(timeoutMs: number, dead: () => void, rearmed: (timer: ReturnType<typeof setTimeout>) => void): ReturnType<typeof setTimeout> {
  const due = Date.now() + timeoutMs;
  return setTimeout(() => {
    if (Date.now() - due > LATE_TIMER_MS) rearmed(pongDeadline(timeoutMs, dead, rearmed));
    else dead();
  }, timeoutMs);
}
