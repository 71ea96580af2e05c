/**
 * `/rtdserver/playground`: GraphiQL served from the installed packages (React 18, GraphiQL 3 and
 * graphql-ws UMD builds), so it works on a machine with no internet. Log in with the `login` mutation
 * first: the session cookie it sets authenticates the playground's later requests and its socket. Its toolbar
 * copies the operation as a curl command (curl-command.js), as the reference's Playground does.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ServerResponse } from 'node:http';

const require = createRequire(import.meta.url);

/** A file inside an installed package; packages' `exports` hide their UMD builds from require.resolve. */
function packageFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

const ASSETS: Record<string, { path: () => string; type: string }> = {
  'react.js': { path: () => packageFile('react', 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { path: () => packageFile('react-dom', 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { path: () => packageFile('graphiql', 'graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { path: () => packageFile('graphiql', 'graphiql.min.css'), type: 'text/css' },
  'graphql-ws.js': { path: () => packageFile('graphql-ws', 'umd/graphql-ws.min.js'), type: 'text/javascript' },
  'playground.js': { path: () => new URL('./playground-page.js', import.meta.url).pathname, type: 'text/javascript' },
  // Imported by playground.js, and by node's tests: one cURL builder for both.
  'curl-command.js': { path: () => new URL('./curl-command.js', import.meta.url).pathname, type: 'text/javascript' },
};

const cache = new Map<string, Buffer>();

function asset(name: string): Buffer | null {
  const entry = ASSETS[name];
  if (!entry) return null;
  if (!cache.has(name)) cache.set(name, readFileSync(entry.path()));
  return cache.get(name)!;
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>RTD Server emulator · Playground</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/rtdserver/playground/assets/graphiql.css">
<style>html, body, #playground { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="playground">Loading the playground…</div>
<script src="/rtdserver/playground/assets/react.js"></script>
<script src="/rtdserver/playground/assets/react-dom.js"></script>
<script src="/rtdserver/playground/assets/graphql-ws.js"></script>
<script src="/rtdserver/playground/assets/graphiql.js"></script>
<script type="module" src="/rtdserver/playground/assets/playground.js"></script>
</body>
</html>`;

/** Serves the playground page and its assets; returns false for paths that are not the playground's. */
export function servePlayground(path: string, res: ServerResponse): boolean {
  if (path === '/rtdserver/playground' || path === '/rtdserver/playground/') {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws: wss:",
    });
    res.end(PAGE);
    return true;
  }
  const prefix = '/rtdserver/playground/assets/';
  if (!path.startsWith(prefix)) return false;
  const name = path.slice(prefix.length);
  const body = asset(name);
  if (!body) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    return true;
  }
  res.writeHead(200, { 'content-type': `${ASSETS[name].type}; charset=utf-8`, 'cache-control': 'public, max-age=3600' }).end(body);
  return true;
}
