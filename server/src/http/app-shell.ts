/**
 * The built wallboard as a browser gets it: security headers and a Content-Security-Policy with a fresh nonce per
 * page, year-long caching for files whose name carries a content hash, and the page itself for every app path.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import compression from 'compression';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import helmet from 'helmet';
import Negotiator from 'negotiator';
import { inlineScriptHashes } from '../../../scripts/csp.mjs';
import { rtdRoute } from '../../../scripts/rtd-proxy-path.mjs';

/** Exit code when the built app is missing, so scripts can tell it from a crash. */
export const EXIT_NO_BUILD = 3;

// Angular's output names: an 8-character upper-case content hash before the extension (main-WRDATSXI.js); they never
// change under that name, nor do their precompressed copies (main-WRDATSXI.js.br). Everything else (index.html, sw.js,
// favicon) is revalidated.
const HASHED = /-[A-Z0-9]{8}\.(?:js|mjs|css|woff2?|ttf|otf|eot|svg|png|jpe?g|gif|webp|ico)(?:\.br|\.gz)?$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

export class NoBuildError extends Error {}

/** Only a sane Host goes into the policy (it comes from the client); 'self' covers the rest. */
function socketSources(req: Request): string[] {
  const host = req.headers.host ?? '';
  return /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? [`ws://${host}`, `wss://${host}`] : [];
}

/** Headers for every answer (API ones included); `indexHtml` gives the inline scripts' hashes. */
export function securityHeaders(app: Express, indexHtml: string): void {
  const scriptHashes = inlineScriptHashes(indexHtml);
  // A fresh nonce per response: Angular puts it on the <style> elements it adds for components (ngCspNonce).
  app.use((_req, res, next) => {
    res.locals['cspNonce'] = randomBytes(16).toString('base64');
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'", ...scriptHashes],
          'script-src-attr': ["'none'"],
          'style-src': ["'self'", (_req, res) => `'nonce-${(res as Response).locals['cspNonce']}'`],
          'img-src': ["'self'", 'data:'],
          'font-src': ["'self'"],
          'connect-src': ["'self'", (req) => socketSources(req as Request).join(' ')],
          'worker-src': ["'self'"],
          'manifest-src': ["'self'"],
          'object-src': ["'none'"],
          'base-uri': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
        },
      },
      // HSTS only where the browser reached us over HTTPS (ours, or a trusted proxy's); set below.
      strictTransportSecurity: false,
      referrerPolicy: { policy: 'no-referrer' },
      // The same as frame-ancestors 'none', for browsers that only know the older header.
      xFrameOptions: { action: 'deny' },
      // The app loads nothing cross-origin; no SharedArrayBuffer is needed.
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use((req, res, next) => {
    if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    next();
  });
}

/** Reads the built app's page once: a new build means a restart of this server, as with any deploy. */
export function readIndexHtml(dist: string): string {
  const indexFile = join(dist, 'index.html');
  if (!existsSync(indexFile)) throw new NoBuildError(`no built app at ${dist} (index.html missing): run npm run build first.`);
  return readFileSync(indexFile, 'utf8');
}

/** The precompressed copies scripts/precompress.mjs writes beside a built file, in the order they are preferred. */
const COPIES = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;
type CopyEncoding = (typeof COPIES)[number]['encoding'];

/**
 * URL path → the encodings it has a fresh copy in. A copy older than its file is left out: the file was changed
 * after the build (a hand edit, or a deploy that copied the files without their copies), and it is the file that
 * counts. Read once: a deploy restarts the server.
 */
function precompressedCopies(dist: string): Map<string, CopyEncoding[]> {
  const copies = new Map<string, CopyEncoding[]>();
  const walk = (folder: string, urlPath: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        walk(path, `${urlPath}${entry.name}/`);
        continue;
      }
      if (COPIES.some(({ suffix }) => entry.name.endsWith(suffix))) continue;
      // Brotli before gzip: COPIES' order.
      const fresh = COPIES.filter(({ suffix }) => existsSync(path + suffix) && statSync(path + suffix).mtimeMs >= statSync(path).mtimeMs);
      if (fresh.length)
        copies.set(
          `${urlPath}${entry.name}`,
          fresh.map(({ encoding }) => encoding),
        );
    }
  };
  walk(dist, '/');
  return copies;
}

/** Sends a file's precompressed copy when the browser accepts one (Brotli first), through the static files below it. */
function precompressed(dist: string) {
  const copies = precompressedCopies(dist);
  return (req: Request, res: Response, next: NextFunction) => {
    const encodings = req.method === 'GET' || req.method === 'HEAD' ? copies.get(req.path) : undefined;
    if (!encodings) return next();
    res.vary('Accept-Encoding');
    // Among what the browser accepts equally (Chromium: "gzip, deflate, br, zstd"), Brotli first. negotiator 1.x takes
    // the server's preference; its @types still describe 0.6.
    const negotiator = new Negotiator(req) as unknown as { encoding(available: string[], options: { preferred: string[] }): string | undefined };
    const chosen = negotiator.encoding([...encodings, 'identity'], { preferred: [...encodings, 'identity'] });
    const copy = COPIES.find((c) => c.encoding === chosen);
    if (!copy) return next();
    res.setHeader('Content-Encoding', copy.encoding);
    // The type of the file, not of .br: static files keep a Content-Type already set.
    res.type(extname(req.path));
    res.locals['uncompressedUrl'] = req.url;
    const query = req.url.indexOf('?');
    req.url = `${req.path}${copy.suffix}${query === -1 ? '' : req.url.slice(query)}`;
    next();
  };
}

/** A copy that went missing since the start (the static files fell through): the file itself, as if there were none. */
function withoutCopy(req: Request, res: Response, next: NextFunction) {
  const url = res.locals['uncompressedUrl'] as string | undefined;
  if (url === undefined || res.headersSent) return next();
  res.removeHeader('Content-Encoding');
  res.removeHeader('Content-Type');
  req.url = url;
  delete res.locals['uncompressedUrl'];
  next();
}

/**
 * The built files and the page; mounted after the API and the RTD proxy. A file with fresh precompressed copies
 * beside it (scripts/precompress.mjs, part of `npm run build`) is sent as the copy the browser accepts; the rest, the
 * page among them, is compressed as it is sent.
 */
export function serveBuiltApp(app: Express, dist: string, indexHtml: string): void {
  app.use(compression());
  const sendIndex = (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', REVALIDATE);
    res.type('html').send(indexHtml.replace(/<app-root\b/, `<app-root ngCspNonce="${res.locals['cspNonce']}"`));
  };
  app.get(['/', '/index.html'], sendIndex);
  const files = express.static(dist, {
    index: false,
    etag: true,
    setHeaders: (res, path) => res.setHeader('Cache-Control', HASHED.test(path) ? IMMUTABLE : REVALIDATE),
  });
  app.use(precompressed(dist), files, withoutCopy, files);
  // SPA fallback: a page path (/kiosk, /services?board=x) is the app; a file path (/missing.js) that is not there is
  // 404, and so is anything the proxy rule did not give the app.
  app.use((req, res, next) => {
    const lastSegment = req.path.split('/').pop() ?? '';
    const appPath = !req.path.startsWith('/api/') && req.path !== '/api';
    if ((req.method === 'GET' || req.method === 'HEAD') && appPath && !lastSegment.includes('.') && rtdRoute(req.url).action === 'app') return sendIndex(req, res);
    next();
  });
}

export function notFound(res: Response): void {
  res.status(404).type('text').send('Not found');
}
