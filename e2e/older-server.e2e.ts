/**
 * Against an older RTD Server (the emulator as 1.0.0: no averageTimeOnQueue, no aggregatedValue, which the
 * wallboard's documents name): the app asks only for what the server has, so /services goes live with no
 * error, the toolbar says 1.0.0, and every number shown equals a fresh query made outside the browser, also
 * after deltas have been applied. A field the server lacks may be left out of a tile or shown as a dash.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { fieldsMissingIn } from '../contract/rtd-versions.ts';
import { ADMIN, type Shown, type Stack, loginThroughForm, readShown, sleep, startStack, waitForPath } from './harness.ts';
import { DEFAULT_SERVICES_FILTER, MAY_HAVE_NO_VALUE, SERVICE_STATS_QUERY, type Truth, compare, flatten } from './truth.ts';

const VERSION = '1.0.0';
const TEST_MS = 120_000;
const SETTLE_MS = 1_500;
/** Every service/channel the server has for the first board's services (set in before). */
let EXPECTED_SERVICE_TILES: string[] = [];

/** Names of the object fields 1.0.0 lacks (averageTimeOnQueue, aggregatedValue). */
const MISSING = [
  ...new Set(
    fieldsMissingIn(VERSION)
      .filter((ref) => !ref.input)
      .map((ref) => ref.field),
  ),
];
/** The suite's truth query without them: removed as words from its text, independently of the app's code. */
const OLD_SERVICE_STATS_QUERY = SERVICE_STATS_QUERY.replace(new RegExp(`\\b(${MISSING.join('|')})\\b`, 'g'), '');

let stack: Stack;
let page: Page;
/** What the page logged as errors: GraphQL validation failures and Apollo's "Missing field" would show here. */
const consoleErrors: string[] = [];

before(
  async () => {
    stack = await startStack({ emulatorArgs: ['--rtd-version', VERSION] });
    page = await stack.newPage();
    EXPECTED_SERVICE_TILES = Object.keys(flatten((await stack.gql(OLD_SERVICE_STATS_QUERY, { filter: DEFAULT_SERVICES_FILTER })).serviceStats)).sort();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(message.text());
    });
  },
  { timeout: 240_000 },
);

after(async () => {
  await stack?.close();
});

async function waitForTiles(timeout = 30_000): Promise<Shown> {
  const deadline = Date.now() + timeout;
  let shown: Shown = {};
  while (Date.now() < deadline) {
    shown = await readShown(page, 'data-service');
    // Every number the server has is shown; one it lacks shows as no value (or not at all).
    const complete = EXPECTED_SERVICE_TILES.every(
      (k) => k in shown && Object.keys(shown[k]).length > 0 && Object.entries(shown[k]).every(([field, v]) => v !== '' || MISSING.includes(field) || MAY_HAVE_NO_VALUE.includes(field)),
    );
    if (complete) return shown;
    await sleep(250);
  }
  assert.fail(`the service tiles never showed all their numbers within ${timeout / 1000} s; status ${await liveStatus()}; the page shows ${JSON.stringify(shown)}`);
}

function liveStatus(): Promise<string | null> {
  return page
    .locator('[data-testid="live-status"]')
    .first()
    .getAttribute('data-status', { timeout: 1_000 })
    .catch(() => null);
}

/** The server's numbers; the fields it lacks are null, which a tile may show as a dash (or leave out). */
async function serviceTruth(): Promise<Truth> {
  const data = await stack.gql(OLD_SERVICE_STATS_QUERY, { filter: DEFAULT_SERVICES_FILTER });
  const truth = flatten(data.serviceStats);
  for (const fields of Object.values(truth)) for (const field of MISSING) if (!(field in fields)) fields[field] = null;
  return truth;
}

async function pauseAndCompare(): Promise<number> {
  await stack.control('pause');
  await sleep(SETTLE_MS);
  const truth = await serviceTruth();
  let result = compare(await readShown(page, 'data-service'), truth);
  if (result.differences.length) {
    await sleep(3_000);
    result = compare(await readShown(page, 'data-service'), truth);
  }
  assert.ok(result.compared >= Object.keys(truth).length, `too few numbers compared (${result.compared})`);
  assert.deepEqual(result.differences, [], `against a ${VERSION} server the page differs from it in ${result.differences.length} of ${result.compared} numbers`);
  return result.compared;
}

describe(`the wallboard against an RTD Server ${VERSION}`, () => {
  test('the emulator really is 1.0.0: it refuses the fields added later', { timeout: TEST_MS }, async () => {
    await assert.rejects(
      stack.gql('query { serviceStats(filter: { CALL: { services: ["service_1"] } }) { channelStats { ... on ServiceCcCallAtStat { averageTimeOnQueue } } } }'),
      /averageTimeOnQueue/,
    );
    const data = await stack.gql('query { version { server { major minor patch } } }');
    assert.deepEqual(data.version.server, { major: 1, minor: 0, patch: 0 });
  });

  test('after login /services goes live with every tile, no error, and the toolbar shows version 1.0.0', { timeout: TEST_MS }, async () => {
    await stack.control('pause');
    await page.goto(`${stack.appUrl}/login`);
    await loginThroughForm(page, ADMIN.username, ADMIN.password);
    await waitForPath(page, '/services');
    const shown = await waitForTiles();
    assert.deepEqual(Object.keys(shown).sort(), EXPECTED_SERVICE_TILES);
    await page.locator('[data-testid="live-status"][data-status="live"]').first().waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('[data-testid="live-status"] .error, [role="alert"]').count(), 0, 'an error is shown');
    await page.locator('[data-testid="server-version"]', { hasText: `RTD Server ${VERSION}` }).waitFor({ timeout: 15_000 });
  });

  test('tiles leave out what 1.0.0 does not have (average wait, the custom stats aggregate) instead of showing it as missing', { timeout: TEST_MS }, async () => {
    const shown = await waitForTiles();
    const withAverage = Object.entries(shown)
      .filter(([, fields]) => 'averageTimeOnQueue' in fields)
      .map(([key]) => key);
    assert.deepEqual(withAverage, [], 'no tile shows an average wait');
    // A board asking for a custom stat: its value shows, its board aggregate (from 1.0.2) does not.
    await page.goto(`${stack.appUrl}/boards/all-services`);
    await page.getByTestId('custom-stat-keys').fill('sl1');
    await page.getByTestId('custom-stat-keys').press('Tab');
    await page.getByTestId('save-board').click();
    await page.waitForURL(/\/services\?board=all-services$/);
    await page.locator('[data-service="service_1/CALL"] [data-field="sl1.value"]').waitFor();
    assert.equal(await page.locator('[data-field="sl1.aggregatedValue"]').count(), 0, 'no aggregate column');
    await pauseAndCompare();
  });

  test('with the simulation paused, every number shown equals a fresh query against the 1.0.0 server', { timeout: TEST_MS }, async () => {
    await pauseAndCompare();
  });

  test('numbers change as deltas arrive, and still equal the server once paused again', { timeout: TEST_MS }, async () => {
    const first = await readShown(page, 'data-service');
    await stack.control('resume');
    const deadline = Date.now() + 20_000;
    let changed = false;
    while (!changed && Date.now() < deadline) {
      await sleep(1_000);
      const now = await readShown(page, 'data-service');
      changed = Object.entries(now).some(([key, fields]) => Object.entries(fields).some(([field, value]) => first[key]?.[field] !== value));
    }
    assert.ok(changed, 'no number on /services changed in 20 s of running simulation');
    await pauseAndCompare();
    assert.equal(await liveStatus(), 'live');
  });

  test('the page logged no GraphQL validation error and no "Missing field"', () => {
    const relevant = consoleErrors.filter((text) => /Missing field|Cannot query field|GRAPHQL_VALIDATION|averageTimeOnQueue|aggregatedValue/i.test(text));
    assert.deepEqual(relevant, []);
  });
});
