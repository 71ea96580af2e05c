// The Content-Security-Policy pieces that depend on the built index.html, shared by the production server
// (scripts/serve.mjs) and the post-build step (scripts/build-sw.mjs prints them for other web servers).
import { createHash } from 'node:crypto';

/** `'sha256-…'` sources for the inline scripts of a page (index.html's theme-before-first-paint script). */
export function inlineScriptHashes(html) {
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => `'sha256-${createHash('sha256').update(m[1], 'utf8').digest('base64')}'`);
}
