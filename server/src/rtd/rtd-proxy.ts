/**
 * The door to the RTD Server: exactly /rtdserver (HTTP and WebSocket) is forwarded, by the one rule of
 * scripts/rtd-proxy-path.mjs that the dev proxy applies too. A paired display's requests go out with the RTD access
 * token the server keeps for displays (the TV itself never holds an RTD secret).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NextFunction, Request, Response } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { rtdRoute } from '../../../scripts/rtd-proxy-path.mjs';
import { isOwnOrigin } from '../http/origin.ts';
import { notFound } from '../http/app-shell.ts';

/** The RTD cookie that carries an access token (the RTD Server reference: authentication). */
const ACCESS_TOKEN_COOKIE = 'teleniaRtdAccessToken';

/** The wallboard server's own cookies (a person's session, a TV's credential): never the RTD Server's business. */
const OWN_COOKIES = new Set(['wallboardSession', 'wallboardDisplay']);

/** The Cookie header to send upstream: the display token alone for a TV, else the browser's RTD cookies only. */
function upstreamCookie(header: string | string[] | number | undefined, token: string | null | undefined): string | null {
  if (token) return `${ACCESS_TOKEN_COOKIE}=${token}`;
  const kept = String(header ?? '')
    .split(';')
    .filter((part) => part.trim() && !OWN_COOKIES.has(part.split('=')[0].trim()));
  return kept.length ? kept.map((part) => part.trim()).join('; ') : null;
}

/** Sets or removes the upstream request's Cookie header. */
function setUpstreamCookie(proxyReq: { getHeader(name: string): unknown; setHeader(name: string, value: string): unknown; removeHeader(name: string): void }, req: IncomingMessage): void {
  const cookie = upstreamCookie(proxyReq.getHeader('cookie') as string | undefined, (req as IncomingMessage & { rtdToken?: string | null }).rtdToken);
  if (cookie) proxyReq.setHeader('cookie', cookie);
  else proxyReq.removeHeader('cookie');
}

/**
 * The access token to send upstream instead of the browser's own cookies, or null to forward them as they are.
 * Displays get the server's display token here; people go with their own session cookie.
 */
export type UpstreamToken = (req: IncomingMessage) => Promise<string | null>;

export interface RtdProxy {
  middleware(req: Request, res: Response, next: NextFunction): void;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

export function createRtdProxy(target: string, upstreamToken: UpstreamToken, log: (line: string) => void): RtdProxy {
  const proxy = createProxyMiddleware<IncomingMessage>({
    target,
    changeOrigin: true,
    // TVox hosts on a LAN often have a self-signed certificate, as in proxy.conf.js.
    secure: false,
    // The session cookie must stick to this server's origin.
    cookieDomainRewrite: '',
    on: {
      proxyReq: (proxyReq, req) => setUpstreamCookie(proxyReq, req),
      // Checked before (upgradeVerdict): a browser of this origin. The RTD Server sees its own origin, so one that
      // refuses cross-site cookie sockets (the emulator does) accepts the sockets this server vouches for.
      proxyReqWs: (proxyReq, req) => {
        if (proxyReq.getHeader('origin')) proxyReq.setHeader('origin', new URL(target).origin);
        setUpstreamCookie(proxyReq, req);
      },
      error: (error, _req, res) => {
        log(`/rtdserver proxy to ${target}: ${error.message}`);
        if (res && 'writeHead' in res && !res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('RTD Server unreachable');
        else (res as Duplex | undefined)?.destroy?.();
      },
    },
  });

  const withToken = async (req: IncomingMessage) => {
    (req as IncomingMessage & { rtdToken?: string | null }).rtdToken = await upstreamToken(req);
  };

  return {
    // Every request meets the proxy rule first: exactly /rtdserver goes on, with the URL the rule rebuilt; a disguised
    // path, or any other under /rtdserver, is 404 here, before the upstream and the page fallback.
    middleware(req, res, next) {
      const route = rtdRoute(req.url);
      if (route.action === 'app') return next();
      if (route.action === 'refuse') {
        // An API client reads JSON, even for a path refused before the API saw it (/api/%2e%2e/…).
        if (/^\/api(?:[/?%]|$)/i.test(req.url)) return void res.status(404).json({ error: { code: 'NOT_FOUND', message: 'There is no such API path' } });
        return notFound(res);
      }
      req.url = route.url;
      withToken(req).then(
        () => proxy(req, res, next),
        (error: Error) => {
          log(`/rtdserver: cannot authenticate a display: ${error.message}`);
          res.status(503).type('text').send('The wallboard server cannot reach its database');
        },
      );
    },
    upgrade(req, socket, head) {
      const route = rtdRoute(req.url);
      if (route.action !== 'forward') return refuseUpgrade(socket, '404 Not Found');
      // A socket opened by another site's page would carry this site's cookie: only this origin may open one.
      if (!isOwnOrigin(req.headers.origin, req.headers.host)) return refuseUpgrade(socket, '403 Forbidden');
      req.url = route.url;
      withToken(req).then(
        () => proxy.upgrade(req, socket as never, head),
        () => refuseUpgrade(socket, '503 Service Unavailable'),
      );
    },
  };
}

/** Answers an upgrade on the raw socket, then closes it once the answer is out. */
export function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
}
