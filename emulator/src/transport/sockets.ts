/**
 * WebSockets on `/rtdserver`, both sub-protocols on one path: `graphql-transport-ws` (graphql-ws's
 * server) and the legacy `graphql-ws` (legacy-graphql-ws.ts), chosen by `Sec-WebSocket-Protocol`,
 * preferring the newer when a client offers both. A socket is authenticated by the `accessToken` in its
 * `connection_init` payload or by the session / access-token cookie of its upgrade request, and is closed
 * with CloseCode.Unauthorized (4401) when that credential expires.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ExecutionArgs, type GraphQLSchema, GraphQLError } from 'graphql';
import { GRAPHQL_TRANSPORT_WS_PROTOCOL } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { type OperationLimits, admitOperation } from '../graphql/operation-limits.ts';
import { runOperation, unauthenticated } from '../graphql/operations.ts';
import type { LiveHub } from '../graphql/live-hub.ts';
import type { RtdContext, RtdRuntime } from '../graphql/root-resolvers.ts';
import { LEGACY_PROTOCOL, handleLegacyConnection } from './legacy-graphql-ws.ts';
import { contextFromCookies, isOwnOrigin, isSecureRequest } from './http.ts';
import { SESSION_COOKIE, ACCESS_TOKEN_COOKIE, parseCookies } from '../auth/auth.ts';
import { CloseCode } from '../../../contract/close-codes.ts';

export const RTD_PATH = '/rtdserver';

export interface SocketOptions {
  /**
   * Most operations one socket may run at once; more are refused with an error.
   * @default 100
   */
  maxOperationsPerSocket: number;
  /**
   * Most authenticated sockets one account may hold open; one more is closed with CloseCode.PolicyViolation (1008) and says why. A wall of
   * TVs sharing one kiosk account needs one each.
   * @default 500
   */
  maxSocketsPerAccount: number;
  /**
   * Most subscriptions one account may run at once, over all its sockets: each distinct one costs the
   * simulation's tick a projection and a diff (1,000 distinct ones about 200 ms a tick on the 2,000-agent
   * scenario); identical ones, a wall of TVs showing one board, share that work.
   * @default 1_000
   */
  maxSubscriptionsPerAccount: number;
  /**
   * Largest WebSocket message (ws `maxPayload`), in bytes: a larger frame closes the socket with CloseCode.MessageTooBig (1009) as soon
   * as its header announces it, before its bytes are buffered.
   * @default 1_000_000
   */
  maxMessageBytes: number;
  limits: OperationLimits;
  /** Milliseconds between keep-alives: ping frames (graphql-transport-ws) or `ka` messages (legacy). */
  keepAliveMs: number;
  /** Milliseconds a client has to send connection_init. */
  initTimeoutMs: number;
}

interface AuthenticatedSocket {
  socket: WebSocket;
  context: RtdContext;
  protocol: string;
}

/**
 * Why an upgrade that carries an RTD cookie comes from another site's page (cross-site WebSocket hijacking),
 * or null when it may go on. A same-origin page, or a client with no Origin (not a browser), may; a proxy in
 * front of the emulator vouches for its own browsers by sending the emulator's own origin.
 */
function crossSiteCookieUpgrade(request: IncomingMessage): string | null {
  const cookies = parseCookies(request.headers.cookie);
  if (!cookies.has(SESSION_COOKIE) && !cookies.has(ACCESS_TOKEN_COOKIE)) return null;
  const origin = request.headers.origin;
  if (origin === undefined || isOwnOrigin(origin, request.headers.host, isSecureRequest(request))) return null;
  return `Cross-site WebSocket refused: Origin ${JSON.stringify(origin.slice(0, 100))} is not this server's`;
}

/** Reasons fit the 123-byte limit of a WebSocket close frame. */
function closeReason(text: string): string {
  if (Buffer.byteLength(text) <= 123) return text;
  let cut = text.slice(0, 120);
  while (Buffer.byteLength(cut) > 120) cut = cut.slice(0, -1);
  return cut + '…';
}

export class SocketHub {
  private readonly transportServer: WebSocketServer;
  private readonly legacyServer: WebSocketServer;
  private readonly authenticated = new Set<AuthenticatedSocket>();
  /** Authenticated sockets per account (username), for maxSocketsPerAccount. */
  private readonly socketsPerAccount = new Map<string, number>();
  private readonly disposeTransport: { dispose: () => void | Promise<void> };

  constructor(
    server: Server,
    private readonly runtime: RtdRuntime,
    schema: GraphQLSchema,
    rootValue: unknown,
    hub: LiveHub,
    private readonly options: SocketOptions,
  ) {
    this.transportServer = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxMessageBytes,
      handleProtocols: (protocols) => (protocols.has(GRAPHQL_TRANSPORT_WS_PROTOCOL) ? GRAPHQL_TRANSPORT_WS_PROTOCOL : false),
    });
    this.legacyServer = new WebSocketServer({
      noServer: true,
      maxPayload: options.maxMessageBytes,
      handleProtocols: (protocols) => (protocols.has(LEGACY_PROTOCOL) ? LEGACY_PROTOCOL : false),
    });
    const execute = (args: ExecutionArgs) => runOperation({ ...args, rootValue });
    const authenticate = (request: IncomingMessage, payload: Record<string, unknown> | undefined): RtdContext | { refused: string; code?: number } => {
      const token = typeof payload?.accessToken === 'string' ? payload.accessToken : undefined;
      const context = contextFromCookies(runtime, request, token);
      if (!context.principal) return { refused: unauthenticated(context.authFailure ?? 'MISSING_CREDENTIALS').message };
      const username = context.principal.account.username;
      if ((this.socketsPerAccount.get(username) ?? 0) >= options.maxSocketsPerAccount) {
        return { refused: `Too many open sockets for "${username.slice(0, 40)}" (limit ${options.maxSocketsPerAccount})`, code: CloseCode.PolicyViolation };
      }
      return context;
    };

    this.disposeTransport = useServer<Record<string, unknown> | undefined, { rtd?: RtdContext }>(
      {
        schema,
        context: (ctx) => ctx.extra.rtd,
        execute,
        subscribe: (args) => hub.subscribe(args),
        onConnect: (ctx) => {
          const result = authenticate(ctx.extra.request, ctx.connectionParams);
          if ('refused' in result) {
            // Forbidden (4403) with the reason, so a client can tell "log in again" from a network problem.
            ctx.extra.socket.close(result.code ?? CloseCode.Forbidden, closeReason(result.refused));
            return false;
          }
          ctx.extra.rtd = result;
          this.track(ctx.extra.socket, result, GRAPHQL_TRANSPORT_WS_PROTOCOL);
          return true;
        },
        onSubscribe: (ctx, _id, payload) => {
          // graphql-ws has already registered this operation's id in ctx.subscriptions before calling onSubscribe.
          if (Object.keys(ctx.subscriptions).length > options.maxOperationsPerSocket) {
            return [new GraphQLError(`Too many operations on one socket (limit ${options.maxOperationsPerSocket})`)];
          }
          // Parsed, measured and validated by us: graphql-ws would otherwise close the socket with InternalServerError (4500) on some documents.
          const admitted = admitOperation(schema, payload, ctx.extra.rtd!, options.limits);
          return 'args' in admitted ? { ...admitted.args, rootValue } : admitted.errors;
        },
        connectionInitWaitTimeout: options.initTimeoutMs,
      },
      this.transportServer,
      options.keepAliveMs,
    );

    // ws closes a socket itself on a peer's protocol fault (a message over maxMessageBytes: MessageTooBig) and then emits
    // the error; graphql-ws logs any socket error as an internal one. It is the peer's fault: not logged.
    this.transportServer.on('connection', (socket) => {
      socket.removeAllListeners('error');
      socket.on('error', () => {});
    });

    this.legacyServer.on('connection', (socket, request) =>
      handleLegacyConnection(socket, request, {
        schema,
        authenticate,
        admit: (request, context) => admitOperation(schema, request, context, options.limits),
        execute,
        subscribe: (args) => hub.subscribe(args),
        maxOperations: options.maxOperationsPerSocket,
        keepAliveMs: options.keepAliveMs,
        initTimeoutMs: options.initTimeoutMs,
        onAuthenticated: (context, s) => this.track(s, context, LEGACY_PROTOCOL),
      }),
    );

    server.on('upgrade', (request, socket, head) => this.upgrade(request, socket, head));
  }

  private upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    let path: string;
    try {
      path = new URL(request.url ?? '/', 'http://localhost').pathname;
    } catch {
      path = '';
    }
    if (path !== RTD_PATH && path !== `${RTD_PATH}/`) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const crossSite = crossSiteCookieUpgrade(request);
    if (crossSite) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(crossSite)}\r\nConnection: close\r\n\r\n${crossSite}`);
      return;
    }
    const offered = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const server = offered.includes(GRAPHQL_TRANSPORT_WS_PROTOCOL) ? this.transportServer : offered.includes(LEGACY_PROTOCOL) ? this.legacyServer : null;
    if (!server) {
      const message = `Unsupported WebSocket sub-protocol: offer "${GRAPHQL_TRANSPORT_WS_PROTOCOL}" or "${LEGACY_PROTOCOL}"`;
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\nConnection: close\r\n\r\n${message}`);
      return;
    }
    server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
  }

  private track(socket: WebSocket, context: RtdContext, protocol: string): void {
    const entry = { socket, context, protocol };
    const username = context.principal!.account.username;
    this.authenticated.add(entry);
    this.socketsPerAccount.set(username, (this.socketsPerAccount.get(username) ?? 0) + 1);
    socket.once('close', () => {
      this.authenticated.delete(entry);
      const left = (this.socketsPerAccount.get(username) ?? 1) - 1;
      if (left > 0) this.socketsPerAccount.set(username, left);
      else this.socketsPerAccount.delete(username);
    });
  }

  /**
   * Closes, with Unauthorized (4401), every socket whose credential no longer holds: a session or token that expired or was
   * ended, a kiosk token switched off. Called on each tick and whenever credentials are revoked.
   */
  closeRevoked(): number {
    let closed = 0;
    for (const entry of this.authenticated) {
      const principal = entry.context.principal!;
      const why = this.runtime.auth.whyInvalid(principal);
      if (why) {
        entry.socket.close(CloseCode.Unauthorized, closeReason(why));
        this.authenticated.delete(entry);
        closed++;
      }
    }
    return closed;
  }

  get counts(): { total: number; transport: number; legacy: number } {
    return { total: this.transportServer.clients.size + this.legacyServer.clients.size, transport: this.transportServer.clients.size, legacy: this.legacyServer.clients.size };
  }

  /** Closes every authenticated socket with Unauthorized (4401), as a server does when it ends the sessions behind them. */
  closeAuthenticated(reason: string): number {
    let closed = 0;
    for (const entry of this.authenticated) {
      entry.socket.close(CloseCode.Unauthorized, reason);
      closed++;
    }
    this.authenticated.clear();
    return closed;
  }

  /** Drops every socket without a closing handshake, as a crashed or restarted server would. */
  dropAll(): number {
    const sockets = [...this.transportServer.clients, ...this.legacyServer.clients];
    for (const socket of sockets) socket.terminate();
    return sockets.length;
  }

  async close(): Promise<void> {
    for (const socket of [...this.transportServer.clients, ...this.legacyServer.clients]) socket.close(CloseCode.GoingAway, 'Going away');
    await this.disposeTransport.dispose();
    await new Promise<void>((resolve) => this.legacyServer.close(() => resolve()));
  }
}
