/**
 * The legacy `graphql-ws` sub-protocol (subscriptions-transport-ws), still used by many RTD clients.
 * graphql-ws's server speaks only the newer `graphql-transport-ws`, so this one is written here.
 *
 * Client → server: connection_init, start, stop, connection_terminate.
 * Server → client: connection_ack, connection_error, ka (keep-alive), data, error, complete.
 */
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { type ExecutionArgs, type ExecutionResult, type GraphQLSchema, GraphQLError } from 'graphql';
import type { OperationRequest, admitOperation } from '../graphql/operation-limits.ts';
import { operationOf } from '../graphql/operations.ts';
import type { RtdContext } from '../graphql/root-resolvers.ts';
import { CloseCode } from '../../../contract/close-codes.ts';

export const LEGACY_PROTOCOL = 'graphql-ws';

export const LegacyMessage = {
  ConnectionInit: 'connection_init',
  ConnectionAck: 'connection_ack',
  ConnectionError: 'connection_error',
  KeepAlive: 'ka',
  ConnectionTerminate: 'connection_terminate',
  Start: 'start',
  Data: 'data',
  Error: 'error',
  Complete: 'complete',
  Stop: 'stop',
} as const;

export interface LegacyServerOptions {
  schema: GraphQLSchema;
  /** Authenticates the socket from its upgrade request and the connection_init payload. */
  authenticate: (request: IncomingMessage, payload: Record<string, unknown>) => RtdContext | { refused: string; code?: number };
  /** Parses, measures and validates a start's payload (operation-limits.ts), as the other transports do. */
  admit: (request: OperationRequest, context: RtdContext) => ReturnType<typeof admitOperation>;
  execute: (args: ExecutionArgs) => Promise<ExecutionResult> | ExecutionResult;
  subscribe: (args: ExecutionArgs) => AsyncGenerator<ExecutionResult> | ExecutionResult;
  /** Most operations one socket may have running at once. */
  maxOperations: number;
  /** Milliseconds between `ka` messages. */
  keepAliveMs: number;
  /** Milliseconds a client has to send connection_init. */
  initTimeoutMs: number;
  /** Called once the socket is authenticated, with a way to close it (credential expiry, disconnects). */
  onAuthenticated?: (ctx: RtdContext, socket: WebSocket) => void;
}

export function handleLegacyConnection(socket: WebSocket, request: IncomingMessage, options: LegacyServerOptions): void {
  let context: RtdContext | null = null;
  const operations = new Map<string, AsyncGenerator<ExecutionResult> | null>();
  const send = (message: Record<string, unknown>) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const initTimer = setTimeout(() => {
    if (!context) socket.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
  }, options.initTimeoutMs);
  let keepAlive: NodeJS.Timeout | undefined;

  const stop = (id: string) => {
    const running = operations.get(id);
    operations.delete(id);
    void running?.return(undefined);
  };

  // ws closes the socket itself on a protocol fault (a message over maxPayload: CloseCode.MessageTooBig); the error is only news.
  socket.on('error', () => {});

  socket.on('close', () => {
    clearTimeout(initTimer);
    clearInterval(keepAlive);
    for (const id of [...operations.keys()]) stop(id);
  });

  socket.on('message', (raw) => {
    let message: { type?: unknown; id?: unknown; payload?: unknown };
    try {
      message = JSON.parse(String(raw));
      if (typeof message !== 'object' || message === null || typeof message.type !== 'string') throw new Error('no type');
    } catch {
      send({ type: LegacyMessage.ConnectionError, payload: { message: 'Invalid message: expected JSON with a string "type"' } });
      socket.close(CloseCode.BadRequest, 'Invalid message received');
      return;
    }
    const id = typeof message.id === 'string' || typeof message.id === 'number' ? String(message.id) : null;
    switch (message.type) {
      case LegacyMessage.ConnectionInit: {
        if (context) {
          socket.close(CloseCode.TooManyInitialisationRequests, 'Too many initialisation requests');
          return;
        }
        const payload = (message.payload && typeof message.payload === 'object' ? message.payload : {}) as Record<string, unknown>;
        const result = options.authenticate(request, payload);
        if ('refused' in result) {
          const code = result.code ?? CloseCode.Forbidden;
          send({ type: LegacyMessage.ConnectionError, payload: { message: result.refused, extensions: { code: code === CloseCode.Forbidden ? 'UNAUTHENTICATED' : 'LIMIT_EXCEEDED' } } });
          setTimeout(() => socket.close(code, code === CloseCode.Forbidden ? 'Forbidden' : 'Limit exceeded'), 10);
          return;
        }
        context = result;
        clearTimeout(initTimer);
        send({ type: LegacyMessage.ConnectionAck });
        send({ type: LegacyMessage.KeepAlive });
        keepAlive = setInterval(() => send({ type: LegacyMessage.KeepAlive }), options.keepAliveMs);
        options.onAuthenticated?.(context, socket);
        return;
      }
      case LegacyMessage.Start:
        if (!context) {
          send({ type: LegacyMessage.Error, id, payload: { message: 'Send connection_init before start' } });
          return;
        }
        if (id === null) {
          send({ type: LegacyMessage.Error, id, payload: { message: 'A start message needs an "id"' } });
          return;
        }
        // Whatever a start contains, its failure is that operation's error, never the process's.
        start(id, message.payload, context).catch((error: unknown) => {
          operations.delete(id);
          send({ type: LegacyMessage.Error, id, payload: [{ message: `Internal error: ${(error as Error)?.message ?? String(error)}` }] });
        });
        return;
      case LegacyMessage.Stop:
        if (id !== null) stop(id);
        return;
      case LegacyMessage.ConnectionTerminate:
        socket.close(CloseCode.NormalClosure, 'Normal closure');
        return;
      default:
        send({ type: LegacyMessage.Error, id, payload: { message: `Unknown message type "${message.type}"` } });
    }
  });

  async function start(id: string, payload: unknown, ctx: RtdContext): Promise<void> {
    if (operations.has(id)) stop(id);
    if (operations.size >= options.maxOperations) {
      send({ type: LegacyMessage.Error, id, payload: { message: `Too many operations on one socket (limit ${options.maxOperations})` } });
      return;
    }
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      return void send({ type: LegacyMessage.Error, id, payload: [{ message: 'The start payload must be an object with a "query" string' }] });
    }
    const fail = (errors: readonly GraphQLError[]) => send({ type: LegacyMessage.Error, id, payload: errors.map((e) => e.toJSON()) });
    const admitted = options.admit(payload as OperationRequest, ctx);
    if ('errors' in admitted) return fail(admitted.errors);
    const { args } = admitted;
    const document = args.document;
    const operation = operationOf(document, args.operationName);
    if (!operation) return fail([new GraphQLError('No operation to run: name one with "operationName"')]);
    operations.set(id, null);
    if (operation.operation !== 'subscription') {
      const result = await options.execute(args);
      if (!operations.has(id)) return;
      operations.delete(id);
      send({ type: LegacyMessage.Data, id, payload: result });
      send({ type: LegacyMessage.Complete, id });
      return;
    }
    const subscription = options.subscribe(args);
    if (!(Symbol.asyncIterator in subscription)) {
      // Refused at start (no authentication, a filter the server rejects): an error, as for invalid documents.
      operations.delete(id);
      if (subscription.errors?.length && !subscription.data) return fail(subscription.errors);
      send({ type: LegacyMessage.Data, id, payload: subscription });
      send({ type: LegacyMessage.Complete, id });
      return;
    }
    operations.set(id, subscription);
    for await (const result of subscription) send({ type: LegacyMessage.Data, id, payload: result });
    if (operations.get(id) === subscription) {
      operations.delete(id);
      send({ type: LegacyMessage.Complete, id });
    }
  }
}
