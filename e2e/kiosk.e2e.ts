/**
 * The kiosk as a TV lives it, against the real emulator process: a supervisor makes a kiosk link in the app; the
 * TV boots from it and the token leaves the address bar and history; the slides rotate; the emulator process
 * stops (OFFLINE, greyed numbers with their age) and starts again (live, numbers equal to a fresh query, nobody
 * touched anything); the periodic reconciliation corrects nothing while deltas flow and puts lost ones right;
 * serverHealth FAIL shows a banner; a rejected token and a missing link show clear states. At 1280×720 and
 * 1920×1080 each screenful shows whole tiles (names and numbers inside the screen) and only its own tiles exist.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ADMIN, type Shown, type Stack, badgeState, loginThroughForm, readShown, sleep, startStack, waitForPath } from './harness.ts';
import { DEFAULT_SERVICES_FILTER, SERVICE_STATS_QUERY, type Truth, compare, flatten } from './truth.ts';

const TOKEN = 'rtd-wallboard-kiosk-demo-token';
const TEST_MS = 150_000;
const SLIDE_SECONDS = 6;
/** The kiosk config's default stale threshold (s). */
const STALE_SECONDS = 15;

let stack: Stack;
let tv: Page;
let link = '';

before(
  async () => {
    stack = await startStack();
    // A supervisor makes the link in the app: the first board's services and groups pages, 6 s each.
    const supervisor = await stack.newPage();
    await supervisor.goto(`${stack.appUrl}/login`);
    await loginThroughForm(supervisor, ADMIN.username, ADMIN.password);
    await waitForPath(supervisor, '/services');
    await supervisor.waitForURL(/board=all-services/);
    await supervisor.goto(`${stack.appUrl}/boards`);
    await supervisor.getByTestId('kiosk-token').fill(TOKEN);
    await supervisor.locator('[data-kiosk-board="all-services"] mat-checkbox[data-page="groups"] input').check();
    await supervisor.getByTestId('kiosk-seconds').fill(String(SLIDE_SECONDS));
    link = (await supervisor.getByTestId('kiosk-link').inputValue()).replace(/^https?:\/\/[^/]+/, stack.appUrl);
    await supervisor.context().close();
    tv = await stack.newPage();
  },
  { timeout: 240_000 },
);

after(async () => {
  await stack?.control('health', { status: 'PASS' }).catch(() => {});
  await stack?.close();
});

const kioskAttr = (name: string, page: Page = tv) => page.evaluate((name) => document.querySelector('app-kiosk-page')?.getAttribute(name) ?? null, name);

/** The server's numbers of the tiles a kiosk drew: it draws one screenful at a time, never every tile. */
function truthOfShown(truth: Truth, shown: Shown): Truth {
  return Object.fromEntries(Object.keys(shown).flatMap((key) => (truth[key] ? [[key, truth[key]]] : [])));
}

/** The numbers of the service tiles of the services slide's screenfuls, read as each comes round (`count` of them). */
async function readServiceScreenfuls(page: Page, count: number): Promise<Shown> {
  const shown: Shown = {};
  const read = new Set<string>();
  await waitFor(
    `${count} screenfuls of the services slide with service tiles`,
    async () => {
      const slide = (await kioskAttr('data-slide', page)) ?? '';
      if (slide.includes('/services/') && !read.has(slide)) {
        await sleep(500);
        const screenful = await readShown(page, 'data-service');
        if ((await kioskAttr('data-slide', page)) === slide && Object.keys(screenful).length) {
          Object.assign(shown, screenful);
          read.add(slide);
        }
      }
      return read.size >= count;
    },
    SLIDE_SECONDS * 15 * 1000,
  );
  return shown;
}

/**
 * What a person in front of the TV would check on the screenful on show: every tile inside the screen, its name
 * and each of its numbers visible there (nothing drawn over them, nothing cut at an edge), and the screenful full
 * (the next row would not have fitted) with no tile of another screenful in the DOM.
 */
function screenfulOnShow() {
  const width = innerWidth;
  const height = innerHeight;
  const inside = (r: DOMRect) => r.width > 0 && r.height > 0 && r.left >= -0.5 && r.top >= -0.5 && r.right <= width + 0.5 && r.bottom <= height + 0.5;
  const seen = (element: Element) => {
    const r = element.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + Math.min(4, r.width / 2), r.top + r.height / 2);
    return inside(r) && !!hit && element.contains(hit);
  };
  const tiles = [...document.querySelectorAll<HTMLElement>('.tiles > li')];
  const name = (tile: HTMLElement) => `${tile.querySelector('.tile-code')?.textContent?.trim()} ${tile.querySelector('.tile-channel')?.textContent?.trim()}`;
  const list = document.querySelector<HTMLElement>('.tiles');
  const style = list ? getComputedStyle(list) : null;
  const rowHeight = Math.max(0, ...tiles.map((tile) => tile.getBoundingClientRect().height));
  const lowest = Math.max(0, ...tiles.map((tile) => tile.getBoundingClientRect().bottom));
  return {
    slide: document.querySelector('app-kiosk-page')?.getAttribute('data-slide') ?? '',
    tiles: tiles.length,
    names: tiles.map(name),
    columns: style ? style.gridTemplateColumns.split(' ').length : 0,
    rowGap: style ? Number.parseFloat(style.rowGap) || 0 : 0,
    rowHeight,
    spareBelow: height - lowest,
    cut: tiles.filter((tile) => !inside(tile.getBoundingClientRect())).map(name),
    namesNotSeen: tiles.filter((tile) => !seen(tile.querySelector('.tile-code')!)).map(name),
    numbersNotSeen: tiles.flatMap((tile) => [...tile.querySelectorAll('[data-field]')].filter((figure) => !seen(figure)).map((figure) => `${name(tile)} ${figure.getAttribute('data-field')}`)),
    numbers: tiles.reduce((n, tile) => n + tile.querySelectorAll('[data-field]').length, 0),
  };
}

/** screenfulOnShow run in the page (tsx wraps named functions in `__name(…)`, which the page lacks: a stand-in). */
const readScreenful = (page: Page) => page.evaluate(`var __name = (target) => target; (${screenfulOnShow.toString()})()`) as Promise<ReturnType<typeof screenfulOnShow>>;

async function waitFor(what: string, check: () => Promise<boolean>, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(250);
  }
  assert.fail(`${what} did not happen within ${timeout / 1000} s`);
}

describe('kiosk', () => {
  test('the link holds the token in its fragment only; the TV boots from it and the token leaves the address bar and history', { timeout: TEST_MS }, async () => {
    const url = new URL(link);
    assert.equal(url.pathname, '/kiosk');
    assert.equal(url.search, '', 'nothing in the query string, which servers and proxies log');
    assert.match(url.hash, new RegExp(`token=${TOKEN}`));

    await tv.goto(link);
    await waitFor('the kiosk playing', async () => (await kioskAttr('data-phase')) === 'playing', 60_000);
    assert.ok(!tv.url().includes('#'), `the address bar still holds the fragment: ${tv.url()}`);
    const cdp = await tv.context().newCDPSession(tv);
    const { entries } = await cdp.send('Page.getNavigationHistory');
    assert.deepEqual(
      entries.filter((entry) => entry.url.includes('token=')).map((entry) => entry.url),
      [],
      'no history entry holds the token',
    );
    assert.equal(await tv.locator('header mat-toolbar, [data-testid="logout"]').count(), 0, 'no toolbar or menus');
    assert.ok(await tv.evaluate(() => document.documentElement.classList.contains('dark-theme')), 'the dark theme');
  });

  test('the slides rotate: every page of the playlist shows in turn, a tall one screenful by screenful', { timeout: TEST_MS }, async () => {
    const seen = new Set<string>();
    const steps = new Set<string>();
    await waitFor(
      'both slides showing',
      async () => {
        const slide = (await kioskAttr('data-slide')) ?? '';
        if (slide) seen.add(slide.replace(/\/\d+$/, ''));
        if (slide) steps.add(slide);
        return seen.has('all-services/services') && seen.has('all-services/groups') && steps.has('all-services/services/1');
      },
      // A slide taller than the screen shows each screenful for the slide's time: several steps per slide.
      SLIDE_SECONDS * 15 * 1000,
    );
    // At 1920×1080 the first board's services (six services on their channels, with totals) are taller than one screen.
    assert.ok(steps.has('all-services/services/1'), `the services slide paged to its second screenful (steps seen: ${[...steps].join(', ')})`);
    // Each screenful shows whole tiles: none is cut by the screen's bottom edge.
    await waitFor('the first screenful of the services slide', async () => (await kioskAttr('data-slide')) === 'all-services/services/0', SLIDE_SECONDS * 15 * 1000);
    assert.deepEqual((await readScreenful(tv)).cut, [], 'no tile is cut in half at the bottom of a screenful');
  });

  test('at 1280×720 and 1920×1080 a screenful shows whole tiles, names and numbers inside the screen, and only its own tiles are drawn', { timeout: TEST_MS }, async () => {
    for (const size of [
      { width: 1280, height: 720 },
      { width: 1920, height: 1080 },
    ]) {
      const other = await stack.newPage();
      try {
        await other.setViewportSize(size);
        await other.goto(link);
        // The first screenful of the services slide, with its numbers in.
        await waitFor(
          `the first screenful of the services slide at ${size.width}×${size.height}`,
          async () => (await kioskAttr('data-slide', other)) === 'all-services/services/0' && (await other.locator('.tiles [data-field]:not([data-value=""])').count()) > 0,
          SLIDE_SECONDS * 15 * 1000,
        );
        await sleep(1_000);
        const screen = await readScreenful(other);
        const at = `${size.width}×${size.height}: ${JSON.stringify(screen)}`;
        assert.equal(screen.slide, 'all-services/services/0', `still the first screenful when measured (${at})`);
        assert.ok(screen.tiles > 0 && screen.numbers > 0, `tiles with numbers on screen (${at})`);
        assert.deepEqual(screen.cut, [], `no tile crosses an edge of the screen (${at})`);
        assert.deepEqual(screen.namesNotSeen, [], `every tile's name is visible (${at})`);
        assert.deepEqual(screen.numbersNotSeen, [], `every number of every tile is visible (${at})`);
        // Only this screenful is in the DOM: whole rows of the grid, and no more than fit; the slide has more.
        assert.equal(screen.tiles % screen.columns, 0, `whole rows of ${screen.columns} tiles (${at})`);
        assert.ok(screen.spareBelow < screen.rowHeight + screen.rowGap, `the screenful is full: another row would not have fitted (${at})`);
        // The next screenful replaces this one: none of its tiles stays in the DOM.
        await waitFor('the second screenful', async () => (await kioskAttr('data-slide', other)) === 'all-services/services/1', SLIDE_SECONDS * 3 * 1000);
        await sleep(500);
        const second = await readScreenful(other);
        const after = `${size.width}×${size.height}: ${JSON.stringify(second)}`;
        assert.ok(second.tiles > 0 && second.tiles <= screen.tiles, `the second screenful is drawn (${after})`);
        assert.deepEqual(
          second.names.filter((name) => screen.names.includes(name)),
          [],
          `no tile of the first screenful is left (${after})`,
        );
        assert.deepEqual(second.cut, [], `no tile of the second screenful crosses an edge (${after})`);
        assert.deepEqual(second.numbersNotSeen, [], `every number of the second screenful is visible (${after})`);
      } finally {
        await other.context().close();
      }
    }
  });

  test('the RTD Server stops: OFFLINE and greyed numbers with their age; it starts again: live, equal to a fresh query, with nobody touching the TV', { timeout: 240_000 }, async () => {
    await waitFor('live tiles', async () => (await tv.locator('[data-service] [data-field], [data-group] [data-field]').count()) > 0, 30_000);
    await stack.stopEmulator();
    try {
      await waitFor('the badge leaving LIVE', async () => ['offline', 'reconnecting', 'connecting'].includes((await badgeState(tv)) ?? ''), 20_000);
      // Whichever slide is on screen says it: the tiles greyed with their age, or the agents slide's note (the
      // agents slide pages by whole rows and may hold the screen for the whole wait).
      const stale = tv.locator('[data-testid="tile-stale"], [data-testid="agents-stale"]');
      await waitFor(
        'the slide on screen saying "data N s old"',
        async () => (await stale.count()) > 0 && /data \d+ s old/.test((await stale.first().textContent()) ?? ''),
        (STALE_SECONDS + 15) * 1000,
      );
    } finally {
      await stack.startEmulator();
    }
    await waitFor('the badge back to LIVE', async () => (await badgeState(tv)) === 'live', 90_000);
    await waitFor('nothing on screen stale', async () => (await tv.locator('[data-testid="tile-stale"], [data-testid="agents-stale"]').count()) === 0, 30_000);

    // The restarted server is a new simulation: the TV's numbers must be the new server's, not the old ones.
    await stack.control('pause');
    try {
      await sleep(1_500);
      const truth = flatten((await stack.gql(SERVICE_STATS_QUERY, { filter: DEFAULT_SERVICES_FILTER })).serviceStats);
      // The TV draws one screenful at a time: its numbers are read as the screenfuls come round.
      // Three, so that even screenfuls of VIDEO and CHAT tiles (9 figures each) give enough to compare.
      const shown = await readServiceScreenfuls(tv, 3);
      const { compared, differences } = compare(shown, truthOfShown(truth, shown));
      assert.deepEqual(differences, [], `every number on the TV equals a fresh query after the restart (${compared} compared)`);
      assert.ok(compared > 50, `too few numbers compared (${compared})`);
    } finally {
      await stack.control('resume');
    }
  });

  test('the periodic reconciliation finds nothing to correct while the deltas flow, and puts lost ones right by itself', { timeout: TEST_MS }, async () => {
    const other = await stack.newPage();
    try {
      // Every 2 s instead of every 5 minutes (the README's developer setting).
      await other.addInitScript(() => localStorage.setItem('rtd-wallboard.reconcile-seconds', '2'));
      // The services slide alone, so the list that drifts is the one corrected (a new slide would re-snapshot).
      const [base, fragment] = link.split('#');
      const params = new URLSearchParams(fragment);
      const bundle = JSON.parse(Buffer.from(params.get('kiosk')!, 'base64url').toString());
      bundle.config.slides = [{ board: 'all-services', page: 'services', seconds: 600 }];
      params.set('kiosk', Buffer.from(JSON.stringify(bundle)).toString('base64url'));
      // A tall screen (a column of TVs), so that the one screenful this slide shows for its 600 s holds a dozen
      // service tiles and not only the totals that come first.
      await other.setViewportSize({ width: 1280, height: 2880 });
      await other.goto(`${base}#${params}`);
      await waitFor(
        'the services slide with live tiles',
        async () => ((await kioskAttr('data-slide', other)) ?? '').startsWith('all-services/services') && (await other.locator('[data-service] [data-field]').count()) > 0,
        60_000,
      );
      // Several reconciliations of a list updated twice a second: nothing to correct.
      await sleep(12_000);
      assert.equal(await kioskAttr('data-corrections', other), '0', 'no correction while every delta arrives');

      await stack.control('pause');
      try {
        // Ten simulated minutes whose messages the network lost: the TV now shows old numbers.
        await stack.control('lose-deltas', { seconds: 600 });
        const truth = async () => flatten((await stack.gql(SERVICE_STATS_QUERY, { filter: DEFAULT_SERVICES_FILTER })).serviceStats);
        const drawn = await readShown(other, 'data-service');
        const lost = compare(drawn, truthOfShown(await truth(), drawn));
        assert.ok(lost.differences.length > 0, 'the lost messages left numbers that differ from the server');
        await waitFor('corrections counted', async () => Number(await kioskAttr('data-corrections', other)) > 0, 30_000);
        await sleep(2_000);
        assert.equal(await kioskAttr('data-slide', other), 'all-services/services/0', 'still the same slide: the reconciliation, not a new slide, corrected it');
        const corrected = await readShown(other, 'data-service');
        const { compared, differences } = compare(corrected, truthOfShown(await truth(), corrected));
        assert.deepEqual(differences, [], `every number equals a fresh query after the reconciliation (${compared} compared)`);
        assert.ok(compared > 50, `too few numbers compared (${compared})`);
      } finally {
        await stack.control('resume');
      }
    } finally {
      await other.context().close();
    }
  });

  test('serverHealth FAIL shows a banner, and PASS takes it away', { timeout: TEST_MS }, async () => {
    await stack.control('health', { status: 'FAIL' });
    // The app asks for the health every 30 s and after each reconnect.
    await tv.getByTestId('health-banner').waitFor({ timeout: 45_000 });
    await stack.control('health', { status: 'PASS' });
    await tv.getByTestId('health-banner').waitFor({ state: 'detached', timeout: 45_000 });
  });

  test('a token the server rejects: a clear full-screen "needs a new link" state', { timeout: TEST_MS }, async () => {
    const other = await stack.newPage();
    await other.goto(`${stack.appUrl}/kiosk#token=not-a-token-this-server-knows`);
    await other.getByTestId('kiosk-rejected').filter({ hasText: 'This display needs a new link' }).waitFor({ timeout: 30_000 });
    assert.ok(!other.url().includes('not-a-token'), 'the rejected token left the address bar too');
    await other.context().close();
  });

  test('a TV opened without a link, where the wallboard server is, shows a pairing code (displays.e2e.ts pairs one)', { timeout: TEST_MS }, async () => {
    const other = await stack.newPage();
    await other.goto(`${stack.appUrl}/kiosk`);
    await other.getByTestId('pairing-code').waitFor({ timeout: 30_000 });
    await other.context().close();
  });
});
