/**
 * `TVOX_HOST=host npm start` against a host served like a TVox one: HTTPS and WSS with a self-signed
 * certificate (here, the emulator with --tls-key/--tls-cert). No emulator starts; the dev server's proxy
 * reaches the host, the Secure session cookie sticks, the socket goes live, and Ctrl-C stops everything.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ADMIN, CHROMIUM, CHROMIUM_FLAGS, assertChromium, badgeState, freePort, loginThroughForm, sleep, startProcess, stopProcess, waitForPath } from './harness.ts';

test('TVOX_HOST: the wallboard on an HTTPS host with a self-signed certificate, then Ctrl-C stops it', { timeout: 300_000 }, async () => {
  assertChromium();
  const dir = mkdtempSync(join(tmpdir(), 'rtd-tvox-host-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
  const host = await startProcess(
    'TLS emulator',
    ['--import', 'tsx', 'emulator/src/main.ts', '--port', '0', '--tls-key', key, '--tls-cert', cert],
    {},
    /ready at https:\/\/127\.0\.0\.1:(\d+)/,
    60_000,
  );
  const appPort = await freePort();
  let start: Awaited<ReturnType<typeof startProcess>> | undefined;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    start = await startProcess(
      'npm start',
      ['scripts/start.mjs'],
      { TVOX_HOST: `127.0.0.1:${host.match[1]}`, PORT: String(appPort), SERVER_PORT: String(await freePort()), DATA_DIR: mkdtempSync(join(tmpdir(), 'rtd-tvox-data-')) },
      /open (http:\/\/127\.0\.0\.1:\d+\/)/,
      240_000,
    );
    const printed = start.output.join('\n');
    assert.match(printed, new RegExp(`RTD Server: https://127\\.0\\.0\\.1:${host.match[1]}`));
    assert.doesNotMatch(printed, /RTD Server emulator .* ready/, 'no embedded emulator with TVOX_HOST');

    const page = await browser.newPage();
    await page.goto(`${start.match[1]}services`);
    await waitForPath(page, '/login');
    await loginThroughForm(page, ADMIN.username, ADMIN.password);
    await waitForPath(page, '/services');
    await page.locator('[data-service="service_1/CALL"] [data-field="receivedCalls"]').waitFor();
    for (let i = 0; i < 40 && (await badgeState(page)) !== 'live'; i++) await sleep(250);
    assert.equal(await badgeState(page), 'live', 'the socket through the proxy is live');
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'teleniaRtdSessionID');
    assert.ok(session?.secure && session.httpOnly, 'the Secure, HttpOnly session cookie was kept on the dev server origin');

    // Ctrl-C: npm start stops ng serve and exits.
    const exited = new Promise<number | null>((resolve) => start!.child.once('exit', (code) => resolve(code)));
    process.kill(start.child.pid!, 'SIGINT');
    assert.equal(await Promise.race([exited, sleep(15_000).then(() => 'still running')]), 0);
    await sleep(500);
    const stillServing = await fetch(start.match[1]).then(
      () => true,
      () => false,
    );
    assert.equal(stillServing, false, 'ng serve stopped with it');
  } finally {
    await browser.close();
    await stopProcess(start?.child);
    await stopProcess(host.child);
    rmSync(dir, { recursive: true, force: true });
  }
});
