/**
 * Socket helpers for the integration tests: the real client libraries (graphql-ws for graphql-transport-ws,
 * subscriptions-transport-ws for the legacy graphql-ws protocol) wrapped in promises that collect what
 * arrives, and a raw `ws` client for checks the libraries hide (ping frames, close codes, bad messages).
 * Every helper registers what it opens, so `closeAll()` (or the `after` hook installed by `track`) leaves
 * no open handle behind.
 */
import { after } from 'node:test';
import type { ExecutionResult } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import pkg from 'subscriptions-transport-ws';
import WebSocket from 'ws';

const { SubscriptionClient } = pkg;

export const TRANSPORT_PROTOCOL = 'graphql-transport-ws';
export const LEGACY_PROTOCOL = 'graphql-ws';

export interface Closed {
  code: number;
  reason: string;
}

/** Things to close when the test file ends, in case a test failed before closing them itself. */
const open = new Set<{ close(): void | Promise<void> }>();
let hooked = false;
function track<T extends { close(): void | Promise<void> }>(thing: T): T {
  if (!hooked) {
    hooked = true;
    after(() => closeAll());
  }
  open.add(thing);
  return thing;
}

export async function closeAll(): Promise<void> {
  const things = [...open];
  open.clear();
  await Promise.all(
    things.map(async (t) => {
      try {
        await t.close();
      } catch {
        /* already closed */
      }
    }),
  );
}

/** Rejects after `ms` with a message saying what was awaited. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]);
}

/** A `ws` WebSocket class whose upgrade requests carry the given headers (a cookie, say). */
export function webSocketWithHeaders(headers: Record<string, string>): typeof WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  } as typeof WebSocket;
}

// ---------------------------------------------------------------------------------------------------------
// Subscriptions as collected message lists.
// ---------------------------------------------------------------------------------------------------------

/** What one operation received: results, then an error or completion. */
export class Collected {
  readonly results: ExecutionResult[] = [];
  error: unknown = undefined;
  completed = false;
  private waiters: (() => void)[] = [];
  private unsubscribe: () => void = () => {};

  setUnsubscribe(fn: () => void): void {
    this.unsubscribe = fn;
  }

  next = (result: ExecutionResult): void => {
    this.results.push(result);
    this.wake();
  };

  fail = (error: unknown): void => {
    this.error = error;
    this.wake();
  };

  complete = (): void => {
    this.completed = true;
    this.wake();
  };

  get ended(): boolean {
    return this.completed || this.error !== undefined;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Resolves once `check()` holds, re-checked after every event. */
  until(check: () => boolean, ms = 3000, what = 'a subscription event'): Promise<void> {
    if (check()) return Promise.resolve();
    return withTimeout(
      new Promise<void>((resolve) => {
        const wait = () => (check() ? resolve() : this.waiters.push(wait));
        this.waiters.push(wait);
      }),
      ms,
      what,
    );
  }

  /** The `n`th result (1-based), waiting for it. */
  async result(n = 1, ms = 3000): Promise<ExecutionResult> {
    await this.until(() => this.results.length >= n || this.ended, ms, `result #${n}`);
    if (this.results.length < n) throw new Error(`operation ended before result #${n}: ${describe(this.error)}`);
    return this.results[n - 1];
  }

  /** Waits for the error or completion; returns the error (undefined when it completed). */
  async end(ms = 3000): Promise<unknown> {
    await this.until(() => this.ended, ms, 'the end of the operation');
    return this.error;
  }

  stop(): void {
    this.unsubscribe();
  }
}

export function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (value && typeof value === 'object' && 'code' in value) return `close ${(value as Closed).code} ${(value as Closed).reason}`;
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------------------
// graphql-transport-ws, through graphql-ws's client.
// ---------------------------------------------------------------------------------------------------------

export interface TransportClient {
  client: Client;
  /** Close events seen, in order. */
  closes: Closed[];
  /** Resolves with the first close. */
  closed: Promise<Closed>;
  /** Resolves when the server acknowledged connection_init. */
  connected: Promise<void>;
  subscribe(query: string, variables?: Record<string, unknown>): Collected;
  /** Runs a query or mutation and resolves with its one result (rejects with the error or close event). */
  run(query: string, variables?: Record<string, unknown>): Promise<ExecutionResult>;
  close(): Promise<void>;
}

/** A graphql-ws client that never retries: a refused or dropped socket stays closed so tests see why. */
export function transportClient(wsUrl: string, options: { accessToken?: string; cookie?: string; connectionParams?: Record<string, unknown> } = {}): TransportClient {
  const closes: Closed[] = [];
  let resolveClosed!: (c: Closed) => void;
  let resolveConnected!: () => void;
  const closed = new Promise<Closed>((resolve) => (resolveClosed = resolve));
  const connected = new Promise<void>((resolve) => (resolveConnected = resolve));
  const client = createClient({
    url: wsUrl,
    webSocketImpl: options.cookie ? webSocketWithHeaders({ cookie: options.cookie }) : WebSocket,
    connectionParams: options.connectionParams ?? (options.accessToken ? { accessToken: options.accessToken } : undefined),
    retryAttempts: 0,
    shouldRetry: () => false,
    lazy: true,
    on: {
      connected: () => resolveConnected(),
      closed: (event) => {
        const e = event as Closed;
        const c = { code: e.code, reason: String(e.reason) };
        closes.push(c);
        resolveClosed(c);
      },
    },
  });
  const subscribe = (query: string, variables?: Record<string, unknown>) => {
    const collected = new Collected();
    const dispose = client.subscribe({ query, variables }, { next: collected.next, error: collected.fail, complete: collected.complete });
    collected.setUnsubscribe(dispose);
    return collected;
  };
  return track({
    client,
    closes,
    closed,
    connected,
    subscribe,
    async run(query, variables) {
      const collected = subscribe(query, variables);
      const error = await collected.end();
      if (error !== undefined) throw error;
      if (collected.results.length !== 1) throw new Error(`expected one result, got ${collected.results.length}`);
      return collected.results[0];
    },
    async close() {
      open.delete(this);
      await client.dispose();
    },
  });
}

// ---------------------------------------------------------------------------------------------------------
// Legacy graphql-ws protocol, through subscriptions-transport-ws's client.
// ---------------------------------------------------------------------------------------------------------

export interface LegacyClient {
  client: InstanceType<typeof SubscriptionClient>;
  /** The connection_error payload, or null when the server acknowledged. */
  connectionError: unknown;
  subscribe(query: string, variables?: Record<string, unknown>): Collected;
  run(query: string, variables?: Record<string, unknown>): Promise<ExecutionResult>;
  close(): void;
}

/**
 * Opens a subscriptions-transport-ws client and resolves once the server answered connection_init with
 * an ack or a connection_error (the client's `connectionCallback`).
 */
export async function legacyClient(wsUrl: string, options: { accessToken?: string; cookie?: string } = {}): Promise<LegacyClient> {
  let settle!: (error: unknown) => void;
  const answered = new Promise<unknown>((resolve) => (settle = resolve));
  const client = new SubscriptionClient(
    wsUrl,
    {
      reconnect: false,
      connectionParams: options.accessToken ? { accessToken: options.accessToken } : {},
      connectionCallback: (error: unknown) => settle(error ?? null),
      wsOptionArguments: options.cookie ? [{ headers: { cookie: options.cookie } }] : [],
    },
    WebSocket,
  );
  // The client emits socket errors on its own emitter; without a listener they would be thrown.
  client.on('error', () => {});
  let closed = false;
  const wrapper: LegacyClient = track({
    client,
    connectionError: null,
    subscribe(query, variables) {
      const collected = new Collected();
      const observable = client.request({ query, variables });
      const subscription = observable.subscribe({
        next: (r: ExecutionResult) => collected.next(r),
        error: (e: unknown) => collected.fail(e),
        complete: () => collected.complete(),
      });
      collected.setUnsubscribe(() => subscription.unsubscribe());
      return collected;
    },
    async run(query, variables) {
      const collected = this.subscribe(query, variables);
      const error = await collected.end();
      if (error !== undefined) throw error;
      if (collected.results.length !== 1) throw new Error(`expected one result, got ${collected.results.length}`);
      return collected.results[0];
    },
    close() {
      if (closed) return;
      closed = true;
      open.delete(wrapper);
      // Only an open (or already closed) socket may be closed without ws throwing.
      const ws = (client as unknown as { client: WebSocket | null }).client;
      if (ws && ws.readyState === WebSocket.CONNECTING) {
        ws.once('open', () => ws.close());
        ws.on('error', () => {});
        return;
      }
      client.close(true, true);
    },
  });
  wrapper.connectionError = await withTimeout(answered, 3000, 'the legacy connection_init answer');
  return wrapper;
}

// ---------------------------------------------------------------------------------------------------------
// Raw sockets.
// ---------------------------------------------------------------------------------------------------------

/** A plain `ws` client that records every message (parsed JSON), ping frame and the close. */
export class RawSocket {
  readonly messages: any[] = [];
  pings = 0;
  closedWith: Closed | null = null;
  readonly closed: Promise<Closed>;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        this.closedWith = { code, reason: reason.toString() };
        this.wake();
        resolve(this.closedWith);
      }),
    );
    ws.on('message', (data) => {
      let message: unknown;
      try {
        message = JSON.parse(String(data));
      } catch {
        message = String(data);
      }
      this.messages.push(message);
      this.wake();
    });
    ws.on('ping', () => {
      this.pings++;
      this.wake();
    });
    ws.on('error', () => {});
  }

  /** Opens a socket offering `protocols`; rejects with the HTTP status when the upgrade is refused. */
  static open(url: string, protocols: string | string[], headers: Record<string, string> = {}): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocols, { headers });
      ws.once('open', () => {
        ws.removeAllListeners('unexpected-response');
        resolve(track(new RawSocket(ws)));
      });
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () => {
          ws.terminate();
          reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode, body }));
        });
        res.on('error', () => {});
      });
      ws.once('error', (error) => reject(error));
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Resolves once `check()` holds, re-checked after every message, ping and close. */
  until(check: () => boolean, ms = 3000, what = 'a socket event'): Promise<void> {
    if (check()) return Promise.resolve();
    return withTimeout(
      new Promise<void>((resolve) => {
        const wait = () => (check() ? resolve() : this.waiters.push(wait));
        this.waiters.push(wait);
      }),
      ms,
      what,
    );
  }

  /** The first message (received so far or later) that matches. */
  async waitFor(match: (message: any) => boolean, ms = 3000, what = 'a matching message'): Promise<any> {
    await this.until(() => this.messages.some(match) || this.closedWith !== null, ms, what);
    const found = this.messages.find(match);
    if (!found) throw new Error(`socket closed (${describe(this.closedWith)}) before ${what}; got ${JSON.stringify(this.messages)}`);
    return found;
  }

  ofType(type: string, id?: string): any[] {
    return this.messages.filter((m) => m?.type === type && (id === undefined || m.id === id));
  }

  close(): void {
    open.delete(this);
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close();
  }
}

/** Opens a raw graphql-transport-ws socket and completes connection_init; resolves after the ack. */
export async function rawTransport(wsUrl: string, payload?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<RawSocket> {
  const socket = await RawSocket.open(wsUrl, TRANSPORT_PROTOCOL, headers);
  socket.send({ type: 'connection_init', ...(payload ? { payload } : {}) });
  await socket.waitFor((m) => m.type === 'connection_ack', 3000, 'connection_ack');
  return socket;
}

/** Opens a raw legacy-protocol socket and sends connection_init; resolves after the ack or connection_error. */
export async function rawLegacy(wsUrl: string, payload?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<RawSocket> {
  const socket = await RawSocket.open(wsUrl, LEGACY_PROTOCOL, headers);
  socket.send({ type: 'connection_init', payload: payload ?? {} });
  await socket.waitFor((m) => m.type === 'connection_ack' || m.type === 'connection_error', 3000, 'connection_ack or connection_error');
  return socket;
}

/** Waits until the emulator's hub holds at least `n` subscriptions (the subscribe message reached it). */
export async function waitForSubscriptions(emulator: { state(): { subscriptions: number } }, n: number, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (emulator.state().subscriptions < n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} subscription(s), have ${emulator.state().subscriptions}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The HTTP status with which an upgrade offering `protocols` at `url` is refused (or 101 when accepted). */
export async function upgradeStatus(url: string, protocols: string | string[]): Promise<{ status: number; body: string }> {
  try {
    const socket = await RawSocket.open(url, protocols);
    socket.close();
    return { status: 101, body: '' };
  } catch (error) {
    const e = error as { status?: number; body?: string; message: string };
    if (e.status === undefined) throw error;
    return { status: e.status, body: e.body ?? '' };
  }
}
