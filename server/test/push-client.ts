/**
 * A client of /api/push as a browser or a TV is one: a `ws` socket with the cookie (and Origin) the page would send,
 * that collects what the server says and how it ends. For the server suite, the abuse suite and the benchmark.
 */
import WebSocket from 'ws';

export interface PushMessage {
  topic: string;
  id?: string;
  version?: number;
  action?: string;
  command?: string;
}

export class PushClient {
  readonly messages: PushMessage[] = [];
  /** How the socket ended: the close code and reason the server sent (1006 when it was cut without one). */
  readonly closed: Promise<{ code: number; reason: string }>;
  private waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as PushMessage);
      for (const wake of this.waiters) wake();
    });
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
    void this.closed.then(() => {
      for (const wake of this.waiters) wake();
    });
  }

  /**
   * Opens a socket to `origin`'s /api/push with `cookie`; resolves once the server said hello, rejects with the
   * HTTP status of a refused upgrade (`error.status`).
   */
  static open(origin: string, cookie: string | null, { timeoutMs = 5_000, headers = {} }: { timeoutMs?: number; headers?: Record<string, string> } = {}): Promise<PushClient> {
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/push`, { headers: { origin, ...(cookie ? { cookie } : {}), ...headers } });
    const client = new PushClient(socket);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error(`no hello from ${origin}/api/push within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('unexpected-response', (_req, res) => {
        clearTimeout(timer);
        socket.terminate();
        reject(Object.assign(new Error(`the push socket was refused: HTTP ${res.statusCode}`), { status: res.statusCode }));
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      client
        .waitFor((m) => m.topic === 'hello', timeoutMs, 'hello')
        .then(() => {
          clearTimeout(timer);
          resolve(client);
        })
        .catch(() => {});
    });
  }

  /** The first message (from the start, or after the first `from` ones) that `matches`, within `ms`. */
  waitFor(matches: (m: PushMessage) => boolean, ms: number, what: string, from = 0): Promise<PushMessage> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.messages.slice(from).find(matches);
        if (found) {
          done();
          resolve(found);
        } else if (this.socket.readyState === WebSocket.CLOSED) {
          done();
          reject(new Error(`the push socket closed before ${what}; it got ${JSON.stringify(this.messages)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${ms} ms waiting for ${what}; the push socket got ${JSON.stringify(this.messages)}`));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.socket.terminate();
  }
}
