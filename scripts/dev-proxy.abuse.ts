/**
 * The dev proxy (proxy.conf.js), loaded as `ng serve` loads it and run by Vite's own proxy, applies the same rule as
 * the production server: the upstream sees /rtdserver and nothing else, disguised paths are 404, the app keeps its own.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { loadProxyConfiguration } from '@angular/build/private';
import { createServer as createViteServer } from 'vite';
import { ROOT } from '../emulator/test/abuse-support.ts';
import { rawRequest, requestText, upgradeText } from '../emulator/test/raw-requests.ts';

/** A stand-in RTD Server that records every path it is asked for, HTTP and upgrade alike. */
const upstreamPaths: string[] = [];
const upstream = createHttpServer((req, res) => {
  upstreamPaths.push(req.url ?? '');
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"serverHealth":{"status":"PASS"}}}');
});
upstream.on('upgrade', (req, socket: Socket) => {
  upstreamPaths.push(req.url ?? '');
  socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n');
});
await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', () => resolve()));
after(() => new Promise<void>((resolve) => upstream.close(() => resolve())));

// proxy.conf.js reads its target when it loads, as under `npm start`.
process.env.WALLBOARD_SERVER = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
const proxy = await loadProxyConfiguration(ROOT, 'proxy.conf.js');

const appRoot = mkdtempSync(join(tmpdir(), 'rtd-dev-proxy-'));
after(() => rmSync(appRoot, { recursive: true, force: true }));
writeFileSync(join(appRoot, 'index.html'), '<!doctype html><html><body><app-root></app-root></body></html>');
const vite = await createViteServer({
  configFile: false,
  root: appRoot,
  appType: 'spa',
  logLevel: 'silent',
  optimizeDeps: { noDiscovery: true, include: [] },
  server: { host: '127.0.0.1', port: 0, proxy, hmr: false, watch: null },
});
await vite.listen();
after(() => vite.close());
const origin = `http://127.0.0.1:${(vite.httpServer!.address() as AddressInfo).port}`;
const host = new URL(origin).host;

const REFUSED = [
  '/rtdserver/../simulator/state',
  '/rtdserver/%2e%2e/simulator/reset',
  '/rtdserver/..%2fsimulator/state',
  '/rtdserver\\..\\simulator',
  '//rtdserver/../simulator',
  '/rtdserver/%252e%252e/simulator/state',
  '/rtdserver/playground',
  '/rtdserver/',
  '/x/../rtdserver',
  '/RTDSERVER',
];

it('disguised paths and the rest of /rtdserver: 404 from the dev server, HTTP and upgrade, never the upstream or the page', async () => {
  for (const target of REFUSED) {
    for (const method of ['GET', 'POST']) {
      const answer = await rawRequest(origin, requestText(method, target, host, { 'content-type': 'application/json', accept: 'text/html' }, method === 'POST' ? '{"seed":42}' : ''));
      assert.equal(answer.status, 404, `${method} ${target}: ${answer.head}`);
      assert.doesNotMatch(answer.body, /<app-root/);
    }
    const upgrade = await rawRequest(origin, upgradeText(target, host));
    assert.equal(upgrade.status, 404, `upgrade to ${target}: ${upgrade.head}`);
  }
  assert.deepEqual(upstreamPaths, []);
});

it('/rtdserver with its query and /api go upstream as sent, HTTP and upgrade; a page path stays with the app', async () => {
  const query = '/rtdserver?query=%7B%20serverHealth%20%7B%20status%20%7D%20%7D';
  const answer = await rawRequest(origin, requestText('GET', query, host));
  assert.equal(answer.status, 200, answer.head);
  assert.match(answer.body, /serverHealth/);
  const upgrade = await rawRequest(origin, upgradeText('/rtdserver', host));
  assert.equal(upgrade.status, 503, `the upstream's answer comes back: ${upgrade.head}`);
  // Angular's dev server serves assets as /@fs/ + an absolute path (a doubled slash): the dev server's own.
  const asset = await rawRequest(origin, requestText('GET', `/@fs/${join(appRoot, 'index.html')}`, host));
  assert.equal(asset.status, 200, asset.head);
  assert.match(asset.body, /<app-root/);
  const page = await rawRequest(origin, requestText('GET', '/kiosk', host, { accept: 'text/html' }));
  assert.equal(page.status, 200, page.head);
  assert.match(page.body, /<app-root/);
  // The wallboard server's API and its push socket go to the same server.
  const api = await rawRequest(origin, requestText('GET', '/api/boards', host));
  assert.equal(api.status, 200, api.head);
  const push = await rawRequest(origin, upgradeText('/api/push', host));
  assert.equal(push.status, 503, `the server's answer comes back: ${push.head}`);
  assert.deepEqual(upstreamPaths, [query, '/rtdserver', '/api/boards', '/api/push']);
});
