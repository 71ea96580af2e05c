/**
 * The wallboard server as one HTTP(S) server: the API (/api), its push socket (/api/push), the door to the RTD Server
 * (/rtdserver) and, in production, the built app. Built from its parts so tests run it in-process on a real database.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import express from 'express';
import { apiRouter, type ApiParts } from '../api/api-router.ts';
import { apiErrorHandler } from '../api/api-error.ts';
import { createRtdProxy } from '../rtd/rtd-proxy.ts';
import { createPushSockets, PUSH_PATH, type PushSockets } from '../push/push-socket.ts';
import { notFound, securityHeaders, serveBuiltApp } from './app-shell.ts';

export interface WallboardServerOptions extends ApiParts {
  /** The RTD Server's origin (the embedded emulator, a test's emulator or https://TVOX_HOST). */
  rtdUpstream: string;
  /** The built app and its page, or null in development (ng serve serves the app). */
  builtApp: { dist: string; indexHtml: string } | null;
  tls?: { key: Buffer; cert: Buffer } | null;
  trustProxy?: boolean;
  log: (line: string) => void;
}

export interface WallboardServer {
  server: Server;
  push: PushSockets;
}

export function createWallboardServer(options: WallboardServerOptions): WallboardServer {
  const { log } = options;
  const app = express();
  app.disable('x-powered-by');
  if (options.trustProxy) app.set('trust proxy', true);
  // The page's own headers; API answers get them too (no framing, no sniffing, no referrer).
  securityHeaders(app, options.builtApp?.indexHtml ?? '');

  const rtdProxy = createRtdProxy(options.rtdUpstream, (req) => options.displays.rtdTokenFor(req), log);
  app.use((req, res, next) => rtdProxy.middleware(req, res, next));
  app.use('/api', apiRouter(options), apiErrorHandler(log));
  if (options.builtApp) serveBuiltApp(app, options.builtApp.dist, options.builtApp.indexHtml);
  app.use((_req, res) => notFound(res));

  const server = options.tls ? createHttpsServer(options.tls, app) : createHttpServer(app);
  const push = createPushSockets(options.hub, (req) => pushAudience(options, req), log);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A reset from the peer must not become an unhandled 'error' event.
    socket.on('error', () => socket.destroy());
    try {
      if ((req.url ?? '').split('?')[0] === PUSH_PATH) push.upgrade(req, socket, head);
      else rtdProxy.upgrade(req, socket, head);
    } catch (error) {
      // Whatever went wrong, it ends this socket, never the server.
      log(`socket upgrade refused after an error: ${(error as Error).message}`);
      socket.destroy();
    }
  });
  server.on('close', () => push.close());
  return { server, push };
}

/** A display by its credential, else a signed-in person, else nobody. */
async function pushAudience(options: ApiParts, req: IncomingMessage) {
  const display = await options.displays.fromRequest(req);
  if (display) return { kind: 'display' as const, displayId: display.id };
  const user = await options.sessions.fromRequest(req);
  return user ? { kind: 'user' as const, supervisor: user.supervisor } : null;
}
