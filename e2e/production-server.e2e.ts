/**
 * `npm run build` + `npm run serve`: the production build (built once here, into a temporary directory, with its
 * service worker) served by scripts/serve.mjs with the embedded emulator. Its headers (CSP, nosniff, cache policy,
 * gzip), the SPA fallback and a 404 for a missing file; the app running in Chromium with no CSP violation, logged
 * in with live tiles through the proxied socket; and, once the service worker is installed, a reload with the
 * server stopped still showing the app. Also the message when there is no build.
 * E2E_PROD_DIST=/path/to/browser reuses a build made with `npm run build` instead (quicker while iterating).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants, gunzipSync } from 'node:zlib';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { ADMIN, CHROMIUM, CHROMIUM_FLAGS, ROOT, assertChromium, badgeState, freePort, loginThroughForm, readShown, sleep, startProcess, stopProcess, waitForPath } from './harness.ts';

const BUILD_MS = 400_000;
const EMULATOR_ARGS = ['--start', '2026-11-24T10:00:00Z', '--seed', '7', '--tick-ms', '500', '--speed', '4'];
/** The server's database for this file: kept across its restarts, as a deploy keeps it. */
const dataDir = mkdtempSync(join(tmpdir(), 'rtd-prod-data-'));

/** Runs node with `args` in the project, failing with its output if it does not exit 0. */
function runNode(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = BUILD_MS): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node ${args.join(' ')} took longer than ${timeoutMs / 1000} s:\n${output.slice(-3000)}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw GET (no automatic decompression, so Content-Encoding is what the server sent). */
function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('latin1') }));
    })
      .on('error', reject)
      .end();
  });
}

/** Parses a Content-Security-Policy header into directive → sources. */
function parseCsp(header: string): Map<string, string[]> {
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

test('npm run serve without a build says to run npm run build first', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rtd-no-build-'));
  try {
    const { code, output } = await runNode(['--import', 'tsx', 'server/src/main.ts'], { DIST: dir, PORT: String(await freePort()) }, 30_000);
    assert.equal(code, 3);
    assert.match(output, /run npm run build first/);
    assert.doesNotMatch(output, /ready at/, 'no emulator was started for nothing');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('the production server', { timeout: 900_000 }, () => {
  let buildDir: string | undefined;
  let dist: string;
  let server: Awaited<ReturnType<typeof startProcess>> | undefined;
  let origin: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const violations: string[] = [];

  before(async () => {
    assertChromium();
    if (process.env.E2E_PROD_DIST) {
      dist = process.env.E2E_PROD_DIST;
    } else {
      // Built once for the whole file, as `npm run build` does (ng build, the service worker, the precompressed copies), into a
      // temporary directory, so it never touches dist/ and works from a clean clone.
      buildDir = mkdtempSync(join(tmpdir(), 'rtd-prod-build-'));
      const ng = await runNode(['node_modules/@angular/cli/bin/ng.js', 'build', '--output-path', buildDir], { NG_CLI_ANALYTICS: 'false', NG_FORCE_TTY: 'false' });
      assert.equal(ng.code, 0, `ng build failed:\n${ng.output.slice(-3000)}`);
      dist = join(buildDir, 'browser');
      const sw = await runNode(['scripts/build-sw.mjs', dist], {}, 60_000);
      assert.equal(sw.code, 0, `build-sw failed:\n${sw.output}`);
      const precompressed = await runNode(['scripts/precompress.mjs', dist], {}, 120_000);
      assert.equal(precompressed.code, 0, `precompress failed:\n${precompressed.output}`);
    }
    const port = await freePort();
    server = await startProcess(
      'npm run serve',
      ['--import', 'tsx', 'server/src/main.ts', ...EMULATOR_ARGS],
      { DIST: dist, PORT: String(port), HOST: '127.0.0.1', EMULATOR_PORT: String(await freePort()), DATA_DIR: dataDir },
      /open (http:\/\/127\.0\.0\.1:\d+)\//,
      60_000,
    );
    origin = server.match[1];
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
    context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'en-US' });
    context.setDefaultTimeout(15_000);
    // Every CSP violation of every document, reported from inside the page and from the console.
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sample})`));
    });
    page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|CSP violation/i.test(message.text())) violations.push(message.text());
    });
  });

  after(async () => {
    await context?.close().catch(() => {});
    await browser?.close().catch(() => {});
    await stopProcess(server?.child);
    if (buildDir) rmSync(buildDir, { recursive: true, force: true });
  });

  test('prints the URL and the login', () => {
    const printed = server!.output.join('\n');
    assert.match(printed, /RTD Server emulator .* ready at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(printed, /Log in as admin \/ admin/);
  });

  test('index.html: a strict CSP, the security headers, revalidated every time', async () => {
    const index = await get(`${origin}/`);
    assert.equal(index.status, 200);
    assert.match(index.body, /<app-root ngCspNonce="[A-Za-z0-9+/=]{20,}"/);
    const csp = parseCsp(String(index.headers['content-security-policy']));
    const nonce = index.body.match(/ngCspNonce="([^"]+)"/)![1];
    assert.deepEqual(csp.get('default-src'), ["'self'"]);
    assert.deepEqual(csp.get('script-src')?.slice(0, 1), ["'self'"]);
    assert.ok(
      csp
        .get('script-src')!
        .slice(1)
        .every((s) => /^'sha256-[A-Za-z0-9+/=]+'$/.test(s)),
      `script-src: only self and hashes (${csp.get('script-src')})`,
    );
    assert.deepEqual(csp.get('style-src'), ["'self'", `'nonce-${nonce}'`], 'styles: self and the nonce the page carries');
    assert.ok(csp.get('connect-src')!.includes("'self'") && csp.get('connect-src')!.some((s) => s.startsWith('ws://127.0.0.1:')), 'connect-src: self and its socket');
    assert.deepEqual(csp.get('frame-ancestors'), ["'none'"]);
    assert.deepEqual(csp.get('object-src'), ["'none'"]);
    assert.deepEqual(csp.get('font-src'), ["'self'"]);
    const all = [...csp.values()].flat();
    assert.ok(!all.includes("'unsafe-eval'") && !all.includes("'unsafe-inline'"), 'no unsafe-eval or unsafe-inline anywhere');
    assert.ok(!csp.has('upgrade-insecure-requests'), 'plain HTTP on a LAN must keep working');

    assert.equal(index.headers['x-content-type-options'], 'nosniff');
    assert.equal(index.headers['referrer-policy'], 'no-referrer');
    assert.equal(index.headers['x-frame-options'], 'DENY');
    assert.equal(index.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
    assert.equal(index.headers['x-powered-by'], undefined);
    assert.equal(index.headers['cache-control'], 'no-cache');

    const again = await get(`${origin}/`);
    assert.notEqual(again.body.match(/ngCspNonce="([^"]+)"/)![1], nonce, 'a fresh nonce per response');
  });

  test('hashed assets are immutable for a year, sent precompressed as the browser accepts (Brotli first); sw.js is revalidated', async () => {
    const index = await get(`${origin}/`);
    const main = index.body.match(/src="(main-[A-Z0-9]{8}\.js)"/)?.[1];
    const styles = index.body.match(/href="(styles-[A-Z0-9]{8}\.css)"/)?.[1];
    assert.ok(main && styles, 'index.html names its hashed main script and stylesheet');
    for (const file of [main, styles]) {
      const built = readFileSync(join(dist, file!));
      const brotli = await get(`${origin}/${file}`, { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(brotli.status, 200, file);
      assert.equal(brotli.headers['cache-control'], 'public, max-age=31536000, immutable', file);
      assert.equal(brotli.headers['content-encoding'], 'br', `${file}: Brotli for a browser that accepts it`);
      assert.match(String(brotli.headers['content-type'] ?? ''), file!.endsWith('.js') ? /javascript/ : /text\/css/, file);
      assert.match(String(brotli.headers.vary ?? ''), /Accept-Encoding/i, `${file}: caches told the answer depends on Accept-Encoding`);
      assert.ok(brotliDecompressSync(Buffer.from(brotli.body, 'latin1')).equals(built), `${file}: the Brotli copy is the built file`);
      // The precompressed copy at quality 11, not one made on the fly at quality 4: smaller than that would be.
      assert.ok(brotli.body.length < brotliCompressSync(built, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } }).length, `${file}: smaller than on the fly`);
      const gzip = await get(`${origin}/${file}`, { 'accept-encoding': 'gzip' });
      assert.equal(gzip.headers['content-encoding'], 'gzip', file);
      assert.equal(gzip.headers['cache-control'], 'public, max-age=31536000, immutable', file);
      assert.ok(gunzipSync(Buffer.from(gzip.body, 'latin1')).equals(built), `${file}: the gzip copy is the built file`);
      const identity = await get(`${origin}/${file}`);
      assert.equal(identity.headers['content-encoding'], undefined, `${file}: nothing compressed for a client that did not ask`);
      assert.ok(Buffer.from(identity.body, 'latin1').equals(built), `${file}: as built`);
    }
    // The page itself is compressed as it is sent (it carries a fresh CSP nonce each time).
    assert.equal((await get(`${origin}/kiosk`, { 'accept-encoding': 'gzip' })).headers['content-encoding'], 'gzip');
    const css = readFileSync(join(dist, styles!), 'utf8');
    const font = css.match(/media\/[\w-]+-[A-Z0-9]{8}\.woff2/)?.[0];
    assert.ok(font, 'the stylesheet names a hashed woff2 font');
    assert.equal((await get(`${origin}/${font}`)).headers['cache-control'], 'public, max-age=31536000, immutable', font);
    const sw = await get(`${origin}/sw.js`, { 'accept-encoding': 'br' });
    assert.equal(sw.status, 200);
    assert.equal(sw.headers['cache-control'], 'no-cache');
    const mangled = await get(`${origin}/${main}%E0%A4%A`, { 'accept-encoding': 'br' });
    assert.ok(mangled.status >= 400 && mangled.status < 500, `a path that does not decode is refused (${mangled.status})`);
    assert.equal((await get(`${origin}/${main}`, { 'accept-encoding': 'br' })).status, 200, 'and the server goes on answering');
  });

  test('SPA fallback: page paths are the app, a missing file is 404', async () => {
    for (const path of ['/kiosk', '/services?board=x', '/kiosk/floor-1']) {
      const answer = await get(`${origin}${path}`);
      assert.equal(answer.status, 200, path);
      assert.match(answer.body, /<app-root/, path);
      assert.equal(answer.headers['cache-control'], 'no-cache', path);
    }
    for (const path of ['/missing.js', '/media/missing.woff2', '/chunk-NOTTHERE.js']) {
      const answer = await get(`${origin}${path}`);
      assert.equal(answer.status, 404, path);
      assert.doesNotMatch(answer.body, /<app-root/, path);
    }
  });

  test('the app runs under the CSP: login, live tiles through the proxied socket, no violation', async () => {
    await page.goto(`${origin}/services`);
    await waitForPath(page, '/login');
    await loginThroughForm(page, ADMIN.username, ADMIN.password);
    await waitForPath(page, '/services');
    await page.locator('[data-service] [data-field="receivedCalls"]').first().waitFor();
    for (let i = 0; i < 40 && (await badgeState(page)) !== 'live'; i++) await sleep(250);
    assert.equal(await badgeState(page), 'live', 'the socket through the production server is live');
    const shown = await readShown(page, 'data-service');
    const numbers = Object.values(shown)
      .flatMap((fields) => Object.values(fields))
      .filter((v) => /^\d+([.,]\d+)?/.test(v));
    assert.ok(Object.keys(shown).length > 0 && numbers.length > 0, `tiles with numbers (${JSON.stringify(shown).slice(0, 300)})`);
    const session = (await context.cookies()).find((c) => c.name === 'teleniaRtdSessionID');
    assert.ok(session && session.domain === '127.0.0.1', 'the session cookie belongs to the production server');
    assert.deepEqual(violations, [], 'no CSP violation');
  });

  test("every page renders under the CSP, the donut and an agent's ECharts bars included; the check itself sees a violation when there is one", async () => {
    for (const path of ['/groups', '/agents', '/boards', '/services']) {
      await page.goto(`${origin}${path}`);
      await waitForPath(page, path);
      await page.locator('main, app-root > *').first().waitFor();
      if (path === '/agents') {
        // The donut is CSS (a gradient set through the CSSOM); an agent's detail has ECharts' bars (lazy chunk, canvas).
        await page.locator('app-donut .ring').first().waitFor();
        await page.locator('[role="row"][data-username]').first().click();
        await page.locator('[data-chart="time-per-state"] canvas').waitFor();
        await page.keyboard.press('Escape');
      }
      await sleep(1_500);
    }
    assert.deepEqual(violations, [], 'no CSP violation on any page');
    // A style element without the nonce is refused, and reported: the check above is not blind.
    await page.evaluate(() => document.head.append(Object.assign(document.createElement('style'), { textContent: 'body { outline: 1px solid red }' })));
    // Chromium's own console message and the page's event both arrive; give both time before clearing.
    for (let i = 0; i < 20 && violations.length < 2; i++) await sleep(100);
    await sleep(300);
    assert.ok(violations.length > 0, 'the injected style is blocked and reported');
    for (const violation of violations) assert.match(violation, /style-src/);
    violations.length = 0;
  });

  test('once the service worker is installed, the app starts with the server stopped', async () => {
    const controlled = await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      for (let i = 0; i < 40 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 250));
      return navigator.serviceWorker.controller?.scriptURL ?? null;
    });
    assert.equal(controlled, `${origin}/sw.js`);
    await stopProcess(server!.child);
    assert.equal(
      await fetch(origin).then(
        () => 'up',
        () => 'down',
      ),
      'down',
      'the server is stopped',
    );

    const offline = await page.goto(`${origin}/services`);
    assert.ok(offline?.fromServiceWorker(), 'the service worker answered the navigation');
    assert.doesNotMatch(page.url(), /^chrome-error:/);
    // The app itself starts: its shell renders and knows it cannot reach the server.
    await page.waitForFunction(() => (document.querySelector('app-root')?.children.length ?? 0) > 0);
    assert.match(await page.title(), /RTD Wallboard/);
    assert.deepEqual(violations, [], 'no CSP violation offline either');
  });

  test('a TV that boots while the network is down says "Offline, retrying", and shows its board once the server answers, by itself', async () => {
    const tv = await context.newPage();
    try {
      await tv.goto(`${origin}/kiosk#token=rtd-wallboard-kiosk-demo-token`);
      await tv.getByTestId('kiosk-unreachable').filter({ hasText: 'Offline, retrying' }).waitFor({ timeout: 30_000 });
      assert.doesNotMatch(tv.url(), /token=/, 'the token left the address bar, offline too');
      const port = new URL(origin).port;
      server = await startProcess(
        'npm run serve (back)',
        ['--import', 'tsx', 'server/src/main.ts', ...EMULATOR_ARGS],
        { DIST: dist, PORT: port, HOST: '127.0.0.1', EMULATOR_PORT: String(await freePort()), DATA_DIR: dataDir },
        /open (http:\/\/127\.0\.0\.1:\d+)\//,
        60_000,
      );
      // Nobody touches the TV: it logs in with the token it kept and plays its board.
      await tv.waitForFunction(() => document.querySelector('app-kiosk-page')?.getAttribute('data-phase') === 'playing', null, { timeout: 90_000 });
      await tv.locator('[data-service] [data-field]').first().waitFor({ timeout: 30_000 });
    } finally {
      await tv.close();
    }
  });

  test('a new deploy (a changed sw.js) is noticed by the running page, which offers a reload (a kiosk reloads by itself)', async () => {
    const swFile = join(dist, 'sw.js');
    const original = readFileSync(swFile, 'utf8');
    const messages: string[] = [];
    page.on('console', (message) => messages.push(message.text()));
    // The deploy is a restart of the server with the new files.
    await stopProcess(server?.child);
    try {
      appendFileSync(swFile, '\n// a new deploy\n');
      const port = new URL(origin).port;
      server = await startProcess(
        'npm run serve (new deploy)',
        ['--import', 'tsx', 'server/src/main.ts', ...EMULATOR_ARGS],
        { DIST: dist, PORT: port, HOST: '127.0.0.1', EMULATOR_PORT: String(await freePort()), DATA_DIR: dataDir },
        /open (http:\/\/127\.0\.0\.1:\d+)\//,
        60_000,
      );
      // The page asks for sw.js every 15 minutes by itself; a navigation makes the browser ask now.
      await page.goto(`${origin}/services`);
      // The restarted server has no session, so the page is on /login by now: the shell's banner is not shown there,
      // but the page knows, and it does not reload by itself (a supervisor may be editing).
      for (let i = 0; i < 60 && !messages.some((m) => m.includes('a new build of the app was deployed')); i++) await sleep(250);
      assert.ok(
        messages.some((m) => m.includes('A new build of the app was deployed: the page offers a reload')),
        `new build noticed (console: ${messages.join(' | ').slice(0, 500)})`,
      );
      assert.ok(!messages.some((m) => m.includes('Reloading when idle')), 'a supervisor page does not reload by itself');
    } finally {
      writeFileSync(swFile, original);
    }
  });

  test('Ctrl-C stops the server and its emulator', async () => {
    const emulatorOrigin = server!.output.join('\n').match(/ready at (http:\/\/[^\s/]+)/)![1];
    assert.equal(await fetch(`${emulatorOrigin}/simulator/state`).then((r) => r.status), 200, 'the emulator is up');
    const exited = new Promise<number | null>((resolve) => server!.child.once('exit', (code) => resolve(code)));
    process.kill(server!.child.pid!, 'SIGINT');
    assert.equal(await Promise.race([exited, sleep(10_000).then(() => 'still running')]), 0);
    await sleep(500);
    assert.equal(
      await fetch(origin).then(
        () => 'up',
        () => 'down',
      ),
      'down',
      'the server stopped',
    );
    assert.equal(
      await fetch(`${emulatorOrigin}/simulator/state`).then(
        () => 'up',
        () => 'down',
      ),
      'down',
      'the emulator stopped with it',
    );
  });
});
