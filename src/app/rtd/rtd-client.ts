/**
 * The Apollo client of the wallboard: HTTP (POST, same-origin cookies) for queries and mutations, a
 * graphql-ws socket (graphql-transport-ws) for subscriptions. The socket retries forever with capped
 * exponential backoff and jitter, and pings every few seconds so a dead connection is noticed quickly.
 */
import { type EnvironmentProviders, type Provider, inject, makeEnvironmentProviders } from '@angular/core';
import { provideHttpClient, withFetch } from '@angular/common/http';
import { ApolloLink } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { provideApollo } from 'apollo-angular';
import { HttpLink } from 'apollo-angular/http';
import type { Client } from 'graphql-ws';
import { map, tap } from 'rxjs';
import { POSSIBLE_TYPES, createRtdCache } from './cache-policies';
import { DELTA_EXTENSIONS } from './delta-policies';
import { RtdConnection } from './connection';
import { AccessToken } from './access-token';
import { completeMissingFields, stripMissingFields } from './version-fields';
import type { SocketOptions } from './socket-timing';
import { createRtdSocket, logSocketClosed } from './socket-client';
import { RTD_PATH, RTD_SOCKET, SOCKET_OPTIONS, socketUrl } from './rtd-socket';
import { RTD_WORKER, rtdWorkerIfAvailable } from './live-worker/rtd-worker';

/**
 * Context flag that sends a query over the socket instead of HTTP. Live snapshots use it: on one socket the
 * server sees the subscription before the snapshot query, so nothing can change unseen between the two.
 */
export const VIA_SOCKET = 'rtdViaSocket';

function createSocket(connection: RtdConnection, token: AccessToken, options: SocketOptions): Client {
  return createRtdSocket(socketUrl(), options, () => token.value(), {
    connecting: (isRetry) => connection.connecting(isRetry),
    connected: (wasRetry) => connection.connected(wasRetry),
    retrying: (attempt, waitMs) => connection.retrying(attempt, waitMs),
    // Every message shows the socket works: data age.
    alive: () => connection.alive(),
    closed: (code, reason, willRetry) => {
      logSocketClosed(code, reason);
      connection.closed(code, reason, willRetry);
    },
  });
}

/**
 * Asks an older server only for the fields its version has, and completes each result with null for the
 * fields it left out (version-fields.ts), on every path: HTTP and socket, queries and subscriptions.
 * Until a version is known operations go out whole (login, the version query: none has a versioned field).
 */
export function versionFieldsLink(fieldsVersion: () => string | null): ApolloLink {
  return new ApolloLink((operation, forward) => {
    const version = fieldsVersion();
    if (!version) return forward(operation);
    const original = operation.query;
    const { document, removed } = stripMissingFields(original, version, POSSIBLE_TYPES);
    if (!removed.size) return forward(operation);
    operation.query = document;
    return forward(operation).pipe(map((result) => ('data' in result && result.data ? { ...result, data: completeMissingFields(result.data, original, removed, POSSIBLE_TYPES) } : result)));
  });
}

/**
 * Marks every subscription result as a delta ("null means unchanged"), so that whichever write puts it in the cache
 * (the live lists' writer, or Apollo's own write of a subscription result) merges its nulls as unchanged: the
 * generated policies tell deltas from snapshots by this extension (delta-policies.ts).
 */
export function deltaResultsLink(): ApolloLink {
  return new ApolloLink((operation, forward) => {
    const definition = getMainDefinition(operation.query);
    if (definition.kind !== 'OperationDefinition' || definition.operation !== 'subscription') return forward(operation);
    return forward(operation).pipe(map((result) => ({ ...result, extensions: { ...result.extensions, ...DELTA_EXTENSIONS } })));
  });
}

/** `extensions.reason` of an UNAUTHENTICATED answer that means "the session is over, log in again". */
export const SESSION_ENDED_REASONS: ReadonlySet<string> = new Set(['SESSION_EXPIRED', 'SESSION_UNKNOWN', 'TOKEN_EXPIRED']);
/** Operations whose UNAUTHENTICATED answer is about the credentials they carry, not about the session. */
const LOGIN_OPERATIONS = new Set(['Login', 'LoginWithAccessToken']);

/**
 * Tells the connection when an answer says the session has ended (e.g. it expired while the socket, which a
 * token authenticates, stayed up), so the session can end or, on a kiosk, open again by itself.
 */
export function sessionEndLink(onSessionEnded: (reason: string) => void): ApolloLink {
  return new ApolloLink((operation, forward) =>
    forward(operation).pipe(
      tap((result) => {
        if (LOGIN_OPERATIONS.has(operation.operationName ?? '')) return;
        for (const error of result.errors ?? []) {
          const { code, reason } = (error.extensions ?? {}) as { code?: string; reason?: string };
          if (code === 'UNAUTHENTICATED' && reason && SESSION_ENDED_REASONS.has(reason)) return onSessionEnded(reason);
        }
      }),
    ),
  );
}

export function provideRtd(): (Provider | EnvironmentProviders)[] {
  return [
    provideHttpClient(withFetch()),
    makeEnvironmentProviders([
      // Live lists and the socket in a worker, off the thread that paints (live-worker/); on the page without one.
      { provide: RTD_WORKER, useFactory: rtdWorkerIfAvailable },
      { provide: RTD_SOCKET, useFactory: () => inject(RTD_WORKER)?.socket ?? createSocket(inject(RtdConnection), inject(AccessToken), inject(SOCKET_OPTIONS)) },
    ]),
    provideApollo(() => {
      const http = inject(HttpLink).create({ uri: RTD_PATH, withCredentials: true });
      const ws = new GraphQLWsLink(inject(RTD_SOCKET));
      const viaSocket = (operation: ApolloLink.Operation) => {
        const definition = getMainDefinition(operation.query);
        const subscription = definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
        return subscription || operation.getContext()[VIA_SOCKET] === true;
      };
      const connection = inject(RtdConnection);
      const link = ApolloLink.from([
        sessionEndLink((reason) => connection.unauthenticated.next(reason)),
        deltaResultsLink(),
        versionFieldsLink(() => connection.fieldsVersion()),
        ApolloLink.split(viaSocket, ws, http),
      ]);
      return { link, cache: createRtdCache() };
    }),
  ];
}
