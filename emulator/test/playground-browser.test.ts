/**
 * The playground in a real browser (Debian's Chromium): it loads with no internet, a login run in it sets
 * the session cookie, and a stats query run next is answered with live data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
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
      await result.filter({ hasText: expected }).waitFor({ timeout: 15_000 }).catch(async (error) => {
        throw new Error(`${expected} never shown; the result pane says: ${await result.innerText()}`, { cause: error });
      });
    };
    await run('mutation Login { login(username: "admin", password: "admin") { username supervisor } }', /"supervisor": true/);
    const cookies = await page.context().cookies();
    assert.ok(cookies.some((c) => c.name === 'teleniaRtdSessionID' && c.httpOnly), 'the login set the HttpOnly session cookie');
    await run('query Services { serviceStats(filter: { CALL: { services: ["service_1"] } }) { code channel } }', /"code": "service_1"/);
    assert.deepEqual(foreign, [], 'no request left this machine');
  } finally {
    await browser.close();
  }
});
