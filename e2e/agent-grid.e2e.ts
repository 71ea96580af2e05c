/**
 * The agent grid on /agents against the emulator, with the simulation paused so the page and a fresh query
 * can agree: sorting by a column, a status chip, the search box, the donut by status, and an agent's detail
 * dialog (profile stats charts and hold time equal to a fresh userProfileStats query), closed with Escape.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, ROOT, type Stack, loginThroughForm, sleep, startStack, waitForPath } from './harness.ts';
import { AGENTS_QUERY } from './truth.ts';

const TEST_MS = 120_000;
const SETTLE_MS = 1_500;

const PROFILE_STATS_QUERY = `query ProfileStatsTruth($filter: UserProfileStatFilter!) {
  userProfileStats(filter: $filter) {
    id channel timeInStateReady timeInStateBooked timeInStateBusy timeInStateWNR timeInStateNotReady
    timeInActivityCode { activityCode totalTime }
    timeInHold { time timeInState }
  }
}`;

/** The coarse status of each raw status, as the chips group them (BOOKED apart from busy). */
const COARSE: Record<string, string> = {
  READY: 'ready',
  BOOKED: 'booked',
  BUSY: 'busy',
  BUSY_service: 'busy',
  BUSY_dn_call_in: 'busy',
  BUSY_dn_call_out: 'busy',
  BUSY_dn_call_out_private: 'busy',
  NOT_READY: 'not-ready',
  NOT_READY_BUSY: 'not-ready',
  NR_BUSY_dn_call_in: 'not-ready',
  NR_BUSY_dn_call_out: 'not-ready',
  NR_BUSY_dn_call_out_private: 'not-ready',
  WNR: 'post-call',
};

let stack: Stack;
let page: Page;
let usernames: string[];

before(
  async () => {
    stack = await startStack();
    page = await stack.newPage();
    await stack.control('pause');
    await page.goto(`${stack.appUrl}/login`);
    await loginThroughForm(page, ADMIN.username, ADMIN.password);
    await waitForPath(page, '/services');
    await page.goto(`${stack.appUrl}/agents`);
    await waitForPath(page, '/agents');
    const { users } = await stack.gql(AGENTS_QUERY);
    usernames = users.map((u: { username: string }) => u.username);
    await page
      .waitForFunction((count) => document.querySelectorAll('[role="row"][data-username]').length === count, usernames.length, { timeout: 30_000 })
      .catch(async () => {
        const shown = await page.evaluate(() => ({
          rows: document.querySelectorAll('[role="row"][data-username]').length,
          viewport: document.querySelector('cdk-virtual-scroll-viewport')?.clientHeight,
          text: document.body.innerText.slice(0, 400),
        }));
        assert.fail(`the grid never showed one row per user (${usernames.length}); it shows ${JSON.stringify(shown)}`);
      });
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 30_000 });
    await sleep(SETTLE_MS);
  },
  { timeout: 240_000 },
);

after(async () => {
  await stack?.close();
});

interface ShownRow {
  username: string;
  status: string;
  name: string;
  /** Null for an agent without CALL stats. */
  numberCallIn: number | null;
  timeInStateNotReady: number | null;
}

function shownRows(): Promise<ShownRow[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('[role="row"][data-username]')).map((row) => ({
      username: row.getAttribute('data-username')!,
      status: row.getAttribute('data-status') ?? '',
      name: row.querySelector('.agent-name')?.textContent?.trim() ?? '',
      numberCallIn: ((value) => (value ? Number(value) : null))(row.querySelector('[data-field="numberCallIn"]')?.getAttribute('data-value')),
      timeInStateNotReady: ((value) => (value ? Number(value) : null))(row.querySelector('[data-field="timeInStateNotReady"]')?.getAttribute('data-value')),
    })),
  );
}

const byUsername = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
/** The grid's rule: by calls in, agents without stats last in either direction, ties by username. */
const byCallsIn = (sign: 1 | -1) => (a: ShownRow, b: ShownRow) => {
  if (a.numberCallIn === null || b.numberCallIn === null) return a.numberCallIn === b.numberCallIn ? byUsername(a.username, b.username) : a.numberCallIn === null ? 1 : -1;
  return sign * (a.numberCallIn - b.numberCallIn) || byUsername(a.username, b.username);
};

describe('the agent grid against the emulator', () => {
  test('shows every agent and a donut of agents by status that adds up to them', { timeout: TEST_MS }, async () => {
    const rows = await shownRows();
    assert.deepEqual(rows.map((r) => r.username).sort(byUsername), [...usernames].sort(byUsername), 'one row per user');
    await page.locator('[data-chart="agents-by-status"] .ring').first().waitFor({ timeout: 20_000 });
    const slices = await page.$$eval('[data-chart="agents-by-status"] tr[data-key]', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-key'), Number(tr.getAttribute('data-value'))] as [string, number]),
    );
    const expected: Record<string, number> = {};
    for (const row of rows) expected[COARSE[row.status] ?? 'unknown'] = (expected[COARSE[row.status] ?? 'unknown'] ?? 0) + 1;
    assert.deepEqual(Object.fromEntries(slices), expected, 'the donut counts agents per status as the rows show them');
    const label = await page.locator('[data-chart="agents-by-status"] figure').getAttribute('aria-label');
    assert.match(label ?? '', /^Agents by status: /, 'the donut has a text alternative');
  });

  test('sorting by "Calls in" orders the rows by that number, and a second press reverses it', { timeout: TEST_MS }, async () => {
    const button = page.locator('[role="columnheader"][data-column="callsIn"] button');
    await button.click();
    await page.waitForSelector('[role="columnheader"][data-column="callsIn"][aria-sort="ascending"]');
    let rows = await shownRows();
    const ascending = [...rows].sort(byCallsIn(1));
    assert.deepEqual(
      rows.map((r) => r.username),
      ascending.map((r) => r.username),
      'ascending by calls in, ties by username',
    );
    assert.ok(new Set(rows.map((r) => r.numberCallIn)).size > 1, 'every agent has the same number of calls: the order proves nothing');
    await button.click();
    await page.waitForSelector('[role="columnheader"][data-column="callsIn"][aria-sort="descending"]');
    rows = await shownRows();
    const descending = [...rows].sort(byCallsIn(-1));
    assert.deepEqual(
      rows.map((r) => r.username),
      descending.map((r) => r.username),
      'descending by calls in, ties by username',
    );
  });

  test('a status chip leaves only agents in that status, with the count it shows; pressing it again shows all', { timeout: TEST_MS }, async () => {
    const before = await shownRows();
    const counts = new Map<string, number>();
    for (const row of before) counts.set(COARSE[row.status] ?? 'unknown', (counts.get(COARSE[row.status] ?? 'unknown') ?? 0) + 1);
    // The smallest status anyone is in: the filter then leaves out most rows.
    const [status, count] = [...counts].sort((a, b) => a[1] - b[1])[0];
    const chip = page.locator(`button[data-coarse-status="${status}"]`);
    assert.equal(Number(await chip.locator('[data-field="count"]').getAttribute('data-value')), count, `the ${status} chip shows its count`);
    await chip.click();
    await page.waitForSelector(`button[data-coarse-status="${status}"][aria-pressed="true"]`);
    await page.waitForFunction((n) => document.querySelectorAll('[role="row"][data-username]').length === n, count);
    const filtered = await shownRows();
    assert.ok(
      filtered.every((r) => (COARSE[r.status] ?? 'unknown') === status),
      `only ${status} agents remain: ${JSON.stringify(filtered.map((r) => r.status))}`,
    );
    await chip.click();
    await page.waitForFunction((n) => document.querySelectorAll('[role="row"][data-username]').length === n, before.length);
  });

  test('the search box finds an agent by surname and by username', { timeout: TEST_MS }, async () => {
    const rows = await shownRows();
    const target = rows.find((r) => r.name.includes(' ')) ?? rows[0];
    const surname = target.name.split(' ').at(-1)!;
    const search = page.locator('input[type="search"]');
    await search.fill(surname.toUpperCase());
    await page.waitForFunction((n) => document.querySelectorAll('[role="row"][data-username]').length < n, rows.length);
    const found = await shownRows();
    assert.ok(
      found.some((r) => r.username === target.username),
      `searching "${surname}" finds ${target.username}`,
    );
    assert.ok(
      found.every((r) => r.name.toLowerCase().includes(surname.toLowerCase())),
      'every row found has that surname',
    );
    await search.fill(target.username);
    await page.waitForFunction((u) => Array.from(document.querySelectorAll('[role="row"][data-username]')).some((r) => r.getAttribute('data-username') === u), target.username);
    assert.ok((await shownRows()).every((r) => r.username.includes(target.username)));
    await search.fill('');
    await page.waitForFunction((n) => document.querySelectorAll('[role="row"][data-username]').length === n, rows.length);
  });

  test("a row opens the agent's detail, whose charts and hold time equal a fresh userProfileStats query; Escape closes it", { timeout: TEST_MS }, async () => {
    // The agent longest not ready: breaks come with activity codes, so both charts have bars.
    const rows = await shownRows();
    const agent = [...rows].sort((a, b) => (b.timeInStateNotReady ?? -1) - (a.timeInStateNotReady ?? -1))[0];
    const row = page.locator(`[role="row"][data-username="${agent.username}"]`);
    await row.click();
    const dialog = page.locator('[data-testid="agent-detail"]');
    await page.waitForSelector('[data-testid="agent-detail"][data-profile]:not([data-profile=""])');
    const profileId = Number(await dialog.getAttribute('data-profile'));
    assert.ok(profileId > 0, "the detail names the agent's profile");
    await dialog.locator('[data-chart="time-per-state"] canvas').waitFor({ timeout: 20_000 });
    await sleep(SETTLE_MS);

    const { userProfileStats } = await stack.gql(PROFILE_STATS_QUERY, { filter: { CALL: { userProfiles: [profileId] } } });
    const truth = userProfileStats.find((p: { id: number; channel: string }) => p.id === profileId && p.channel === 'CALL');
    assert.ok(truth, `the emulator has CALL stats for profile ${profileId}`);

    const chart = (name: string) =>
      dialog.locator(`[data-chart="${name}"] tr[data-key]`).evaluateAll((trs) => Object.fromEntries(trs.map((tr) => [tr.getAttribute('data-key'), Number(tr.getAttribute('data-value'))])));
    assert.deepEqual(
      await chart('time-per-state'),
      {
        ready: truth.timeInStateReady,
        booked: truth.timeInStateBooked,
        busy: truth.timeInStateBusy,
        'post-call': truth.timeInStateWNR,
        'not-ready': truth.timeInStateNotReady,
      },
      "time per state equals the server's",
    );
    const codes = Object.fromEntries(
      (truth.timeInActivityCode ?? [])
        .filter((c: { activityCode: string; totalTime: number }) => c.activityCode !== '__EMPTY__' && c.totalTime > 0)
        .map((c: { activityCode: string; totalTime: number }) => [c.activityCode, c.totalTime]),
    );
    if (Object.keys(codes).length) assert.deepEqual(await chart('time-per-activity-code'), codes, "time per activity code equals the server's");
    else assert.ok(await dialog.locator('[data-chart="time-per-activity-code"]').count(), 'no activity code time: the panel says so');
    assert.equal(await dialog.locator('[data-field="timeInHold.timeInState"]').getAttribute('data-value'), String(truth.timeInHold?.timeInState ?? ''), "total hold time equals the server's");
    assert.equal(await dialog.locator('[data-field="timeInHold.time"]').getAttribute('data-value'), truth.timeInHold?.time ?? '', "last hold equals the server's");

    const screenshots = join(ROOT, '.test-results', 'screenshots');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'agent-detail.png') });

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction((u) => document.activeElement?.closest('[data-username]')?.getAttribute('data-username') === u, agent.username);
  });

  test('the keyboard opens a row with Enter and the arrows move between rows', { timeout: TEST_MS }, async () => {
    // The grid's one Tab stop is a cell; Ctrl+Home goes to the header row's first cell, ArrowDown to the first agent.
    await page.locator('[role="grid"] [data-username] [tabindex="0"]').focus();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    const firstName = await page.evaluate(() => document.activeElement?.closest('[data-username]')?.getAttribute('data-username'));
    const topRow = await page.evaluate(() => document.querySelector('[role="row"][data-username]')?.getAttribute('data-username'));
    assert.equal(firstName, topRow, 'Ctrl+Home and ArrowDown move to the first row');
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => document.activeElement?.closest('[data-username]')?.getAttribute('data-username'));
    assert.ok(second && second !== firstName, 'ArrowDown moves to the next row');
    await page.keyboard.press('Enter');
    const dialog = page.locator('[data-testid="agent-detail"]');
    await page.waitForSelector('[data-testid="agent-detail"][data-agent]');
    assert.equal(await dialog.getAttribute('data-agent'), second);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.waitForFunction((u) => document.activeElement?.closest('[data-username]')?.getAttribute('data-username') === u, second);
  });
});
