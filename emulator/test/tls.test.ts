/** Served over TLS, as a TVox host is: HTTPS and WSS work, and the session cookie is `Secure`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestEmulator } from './support.ts';

function selfSignedCertificate(): { keyFile: string; certFile: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rtd-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
  return { keyFile, certFile, dir };
}

function post(url: string, body: unknown, cookie?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', rejectUnauthorized: false, headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) } }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

test('HTTPS login sets a Secure session cookie, and a WSS subscription works with it', { timeout: 30_000 }, async () => {
  const tls = selfSignedCertificate();
  try {
    const rtd = await startTestEmulator({ tls: { keyFile: tls.keyFile, certFile: tls.certFile } });
    assert.match(rtd.url, /^https:\/\//);
    const login = await post(rtd.url, { query: 'mutation { login(username: "admin", password: "admin") { username } }' });
    assert.equal(login.body.data.login.username, 'admin');
    const cookie = (login.headers['set-cookie'] as string[]).find((c) => c.startsWith('teleniaRtdSessionID='))!;
    assert.match(cookie, /; Secure/);
    const session = cookie.split(';')[0];
    const query = await post(rtd.url, { query: '{ serviceStats(filter: { CALL: { services: ["service_1"] } }) { code } }' }, session);
    assert.deepEqual(query.body.data.serviceStats, [{ code: 'service_1' }]);

    class CookieSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: { cookie: session }, rejectUnauthorized: false });
      }
    }
    const client = createClient({ url: rtd.url.replace(/^https/, 'wss'), webSocketImpl: CookieSocket, retryAttempts: 0 });
    const first = new Promise<unknown>((resolve, reject) => {
      client.subscribe(
        { query: 'subscription { serviceStats(filter: { CALL: { services: ["service_1", "service_2"] } }) { code channelStats { ... on ServiceCcCallAtStat { receivedCalls } } } }' },
        { next: resolve, error: reject, complete: () => {} },
      );
    });
    for (let i = 0; i < 50 && rtd.emulator.state().subscriptions === 0; i++) await new Promise((r) => setTimeout(r, 20));
    rtd.emulator.step(300);
    const message = (await first) as { data: { serviceStats: unknown[] } };
    assert.ok(message.data.serviceStats.length > 0);
    await client.dispose();
  } finally {
    rmSync(tls.dir, { recursive: true, force: true });
  }
});
