/**
 * The RTD Server's socket as a graphql-ws client, without Angular: opened on the first operation, retrying forever
 * with capped backoff and jitter, pinging every few seconds and dropping a connection whose pong does not come. One
 * definition for the page's socket (rtd-client.ts, where there is no worker) and the worker's (live-worker/); each
 * tells its owner what happened through a `SocketListener` (RtdConnection's methods, or the worker's messages).
 */
import { type Client, type ClientOptions, createClient } from 'graphql-ws';
import { CloseCode, SESSION_REFUSED_CLOSE_CODES } from '../../../contract/close-codes';
import { type SocketOptions, backoffMs, pongDeadline } from './socket-timing';

/** What the socket's owner hears: the states the connection badge shows. */
export interface SocketListener {
  connecting(isRetry: boolean): void;
  connected(wasRetry: boolean): void;
  retrying(attempt: number, waitMs: number): void;
  /** Any message (data, the pong to our keep-alive ping, the server's ping): the socket works. */
  alive(): void;
  /** `willRetry` is false when the server refused the credentials (SESSION_REFUSED_CLOSE_CODES). */
  closed(code: number, reason: string, willRetry: boolean): void;
}

export function createRtdSocket(url: string, options: SocketOptions, accessToken: () => string | null, listener: SocketListener, connect: (options: ClientOptions) => Client = createClient): Client {
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  let socket: WebSocket | undefined;
  return connect({
    url,
    lazy: true,
    lazyCloseTimeout: 1_000,
    // The session cookie authenticates the upgrade; the token covers clients whose cookie is not sent.
    connectionParams: () => {
      const token = accessToken();
      return token ? { accessToken: token } : {};
    },
    keepAlive: options.pingIntervalMs,
    retryAttempts: Infinity,
    shouldRetry: (event) => !SESSION_REFUSED_CLOSE_CODES.has((event as CloseEvent)?.code),
    retryWait: async (retries) => {
      const wait = backoffMs(retries, options);
      listener.retrying(retries + 1, wait);
      await new Promise((resolve) => setTimeout(resolve, wait));
    },
    on: {
      connecting: (isRetry) => listener.connecting(isRetry),
      connected: (_socket, _payload, wasRetry) => listener.connected(wasRetry),
      message: () => {
        clearTimeout(pongTimer);
        listener.alive();
      },
      closed: (event) => {
        clearTimeout(pongTimer);
        const { code = CloseCode.AbnormalClosure, reason = '' } = (event ?? {}) as CloseEvent;
        listener.closed(code, reason, !SESSION_REFUSED_CLOSE_CODES.has(code));
      },
      ping: (received) => {
        if (received) return;
        // A pong (or any message) must follow our ping; if not, the connection is dead even if TCP has not noticed.
        pongTimer = pongDeadline(
          options.pongTimeoutMs,
          () => socket?.close(CloseCode.PongTimeout, 'Pong timeout'),
          (timer) => (pongTimer = timer),
        );
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
      opened: (s) => (socket = s as WebSocket),
    },
  });
}

/** Why a socket closed, for whoever looks at a TV's console (the badge says only that it is reconnecting). */
export function logSocketClosed(code: number, reason: string, where = ''): void {
  if (code !== CloseCode.NormalClosure) console.info(`RTD socket closed${where}: ${code}${reason ? ` ${reason}` : ''}`);
}
