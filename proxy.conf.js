// `ng serve` proxy: /rtdserver (HTTP and WebSocket) to the RTD Server. `npm start` sets RTD_TARGET to the
// embedded emulator, or to https://$TVOX_HOST when that is given. Self-signed certificates are accepted:
// TVox hosts on a LAN often have one.
// An ES module (the package is "type": "module"); the Angular CLI loads it with require(), which Node 20.19+ allows
// for a module without top-level await, or else with import().
import { rtdRoute } from './scripts/rtd-proxy-path.mjs';

const target = process.env.RTD_TARGET ?? (process.env.TVOX_HOST ? `https://${process.env.TVOX_HOST}` : 'http://127.0.0.1:4000');

/**
 * The proxy rule of scripts/rtd-proxy-path.mjs, the one `npm run serve` applies, in Vite's terms: a string sends the
 * request on to the dev server unchanged (the app's paths, its live-reload socket), false answers 404 (a disguised
 * path, anything under /rtdserver but /rtdserver itself), and nothing returned proxies it with the URL the rule rebuilt.
 */
function applyProxyRule(req) {
  // The dev server's own module and file URLs stay with it: Angular serves assets as /@fs/ + an absolute path,
  // a doubled slash the rule would call disguised. Only a forwarded route ever reaches the RTD Server.
  if (req.url?.startsWith('/@')) return req.url;
  const route = rtdRoute(req.url);
  if (route.action === 'app') return req.url;
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
    // The RTD Server sees its own origin on the socket: the emulator refuses a cookie socket from another origin.
    rewriteWsOrigin: true,
    secure: false,
    // Cookies set by the server must stick to the dev server's origin.
    cookieDomainRewrite: '',
    bypass: applyProxyRule,
  },
};
