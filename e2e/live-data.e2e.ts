/**
 * The wallboard's numbers against the server's: log in through the form, watch /services change, then pause
 * the simulation and compare every number the page shows with a fresh query made outside the browser. The
 * same after the server drops every socket (the app must reconnect and take a fresh snapshot by itself),
 * and for /groups. Screenshots of every page are saved for the README.
 *
 * Boards are opened while the simulation is paused and then resumed: a board's first snapshot and its
 * subscription then agree whatever order they reach the server in. That order is tested on its own, at the
 * end, where it is forced.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ADMIN, ROOT, type Shown, type Stack, badgeState, loginThroughForm, readAgentRows, readShown, sleep, startStack, waitForPath } from './harness.ts';
import {
  AGENTS_QUERY,
  AGENT_STATS_QUERY,
  DEFAULT_SERVICES_FILTER,
  GROUP_STATS_QUERY,
  SERVICE_STATS_QUERY,
  MAY_HAVE_NO_VALUE,
  type Truth,
  agentTruth,
  compare,
  filterFromKeys,
  flatten,
} from './truth.ts';

/** After a pause: the emulator's last tick (500 ms) plus the app's 50 ms coalescing, with room to spare. */
const SETTLE_MS = 1_500;
/** One test's limit: generous for a starved 2-core machine, short of hanging the run. */
const TEST_MS = 120_000;
// Every run saves the screenshots under .test-results; UPDATE_SCREENSHOTS=1 writes the README's copies instead.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? join(ROOT, 'docs', 'screenshots') : join(ROOT, '.test-results', 'screenshots');

/** The tiles of the first board: every service/channel the server has for the revealed services (set in before). */
let EXPECTED_SERVICE_TILES: string[] = [];
/** The groups board's default: every skillset of the default scenario on every channel. */
const EXPECTED_GROUP_TILES = ['CALL', 'VIDEO', 'CHAT'].flatMap((channel) => ['skillset_1', 'skillset_2', 'skillset_3'].map((code) => `${code}/${channel}`)).sort();

let stack: Stack;
let page: Page;

before(
  async () => {
    stack = await startStack();
    page = await stack.newPage();
    EXPECTED_SERVICE_TILES = Object.keys(await serviceTruth()).sort();
  },
  { timeout: 240_000 },
);

after(async () => {
  await stack?.close();
});

/** Waits until every tile (every one of `keys`, if given) shows all its numbers. */
async function waitForTiles(attr: 'data-service' | 'data-group', keys?: string[], on: Page = page, timeout = 20_000): Promise<Shown> {
  const deadline = Date.now() + timeout;
  let shown: Shown = {};
  while (Date.now() < deadline) {
    shown = await readShown(on, attr);
    const present = Object.keys(shown);
    const complete =
      present.length > 0 &&
      (!keys || keys.every((k) => k in shown)) &&
      present.every((k) => Object.keys(shown[k]).length > 0 && Object.entries(shown[k]).every(([field, v]) => v !== '' || MAY_HAVE_NO_VALUE.includes(field)));
    if (complete) return shown;
    await sleep(250);
  }
  assert.fail(`the ${attr} tiles never showed all their numbers within ${timeout / 1000} s; the page shows ${JSON.stringify(shown)}`);
}

async function serviceTruth(): Promise<Truth> {
  const data = await stack.gql(SERVICE_STATS_QUERY, { filter: DEFAULT_SERVICES_FILTER });
  return flatten(data.serviceStats);
}

async function groupTruth(tiles: Shown): Promise<Truth> {
  const data = await stack.gql(GROUP_STATS_QUERY, { filter: filterFromKeys(Object.keys(tiles), 'groups') });
  return flatten(data.groupStats);
}

/**
 * Pauses the simulation, lets the last deltas land, and compares every number on the page with a fresh
 * query. A page still catching up on a starved machine gets a second look; a page that is wrong stays wrong.
 */
async function pauseAndCompare(attr: 'data-service' | 'data-group', truthOf: (shown: Shown) => Promise<Truth>, on: Page = page): Promise<void> {
  await stack.control('pause');
  await sleep(SETTLE_MS);
  let shown = await readShown(on, attr);
  const truth = await truthOf(shown);
  let result = compare(shown, truth);
  if (result.differences.length) {
    await sleep(3_000);
    shown = await readShown(on, attr);
    result = compare(shown, truth);
  }
  assert.ok(result.compared >= Object.keys(truth).length, `too few numbers compared (${result.compared}) for ${Object.keys(truth).length} tiles`);
  assert.deepEqual(result.differences, [], `with the simulation paused, the page differs from the server in ${result.differences.length} of ${result.compared} numbers`);
}

// A string, not a function: tsx would wrap a function's inner closures in a helper the page does not have.
const RECORD_BADGE = `(() => {
  window.__badgeObserver?.disconnect();
  window.__badgeStates = [];
  const note = () => {
    const state = document.querySelector('[data-testid="connection-badge"]')?.getAttribute('data-state') ?? 'absent';
    if (window.__badgeStates.at(-1) !== state) window.__badgeStates.push(state);
  };
  note();
  window.__badgeObserver = new MutationObserver(note);
  window.__badgeObserver.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
})()`;

const badgeStates = (): Promise<string[]> => page.evaluate('window.__badgeStates ?? []');

async function waitForBadge(state: string, timeout = 30_000): Promise<void> {
  await page
    .locator(`[data-testid="connection-badge"][data-state="${state}"]`)
    .first()
    .waitFor({ timeout })
    .catch(async () => {
      assert.fail(`the connection badge did not show "${state}" within ${timeout / 1000} s; it shows ${await badgeState(page)}; states seen: ${JSON.stringify(await badgeStates().catch(() => null))}`);
    });
}

/** Waits until the badge has left "live" (the app noticed the drop) and come back to it (reconnected). */
async function waitForReconnect(): Promise<void> {
  await page.waitForFunction('window.__badgeStates.some((s) => s !== "live")', undefined, { timeout: 10_000 }).catch(async () => {
    assert.fail(`the badge never left "live" after the server dropped the socket; states seen: ${JSON.stringify(await badgeStates())}`);
  });
  await waitForBadge('live');
}

/** Once live, starts recording the badge's states and drops every socket the server holds. */
async function disconnectWhenLive(): Promise<void> {
  await waitForBadge('live');
  await page.evaluate(RECORD_BADGE);
  const { dropped } = await stack.control('disconnect');
  assert.ok(dropped >= 1, `the app had no socket open to drop (dropped: ${dropped})`);
}

async function screenshot(name: string, on: Page = page): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await on.evaluate('document.fonts.ready');
  await on.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Numbers that differ between two readings of a page. */
function changes(before: Shown, now: Shown): string[] {
  return Object.entries(now).flatMap(([key, fields]) =>
    Object.entries(fields)
      .filter(([field, value]) => before[key]?.[field] !== value)
      .map(([field, value]) => `${key} ${field}: ${before[key]?.[field]} → ${value}`),
  );
}

describe('the live wallboard against the emulator', () => {
  test('logging in through the form opens /services, whose numbers are live and change', { timeout: TEST_MS }, async () => {
    await stack.control('pause');
    await page.goto(`${stack.appUrl}/login`);
    await loginThroughForm(page, ADMIN.username, ADMIN.password);
    await waitForPath(page, '/services');
    const first = await waitForTiles('data-service', EXPECTED_SERVICE_TILES);
    assert.deepEqual(Object.keys(first).sort(), EXPECTED_SERVICE_TILES, 'the first board shows every service/channel the server has for the services its agents reveal');
    await stack.control('resume');
    const deadline = Date.now() + 20_000;
    let changed: string[] = [];
    while (!changed.length && Date.now() < deadline) {
      await sleep(1_000);
      changed = changes(first, await readShown(page, 'data-service'));
    }
    assert.ok(changed.length > 0, 'no number on /services changed in 20 s of running simulation');
  });

  test('with the simulation paused, every number on /services equals a fresh serviceStats query', { timeout: TEST_MS }, async () => {
    await stack.control('resume');
    await waitForTiles('data-service', EXPECTED_SERVICE_TILES);
    await sleep(3_000);
    await pauseAndCompare('data-service', serviceTruth);
  });

  test('on a small screen, tiles far below are placeholders with their names; scrolled to, they show what the server has', { timeout: TEST_MS }, async () => {
    await stack.control('pause');
    await page.setViewportSize({ width: 800, height: 360 });
    try {
      await page.goto(`${stack.appUrl}/services`);
      await waitForPath(page, '/services');
      const placeholders = page.locator('.tiles > li app-tile-placeholder');
      await placeholders.first().waitFor({ timeout: 20_000 });
      const last = page.locator('.tiles > li').last();
      const name = (await last.locator('app-tile-placeholder').innerText()).trim();
      assert.match(name, /\w/, 'a tile not drawn still shows its name');
      // The channels' totals come first; a screen and a half below the viewport, the rest waits as placeholders.
      const drawn = await page.locator('.tiles > li > app-stat-tile').count();
      const tiles = await page.locator('.tiles > li').count();
      assert.ok(drawn > 0 && drawn < tiles, `near the top only some tiles are drawn (${drawn} of ${tiles})`);

      await last.scrollIntoViewIfNeeded();
      await last.locator('app-stat-tile [data-field]').first().waitFor({ timeout: 10_000 });
      assert.equal(await last.locator('app-stat-tile article').getAttribute('aria-label'), name, 'the tile drawn is the one its placeholder named');
      await sleep(SETTLE_MS);
      const shown = await readShown(page, 'data-service');
      const truth = await serviceTruth();
      const result = compare(shown, Object.fromEntries(Object.keys(shown).map((key) => [key, truth[key]!])));
      assert.ok(result.compared > 0, 'the tiles scrolled to show numbers');
      assert.deepEqual(result.differences, [], 'the tiles drawn once scrolled to equal the server');
    } finally {
      await page.setViewportSize({ width: 1920, height: 1080 });
      await stack.control('resume');
    }
  });

  test('after the server drops every socket, the app reconnects, re-snapshots, and equals the server again', { timeout: TEST_MS }, async () => {
    await stack.control('resume');
    await sleep(3_000);
    await disconnectWhenLive();
    await waitForReconnect();
    await sleep(3_000);
    const { subscriptions } = await stack.control('state');
    assert.ok(subscriptions >= 1, 'after the reconnect the app holds no subscription on the server');
    await pauseAndCompare('data-service', serviceTruth);
  });

  test('changes made while the socket is down show after the reconnect (fresh snapshot, not deltas)', { timeout: TEST_MS }, async () => {
    // Paused: nothing changes except what the step below makes while the app is reconnecting, and no
    // delta will ever carry it to the new subscription; only a snapshot taken after the reconnect can.
    await stack.control('pause');
    await sleep(SETTLE_MS);
    const before = await readShown(page, 'data-service');
    await disconnectWhenLive();
    await stack.control('step', { seconds: 300 });
    await waitForReconnect();
    const moved = compare(before, await serviceTruth()).differences.length;
    assert.ok(moved > 0, 'five simulated minutes changed nothing on the board: the test would prove nothing');
    await pauseAndCompare('data-service', serviceTruth);
  });

  test('/groups shows live tiles that equal a fresh groupStats query once paused', { timeout: TEST_MS }, async () => {
    await stack.control('pause');
    await page.goto(`${stack.appUrl}/groups`);
    await waitForPath(page, '/groups');
    const first = await waitForTiles('data-group', EXPECTED_GROUP_TILES);
    assert.deepEqual(Object.keys(first).sort(), EXPECTED_GROUP_TILES, 'the default groups board shows skillset_1..3 on CALL, VIDEO and CHAT');
    await stack.control('resume');
    const deadline = Date.now() + 20_000;
    let changed: string[] = [];
    while (!changed.length && Date.now() < deadline) {
      await sleep(1_000);
      changed = changes(first, await readShown(page, 'data-group'));
    }
    assert.ok(changed.length > 0, 'no number on /groups changed in 20 s of running simulation');
    await pauseAndCompare('data-group', groupTruth);
  });

  test('/agents shows a live row per agent that equals a fresh users + userStats query once paused', { timeout: TEST_MS }, async () => {
    await stack.control('pause');
    await page.goto(`${stack.appUrl}/agents`);
    await waitForPath(page, '/agents');
    const { users } = await stack.gql(AGENTS_QUERY);
    const usernames = users.map((u: { username: string }) => u.username).sort();
    const deadline = Date.now() + 20_000;
    let rows = await readAgentRows(page);
    while (Date.now() < deadline && !(Object.keys(rows).length === usernames.length && Object.values(rows).every((r) => r['numberCallIn'] !== undefined))) {
      await sleep(250);
      rows = await readAgentRows(page);
    }
    assert.deepEqual(Object.keys(rows).sort(), usernames, 'one row per user the server has');
    await stack.control('resume');
    await sleep(4_000);
    await stack.control('pause');
    await sleep(SETTLE_MS);
    const truthNow = async () => agentTruth((await stack.gql(AGENTS_QUERY)).users, (await stack.gql(AGENT_STATS_QUERY, { filter: { CALL: { users: usernames } } })).userStats);
    const truth = await truthNow();
    let result = compare(await readAgentRows(page), truth);
    if (result.differences.length) {
      await sleep(3_000);
      result = compare(await readAgentRows(page), truth);
    }
    assert.ok(result.compared >= usernames.length * 3, `too few values compared (${result.compared}) for ${usernames.length} agents`);
    assert.deepEqual(result.differences, [], `with the simulation paused, the agents table differs from the server in ${result.differences.length} of ${result.compared} values`);
  });

  test('screenshots of /login, and of /services, /groups, /agents and /boards in both themes (UPDATE_SCREENSHOTS=1 refreshes docs/screenshots)', { timeout: TEST_MS }, async () => {
    // Its own browser context, whose clock is set to the simulated one: live durations ("in status for")
    // then read as they would against a real server, even though the emulator runs ahead at 4x.
    await stack.control('pause');
    const showcase = await stack.newPage();
    await showcase.clock.install({ time: Date.parse((await stack.control('state')).clock) });
    const align = async () => {
      await stack.control('pause');
      await showcase.clock.setSystemTime(Date.parse((await stack.control('state')).clock));
      await sleep(SETTLE_MS);
    };
    await showcase.goto(`${stack.appUrl}/login`);
    await showcase.locator('input[name="username"]').waitFor();
    await screenshot('login', showcase);
    await loginThroughForm(showcase, ADMIN.username, ADMIN.password);
    await waitForPath(showcase, '/services');
    await waitForTiles('data-service', EXPECTED_SERVICE_TILES, showcase);
    // Each board page in both themes: light as <page>.png, dark as <page>-dark.png.
    for (const theme of ['light', 'dark'] as const) {
      await showcase.evaluate((theme) => localStorage.setItem('rtd-wallboard.theme', theme), theme);
      for (const [path, ready] of [
        ['/services', () => waitForTiles('data-service', EXPECTED_SERVICE_TILES, showcase)],
        ['/groups', () => waitForTiles('data-group', undefined, showcase)],
        ['/agents', () => showcase.locator('[data-username] [data-field]').first().waitFor()],
        ['/boards', () => showcase.locator('[data-board]').first().waitFor()],
      ] as const) {
        await stack.control('pause');
        if (new URL(showcase.url()).pathname !== path || theme === 'dark') await showcase.goto(`${stack.appUrl}${path}`);
        await ready();
        await stack.control('resume');
        await sleep(3_000);
        await align();
        await screenshot(`${path.slice(1)}${theme === 'dark' ? '-dark' : ''}`, showcase);
      }
    }
  });

  test(
    'a change that lands between the snapshot and the subscription reaching the server still shows',
    {
      timeout: TEST_MS,
    },
    async () => {
      // Forces the order that happens by chance on a real network: the snapshot is answered, then the centre
      // moves on (a simulated minute), and only then does the subscription reach the server. A data layer that
      // is right whatever the order (snapshot over the same socket after subscribing, or a second snapshot once
      // subscribed) shows the server's numbers; one that trusts the order shows the snapshot's for ever.
      await stack.control('pause');
      const fresh = await stack.newPage();
      await fresh.goto(`${stack.appUrl}/login`);
      await loginThroughForm(fresh, ADMIN.username, ADMIN.password);
      await waitForTiles('data-service', EXPECTED_SERVICE_TILES, fresh);
      let released!: () => void;
      const subscribed = new Promise<void>((resolve) => (released = resolve));
      let snapshot: Truth | null = null;
      await fresh.route(
        (url) => url.pathname === '/rtdserver',
        async (route) => {
          const request = route.request();
          if (snapshot || request.method() !== 'POST' || !request.postData()?.includes('"service_1"')) return route.continue();
          snapshot = await serviceTruth();
          const response = await route.fetch();
          await stack.control('step', { seconds: 60 });
          await route.fulfill({ response });
          released();
        },
      );
      // The app's socket is its worker's, which Playwright cannot route (microsoft/playwright#37048): this handler
      // then sees nothing, and the test checks that the page converges. The worker sends the subscription and then
      // the snapshot query on that one socket, so the server never sees them the other way round.
      await fresh.routeWebSocket(
        (url) => url.pathname === '/rtdserver',
        (ws) => {
          const server = ws.connectToServer();
          let queue = Promise.resolve();
          let holding = false;
          ws.onMessage((message) => {
            // From the first subscribe on, the page's messages wait (in order) until the snapshot was answered
            // and the step made; a data layer that takes no HTTP snapshot is let through after 2 s, step first.
            holding ||= String(message).includes('"subscribe"');
            if (!holding) return server.send(message);
            queue = queue.then(async () => {
              await Promise.race([
                subscribed,
                sleep(2_000).then(async () => {
                  if (!snapshot) {
                    snapshot = {};
                    await stack.control('step', { seconds: 60 });
                    released();
                  }
                }),
              ]);
              server.send(message);
            });
          });
        },
      );
      await fresh.reload();
      await waitForTiles('data-service', EXPECTED_SERVICE_TILES, fresh);
      await sleep(SETTLE_MS);
      const truth = await serviceTruth();
      if (snapshot && Object.keys(snapshot).length) assert.ok(compare(readFromTruth(snapshot), truth).differences.length > 0, 'a simulated minute changed nothing: the test would prove nothing');
      await pauseAndCompare('data-service', serviceTruth, fresh);
    },
  );
});

/** A truth as if a page showed it, to count how many numbers moved between two truths. */
function readFromTruth(truth: Truth): Shown {
  return Object.fromEntries(Object.entries(truth).map(([key, fields]) => [key, Object.fromEntries(Object.entries(fields).map(([f, v]) => [f, v === null ? '' : String(v)]))]));
}
