#!/usr/bin/env node
// Post-build step of `npm run build`: writes sw.js, a Workbox service worker that precaches the app shell
// (index.html, the hashed JS/CSS, the woff2 fonts, the icon) so a TV that boots while the network is down shows the
// app, which then says "offline, retrying", instead of a browser error page.
//   node scripts/build-sw.mjs [BUILT_BROWSER_DIR]   (default dist/rtd-wallboard/browser)
// @angular/service-worker is not used: its registry release pins a different @angular/core than the one installed.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateSW } from 'workbox-build';
import { inlineScriptHashes } from './csp.mjs';

const root = new URL('..', import.meta.url).pathname;
const dist = resolve(root, process.argv[2] ?? 'dist/rtd-wallboard/browser');
if (!existsSync(join(dist, 'index.html'))) {
  console.error(`build-sw: no index.html in ${dist}: run ng build first.`);
  process.exit(3);
}

const { count, size, warnings } = await generateSW({
  globDirectory: dist,
  // Chromium only ever fetches the woff2 of each font; the .woff copies stay out of the cache.
  globPatterns: ['index.html', '*.{js,css}', 'media/*.woff2', 'fonts/*.woff2', '*.{ico,png,svg,webmanifest}'],
  globIgnores: ['sw.js'],
  // The Material Symbols font is about 4 MB, and the icons must show offline too.
  maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
  // Names with a content hash are their own version: no cache-busting query when precaching them.
  dontCacheBustURLsMatching: /-[A-Z0-9]{8}\.(?:js|css|woff2)$/,
  swDest: join(dist, 'sw.js'),
  // One file: nothing else for the server to cache correctly, nothing more for the CSP to allow.
  inlineWorkboxRuntime: true,
  mode: 'production',
  sourcemap: false,
  // Any page path (/kiosk, /services?board=x) is the app shell; the RTD Server's path never is.
  navigateFallback: '/index.html',
  navigateFallbackDenylist: [/^\/rtdserver/],
  // A new deploy's worker takes over at once; the app sees the controller change and reloads at a quiet moment
  // (src/app/app-updates.ts). The old page's lazy chunks are gone from the server after a deploy anyway.
  skipWaiting: true,
  clientsClaim: true,
  cleanupOutdatedCaches: true,
});
for (const warning of warnings) console.warn(`build-sw: ${warning}`);
console.log(`build-sw: ${join(dist, 'sw.js')} precaches ${count} files, ${(size / 1024 / 1024).toFixed(1)} MB`);
// For a web server other than `npm run serve` (README, Production): the hashes its script-src must allow.
console.log(`build-sw: index.html's inline script needs script-src ${inlineScriptHashes(readFileSync(join(dist, 'index.html'), 'utf8')).join(' ')}`);
