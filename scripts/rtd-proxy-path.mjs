// The one rule for what a proxy in front of the RTD Server forwards, shared by the production server
// (scripts/serve.mjs) and the dev proxy (proxy.conf.js, used by `ng serve`). Plain ESM: serve.mjs runs on bare node.
//
// The rule: a request target is split into path and query; only the path `/rtdserver`, exactly, is forwarded (with
// its query, as sent), and the URL forwarded is rebuilt from what was checked. A path that is disguised (dot segments,
// raw or percent-encoded; encoded slashes or backslashes; backslashes; doubled slashes; control characters; a
// percent-encoding that does not decode) or that resolves under /rtdserver in any other way (/rtdserver/,
// /rtdserver/playground, /RTDSERVER, /rtdserver;x, /x/../rtdserver) is refused with 404: a server behind the proxy
// resolves such paths differently than the proxy reads them, which is how /rtdserver/../simulator reached the
// emulator's control plane. Browsers never send a disguised path (they resolve dot segments themselves), so the app
// loses nothing. The emulator's playground (/rtdserver/playground) is its developer tool and is not exposed through
// a proxy: open it on the emulator's own port.

/** The RTD Server's one path, the same on the emulator and on a TVox host. */
export const RTD_PATH = '/rtdserver';

/** Rounds of percent-decoding tried: %252e is %2e once decoded, and a server behind may decode again. */
const DECODE_ROUNDS = 4;

/**
 * The path and query of a request target, or null when it is not origin-form ("/…"): an absolute-form target
 * ("http://other/…") or "*" is never forwarded, nor a target with a fragment: browsers never send one, and the servers
 * behind read it differently (Express cuts the path at "#", so /%2e# was "/." to it and "/.#" to this rule).
 */
export function splitRequestTarget(url) {
  if (typeof url !== 'string' || !url.startsWith('/') || url.includes('#')) return null;
  const q = url.indexOf('?');
  return q < 0 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q) };
}

/** The path percent-decoded until it no longer changes, or null when a round fails or it keeps changing. */
export function fullyDecodedPath(path) {
  let current = path;
  for (let round = 0; round < DECODE_ROUNDS; round++) {
    let next;
    try {
      next = decodeURIComponent(current);
    } catch {
      return null;
    }
    if (next === current) return current;
    current = next;
  }
  return null;
}

/**
 * The path a lenient server behind the proxy could resolve: fully percent-decoded, backslashes read as slashes,
 * doubled slashes collapsed, dot segments resolved (never above the root); a trailing slash is kept.
 * Null when the path does not decode.
 */
export function normaliseRequestPath(path) {
  const decoded = fullyDecodedPath(path);
  if (decoded === null) return null;
  const segments = decoded.replaceAll('\\', '/').split('/').slice(1);
  const resolved = [];
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '..') resolved.pop();
    if (segment === '.' || segment === '..' || segment === '') {
      // A trailing dot segment or slash leaves the path ending in a slash, as URL resolution does.
      if (last) resolved.push('');
      return;
    }
    resolved.push(segment);
  });
  return `/${resolved.join('/')}`;
}

/**
 * True when the path says something other than it shows: it does not decode, or once decoded it holds a dot segment,
 * a backslash, a slash that was encoded, an empty segment before the last (a doubled slash) or a control character.
 */
export function isDisguisedPath(path) {
  const decoded = fullyDecodedPath(path);
  if (decoded === null) return true;
  // eslint-disable-next-line no-control-regex
  if (decoded.includes('\\') || /[\u0000-\u001f\u007f]/.test(decoded)) return true;
  const segments = decoded.split('/');
  if (segments.length !== path.split('/').length) return true;
  const named = segments.slice(1);
  return named.some((segment, i) => segment === '.' || segment === '..' || (segment === '' && i < named.length - 1));
}

/** True when the path is, or resolves to, anything under the RTD path, case aside (/RTDSERVER, /rtdserver-x too). */
function touchesRtdPath(normalisedPath) {
  return normalisedPath.toLowerCase().startsWith(RTD_PATH);
}

const REFUSE = Object.freeze({ action: 'refuse' });
const APP = Object.freeze({ action: 'app' });

/**
 * What a proxy does with a request target (`req.url` as received):
 *   { action: 'forward', url }  send it upstream with exactly this URL (the normalised path and the query)
 *   { action: 'refuse' }        answer 404 here: it must reach neither the upstream nor the app's page fallback
 *   { action: 'app' }           not the RTD Server's: the app (static files, page fallback) answers it
 */
export function rtdRoute(url) {
  const target = splitRequestTarget(url);
  if (!target || isDisguisedPath(target.path)) return REFUSE;
  const normalised = normaliseRequestPath(target.path);
  if (normalised === RTD_PATH && target.path === RTD_PATH) return { action: 'forward', url: `${RTD_PATH}${target.query}` };
  return touchesRtdPath(normalised) ? REFUSE : APP;
}
