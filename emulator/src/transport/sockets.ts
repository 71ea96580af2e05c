/**
 * WebSockets on `/rtdserver`, both sub-protocols on one path: `graphql-transport-ws` (graphql-ws's
 * server) and the legacy `graphql-ws` (legacy-graphql-ws.ts), chosen by `Sec-WebSocket-Protocol`,
 * preferring the newer when a client offers both. A socket is authenticated by the `accessToken` in its
 * `connection_init` payload or by the session / access-token cookie of its upgrade request, and is closed
 * with 4401 when that credential expires.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type ExecutionArgs, type GraphQLSchema, GraphQLError, parse, validate } from 'graphql';
import { CloseCode as TransportCloseCode, GRAPHQL_TRANSPORT_WS_PROTOCOL } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { VALIDATION_RULES, documentTooLarge, runOperation, unauthenticated } from '../graphql/operations.ts';
import type { LiveHub } from '../graphql/live-hub.ts';
import type { RtdContext, RtdRuntime } from '../graphql/root-resolvers.ts';
import { CloseCode, LEGACY_PROTOCOL, handleLegacyConnection } from './legacy-graphql-ws.ts';
import { contextFromCookies } from './http.ts';

export const RTD_PATH = '/rtdserver';

export interface SocketOptions {
  /** Most operations one socket may run at once; more are refused with an error. */
  maxOperationsPerSocket: number;
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

/** Reasons fit the 123-byte limit of a WebSocket close frame. */
function closeReason(text: string): string {
  return Buffer.byteLength(text) <= 123 ? text : text.slice(0, 120) + '…';
}

export class SocketHub {
  private readonly transportServer = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has(GRAPHQL_TRANSPORT_WS_PROTOCOL) ? GRAPHQL_TRANSPORT_WS_PROTOCOL : false),
  });
  private readonly legacyServer = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has(LEGACY_PROTOCOL) ? LEGACY_PROTOCOL : false),
  });
  private readonly authenticated = new Set<AuthenticatedSocket>();
  private readonly disposeTransport: { dispose: () => void | Promise<void> };

  constructor(
    server: Server,
    private readonly runtime: RtdRuntime,
    schema: GraphQLSchema,
    rootValue: unknown,
    hub: LiveHub,
    options: SocketOptions,
  ) {
    const execute = (args: ExecutionArgs) => runOperation({ ...args, rootValue });
    const authenticate = (request: IncomingMessage, payload: Record<string, unknown> | undefined): RtdContext | { refused: string } => {
      const token = typeof payload?.accessToken === 'string' ? payload.accessToken : undefined;
      const context = contextFromCookies(runtime, request, token);
      return context.principal ? context : { refused: unauthenticated(context.authFailure ?? 'MISSING_CREDENTIALS').message };
    };

    this.disposeTransport = useServer<Record<string, unknown> | undefined, { rtd?: RtdContext }>(
      {
        schema,
        validate: (s, document) => validate(s, document, VALIDATION_RULES),
        context: (ctx) => ctx.extra.rtd,
        execute,
        subscribe: (args) => hub.subscribe(args),
        onConnect: (ctx) => {
          const result = authenticate(ctx.extra.request, ctx.connectionParams);
          if ('refused' in result) {
            // 4403 with the reason, so a client can tell "log in again" from a network problem.
            ctx.extra.socket.close(TransportCloseCode.Forbidden, closeReason(result.refused));
            return false;
          }
          ctx.extra.rtd = result;
          this.track(ctx.extra.socket, result, GRAPHQL_TRANSPORT_WS_PROTOCOL);
          return true;
        },
        onSubscribe: (ctx, _id, payload) => {
          const tooLarge = documentTooLarge(payload.query);
          if (tooLarge) return [tooLarge];
          // graphql-ws would parse without catching and close the socket with 4500: answer the error instead.
          try {
            parse(payload.query);
          } catch (error) {
            return [error as GraphQLError];
          }
          // graphql-ws has already registered this operation's id in ctx.subscriptions before calling onSubscribe.
          if (Object.keys(ctx.subscriptions).length > options.maxOperationsPerSocket) {
            return [new GraphQLError(`Too many operations on one socket (limit ${options.maxOperationsPerSocket})`)];
          }
        },
        connectionInitWaitTimeout: options.initTimeoutMs,
      },
      this.transportServer,
      options.keepAliveMs,
    );

    this.legacyServer.on('connection', (socket, request) =>
      handleLegacyConnection(socket, request, {
        schema,
        authenticate,
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
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== RTD_PATH && path !== `${RTD_PATH}/`) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
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
    this.authenticated.add(entry);
    socket.once('close', () => this.authenticated.delete(entry));
  }

  /** Closes every socket whose session or token has expired; called on each tick. */
  closeExpired(): number {
    let closed = 0;
    for (const entry of this.authenticated) {
      const principal = entry.context.principal;
      if (principal && this.runtime.auth.isExpired(principal)) {
        const reason = principal.via === 'session' ? 'Session expired: log in again' : 'Access token expired: log in again';
        entry.socket.close(CloseCode.Unauthorized, reason);
        this.authenticated.delete(entry);
        closed++;
      }
    }
    return closed;
  }

  get counts(): { total: number; transport: number; legacy: number } {
    return { total: this.transportServer.clients.size + this.legacyServer.clients.size, transport: this.transportServer.clients.size, legacy: this.legacyServer.clients.size };
  }

  /** Closes every authenticated socket with 4401, as a server does when it ends the sessions behind them. */
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
    for (const socket of [...this.transportServer.clients, ...this.legacyServer.clients]) socket.close(1001, 'Going away');
    await this.disposeTransport.dispose();
    await new Promise<void>((resolve) => this.legacyServer.close(() => resolve()));
  }
}
