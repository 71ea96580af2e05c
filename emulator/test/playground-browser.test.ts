/**
 * The playground in a real browser (Debian's Chromium): it loads with no internet, a login run in it sets
 * the session cookie, and a stats query run next is answered with live data. "Copy as cURL" copies the
 * operation under the cursor, without the session, and the copied command answers when a shell runs it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { type Page, chromium } from 'playwright-core';
import { startTestEmulator } from './support.ts';

const CHROMIUM = process.env.CHROME_BIN ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

test('the playground runs a login and then a live query, loading nothing from other hosts', { timeout: 60_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install Debian's chromium package or set CHROME_BIN`);
  const rtd = await startTestEmulator();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.protocol.startsWith('http') && url.host !== new URL(rtd.origin).host) foreign.push(r.url());
    });
    await page.goto(`${rtd.url}/playground`);
    const editor = page.locator('.graphiql-query-editor .CodeMirror').first();
    await editor.waitFor();
    const run = async (operation: string, expected: RegExp) => {
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      await page.keyboard.insertText(operation);
      // GraphiQL reads the operation name after a short debounce; a person never runs faster than that.
      await page.waitForTimeout(600);
      await page.keyboard.press('Control+Enter');
      const result = page.locator('.result-window');
      await result
        .filter({ hasText: expected })
        .waitFor({ timeout: 15_000 })
        .catch(async (error) => {
          throw new Error(`${expected} never shown; the result pane says: ${await result.innerText()}`, { cause: error });
        });
    };
    await run('mutation Login { login(username: "admin", password: "admin") { username supervisor } }', /"supervisor": true/);
    const cookies = await page.context().cookies();
    assert.ok(
      cookies.some((c) => c.name === 'teleniaRtdSessionID' && c.httpOnly),
      'the login set the HttpOnly session cookie',
    );
    await run('query Services { serviceStats(filter: { CALL: { services: ["service_1"] } }) { code channel } }', /"code": "service_1"/);
    assert.deepEqual(foreign, [], 'no request left this machine');
  } finally {
    await browser.close();
  }
});

/** Replaces the query editor's text, leaving the cursor at its end, and waits for GraphiQL to read it. */
async function typeOperation(page: Page, text: string): Promise<void> {
  await page.locator('.graphiql-query-editor .CodeMirror').first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  await page.waitForTimeout(600);
}

/** Clicks "Copy as cURL" and returns what it put on the (stubbed) clipboard. */
async function copyAsCurl(page: Page): Promise<string> {
  const before = await page.evaluate(() => (window as unknown as { copied: string[] }).copied.length);
  await page.locator('button[data-action="copy-as-curl"]').click();
  await page.waitForFunction((n) => (window as unknown as { copied: string[] }).copied.length > n, before);
  return page.evaluate(() => (window as unknown as { copied: string[] }).copied.at(-1)!);
}

test('Copy as cURL copies the operation under the cursor, without the session, and the copied command answers', { timeout: 60_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install Debian's chromium package or set CHROME_BIN`);
  const rtd = await startTestEmulator();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const shell = async (command: string) => JSON.parse((await promisify(execFile)('sh', ['-c', command], { timeout: 15_000 })).stdout);
  try {
    const page = await browser.newPage();
    // The clipboard as the page sees it: what the button writes is kept for the test to read. (A string: tsx's
    // helpers would not exist in the page.)
    await page.addInitScript(`
      window.copied = [];
      Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text) => void window.copied.push(text) } });
    `);
    await page.goto(`${rtd.url}/playground`);
    await page.locator('.graphiql-query-editor .CodeMirror').first().waitFor();
    await typeOperation(page, 'mutation Login { login(username: "admin", password: "admin") { username } }');
    await page.keyboard.press('Control+Enter');
    await page.locator('.result-window').filter({ hasText: '"username": "admin"' }).waitFor({ timeout: 15_000 });
    assert.ok(
      (await page.context().cookies()).some((c) => c.name === 'teleniaRtdSessionID'),
      'the page is logged in',
    );

    // Two operations, the cursor at the end of the second: only that one is copied, never the login's password.
    await typeOperation(
      page,
      'mutation Login { login(username: "admin", password: "admin") { username } }\nquery Services { serviceStats(filter: { CALL: { services: ["service_1"] } }) { code channel } }',
    );
    const services = await copyAsCurl(page);
    assert.match(services, /serviceStats/);
    assert.doesNotMatch(services, /password|teleniaRtdSessionID|cookie|authorization/i);
    assert.equal(await page.locator('button[data-action="copy-as-curl"]').getAttribute('aria-label'), 'Copied as cURL');
    // The page's session stayed in the page: the copied command is refused until its user adds a credential.
    assert.ok((await shell(services)).errors?.length, 'the command carries no session');

    // The reference's version example, as the reference writes it.
    const reference = readFileSync(new URL('../../../shared/seeds/000_0e86268f14c0b0fb.txt', import.meta.url), 'utf8');
    const example = reference.split(/\r?\n/).find((l) => l.startsWith('curl ') && l.includes('version {'))!;
    await typeOperation(page, JSON.parse(example.match(/--data-binary '(.*)' --compressed$/)![1]).query);
    const version = await copyAsCurl(page);
    assert.equal(version, example.replaceAll('https://<TVOX_HOST>/rtdserver', rtd.url).replaceAll('https://<TVOX_HOST>', rtd.origin));
    const answer = await shell(version);
    assert.equal(typeof answer.data.version.server.major, 'number');
  } finally {
    await browser.close();
  }
});
