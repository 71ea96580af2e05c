/**
 * What a room sees on the kiosk's tile slides (issue 14, findings 1, 5 and 6), on one stack and one browser whose
 * page is resized: boards of 1, 2, 7, 30 and 600 tiles (services, and a groups slide) at every supported TV size,
 * 16:9 and not (in English, and the smallest in Italian), each screenful stepped through with the keys a person setting up the TV uses (every screenful; for
 * 600 tiles the first, the second and the last). A screenful fails when a tile is cut by the slide's edges, when
 * anything (the bar, a banner, a note) lies over a tile, when a figure is on screen without its tile's name, when
 * it is not whole rows, or when the screenfuls do not show every tile of the board once. Then the rotation as set
 * (seconds per screenful or per slide, the screenful indicator advancing) and the sound hint for the person
 * setting up (in the bar's corner, once, for a few seconds).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, type Stack, sleep, startStack } from './harness.ts';

const TOKEN = 'rtd-wallboard-kiosk-demo-token';
/** The TV sizes the kiosk supports, 16:9 from 720p to 4K, and others: an old 4:3, an ultra-wide, a portrait column. */
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
  { width: 1024, height: 768 },
  { width: 2560, height: 1080 },
  { width: 1080, height: 1920 },
] as const;

/** The emulator's generated contact centre: service_N serves CALL when (N-1) % 6 is 0–3, CHAT when it is 2–4. */
const service = (n: number) => `service_${n}`;
const CALL_SERVICES = Array.from({ length: 600 }, (_, i) => i + 1)
  .filter((n) => (n - 1) % 6 <= 3)
  .map(service);
const CHAT_SERVICES = Array.from({ length: 600 }, (_, i) => i + 1)
  .filter((n) => [2, 3, 4].includes((n - 1) % 6))
  .map(service);
const none = () => ({ CALL: [] as string[], VIDEO: [] as string[], CHAT: [] as string[] });

/** A board whose services page has `tiles` tiles (a channel with two services or more adds its totals tile). */
const BOARDS = [
  { id: 'one', tiles: 1, services: { ...none(), CALL: [service(1)] }, groups: none() },
  { id: 'two', tiles: 2, services: { ...none(), CALL: [service(1)], CHAT: [service(5)] }, groups: none() },
  // 3 CALL services and their total, 2 CHAT services and theirs; its groups page: 3 skillsets on CALL and their total.
  {
    id: 'seven',
    tiles: 7,
    services: { ...none(), CALL: [service(1), service(7), service(13)], CHAT: [service(5), service(11)] },
    groups: { ...none(), CALL: ['skillset_1', 'skillset_2', 'skillset_3'] },
  },
  { id: 'thirty', tiles: 30, services: { ...none(), CALL: CALL_SERVICES.slice(0, 29) }, groups: none() },
  // 400 CALL services and their total, 198 CHAT services and theirs.
  { id: 'six-hundred', tiles: 600, services: { ...none(), CALL: CALL_SERVICES.slice(0, 400), CHAT: CHAT_SERVICES.slice(0, 198) }, groups: none() },
];
/** Names a room would give them (the README's screenshots show one). */
const BOARD_NAMES: Record<string, string> = { one: 'Sales', two: 'Help desk', seven: 'Front office', thirty: 'Italy', 'six-hundred': 'Whole centre' };
/** The README's kiosk screenshots: the first screenful of the seven-tile board at 720p, 1080p and 4K. */
const README_SHOTS: Record<string, string> = { '1280×720': 'kiosk-720p', '1920×1080': 'kiosk', '3840×2160': 'kiosk-4k' };
// Every run saves them under .test-results; UPDATE_SCREENSHOTS=1 writes the README's copies instead.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? join(ROOT, 'docs', 'screenshots') : join(ROOT, '.test-results', 'screenshots');

/** The slides, in the playlist's order; a sampled slide is checked on its first, second and last screenful only. */
const SLIDES: { board: string; page: 'services' | 'groups'; tiles: number | null; sampled: boolean }[] = [
  ...BOARDS.map((board) => ({ board: board.id, page: 'services' as const, tiles: board.tiles, sampled: board.tiles > 100 })),
  // Its tiles: the skillsets the server reveals on CALL (and their total); counted from its screenfuls.
  { board: 'seven', page: 'groups' as const, tiles: null, sampled: false },
];

/** A kiosk link in the app's format (README, Kiosk mode) playing `slides`, sound on (for the hint), burn-in off. */
function kioskLink(appUrl: string, config: { seconds: number; secondsPer?: 'screenful' | 'slide'; slides?: typeof SLIDES; boards?: typeof BOARDS }): string {
  const boards = (config.boards ?? BOARDS).map((board) => ({
    id: board.id,
    name: BOARD_NAMES[board.id] ?? board.id,
    services: board.services,
    groups: board.groups,
    agents: {},
    customStatKeys: [],
    site: null,
    serviceLevel: 'answered',
    thresholds: { serviceLevel: { warning: 80, critical: 70 }, longestWait: { warning: 60, critical: 120 }, abandonRate: { warning: 5, critical: 8 }, holdSeconds: 5 },
    density: 'comfortable',
  }));
  const slides = (config.slides ?? SLIDES).map((slide) => ({ board: slide.board, page: slide.page, seconds: config.seconds }));
  const kiosk = { slides, ...(config.secondsPer ? { secondsPer: config.secondsPer } : {}), sound: true, burnIn: false, staleSeconds: 60, dailyReloadHour: null };
  const bundle = Buffer.from(JSON.stringify({ config: kiosk, boards: { format: 'rtd-wallboard/boards', version: 1, boards } })).toString('base64url');
  return `${appUrl}/kiosk#${new URLSearchParams({ token: TOKEN, kiosk: bundle })}`;
}

/**
 * A browser whose autoplay policy blocks sound until a click or key press, as a TV's Chromium started without
 * `--autoplay-policy=no-user-gesture-required` (the test browser is started with it): audio starts suspended and
 * will not resume before the page has had a user's gesture.
 */
function blockSoundUntilAClick(): void {
  const Real = window.AudioContext;
  // A click or a key press is the gesture that lets sound play (headless Chromium's own userActivation is not
  // a person's: it turns true by itself).
  let gesture = false;
  for (const type of ['pointerdown', 'keydown']) addEventListener(type, (event) => (gesture ||= event.isTrusted), { capture: true });
  window.AudioContext = class extends Real {
    #allowed = false;
    constructor(options?: AudioContextOptions) {
      super(options);
      void super.suspend();
    }
    override get state(): AudioContextState {
      return this.#allowed || super.state === 'closed' ? super.state : 'suspended';
    }
    override resume(): Promise<void> {
      if (!gesture) return new Promise<void>(() => {});
      this.#allowed = true;
      return super.resume();
    }
  };
}

let stack: Stack;
let tv: Page;

before(
  async () => {
    stack = await startStack({ emulatorArgs: ['--agents', '120', '--services', '600', '--groups', '40'] });
    tv = await stack.newPage();
    await tv.addInitScript(blockSoundUntilAClick);
  },
  { timeout: 240_000 },
);

after(async () => {
  await stack?.close();
});

/** What a person in front of the TV checks on the screenful on show (run in the page). */
function screenfulOnShow() {
  const frame = document.querySelector('.kiosk-slide')?.getBoundingClientRect() ?? new DOMRect();
  const screen = { left: Math.max(0, frame.left), top: Math.max(0, frame.top), right: Math.min(innerWidth, frame.right), bottom: Math.min(innerHeight, frame.bottom) };
  const inside = (r: DOMRect) => r.width > 0 && r.height > 0 && r.left >= screen.left - 0.5 && r.top >= screen.top - 0.5 && r.right <= screen.right + 0.5 && r.bottom <= screen.bottom + 0.5;
  const onScreen = (r: DOMRect) => r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth && r.top < innerHeight;
  /** The element drawn at each of a box's corners (2 px in) and centre belongs to `element`: nothing lies over it. */
  const uncovered = (element: Element) => {
    const r = element.getBoundingClientRect();
    const points = [
      [r.left + 2, r.top + 2],
      [r.right - 2, r.top + 2],
      [r.left + 2, r.bottom - 2],
      [r.right - 2, r.bottom - 2],
      [r.left + r.width / 2, r.top + r.height / 2],
    ];
    return points.every(([x, y]) => {
      const hit = document.elementFromPoint(x, y);
      return !!hit && element.contains(hit);
    });
  };
  const tiles = [...document.querySelectorAll<HTMLElement>('.tiles > li')];
  const key = (tile: Element) => {
    const stat = tile.querySelector('app-stat-tile');
    const id = stat?.getAttribute('data-service') ?? stat?.getAttribute('data-group') ?? `total/${stat?.getAttribute('data-total')}`;
    return `${id}/${tile.querySelector('.tile-channel')?.textContent?.trim()}`;
  };
  const nameOf = (tile: Element) => tile.querySelector('.tile-code');
  const nameSeen = (tile: Element) => {
    const name = nameOf(tile);
    if (!name) return false;
    const r = name.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + Math.min(4, r.width / 2), r.top + r.height / 2);
    return inside(r) && !!hit && name.contains(hit);
  };
  const list = document.querySelector<HTMLElement>('.tiles');
  const style = list ? getComputedStyle(list) : null;
  const zoom = list ? Number.parseFloat(list.style.zoom) || 1 : 1;
  const rowHeight = Math.max(0, ...tiles.map((tile) => tile.getBoundingClientRect().height));
  const lowest = Math.max(0, ...tiles.map((tile) => tile.getBoundingClientRect().bottom));
  const figures = [...document.querySelectorAll('[data-field]')].filter((figure) => onScreen(figure.getBoundingClientRect()));
  return {
    // The slide on show; nothing before the kiosk plays (it names its first slide while it still logs in).
    slide: document.querySelector('.kiosk-slide') ? (document.querySelector('app-kiosk-page')?.getAttribute('data-slide') ?? '') : '',
    indicator: document.querySelector('[data-testid="kiosk-screenful"]')?.textContent?.trim() ?? null,
    position: document.querySelector('[data-testid="kiosk-position"]')?.textContent?.trim() ?? null,
    keys: tiles.map(key),
    tops: tiles.map((tile) => Math.round(tile.getBoundingClientRect().top)),
    columns: style ? style.gridTemplateColumns.split(' ').length : 0,
    zoom,
    rowGap: style ? (Number.parseFloat(style.rowGap) || 0) * zoom : 0,
    rowHeight,
    spareBelow: screen.bottom - lowest,
    tallerThanSlide: rowHeight > frame.height + 0.5,
    cut: tiles.filter((tile) => !inside(tile.getBoundingClientRect())).map(key),
    covered: tiles
      .filter((tile) => !uncovered(tile))
      .map((tile) => `${key(tile)} under ${document.elementFromPoint(tile.getBoundingClientRect().left + 2, tile.getBoundingClientRect().top + 2)?.className}`),
    namesNotSeen: tiles.filter((tile) => !nameSeen(tile)).map(key),
    namelessFigures: figures.filter((figure) => {
      const tile = figure.closest('.tiles > li');
      return !tile || !nameSeen(tile);
    }).length,
    figures: figures.length,
    values: figures.filter((figure) => (figure.getAttribute('data-value') ?? figure.textContent ?? '').trim() !== '').length,
  };
}
type Screenful = ReturnType<typeof screenfulOnShow>;

/** screenfulOnShow run in the page (tsx wraps named functions in `__name(…)`, which the page lacks: a stand-in). */
const readScreenful = (page: Page) => page.evaluate(`var __name = (target) => target; (${screenfulOnShow.toString()})()`) as Promise<Screenful>;

async function waitFor<T>(what: string, check: () => Promise<T | false | null | undefined>, timeout: number): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  while (Date.now() < deadline) {
    const result = await check();
    if (result) return result;
    last = result;
    await sleep(100);
  }
  return assert.fail(`${what} did not happen within ${timeout / 1000} s (${JSON.stringify(last)})`);
}

/** The screenful `slide` (board/page/screenful) once drawn with its numbers and no longer moving (measured, laid out). */
async function settledScreenful(page: Page, slide: string): Promise<Screenful> {
  let before: Screenful | null = null;
  return waitFor(
    `screenful ${slide} drawn and settled`,
    async () => {
      const now = await readScreenful(page);
      const same = before && now.slide === slide && now.keys.length > 0 && now.values > 0 && JSON.stringify([now.keys, now.tops, now.zoom]) === JSON.stringify([before.keys, before.tops, before.zoom]);
      before = now;
      if (same) await sleep(150);
      return same ? now : false;
    },
    20_000,
  );
}

/** The screenful's faults as a person in front of the TV would name them; none is expected. */
function faults(screen: Screenful, last: boolean): string[] {
  const found: string[] = [];
  if (screen.tallerThanSlide) found.push(`a tile ${Math.round(screen.rowHeight)} px tall, taller than the slide`);
  if (screen.cut.length) found.push(`tiles cut by the slide's edges: ${screen.cut.join(', ')}`);
  if (screen.covered.length) found.push(`tiles with something over them: ${screen.covered.join(', ')}`);
  if (screen.namesNotSeen.length) found.push(`tiles whose name is not visible: ${screen.namesNotSeen.join(', ')}`);
  if (screen.namelessFigures) found.push(`${screen.namelessFigures} of ${screen.figures} figures on screen without their tile's name visible`);
  if (!last && screen.keys.length % screen.columns) found.push(`${screen.keys.length} tiles in ${screen.columns} columns: not whole rows`);
  if (!last && screen.spareBelow >= screen.rowHeight + screen.rowGap) found.push(`room for another row below (${Math.round(screen.spareBelow)} px)`);
  return found;
}

/** The slide on show (board/page/screenful), once the kiosk plays; '' before. */
function slideOnShow(page: Page): Promise<string> {
  return page.evaluate(() => {
    const kiosk = document.querySelector('app-kiosk-page');
    return kiosk?.getAttribute('data-phase') === 'playing' ? (kiosk.getAttribute('data-slide') ?? '') : '';
  });
}

async function press(page: Page, key: string): Promise<void> {
  await page.keyboard.press(key);
}

describe('kiosk screenfuls', () => {
  test('every screenful of every tile slide, at every TV size, is whole rows of whole tiles, none covered, every figure with its name', { timeout: 600_000 }, async () => {
    await tv.setViewportSize(SIZES[0]);
    await tv.goto(kioskLink(stack.appUrl, { seconds: 3600 }));
    await waitFor('the kiosk playing its first slide', async () => (await slideOnShow(tv)).startsWith('one/services/'), 60_000);
    const problems: string[] = [];
    // Every size in English, then the smallest two in Italian (longer words, the same tiles).
    const runs = [...SIZES.map((size) => ({ size, language: 'en' })), ...SIZES.filter((size) => size.width <= 1280).map((size) => ({ size, language: 'it' }))];
    for (const { size, language } of runs) {
      if (language !== (await tv.evaluate(() => document.documentElement.lang))) {
        // The TV keeps its token and playlist: a reload in another language plays them again.
        await tv.evaluate((language) => localStorage.setItem('rtd-wallboard.language', language), language);
        await tv.reload();
        await waitFor(`the kiosk playing in ${language}`, async () => (await slideOnShow(tv)).startsWith('one/services/'), 60_000);
      }
      await tv.setViewportSize(size);
      for (const slide of SLIDES) {
        const at = `${size.width}×${size.height} ${language} ${slide.board}/${slide.page}`;
        // The slide's first screenful (the previous slide's last step was followed by →, or this is the first slide).
        await press(tv, 'Home');
        const first = await settledScreenful(tv, `${slide.board}/${slide.page}/0`);
        const shot = README_SHOTS[`${size.width}×${size.height}`];
        if (shot && language === 'en' && slide.board === 'seven' && slide.page === 'services') {
          mkdirSync(SCREENSHOTS, { recursive: true });
          await tv.screenshot({ path: join(SCREENSHOTS, `${shot}.png`) });
        }
        const count = Number(first.indicator?.split('/')[1] ?? 1);
        const pages = slide.sampled ? [...new Set([0, 1, count - 1])].filter((page) => page < count) : Array.from({ length: count }, (_, i) => i);
        const seen: string[] = [];
        for (const page of pages) {
          if (page > 0) await press(tv, page === count - 1 && slide.sampled ? 'End' : 'ArrowRight');
          const screen = page === 0 ? first : await settledScreenful(tv, `${slide.board}/${slide.page}/${page}`);
          const last = page === count - 1;
          for (const fault of faults(screen, last)) problems.push(`${at} screenful ${page + 1}/${count}: ${fault}`);
          // The indicator says where in the slide the TV is, for the eye and for a screen reader.
          if (count > 1) {
            assert.equal(screen.indicator, `${page + 1}/${count}`, `${at}: the screenful indicator`);
            assert.match(screen.position ?? '', new RegExp(language === 'it' ? `schermata ${page + 1} di ${count}$` : `screen ${page + 1} of ${count}$`), `${at}: the screen reader's position`);
          } else assert.equal(screen.indicator, null, `${at}: no screenful indicator on a one-screenful slide`);
          seen.push(...screen.keys);
        }
        if (!slide.sampled) {
          // The screenfuls together show every tile of the slide, each once.
          assert.equal(new Set(seen).size, seen.length, `${at}: a tile shown on two screenfuls (${seen.join(', ')})`);
          if (slide.tiles !== null) assert.equal(seen.length, slide.tiles, `${at}: the screenfuls show ${seen.length} tiles, the board has ${slide.tiles}`);
        } else {
          assert.equal(new Set(seen).size, seen.length, `${at}: a tile shown on two of the sampled screenfuls`);
          assert.ok(count * first.keys.length >= (slide.tiles ?? 0), `${at}: ${count} screenfuls of ${first.keys.length} cannot hold ${slide.tiles} tiles`);
        }
        // On to the next slide.
        await press(tv, 'End');
        await press(tv, 'ArrowRight');
      }
    }
    assert.deepEqual(problems, [], `screenfuls a room would see with faults:\n${problems.join('\n')}`);
  });

  test('the sound hint is for the person setting up: in the bar’s corner over no tile, for a few seconds after the first slide, not again', { timeout: 120_000 }, async () => {
    const page = await stack.newPage();
    try {
      await page.addInitScript(blockSoundUntilAClick);
      await page.setViewportSize({ width: 1280, height: 720 });
      // Two one-screenful slides, 8 s each: the hint's few seconds span the first, later slides come by themselves.
      await page.goto(kioskLink(stack.appUrl, { seconds: 8, slides: SLIDES.filter((slide) => ['one', 'two'].includes(slide.board)) }));
      const hint = page.getByTestId('sound-blocked');
      await hint.waitFor({ timeout: 60_000 });
      const shownAt = Date.now();
      const where = await page.evaluate(() => ({
        hint: document.querySelector('[data-testid="sound-blocked"]')!.getBoundingClientRect().toJSON() as DOMRect,
        bar: document.querySelector('.kiosk-bar')!.getBoundingClientRect().toJSON() as DOMRect,
        slide: document.querySelector('.kiosk-slide')!.getBoundingClientRect().toJSON() as DOMRect,
        clock: document.querySelector('[data-testid="kiosk-clock"]')!.getBoundingClientRect().toJSON() as DOMRect,
        text: document.querySelector('[data-testid="sound-blocked"]')!.textContent,
      }));
      assert.match(where.text ?? '', /blocks the alert sound/);
      assert.ok(where.hint.top >= where.bar.top - 0.5 && where.hint.bottom <= where.bar.bottom + 0.5, `the hint stays within the bar (${JSON.stringify(where)})`);
      assert.ok(where.hint.bottom <= where.slide.top + 0.5, 'the hint ends above the slide, so it is over no tile');
      assert.ok(where.hint.left - where.bar.left < 40, `the hint is in the bar’s left corner (${JSON.stringify(where)})`);
      assert.ok(where.hint.right <= where.clock.left, `the hint leaves the clock (and what follows it) uncovered (${JSON.stringify(where)})`);
      // While it shows, the tiles are whole and uncovered.
      const screen = await settledScreenful(page, 'one/services/0');
      assert.deepEqual(faults(screen, true), [], 'the first screenful while the hint shows');
      // It goes by itself after a few seconds (nobody clicked: the sound is still blocked), and the slides that
      // follow do not bring it back.
      await hint.waitFor({ state: 'detached', timeout: 20_000 });
      const shownFor = Date.now() - shownAt;
      assert.ok(shownFor >= 5_000, `shown long enough to read (${shownFor} ms)`);
      const slides = new Set<string>();
      const until = Date.now() + 17_000;
      while (Date.now() < until) {
        slides.add(await slideOnShow(page));
        assert.equal(await hint.count(), 0, `not shown again (slides since: ${[...slides].join(', ')})`);
        await sleep(250);
      }
      assert.ok(slides.size >= 2, `later slides came (${[...slides].join(', ')})`);
    } finally {
      await page.context().close();
    }
  });

  test('a kiosk link cut short when copied: the person setting up is told in the bar’s corner, for a few seconds, and the TV plays', { timeout: 120_000 }, async () => {
    const page = await stack.newPage();
    try {
      await page.setViewportSize({ width: 1280, height: 720 });
      const link = new URL(kioskLink(stack.appUrl, { seconds: 8 }));
      const params = new URLSearchParams(link.hash.slice(1));
      params.set('kiosk', params.get('kiosk')!.slice(0, 40));
      await page.goto(`${link.origin}${link.pathname}#${params}`);
      const hint = page.getByTestId('link-problem');
      await hint.waitFor({ timeout: 60_000 });
      const shownAt = Date.now();
      assert.match((await hint.textContent()) ?? '', /could not be read/);
      const where = await page.evaluate(() => ({
        hint: document.querySelector('[data-testid="link-problem"]')!.getBoundingClientRect().bottom,
        slide: document.querySelector('.kiosk-slide')!.getBoundingClientRect().top,
      }));
      assert.ok(where.hint <= where.slide + 0.5, `the hint ends above the slide, over no tile (${JSON.stringify(where)})`);
      assert.notEqual(await slideOnShow(page), '', 'the TV plays the boards it has (its starting board)');
      await hint.waitFor({ state: 'detached', timeout: 20_000 });
      assert.ok(Date.now() - shownAt >= 5_000, 'shown long enough to read');
      assert.equal(await page.locator('.kiosk-note').count(), 0, 'no permanent note under the slides');
    } finally {
      await page.context().close();
    }
  });

  test('rotation as set: per slide, the screenfuls share the seconds and the indicator advances; per screenful, each shows them all', { timeout: 180_000 }, async () => {
    let page = await stack.newPage();
    try {
      await page.setViewportSize({ width: 1280, height: 720 });
      const thirty = SLIDES.filter((slide) => slide.board === 'thirty');
      const seven = SLIDES.filter((slide) => slide.board === 'seven' && slide.page === 'services');
      /** The steps (slide attribute, indicator) in the order they show, with the time each came, for `ms`. */
      const watch = async (ms: number) => {
        const steps: { slide: string; indicator: string | null; at: number }[] = [];
        const start = Date.now();
        while (Date.now() - start < ms) {
          const now = await page.evaluate(() => ({
            slide: document.querySelector('app-kiosk-page')?.getAttribute('data-phase') === 'playing' ? (document.querySelector('app-kiosk-page')?.getAttribute('data-slide') ?? '') : '',
            indicator: document.querySelector('[data-testid="kiosk-screenful"]')?.textContent?.trim() ?? null,
          }));
          if (now.slide && now.slide !== steps.at(-1)?.slide) steps.push({ ...now, at: Date.now() - start });
          await sleep(100);
        }
        return steps;
      };

      // The server reports a failure: its banner stays on the wall, in the layout above the slide, never over a tile.
      await stack.control('health', { status: 'FAIL' });
      // Per slide, 10 s: the thirty tiles' slide has several screenfuls at 720p, each shown 5 s at least (the minimum).
      await page.goto(kioskLink(stack.appUrl, { seconds: 10, secondsPer: 'slide', slides: [...thirty, ...seven] }));
      await waitFor('the kiosk on the thirty tiles', async () => (await slideOnShow(page)) === 'thirty/services/0', 60_000);
      const first = await settledScreenful(page, 'thirty/services/0');
      await page.getByTestId('health-banner').waitFor({ timeout: 45_000 });
      const underBanner = await settledScreenful(page, (await slideOnShow(page)) || 'thirty/services/0');
      const [shown, of] = (underBanner.indicator ?? '1/1').split('/');
      assert.deepEqual(faults(underBanner, shown === of), [], `a screenful under the health banner (${underBanner.slide})`);
      const count = Number(first.indicator?.split('/')[1]);
      assert.ok(count >= 3, `the thirty tiles take several screenfuls at 720p (${first.indicator})`);
      const perSlide = await watch(12_000);
      const thirtySteps = perSlide.filter((step) => step.slide.startsWith('thirty/'));
      // Each screenful advanced the indicator by one, 1/n, 2/n, …
      thirtySteps.forEach((step) => assert.equal(step.indicator, `${Number(step.slide.split('/')[2]) + 1}/${count}`, `indicator of ${step.slide}`));
      assert.ok(thirtySteps.length >= 3, `the screenfuls advanced within 12 s (${JSON.stringify(perSlide)})`);
      // The first step was on show before the watch began: the whole ones come after it.
      const gaps = thirtySteps.slice(2).map((step, i) => step.at - thirtySteps[i + 1].at);
      assert.ok(gaps.length >= 1, `a whole screenful's time seen (${JSON.stringify(perSlide)})`);
      for (const gap of gaps) assert.ok(gap > 4_000 && gap < 6_500, `a screenful shows max(10 s / ${count}, 5 s) (${JSON.stringify(perSlide)})`);

      // Per screenful, 6 s: each screenful of the slide shows 6 s (another TV: a link opened where a kiosk
      // already plays changes only the address's fragment, which the playing kiosk does not read again).
      await page.context().close();
      page = await stack.newPage();
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto(kioskLink(stack.appUrl, { seconds: 6, secondsPer: 'screenful', slides: [...thirty, ...seven] }));
      await waitFor('the kiosk on the thirty tiles again', async () => (await slideOnShow(page)) === 'thirty/services/0', 60_000);
      // From the moment the second screenful comes, so that its whole time is seen.
      await waitFor('the second screenful', async () => (await slideOnShow(page)) === 'thirty/services/1', 15_000);
      const perScreenful = await watch(8_000);
      const steps = perScreenful.filter((step) => step.slide.startsWith('thirty/'));
      assert.deepEqual(
        steps.map((step) => step.indicator),
        [`2/${count}`, `3/${count}`],
        `the indicator advanced one screenful at a time (${JSON.stringify(perScreenful)})`,
      );
      const gap = steps[1].at - steps[0].at;
      assert.ok(gap > 5_000 && gap < 7_000, `a screenful shows the 6 s set (${gap} ms)`);
    } finally {
      await stack.control('health', { status: 'PASS' }).catch(() => {});
      await page.context().close();
    }
  });
});
