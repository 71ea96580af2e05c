/**
 * WebSocket close codes on `/rtdserver`, named once for the emulator (which sends them), the wallboard (which acts
 * on them) and their tests. Both sub-protocols use them alike: graphql-transport-ws (graphql-ws's server) and the
 * legacy `graphql-ws` one (the emulator's legacy-graphql-ws.ts), so a client can treat either the same way.
 * Where graphql-ws names a code, the value is its `CloseCode`'s; 1000–1011 are the WebSocket standard's (RFC 6455
 * and the IANA registry); 4499 is the wallboard's own.
 */
import { CloseCode as GraphqlWsCloseCode } from 'graphql-ws';

export const CloseCode = {
  /** 1000: closed on purpose, nothing wrong (a legacy client's `connection_terminate`). Not worth logging. */
  NormalClosure: 1000,
  /** 1001: the emulator is shutting down; a client retries. */
  GoingAway: 1001,
  /**
   * 1006: never sent by anyone: what a browser or ws reports when the connection dropped without a closing
   * handshake (a crashed server, a cut network, the control plane's `drop-sockets`). A client retries.
   */
  AbnormalClosure: 1006,
  /** 1008: a limit of the server's that is not about the credentials (sockets per account); the reason says which. */
  PolicyViolation: 1008,
  /** 1009: a message larger than the server takes (ws `maxPayload`); ws closes the socket itself, from the frame header. */
  MessageTooBig: 1009,
  /** 1011: the server met an unexpected condition; a client retries. */
  InternalError: 1011,
  /** 4400: a message the protocol cannot take (not JSON, no or an unknown type). */
  BadRequest: GraphqlWsCloseCode.BadRequest,
  /**
   * 4401: the credential that authenticated the socket (session, access token, kiosk token) expired or was ended
   * while it was open. Retrying with it cannot help: log in again (a kiosk does so by itself).
   */
  Unauthorized: GraphqlWsCloseCode.Unauthorized,
  /** 4403: `connection_init` refused: no credential, or one the server does not know. Log in again. */
  Forbidden: GraphqlWsCloseCode.Forbidden,
  /** 4408: no `connection_init` within the server's wait after the socket opened. */
  ConnectionInitialisationTimeout: GraphqlWsCloseCode.ConnectionInitialisationTimeout,
  /** 4429: a second `connection_init` on a socket already initialised. */
  TooManyInitialisationRequests: GraphqlWsCloseCode.TooManyInitialisationRequests,
  /**
   * 4499: closed by the wallboard itself when the pong to its keep-alive ping did not come in time: the connection
   * is dead though TCP has not noticed. It then retries like after any drop.
   */
  PongTimeout: 4499,
  /**
   * 4500: graphql-ws's answer to an error it did not expect while handling a message. The emulator validates
   * operations itself so that a bad document gets an error message instead.
   */
  InternalServerError: GraphqlWsCloseCode.InternalServerError,
} as const;

/** Close codes after which retrying with the same credential cannot help: the session is over (or must be renewed). */
export const SESSION_REFUSED_CLOSE_CODES: ReadonlySet<number> = new Set<number>([CloseCode.Unauthorized, CloseCode.Forbidden]);
