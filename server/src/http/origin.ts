/**
 * True when no Origin was sent (not a browser: it could send any Origin anyway) or it is this server's own: an
 * http(s) origin, well formed, with the request's Host. `null`, empty, file:// and malformed origins are not.
 */
export function isOwnOrigin(origin: string | undefined, host: string | undefined): boolean {
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
