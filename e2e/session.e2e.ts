/**
 * Login, guard and session as a person meets them: a wrong password, a page opened while logged out, a
 * reload, a logout. Each test starts from a fresh browser context (no cookies, no storage).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { ADMIN, type Stack, loginThroughForm, startStack, waitForPath } from './harness.ts';

/** One test's limit: generous for a starved 2-core machine, short of hanging the run. */
const TEST_MS = 90_000;
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

/** A fresh context, logged in through the form, on /services. */
async function loggedInPage(): Promise<Page> {
  const page = await stack.newPage();
  await page.goto(`${stack.appUrl}/login`);
  await loginThroughForm(page, ADMIN.username, ADMIN.password);
  await waitForPath(page, '/services');
  return page;
}

/** The page really shows the board, not a blank outlet: at least one service tile. */
async function assertBoardShown(page: Page): Promise<void> {
  await page
    .locator('[data-service]')
    .first()
    .waitFor({ timeout: 20_000 })
    .catch(() => assert.fail(`no [data-service] tile on ${page.url()}`));
}

/** Logs out the way a person would: a visible logout control, opening the user menu first when there is one. */
async function logOut(page: Page): Promise<void> {
  const name = /log ?out|sign ?out|esci|disconnetti/i;
  const direct = page.locator('[data-testid="logout"]').or(page.getByRole('button', { name })).or(page.getByRole('menuitem', { name })).or(page.getByRole('link', { name }));
  if (
    !(await direct
      .first()
      .isVisible()
      .catch(() => false))
  ) {
    const menu = page.locator('[data-testid="user-menu"]').or(page.getByRole('button', { name: new RegExp(ADMIN.username, 'i') }));
    if (
      await menu
        .first()
        .isVisible()
        .catch(() => false)
    )
      await menu.first().click();
  }
  await direct
    .first()
    .click({ timeout: 5_000 })
    .catch(() => assert.fail('no visible logout control (a [data-testid="logout"], or a button, menu item or link named "Log out")'));
}

describe('login, guard and session', () => {
  test('a wrong password shows its message and empties the password field; then the right one logs in', { timeout: TEST_MS }, async () => {
    const page = await stack.newPage();
    await page.goto(`${stack.appUrl}/login`);
    await loginThroughForm(page, ADMIN.username, 'not-the-password');
    const alert = page.getByRole('alert').filter({ hasText: /password/i });
    await alert
      .first()
      .waitFor({ state: 'visible', timeout: 10_000 })
      .catch(async () => {
        assert.fail(`no visible role="alert" mentioning the password; alerts: ${JSON.stringify(await page.getByRole('alert').allInnerTexts())}`);
      });
    assert.equal(new URL(page.url()).pathname, '/login', 'a failed login stays on /login');
    assert.equal(await page.locator('input[name="password"]').inputValue(), '', 'the password field is emptied after a failure');
    await loginThroughForm(page, ADMIN.username, ADMIN.password);
    await waitForPath(page, '/services');
    await assertBoardShown(page);
  });

  test('opening /agents while logged out lands on /login, and logging in goes back to /agents', { timeout: TEST_MS }, async () => {
    const page = await stack.newPage();
    await page.goto(`${stack.appUrl}/agents`);
    await waitForPath(page, '/login');
    await loginThroughForm(page, ADMIN.username, ADMIN.password);
    await waitForPath(page, '/agents');
    await page
      .locator('[data-username]')
      .first()
      .waitFor({ timeout: 20_000 })
      .catch(() => assert.fail('/agents shows no [data-username] row after the login'));
  });

  test('an unknown route goes to /services', { timeout: TEST_MS }, async () => {
    const page = await loggedInPage();
    await page.goto(`${stack.appUrl}/no/such/page`);
    await waitForPath(page, '/services');
    await assertBoardShown(page);
  });

  test('a reload keeps the session: the board, not /login', { timeout: TEST_MS }, async () => {
    const page = await loggedInPage();
    await assertBoardShown(page);
    await page.reload();
    // Give a wrongly redirecting guard the time to do it before looking.
    await page.locator('[data-service]').or(page.locator('input[name="password"]')).first().waitFor({ timeout: 20_000 });
    assert.equal(new URL(page.url()).pathname, '/services', 'after a reload the app stays on /services');
    await assertBoardShown(page);
  });

  test('logging out returns to /login, and a reload then stays on /login', { timeout: TEST_MS }, async () => {
    const page = await loggedInPage();
    await assertBoardShown(page);
    await logOut(page);
    await waitForPath(page, '/login');
    await page.reload();
    await page.locator('input[name="password"]').waitFor();
    assert.equal(new URL(page.url()).pathname, '/login', 'after logout a reload stays on /login');
    // And the board stays closed: the guard sends a visitor back.
    await page.goto(`${stack.appUrl}/services`);
    await waitForPath(page, '/login');
  });
  test('the last login error goes once the user edits a field, and never stands beside a field error (issue 14, finding 9)', { timeout: TEST_MS }, async () => {
    const page = await stack.newPage();
    await page.goto(`${stack.appUrl}/login`);
    await loginThroughForm(page, ADMIN.username, 'not-the-password');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    // The password was emptied by the failure: a second submit names the missing field, without the old error.
    await page
      .locator('form')
      .filter({ has: page.locator('input[name="password"]') })
      .locator('button[type="submit"]')
      .click();
    await page.getByText('Enter your password').waitFor();
    await error.waitFor({ state: 'detached', timeout: 2_000 });
    await page.context().close();
  });

  // Last: it restarts the emulator, which ends every session.
  test('after a server restart ends the session, the login page says why; logging in goes back (issue 14, finding 9)', { timeout: 150_000 }, async () => {
    const page = await loggedInPage();
    await page.goto(`${stack.appUrl}/agents`);
    await page.locator('[data-username]').first().waitFor({ timeout: 20_000 });
    await stack.stopEmulator();
    await stack.startEmulator();
    // The socket reconnects to a server that does not know the session, which refuses it: the app goes to /login.
    await waitForPath(page, '/login', 90_000);
    const note = page.getByTestId('session-ended');
    await note.waitFor();
    assert.match((await note.textContent()) ?? '', /no longer knows your session \(it has probably restarted\)\. Log in again\./);
    assert.equal(await note.getAttribute('role'), 'status');
    // Typing is reading it: the note goes, and the login returns to the page the user was on.
    await page.locator('input[name="username"]').fill(ADMIN.username);
    await note.waitFor({ state: 'detached', timeout: 2_000 });
    await loginThroughForm(page, ADMIN.username, ADMIN.password);
    await waitForPath(page, '/agents', 30_000);
    await page.locator('[data-username]').first().waitFor({ timeout: 20_000 });
    await page.context().close();
  });
});
