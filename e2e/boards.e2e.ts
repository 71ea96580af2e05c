/**
 * Boards, as a supervisor uses them: define a board through the editor, see exactly its tiles live with every
 * number (custom stats and totals too) equal to the server's, its thresholds applied, the URL naming it; export
 * it, delete it, import it back; a broken file refused with a message that names the problem and changes
 * nothing; an inverted threshold refused in the editor; the board in Italian.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ADMIN, type Shown, type Stack, loginThroughForm, readShown, shownUsernames, sleep, startStack, waitForPath } from './harness.ts';
import { MAY_HAVE_NO_VALUE, SERVICE_STATS_QUERY, type Truth, compare, flatten, same } from './truth.ts';

const TEST_MS = 120_000;
const SETTLE_MS = 1_500;
const BOARD_ID = 'front-office';
const SERVICES = ['service_1', 'service_2'];
const CUSTOM_KEYS = ['sl1', 'abandonRate'];
/** The board's agent grid lists the agents of this service. */
const AGENT_SERVICE = 'service_3';
/** The thresholds typed into the editor; the hold time 0 makes a tile's level follow its numbers at once. */
const LONGEST_WAIT = { warning: 5, critical: 20 };

let stack: Stack;
let page: Page;

before(
  async () => {
    stack = await startStack();
    page = await stack.newPage();
    await page.goto(`${stack.appUrl}/login`);
    await loginThroughForm(page, ADMIN.username, ADMIN.password);
    await waitForPath(page, '/services');
  },
  { timeout: 240_000 },
);

after(async () => {
  await stack?.close();
});

const FILTER = { CALL: { services: SERVICES, customStatKeys: CUSTOM_KEYS } };

async function truth(): Promise<Truth> {
  return flatten((await stack.gql(SERVICE_STATS_QUERY, { filter: FILTER })).serviceStats);
}

async function waitForTiles(keys: string[], timeout = 30_000): Promise<Shown> {
  const deadline = Date.now() + timeout;
  let shown: Shown = {};
  while (Date.now() < deadline) {
    shown = await readShown(page, 'data-service');
    const complete = Object.keys(shown).sort().join() === [...keys].sort().join() && keys.every((k) => Object.entries(shown[k]).every(([field, v]) => v !== '' || MAY_HAVE_NO_VALUE.includes(field)));
    if (complete) return shown;
    await sleep(250);
  }
  assert.fail(`the board never showed exactly ${keys.join(', ')} within ${timeout / 1000} s; the page shows ${JSON.stringify(shown)}`);
}

/** The boards as saved: the team's, on the wallboard server the stack runs (read with this page's session). */
async function savedBoards(): Promise<any[]> {
  return page.evaluate(async () => ((await (await fetch('/api/boards')).json()) as { board: unknown }[]).map((entry) => entry.board));
}

/** Reads the numbers of the totals tile of a channel. */
function readTotals(channel: string): Promise<Record<string, string>> {
  return page.evaluate((channel) => {
    const fields: Record<string, string> = {};
    const tile = document.querySelector(`[data-total="${channel}"]`);
    for (const el of Array.from(tile?.querySelectorAll('[data-field]') ?? [])) fields[el.getAttribute('data-field')!] = (el.getAttribute('data-value') ?? '').trim();
    return fields;
  }, channel);
}

/** The threshold level a figure of a tile shows (its `level-…` class): ok, warning, critical or none. */
function figureLevel(key: string, field: string): Promise<string> {
  return page.evaluate(
    ([key, field]) => /level-(\w+)/.exec(document.querySelector(`[data-service="${key}"] [data-field="${field}"]`)?.closest('.kpi')?.className ?? '')?.[1] ?? 'missing',
    [key, field],
  );
}

describe('boards', () => {
  test('a new user starts on a board of every service the server reveals, and the URL names it', { timeout: TEST_MS }, async () => {
    await page.waitForURL(/[?&]board=all-services/);
    assert.equal((await page.getByTestId('board-name').textContent())?.replace('—', '').trim(), 'All services');
  });

  test('a new board starts empty with its first step in words: two services and a group take three ticks (issue 14, finding 9)', { timeout: TEST_MS }, async () => {
    await page.goto(`${stack.appUrl}/boards/new`);
    const firstStep = page.getByTestId('first-step');
    await firstStep.waitFor();
    assert.match((await firstStep.textContent()) ?? '', /First step: tick the services and groups this board shows/);
    const ticked = page.locator('[data-matrix] mat-checkbox input:checked');
    assert.equal(await ticked.count(), 0, 'nothing is ticked on a new board');
    const template = (name: string) => page.locator(`[data-testid="board-template"] mat-button-toggle[data-template="${name}"] button`);
    // The other starting point, and back: every revealed service and group on every channel, then none.
    await template('all').click();
    await firstStep.waitFor({ state: 'detached' });
    assert.equal(await ticked.count(), await page.locator('[data-matrix] mat-checkbox input').count(), '"All services and groups" ticks every box');
    await template('empty').click();
    await firstStep.waitFor();
    assert.equal(await ticked.count(), 0, '"Empty" unticks them all');

    await page.locator('[data-matrix="service"] tr[data-code="service_1"] mat-checkbox[data-channel="CALL"] input').check();
    await page.locator('[data-matrix="service"] tr[data-code="service_2"] mat-checkbox[data-channel="CALL"] input').check();
    await page.locator('[data-matrix="group"] tr[data-code="skillset_1"] mat-checkbox[data-channel="CALL"] input').check();
    await firstStep.waitFor({ state: 'detached' });
    await page.getByTestId('board-name-input').fill('Two and one');
    await page.getByTestId('save-board').click();
    await page.waitForURL(/\/services\?board=two-and-one$/);
    const exactly = async (attr: 'data-service' | 'data-group', keys: string[]) => {
      const deadline = Date.now() + 30_000;
      let shown: string[] = [];
      while (Date.now() < deadline) {
        shown = Object.keys(await readShown(page, attr)).sort();
        if (shown.join() === keys.join()) return;
        await sleep(250);
      }
      assert.fail(`expected exactly ${keys.join(', ')}; shown: ${shown.join(', ')}`);
    };
    await exactly('data-service', ['service_1/CALL', 'service_2/CALL']);
    await page.goto(`${stack.appUrl}/groups?board=two-and-one`);
    await exactly('data-group', ['skillset_1/CALL']);
  });

  test('the editor refuses inverted thresholds with a message and saves nothing', { timeout: TEST_MS }, async () => {
    await page.goto(`${stack.appUrl}/boards/new`);
    await page.getByTestId('board-name-input').fill('Broken thresholds');
    const warning = page.locator('[data-threshold="serviceLevel"] input[data-level="warning"]');
    const critical = page.locator('[data-threshold="serviceLevel"] input[data-level="critical"]');
    await warning.fill('60');
    await critical.fill('75');
    await page.getByTestId('save-board').click();
    await page
      .getByRole('alert')
      .filter({ hasText: /critical level must not be above the warning level/ })
      .waitFor();
    assert.equal(new URL(page.url()).pathname, '/boards/new', 'the editor stays open');
    assert.ok(!JSON.stringify(await savedBoards()).includes('Broken thresholds'), 'nothing was saved');
  });

  test('a board defined through the editor shows exactly its services, live, every number equal to the server', { timeout: TEST_MS }, async () => {
    await page.goto(`${stack.appUrl}/boards/new`);
    await page.getByTestId('board-name-input').fill('Front office');
    const matrix = page.locator('[data-matrix="service"]');
    for (const code of SERVICES) await matrix.locator(`tr[data-code="${code}"] mat-checkbox[data-channel="CALL"] input`).check();
    await page.getByTestId('custom-stat-keys').fill(CUSTOM_KEYS.join(', '));
    await page.getByTestId('custom-stat-keys').press('Tab');
    await page.locator('[data-threshold="longestWait"] input[data-level="warning"]').fill(String(LONGEST_WAIT.warning));
    await page.locator('[data-threshold="longestWait"] input[data-level="critical"]').fill(String(LONGEST_WAIT.critical));
    await page.getByTestId('hold-seconds').fill('0');
    // Its agents are chosen by a filter, not by its services (the default): the filter's fields show once chosen.
    await page.locator('[data-testid="agent-source"] mat-button-toggle[value="filter"] button').click();
    await page.getByTestId('agent-services').fill(AGENT_SERVICE);
    await page.getByTestId('agent-services').press('Tab');
    await page.getByTestId('save-board').click();

    await page.waitForURL(new RegExp(`/services\\?board=${BOARD_ID}$`));
    const keys = SERVICES.map((code) => `${code}/CALL`);
    await waitForTiles(keys);

    await stack.control('pause');
    try {
      await sleep(SETTLE_MS);
      let expected = await truth();
      let shown = await readShown(page, 'data-service');
      let { compared, differences } = compare(shown, expected);
      if (differences.length) {
        await sleep(SETTLE_MS * 2);
        shown = await readShown(page, 'data-service');
        expected = await truth();
        ({ compared, differences } = compare(shown, expected));
      }
      assert.deepEqual(differences, [], `every number on the board equals a fresh query (${compared} compared)`);
      for (const key of keys) {
        for (const custom of CUSTOM_KEYS) assert.ok(`${custom}.value` in shown[key] && `${custom}.aggregatedValue` in shown[key], `${key} shows custom stat ${custom} with its aggregate`);
      }

      // The totals tile: sums, the longest of the waits, rates from the sums, the server's aggregates.
      const totals = await readTotals('CALL');
      const sum = (field: string) => keys.reduce((total, key) => total + Number(expected[key][field] ?? 0), 0);
      assert.equal(Number(totals.queuedCalls), sum('queuedCalls'), 'total waiting is the sum');
      assert.equal(Number(totals.receivedCalls), sum('receivedCalls'), 'total received is the sum');
      assert.equal(Number(totals.maxTimeCallOnQueue), Math.max(...keys.map((key) => Number(expected[key].maxTimeCallOnQueue))), 'total longest wait is the longest');
      const answered = sum('answeredCalls');
      assert.ok(same(totals.serviceLevel, answered ? (100 * sum('answeredCallsUnderSpeedLimit')) / answered : null), `total service level ${totals.serviceLevel} is worked out from the sums`);
      assert.equal(totals['sl1.value'], expected[keys[0]]['sl1.aggregatedValue'], 'the totals show the server aggregate of sl1');

      // The thresholds typed in the editor, with no hold time: each tile's level follows its longest wait.
      for (const key of keys) {
        const wait = Number(expected[key].maxTimeCallOnQueue);
        const waitLevel = wait > LONGEST_WAIT.critical ? 'critical' : wait > LONGEST_WAIT.warning ? 'warning' : 'ok';
        assert.equal(await figureLevel(key, 'maxTimeCallOnQueue'), waitLevel, `${key}: a longest wait of ${wait} s is ${waitLevel} with the board's thresholds`);
      }
    } finally {
      await stack.control('resume');
    }

    // The URL names the board: a reload opens the same board.
    await page.reload();
    await waitForTiles(keys);
    assert.match((await page.getByTestId('board-name').textContent()) ?? '', /Front office/);
  });

  test('the board’s agent grid lists exactly the agents its filter names, and the URL keeps the board across pages', { timeout: TEST_MS }, async () => {
    await page.locator('nav a[data-nav="agents"]').click();
    await page.waitForURL(new RegExp(`/agents\\?board=${BOARD_ID}$`));
    const expected = (await stack.gql(`query { users(filter: { services: ["${AGENT_SERVICE}"] }) { username } }`)).users.map((u: { username: string }) => u.username).sort();
    const all = (await stack.gql('query { users(filter: {}) { username } }')).users.length;
    assert.ok(expected.length > 0 && expected.length < all, `the filter narrows the agents (${expected.length} of ${all})`);
    const shown = await shownUsernames(page, expected);
    assert.deepEqual(shown, expected, `the grid lists the agents of ${AGENT_SERVICE}`);
  });

  test('a board exported, deleted and imported again comes back the same', { timeout: TEST_MS }, async () => {
    await page.goto(`${stack.appUrl}/boards`);
    const row = page.locator(`[data-board="${BOARD_ID}"]`);
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Export board Front office' }).click()]);
    const exported = await readFile((await download.path())!, 'utf8');
    const file = JSON.parse(exported);
    assert.equal(file.format, 'rtd-wallboard/boards');
    assert.deepEqual(file.boards[0].services.CALL, SERVICES);
    assert.deepEqual(file.boards[0].thresholds.longestWait, LONGEST_WAIT);

    await row.getByRole('button', { name: 'Delete board Front office' }).click();
    await row.getByRole('button', { name: 'Press again to delete board Front office' }).click();
    await row.waitFor({ state: 'detached' });

    await page.getByTestId('import-boards').setInputFiles({ name: 'front-office.json', mimeType: 'application/json', buffer: Buffer.from(exported) });
    const notice = page.getByTestId('boards-notice');
    await notice.filter({ hasText: 'Imported front-office.json: 1 board added.' }).waitFor();
    const stored = (await savedBoards()).find((b: { id: string }) => b.id === 'front-office');
    assert.deepEqual(stored, file.boards[0], 'the imported board equals the exported one');
    await row.getByRole('link', { name: 'Services' }).click();
    await waitForTiles(SERVICES.map((code) => `${code}/CALL`));
  });

  test('a broken or foreign board file is refused with a message naming the problem, and nothing changes', { timeout: TEST_MS }, async () => {
    await page.goto(`${stack.appUrl}/boards`);
    const before = await savedBoards();
    const broken = { format: 'rtd-wallboard/boards', version: 1, boards: structuredClone(before) };
    broken.boards[0].thresholds.serviceLevel.warning = 'eighty';
    broken.boards[0].name = 'Changed';
    const input = page.getByTestId('import-boards');
    const alert = page.getByRole('alert').filter({ hasText: 'broken.json was not imported' });

    await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
    await alert.filter({ hasText: 'the value at boards[0].thresholds.serviceLevel.warning is wrong: expected number' }).waitFor();

    await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"boards": [') });
    await alert.filter({ hasText: 'it is not JSON' }).waitFor();

    await input.setInputFiles({ name: 'package.json', mimeType: 'application/json', buffer: Buffer.from('{"name":"x","version":"1.0.0"}') });
    await page.getByRole('alert').filter({ hasText: 'package.json was not imported: it is not an RTD Wallboard boards file' }).waitFor();

    assert.deepEqual(await savedBoards(), before, 'the saved boards are unchanged');
    assert.equal(await page.locator('[data-board] h2').filter({ hasText: 'Changed' }).count(), 0);
  });

  test('the board in Italian: labels translated, numbers written the Italian way', { timeout: TEST_MS }, async () => {
    await page.goto(`${stack.appUrl}/services?board=${BOARD_ID}`);
    await waitForTiles(SERVICES.map((code) => `${code}/CALL`));
    await page.locator('[data-testid="language-switch"] mat-button-toggle[lang="it"] button').click();
    const tile = page.locator('[data-service="service_1/CALL"]');
    await tile.getByText('In attesa').first().waitFor();
    await tile.getByText('Livello di servizio').first().waitFor();
    await page.getByRole('heading', { name: /Servizi/ }).waitFor();
    // An abandon rate with decimals shows a comma; "1.5%" would be English.
    const rates = await page.locator('[data-field="abandonRate"]').allTextContents();
    assert.ok(
      rates.every((text) => !/\d\.\d/.test(text)),
      `Italian rates use a decimal comma: ${rates.join(' | ')}`,
    );
    assert.ok(
      rates.some((text) => /\d,\d\s?%/.test(text)),
      `some rate shows a decimal comma: ${rates.join(' | ')}`,
    );
    await page.locator('[data-testid="language-switch"] mat-button-toggle[lang="en"] button').click();
  });

  test('agents enter and leave a board’s grid live as they enter and leave its filter (ready agents only)', { timeout: TEST_MS }, async () => {
    await page.goto(`${stack.appUrl}/boards`);
    const file = { format: 'rtd-wallboard/boards', version: 1, boards: await savedBoards() };
    const readyOnly = { ...file.boards[0], id: 'ready-only', name: 'Ready only', agents: { statuses: ['READY'] } };
    await page.getByTestId('import-boards').setInputFiles({ name: 'ready.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...file, boards: [readyOnly] })) });
    await page.getByTestId('boards-notice').filter({ hasText: '1 board added' }).waitFor();
    await page.goto(`${stack.appUrl}/agents?board=ready-only`);
    const readyNow = async () => (await stack.gql('query { users(filter: { statuses: [READY] }) { username } }')).users.map((u: { username: string }) => u.username).sort();
    const shownNow = async () => (await page.locator('[data-username]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-username')!))).sort();
    const sets: string[][] = [];
    for (let round = 0; round < 3; round++) {
      await stack.control('pause');
      try {
        const expected = await readyNow();
        const deadline = Date.now() + 10_000;
        let shown = await shownNow();
        while (shown.join() !== expected.join() && Date.now() < deadline) {
          await sleep(250);
          shown = await shownNow();
        }
        assert.deepEqual(shown, expected, `round ${round}: the grid lists exactly the ready agents`);
        sets.push(expected);
      } finally {
        await stack.control('resume');
      }
      await stack.control('step', { seconds: 120 });
    }
    assert.ok(new Set(sets.map((set) => set.join())).size > 1, 'the ready agents changed between rounds, and the grid followed');
  });

  test('a link to a board this browser does not have says so', { timeout: TEST_MS }, async () => {
    await page.goto(`${stack.appUrl}/services?board=someone-elses-board`);
    await page.getByTestId('board-missing').filter({ hasText: 'someone-elses-board' }).waitFor();
  });
});
