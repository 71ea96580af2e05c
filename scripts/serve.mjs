#!/usr/bin/env node
// `npm run serve` (after `npm run build`): the built wallboard in production, without `ng serve`.
//   npm run serve                     embedded emulator on 127.0.0.1:$EMULATOR_PORT + the app on :$PORT (8080)
//   TVOX_HOST=pbx.example npm run serve  no emulator; /rtdserver (HTTP and WebSocket) goes to https://pbx.example
// Environment: PORT (8080), HOST (0.0.0.0), EMULATOR_PORT (4000), TVOX_HOST, TLS_KEY + TLS_CERT (PEM files: serve
// HTTPS, which a service worker needs on any host but localhost), TRUST_PROXY=1 (behind a TLS-terminating proxy:
// believe its X-Forwarded-Proto, so HSTS is sent), DIST (the built app, default dist/rtd-wallboard/browser).
// Plain ESM run by node, no TypeScript loader: a production box needs nothing but node and the installed packages.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import compression from 'compression';
import express from 'express';
import helmet from 'helmet';
import { createProxyMiddleware } from 'http-proxy-middleware';
import { inlineScriptHashes } from './csp.mjs';
import { rtdRoute } from './rtd-proxy-path.mjs';

const root = new URL('..', import.meta.url).pathname;
const dist = resolve(root, process.env.DIST ?? 'dist/rtd-wallboard/browser');
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';
const emulatorPort = process.env.EMULATOR_PORT ?? '4000';
const tvoxHost = process.env.TVOX_HOST;
const tls = process.env.TLS_KEY && process.env.TLS_CERT ? { key: readFileSync(process.env.TLS_KEY), cert: readFileSync(process.env.TLS_CERT) } : null;

/** Exit code when the built app is missing, so scripts can tell it from a crash. */
const EXIT_NO_BUILD = 3;
const indexFile = join(dist, 'index.html');
if (!existsSync(indexFile)) {
  console.error(`rtd-serve: no built app at ${dist} (index.html missing): run npm run build first.`);
  process.exit(EXIT_NO_BUILD);
}

// Read once: a new build means a restart of this server, as with any deploy.
const indexHtml = readFileSync(indexFile, 'utf8');

const scriptHashes = inlineScriptHashes(indexHtml);

// Files whose name carries a content hash (main-ABCD1234.js, styles-…css, media/roboto-…-HASH.woff2, workbox-1a2b3c4d.js)
// never change under that name: cache them for a year. Everything else (index.html, sw.js, favicon) is revalidated.
// Angular's output names: an 8-character upper-case content hash before the extension (main-WRDATSXI.js).
const HASHED = /-[A-Z0-9]{8}\.(?:js|mjs|css|woff2?|ttf|otf|eot|svg|png|jpe?g|gif|webp|ico)$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

// Only a sane Host goes into the policy (it comes from the client); 'self' covers the rest.
const socketSources = (req) => {
  const h = req.headers.host ?? '';
  return /^[A-Za-z0-9.\-:[\]]+$/.test(h) ? [`ws://${h}`, `wss://${h}`] : [];
};

const app = express();
app.disable('x-powered-by');
if (process.env.TRUST_PROXY) app.set('trust proxy', true);

// A fresh nonce per response: Angular puts it on the <style> elements it adds for components (ngCspNonce).
app.use((req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString('base64');
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
        'style-src': ["'self'", (_req, res) => `'nonce-${res.locals.cspNonce}'`],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'connect-src': ["'self'", (req) => socketSources(req).join(' ')],
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
    // The app loads nothing cross-origin; keep the defaults' cross-origin isolation off (no SharedArrayBuffer needed).
    crossOriginEmbedderPolicy: false,
  }),
);
app.use((req, res, next) => {
  if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  next();
});

// Every request meets the proxy rule first (scripts/rtd-proxy-path.mjs): exactly /rtdserver goes to the RTD Server,
// with the URL the rule rebuilt; a disguised path, or any other under /rtdserver, is 404 here, before the upstream
// and the page fallback. Before compression: graphql-http answers are small. The socket upgrade is handled on the
// server's 'upgrade' event below.
let proxy;
app.use((req, res, next) => {
  const route = rtdRoute(req.url);
  if (route.action === 'app') return next();
  if (route.action === 'refuse' || !proxy) return notFound(res);
  req.url = route.url;
  return proxy(req, res, next);
});
app.use(compression());

const sendIndex = (req, res) => {
  res.setHeader('Cache-Control', REVALIDATE);
  res.type('html').send(indexHtml.replace(/<app-root\b/, `<app-root ngCspNonce="${res.locals.cspNonce}"`));
};
app.get(['/', '/index.html'], sendIndex);
app.use(
  express.static(dist, {
    index: false,
    etag: true,
    setHeaders: (res, path) => res.setHeader('Cache-Control', HASHED.test(path) ? IMMUTABLE : REVALIDATE),
  }),
);
// SPA fallback: a page path (/kiosk, /services?board=x) is the app; a file path (/missing.js) that is not there is 404,
// and so is anything the proxy rule did not give the app (the gate above already answered those; this keeps it so).
app.use((req, res) => {
  const lastSegment = req.path.split('/').pop() ?? '';
  if ((req.method === 'GET' || req.method === 'HEAD') && !lastSegment.includes('.') && rtdRoute(req.url).action === 'app') return sendIndex(req, res);
  notFound(res);
});

function notFound(res) {
  res.status(404).type('text').send('Not found');
}

const children = [];
let stopping = false;
function stop(code = 0) {
  stopping = true;
  // The loop may empty before the timer below fires (it is unref'd): the exit code must hold either way.
  process.exitCode = code;
  for (const child of children) if (child.exitCode === null) child.kill('SIGINT');
  server?.close();
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
// No request should ever get here; if something does, the children stop with this server instead of outliving it.
const stopOnUncaught = (kind) => (error) => {
  console.error(`rtd-serve: ${kind}, stopping: ${error?.stack ?? error}`);
  stop(1);
};
process.on('uncaughtException', stopOnUncaught('uncaught exception'));
process.on('unhandledRejection', stopOnUncaught('unhandled rejection'));

/** The embedded emulator, started as `npm start` does; resolves with its origin once it says it is ready. */
async function startEmulator() {
  // Its stdin is a pipe from this process: when this process ends, however it ends (SIGKILL included), the pipe
  // closes and --exit-with-parent makes the emulator stop, so it never keeps the port as an orphan.
  const emulator = spawn(process.execPath, ['--import', 'tsx', 'emulator/src/main.ts', '--exit-with-parent', '--port', emulatorPort, ...process.argv.slice(2)], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(emulator);
  emulator.on('exit', (code) => {
    if (!stopping) {
      console.error(`rtd-serve: the emulator stopped (exit ${code}); stopping.`);
      stop(code || 1);
    }
  });
  for await (const line of createInterface({ input: emulator.stdout })) {
    console.log(line);
    const ready = line.match(/ready at (https?:\/\/[^\s/]+)/);
    if (ready) return ready[1];
  }
  throw new Error('the emulator stopped before it was ready');
}

let server;
const target = tvoxHost ? `https://${tvoxHost}` : await startEmulator();
// No pathFilter: only what the proxy rule forwards is handed to it, with the URL the rule rebuilt.
proxy = createProxyMiddleware({
  target,
  changeOrigin: true,
  // TVox hosts on a LAN often have a self-signed certificate, as in proxy.conf.js.
  secure: false,
  // The session cookie must stick to this server's origin.
  cookieDomainRewrite: '',
  on: {
    // Checked above (upgradeVerdict): a browser of this origin. The RTD Server sees its own origin, so one that
    // refuses cross-site cookie sockets (the emulator does) accepts the sockets this server vouches for.
    proxyReqWs: (proxyReq) => {
      if (proxyReq.getHeader('origin')) proxyReq.setHeader('origin', new URL(target).origin);
    },
    error: (error, _req, res) => {
      console.error(`rtd-serve: /rtdserver proxy to ${target}: ${error.message}`);
      if (res && 'writeHead' in res && !res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('RTD Server unreachable');
      else res?.destroy?.();
    },
  },
});

server = tls ? createHttpsServer(tls, app) : createHttpServer(app);
server.on('upgrade', (req, socket, head) => {
  // A reset from the peer must not become an unhandled 'error' event.
  socket.on('error', () => socket.destroy());
  try {
    const verdict = upgradeVerdict(req);
    if (verdict.refuse) return refuseUpgrade(socket, verdict.refuse);
    req.url = verdict.url;
    proxy.upgrade(req, socket, head);
  } catch (error) {
    // Whatever went wrong, it ends this socket, never the server.
    console.error(`rtd-serve: socket upgrade refused after an error: ${error.message}`);
    socket.destroy();
  }
});
/**
 * What a socket upgrade gets: 404 when the proxy rule does not forward its path (a disguised /x/../rtdserver
 * included), 403 from another origin, else the URL to open upstream.
 */
function upgradeVerdict(req) {
  const route = rtdRoute(req.url);
  if (route.action !== 'forward') return { refuse: '404 Not Found' };
  // A socket opened by another site's page would carry this site's cookie: only this origin may open one.
  if (!isOwnOrigin(req.headers.origin, req.headers.host)) return { refuse: '403 Forbidden' };
  return { url: route.url };
}

/**
 * True when no Origin was sent (not a browser: it could send any Origin anyway) or it is this server's own: an
 * http(s) origin, well formed, with the request's Host. `null`, empty, file:// and malformed origins are not.
 */
function isOwnOrigin(origin, host) {
  if (origin === undefined) return true;
  if (!origin || !host) return false;
  try {
    const url = new URL(origin);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin.toLowerCase()) return false;
    // The Host read with the origin's scheme, so a default port (:80, :443) written out or not compares equal.
    return new URL(`${url.protocol}//${host}`).host === url.host;
  } catch {
    return false;
  }
}

/** Answers an upgrade on the raw socket, then closes it once the answer is out. */
function refuseUpgrade(socket, status) {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
}

server.on('error', (error) => {
  console.error(`rtd-serve: cannot listen on ${host}:${port}: ${error.code === 'EADDRINUSE' ? 'the port is in use (set PORT)' : error.message}`);
  stop(1);
});
server.listen(port, host, () => {
  const shown = `${tls ? 'https' : 'http'}://${host === '0.0.0.0' ? '127.0.0.1' : host}:${server.address().port}/`;
  console.log(`\nRTD Wallboard (production build): open ${shown} (RTD Server: ${target})`);
  console.log(tvoxHost ? 'Log in with your TVox credentials.' : 'Log in as admin / admin (or user_1 / user_1, an agent).');
  console.log('Ctrl-C stops everything.\n');
});
