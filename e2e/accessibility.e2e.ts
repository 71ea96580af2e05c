/**
 * WCAG 2.1 A/AA on every page, in both themes, as axe-core measures it in Chromium: contrast, names of
 * controls and figures, labels, roles. A violation is reported with the rule and the elements at fault.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ADMIN, type Stack, axeViolations, loginThroughForm, startStack, waitForPath } from './harness.ts';

const TEST_MS = 120_000;
const PAGES = [
  ['/services', '[data-service] [data-field]'],
  ['/groups', '[data-group] [data-field]'],
  ['/agents', '[data-username]'],
  ['/boards', '[data-board]'],
  ['/boards/all-services', '[data-matrix="service"] [data-code]'],
  // A supervisor's, with the wallboard server: pairing, playlists and the display token (a TV listed: displays.e2e.ts).
  ['/displays', '[data-testid="display-token-state"]'],
] as const;

let stack: Stack;

before(
  async () => {
    stack = await startStack();
  },
  { timeout: 240_000 },
);

after(async () => {
  await stack?.close();
});

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`every page in the ${theme} theme has no WCAG A/AA violation`, { timeout: TEST_MS }, async () => {
      const page = await stack.newPage();
      await page.addInitScript((theme) => localStorage.setItem('rtd-wallboard.theme', theme), theme);
      // The first page of the suite: ng serve may still be building its lazy chunks on a busy machine.
      await page.goto(`${stack.appUrl}/login`, { timeout: 60_000 });
      await page.locator('input[name="username"]').waitFor();
      const problems: string[] = (await axeViolations(page)).map((v) => `/login: ${v}`);
      await loginThroughForm(page, ADMIN.username, ADMIN.password);
      await waitForPath(page, '/services');
      for (const [path, ready] of PAGES) {
        await page.goto(`${stack.appUrl}${path}`);
        await page.locator(ready).first().waitFor();
        problems.push(...(await axeViolations(page)).map((v) => `${path}: ${v}`));
      }
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('dark-theme')), theme === 'dark', `the ${theme} theme was on`);
      assert.deepEqual(problems, []);
    });
  }
});
