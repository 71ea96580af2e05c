// `ng serve` proxy: /api and /rtdserver (HTTP and WebSocket) to the wallboard server (server/), which answers the API
// and forwards /rtdserver to the RTD Server, so development meets the same server as production. `npm start` sets
// WALLBOARD_SERVER to the server it started (`server/src/main.ts --dev`).
// An ES module (the package is "type": "module"); the Angular CLI loads it with require(), which Node 20.19+ allows
// for a module without top-level await, or else with import().
import { rtdRoute } from './scripts/rtd-proxy-path.mjs';

const target = process.env.WALLBOARD_SERVER ?? 'http://127.0.0.1:4300';

/** The wallboard server's API and its push socket (the rule below has already refused a disguised path). */
const isApiPath = (url) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

/**
 * The proxy rule of scripts/rtd-proxy-path.mjs, the one the wallboard server applies, in Vite's terms: a string sends
 * the request on to the dev server unchanged (the app's paths, its live-reload socket), false answers 404 (a disguised
 * path, anything under /rtdserver but /rtdserver itself), and nothing returned proxies it (/api as it is, /rtdserver
 * with the URL the rule rebuilt).
 */
function applyProxyRule(req) {
  // The dev server's own module and file URLs stay with it: Angular serves assets as /@fs/ + an absolute path,
  // a doubled slash the rule would call disguised. Only a forwarded route ever reaches the RTD Server.
  if (req.url?.startsWith('/@')) return req.url;
  const route = rtdRoute(req.url);
  if (route.action === 'app') return isApiPath(req.url) ? undefined : req.url;
  if (route.action === 'refuse') return false;
  req.url = route.url;
  return undefined;
}

export default {
  // Every request: Vite matches a '^' key as a regular expression, and a plain '/rtdserver' key would match by
  // prefix only, letting /rtdserver/../simulator through and leaving /x/../rtdserver to the page fallback.
  '^/': {
    target,
    ws: true,
    changeOrigin: true,
    // The server sees its own origin on the socket: it and the emulator refuse a cookie socket from another origin.
    rewriteWsOrigin: true,
    secure: false,
    // Cookies set by the servers must stick to the dev server's origin.
    cookieDomainRewrite: '',
    bypass: applyProxyRule,
  },
};
