/**
 * Every screen with its day behind it (issue 16, "On every screen"), on one stack whose wallboard server records
 * history (its recorder reads the RTD token stored as the displays' one, here while the app compiles): once it has
 * recorded past a minute boundary, a reloaded page and a reloaded kiosk show sparklines with points from before the
 * reload at once; a tile's Today link opens the day per 15 minutes with the recorder's own figures; a kiosk plays a
 * Today slide at TV size. The recorder writes an interval once it is over, so the day before the stack started (this
 * morning, and the same weekday of last week) is put in its table as it would have written it: a day with a gap (a
 * server restart) and a partial interval after it. Then the same app with no wallboard server (a host that serves /rtdserver and nothing at
 * /api, as a TVox host does): no history request, no error, no history drawn, and the Today view says so in words.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ADMIN, axeViolations, loginThroughForm, ROOT, sleep, type Stack, startProcess, startStack, stopProcess, until, waitForPath } from './harness.ts';

const DISPLAY_TOKEN = 'rtd-wallboard-kiosk-demo-token';
const TEST_MS = 150_000;
const TILE = 'service_1/CALL';
/** A live point lands in the 10 s bucket of its time: one older than this before a reload can only be history. */
const BEFORE_RELOAD_MS = 15_000;
/** "At once": the recorded minutes are drawn this soon after the tile's first numbers (asked for once they are there). */
const AT_ONCE_MS = 3_000;
/** The smallest text on a TV, as a share of the screen's height (text-fits.e2e.ts). */
const KIOSK_MIN_TEXT = 0.026;
// Every run saves the screenshot under .test-results; UPDATE_SCREENSHOTS=1 writes the README's copy instead.
const RESULTS = join(ROOT, '.test-results', 'screenshots');
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? join(ROOT, 'docs', 'screenshots') : RESULTS;

const MIN = 60_000;
const INTERVAL = 15 * MIN;

let stack: Stack;
let desk: Page;
let boardId = '';

/** As a supervisor would on the Displays page: the RTD token the displays and the recorder use, stored on the server. */
async function storeRecorderToken({ serverOrigin, emulatorOrigin }: { serverOrigin: string; emulatorOrigin: string }): Promise<void> {
  const login = await fetch(`${emulatorOrigin}/rtdserver`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { authToken { accessToken } } }', variables: { u: ADMIN.username, p: ADMIN.password } }),
  });
  const accessToken = ((await login.json()) as any).data.login.authToken.accessToken as string;
  const session = await fetch(`${serverOrigin}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ accessToken }) });
  assert.ok(session.ok, `POST /api/session: HTTP ${session.status}`);
  const cookie = session.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const stored = await fetch(`${serverOrigin}/api/settings/display-token`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ accessToken: DISPLAY_TOKEN }),
  });
  assert.ok(stored.ok, `PUT /api/settings/display-token: HTTP ${stored.status} ${await stored.text()}`);
}

/** The intervals the recorder would have written before it started: a day of calls, with a gap and a partial one. */
function seedDay(dataDir: string, from: number, to: number, options: { gapAt?: number; partialAt?: number; scale: number }): number {
  const db = new Database(join(dataDir, 'wallboard.sqlite'));
  db.pragma('busy_timeout = 5000');
  const insert = db.prepare(
    `insert or replace into history_intervals (kind, code, channel, start, received, answered, answered_in_time, abandoned, short_abandons, longest_wait, agents_ready, agents_busy, agents_post_call, minutes)
     values ('service', 'service_1', 'CALL', ?, ?, ?, ?, ?, ?, ?, 3.5, 6.25, 1.5, ?)`,
  );
  let seeded = 0;
  for (let start = from; start < to; start += INTERVAL) {
    if (start === options.gapAt) continue;
    const minutes = start === options.partialAt ? 9 : 15;
    const hour = new Date(start).getHours() + new Date(start).getMinutes() / 60;
    // A morning peak and an afternoon one, as a contact centre's day has.
    const received = Math.round(options.scale * (minutes / 15) * (18 + 14 * Math.exp(-((hour - 10.5) ** 2) / 2) + 10 * Math.exp(-((hour - 15) ** 2) / 3)));
    const abandoned = Math.max(1, Math.round(received * (0.04 + 0.05 * Math.exp(-((hour - 10.5) ** 2) / 1.5))));
    const answered = received - abandoned;
    const answeredInTime = Math.round(answered * (0.93 - 0.2 * Math.exp(-((hour - 10.5) ** 2) / 1.5)));
    insert.run(new Date(start).toISOString(), received, answered, answeredInTime, abandoned, Math.round(abandoned / 3), 40 + Math.round(received * 2), minutes);
    seeded++;
  }
  db.close();
  return seeded;
}

before(
  async () => {
    stack = await startStack({ afterServer: storeRecorderToken });
    desk = await stack.newPage();
  },
  { timeout: 240_000 },
);

after(async () => {
  await stack?.close();
});

/** The desk's GET on the wallboard server's API (its session cookie). */
async function api<T = any>(path: string): Promise<T> {
  const response = await desk.request.get(`${stack.appUrl}/api${path}`);
  if (!response.ok()) throw new Error(`GET /api${path}: HTTP ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Polls `read` until `ok` holds or `timeout` passes; the last value read. */
/** Where a tile's queued-calls sparkline starts (ms), and how many points it has; nulls before it is drawn. */
function sparkline(page: Page, tile = `[data-service="${TILE}"]`): Promise<{ since: number | null; points: number | null }> {
  return page.evaluate((tile) => {
    const line = document.querySelector(`${tile} [data-trend="queuedCalls"]`);
    const since = line?.getAttribute('data-since');
    const points = line?.getAttribute('data-points');
    return { since: since ? Number(since) : null, points: points ? Number(points) : null };
  }, tile);
}

/** Text under the kiosk's minimum size inside `selector`: what a room could not read (text-fits.e2e.ts's rule). */
function smallText(page: Page, selector: string, minPx: number): Promise<string[]> {
  return page.evaluate(
    ({ selector, minPx }) => {
      const problems: string[] = [];
      const root = document.querySelector(selector);
      if (!root) return [`nothing matches ${selector}`];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || !node.textContent?.trim() || parent.closest('.visually-hidden, .material-symbols-outlined, svg')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const box = range.getBoundingClientRect();
        if (box.width < 1 || box.height < 1 || box.bottom < 0 || box.top > innerHeight) continue;
        const size = Number.parseFloat(getComputedStyle(parent).fontSize);
        if (size < minPx - 0.5) problems.push(`${size.toFixed(1)} px: “${node.textContent.trim().slice(0, 40)}”`);
      }
      return problems;
    },
    { selector, minPx },
  );
}

describe('history on every screen', { timeout: 600_000 }, () => {
  test('once the recorder has a minute behind it, a reloaded page shows sparklines with points from before the reload at once', { timeout: TEST_MS }, async (t) => {
    await desk.goto(`${stack.appUrl}/login`);
    await loginThroughForm(desk, ADMIN.username, ADMIN.password);
    await waitForPath(desk, '/services');
    await desk.waitForURL(/board=/);
    boardId = new URL(desk.url()).searchParams.get('board')!;
    // Past a minute boundary: a minute recorded that ended well before now.
    const recorded = await until(
      () =>
        api<{ recorder: { recording: boolean; reason: string | null }; samples: { code: string; channel: string; minute: string }[] }>(
          `/history/samples?since=${new Date(Date.now() - 10 * 60_000).toISOString()}&kind=service`,
        ),
      (answer) => answer.samples.some((sample) => sample.code === 'service_1' && sample.channel === 'CALL' && Date.parse(sample.minute) <= Date.now() - 70_000),
      120_000,
      1_000,
    );
    assert.ok(recorded.recorder.recording, `the recorder records (its reason: ${recorded.recorder.reason})`);
    // The tiles offer their day now that history is there.
    await desk.locator(`[data-service="${TILE}"] [data-testid="tile-today"]`).waitFor();
    assert.deepEqual(await axeViolations(desk), [], 'the tiles with their Today links pass axe');

    const reloadedAt = Date.now();
    await desk.reload();
    await desk.locator(`[data-service="${TILE}"] [data-field="receivedCalls"]`).waitFor();
    const shownAt = Date.now();
    const line = await until(
      () => sparkline(desk),
      (trend) => trend.since !== null && trend.since < reloadedAt - BEFORE_RELOAD_MS,
      AT_ONCE_MS,
      100,
    );
    assert.ok(
      line.since !== null && line.since < reloadedAt - BEFORE_RELOAD_MS,
      `the sparkline starts before the reload (${line.since ? (reloadedAt - line.since) / 1000 : '-'} s before; page shown ${shownAt - reloadedAt} ms after)`,
    );
    assert.ok(line.points! >= 2, `it has points (${line.points})`);
    t.diagnostic(`tile shown ${shownAt - reloadedAt} ms after the reload, its recorded minutes ${Date.now() - shownAt} ms after that`);
  });

  test('a tile’s Today link opens its day per 15 minutes beside last week’s, with the recorder’s figures, gaps and partial intervals', { timeout: TEST_MS }, async () => {
    // The day so far, up to the interval the recorder began in (it writes that one, partial, once it is over).
    const now = Date.now();
    const day = new Date(now);
    day.setHours(0, 0, 0, 0);
    const lastWeekDay = new Date(day);
    lastWeekDay.setDate(lastWeekDay.getDate() - 7);
    const started = now - (now % INTERVAL) - INTERVAL;
    const from = Math.max(day.getTime(), started - 6 * 60 * MIN);
    const gapAt = started - 4 * INTERVAL;
    const partialAt = started - 3 * INTERVAL;
    const seeded = seedDay(stack.dataDir, from, started, { gapAt, partialAt, scale: 1 });
    seedDay(stack.dataDir, lastWeekDay.getTime() + (from - day.getTime()), lastWeekDay.getTime() + (started - day.getTime()) + 8 * INTERVAL, { scale: 0.8 });

    // Read before the page reads them: an interval written meanwhile is in the page's answer too (intervals never change once over).
    const { intervals } = await api<{ intervals: { start: string; received: number | null; minutes: number }[] }>(
      `/history/intervals?kind=service&code=service_1&channel=CALL&from=${day.toISOString()}&to=${new Date(day.getTime() + 86_400_000).toISOString()}`,
    );
    await desk.goto(`${stack.appUrl}/services?board=${boardId}`);
    await desk.locator(`[data-service="${TILE}"] [data-testid="tile-today"]`).click();
    await waitForPath(desk, '/today/service/service_1/CALL');
    await desk.locator('[data-testid="today-live"] [data-field="queuedCalls"]').waitFor();
    if (!seeded && !intervals.length) {
      // Minutes after midnight nothing of today is over yet: the view says so, and draws nothing.
      await desk.getByTestId('today-no-history').waitFor();
      assert.equal(await desk.locator('app-series-chart').count(), 0);
      return;
    }
    // The charts' text alternative (a visually hidden table): there, not visible.
    await desk.locator('[data-chart="today-received"] td[data-series="today"][data-value]').first().waitFor({ state: 'attached' });
    assert.equal(await desk.getByTestId('today-no-history').count(), 0, 'no "no history" note');
    for (const figure of ['serviceLevel', 'abandonRate', 'received']) assert.equal(await desk.locator(`[data-chart="today-${figure}"]`).count(), 1, `a ${figure} chart`);
    // The board's levels (its defaults here) drawn across the rates and named in the legend; none across the calls.
    const levels = async (figure: string) => (await desk.locator(`[data-chart="today-${figure}"] [data-threshold]`).allInnerTexts()).map((text) => text.trim());
    assert.deepEqual(await levels('serviceLevel'), ['Warning below 80%', 'Critical below 70%']);
    assert.deepEqual(await levels('abandonRate'), ['Warning above 5%', 'Critical above 8%']);
    assert.deepEqual(await levels('received'), []);

    const rows: Record<string, { today: string | null; partial: boolean; text: string; lastWeek: string | null }> = {};
    for (const [slot, today, partial, text, lastWeek] of await desk.locator('[data-chart="today-received"] tr[data-slot]').evaluateAll((trs) =>
      trs.map((tr) => {
        const today = tr.querySelector('td[data-series="today"]')!;
        return [
          tr.getAttribute('data-slot')!,
          today.getAttribute('data-value'),
          today.getAttribute('data-partial') === 'true',
          today.textContent!.trim(),
          tr.querySelector('td[data-series="lastWeek"]')!.getAttribute('data-value'),
        ] as const;
      }),
    ))
      rows[slot] = { today, partial, text, lastWeek };
    const slotOf = (ms: number) => `${String(new Date(ms).getHours()).padStart(2, '0')}:${String(new Date(ms).getMinutes()).padStart(2, '0')}`;
    // What the recorder answers is what the table says, interval by interval.
    for (const interval of intervals) {
      const row = rows[slotOf(Date.parse(interval.start))];
      assert.ok(row, `slot ${slotOf(Date.parse(interval.start))} shown (rows: ${Object.keys(rows).join(', ')})`);
      assert.equal(row.today, interval.received === null ? null : String(interval.received), `slot ${slotOf(Date.parse(interval.start))}: calls received`);
      assert.equal(row.partial, interval.minutes < 15, `slot ${slotOf(Date.parse(interval.start))}: partial as the recorder saw ${interval.minutes} of 15 minutes`);
    }
    if (gapAt >= from) {
      assert.equal(rows[slotOf(gapAt)]?.today, null, 'the interval not recorded is a gap, no value');
      assert.match(rows[slotOf(gapAt)]!.text, /not recorded/);
      assert.ok(rows[slotOf(partialAt)]?.partial, 'the interval after the gap is marked partial');
      assert.match(rows[slotOf(partialAt)]!.text, /partial: 9 of 15 min/);
    }
    assert.deepEqual(await axeViolations(desk), [], 'the Today view passes axe');
    // Last week beside it, further into the day than today has come.
    assert.ok(
      Object.values(rows).some((row) => row.lastWeek !== null && row.today === null && row !== rows[slotOf(gapAt)]),
      'last week’s afternoon shows beside today',
    );

    // The README's picture: the page as a supervisor sees it on a laptop.
    mkdirSync(SCREENSHOTS, { recursive: true });
    await desk.setViewportSize({ width: 1600, height: 900 });
    await desk.waitForTimeout(1_500); // the canvas draws once ECharts has loaded
    await desk.screenshot({ path: join(SCREENSHOTS, 'today.png') });
    await desk.setViewportSize({ width: 1920, height: 1080 });
  });

  test(
    'a Today slide is chosen in the kiosk link editor and a Displays playlist; a kiosk shows history at its first load and after a reload, and plays the Today slide at TV size',
    { timeout: TEST_MS },
    async () => {
      // The kiosk link as a supervisor makes it: the board's services page and the Today view of one service.
      await desk.goto(`${stack.appUrl}/boards`);
      await desk.getByTestId('kiosk-token').fill(DISPLAY_TOKEN);
      await desk.getByTestId('kiosk-seconds').fill('600');
      await desk.locator(`[data-today-board="${boardId}"]`).click();
      await desk.locator(`mat-option[data-today-choice="service/service_1/CALL"]`).click();
      await desk.keyboard.press('Escape');
      // The link is written a moment after each change (CI once read the one before the choice: a kiosk with no
      // Today slide): read until it holds both, decoded as the kiosk decodes it.
      const slidesIn = (link: string) => {
        const encoded = new URLSearchParams(link.split('#')[1] ?? '').get('kiosk');
        return encoded ? (JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')).config.slides as { page: string; seconds: number; today?: { code: string } }[]) : [];
      };
      const chosen = (link: string) => {
        const slides = slidesIn(link);
        return slides.some((slide) => slide.page === 'today' && slide.today?.code === 'service_1') && slides.every((slide) => slide.seconds === 600);
      };
      const chosenLink = await until(() => desk.getByTestId('kiosk-link').inputValue(), chosen, 5_000);
      assert.ok(chosen(chosenLink), `the kiosk link holds the Today slide, 600 s each: ${JSON.stringify(slidesIn(chosenLink))}`);
      const link = chosenLink.replace(/^https?:\/\/[^/]+/, stack.appUrl);
      // The same choice in a playlist of the Displays page, stored by the server as the contract's today slide.
      await desk.goto(`${stack.appUrl}/displays`);
      await desk.getByTestId('new-playlist').click();
      await desk.getByTestId('playlist-name').fill('Sales day');
      await desk.locator(`[data-playlist-board="${boardId}"] [data-today-board="${boardId}"]`).click();
      await desk.locator(`mat-option[data-today-choice="service/service_1/CALL"]`).click();
      await desk.keyboard.press('Escape');
      await desk.getByTestId('save-playlist').click();
      await desk.locator('[data-playlist]', { hasText: 'Sales day' }).waitFor();
      const stored = await api<{ name: string; playlist: { slides: unknown[] } }[]>('/playlists');
      assert.deepEqual(stored.find((entry) => entry.name === 'Sales day')?.playlist.slides, [
        { board: boardId, page: 'today', seconds: 20, today: { kind: 'service', code: 'service_1', channel: 'CALL' } },
      ]);

      const tv = await stack.newPage();
      const openedAt = Date.now();
      await tv.goto(link);
      // The first screenful of the board: its totals (their history is the services' samples summed, as live).
      const totals = '[data-total="CALL"]';
      await tv.locator(`${totals} [data-field="receivedCalls"]`).waitFor({ timeout: 30_000 });
      let line = await until(
        () => sparkline(tv, totals),
        (trend) => trend.since !== null && trend.since < openedAt - BEFORE_RELOAD_MS,
        AT_ONCE_MS,
        100,
      );
      assert.ok(line.since !== null && line.since < openedAt - BEFORE_RELOAD_MS, `a TV's first load shows the recorded minutes (starts ${line.since ? (openedAt - line.since) / 1000 : '-'} s before)`);
      assert.equal(await tv.locator('[data-testid="tile-today"]').count(), 0, 'no Today link on a TV');

      const rebootedAt = Date.now();
      await tv.reload();
      await tv.locator(`${totals} [data-field="receivedCalls"]`).waitFor({ timeout: 30_000 });
      line = await until(
        () => sparkline(tv, totals),
        (trend) => trend.since !== null && trend.since < rebootedAt - BEFORE_RELOAD_MS,
        AT_ONCE_MS,
        100,
      );
      assert.ok(line.since !== null && line.since < rebootedAt - BEFORE_RELOAD_MS, `after a reload too (starts ${line.since ? (rebootedAt - line.since) / 1000 : '-'} s before)`);

      // The next slide (after the services slide's last screenful): the Today view, one screen at TV size.
      // End counts the screenfuls as they stand: tiles still arriving after the reload can add one, and → then pages
      // within the slide; the person at the TV presses again, and so does the test (a few times at most).
      // The kiosk's slide key says which slide it is on: once on the Today slide no key is pressed again (the
      // lazily loaded view can take a moment to show, and another → would leave it).
      const slide = tv.locator('app-today-page[data-today="service/service_1/CALL"]');
      const onToday = async () => ((await tv.locator('app-kiosk-page').getAttribute('data-slide')) ?? '').includes(':service:service_1:CALL/');
      const stepToToday = async () => {
        for (let tries = 0; tries < 5 && !(await onToday()); tries++) {
          await tv.keyboard.press('End');
          await tv.keyboard.press('ArrowRight');
          await until(onToday, Boolean, 5_000, 100);
        }
        assert.ok(await onToday(), `the kiosk reached the Today slide (it shows ${await tv.locator('app-kiosk-page').getAttribute('data-slide')})`);
        await slide.waitFor({ timeout: 15_000 });
      };
      await stepToToday();
      await tv.locator('app-today-page [data-chart="today-received"] td[data-series="today"][data-value]').first().waitFor({ state: 'attached' });
      // At 1080p, 720p and 4K: no text under the kiosk's minimum, the canvas's labels neither, and one screen.
      for (const size of [
        { width: 1280, height: 720 },
        { width: 3840, height: 2160 },
        { width: 1920, height: 1080 },
      ]) {
        await tv.setViewportSize(size);
        await tv.waitForTimeout(300);
        const minPx = size.height * KIOSK_MIN_TEXT;
        assert.deepEqual(await smallText(tv, 'app-today-page', minPx), [], `${size.height}p: no text under the kiosk minimum`);
        const canvasText = await tv.locator('app-today-page app-series-chart').evaluateAll((charts) => charts.map((chart) => Number(chart.getAttribute('data-text-px'))));
        assert.ok(canvasText.length >= 1 && canvasText.every((px) => px >= minPx - 0.5), `${size.height}p: the charts draw their labels at ${canvasText.join(', ')} px (minimum ${minPx.toFixed(1)})`);
        const box = await slide.boundingBox();
        assert.ok(box && box.y + box.height <= size.height + 1, `${size.height}p: the Today slide fits the screen (${JSON.stringify(box)})`);
      }
      mkdirSync(RESULTS, { recursive: true });
      await tv.waitForTimeout(1_500);
      await tv.screenshot({ path: join(RESULTS, 'today-kiosk.png') });
      // In Italian at 720p, the longest words on the smallest screen: still one screen, no text under the minimum.
      await tv.evaluate(() => localStorage.setItem('rtd-wallboard.language', 'it'));
      await tv.setViewportSize({ width: 1280, height: 720 });
      await tv.reload();
      await tv.locator('app-kiosk-page[data-phase="playing"]').waitFor();
      await stepToToday();
      await tv.locator('app-today-page [data-chart="today-received"] td[data-series="today"][data-value]').first().waitFor({ state: 'attached' });
      assert.match(await tv.getByTestId('today-title').innerText(), /^Oggi: Servizio service_1/);
      assert.deepEqual(await smallText(tv, 'app-today-page', 720 * KIOSK_MIN_TEXT), [], 'Italian at 720p: no text under the kiosk minimum');
      const italian = await slide.boundingBox();
      assert.ok(italian && italian.y + italian.height <= 720 + 1, `Italian at 720p: one screen (${JSON.stringify(italian)})`);
      await tv.waitForTimeout(1_000);
      await tv.screenshot({ path: join(RESULTS, 'today-kiosk-it-720p.png') });
      await tv.context().close();
    },
  );

  test('with no wallboard server (a host serving only /rtdserver): no history request, no error, no history drawn', { timeout: TEST_MS }, async () => {
    // The wallboard server goes; in its place, a host that serves the RTD Server and nothing at /api, as a TVox host.
    await stack.stopServer();
    const host = await startProcess(
      'TVox-like host',
      ['--import', 'tsx', 'emulator/src/main.ts', '--port', new URL(stack.serverOrigin).port, '--seed', '7', '--tick-ms', '500', '--speed', '4'],
      {},
      /ready at (http:\/\/[^\s/]+)/,
      30_000,
    );
    try {
      const page = await stack.newPage();
      const problems: string[] = [];
      const historyRequests: string[] = [];
      page.on('console', (message) => {
        // The one request that finds out there is no server (POST /api/session, answered 404) is how the app knows.
        if ((message.type() === 'error' || message.type() === 'warning') && !/Failed to load resource: the server responded with a status of 404/.test(message.text())) problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/api/history')) historyRequests.push(request.url());
      });
      await page.goto(`${stack.appUrl}/login`);
      await loginThroughForm(page, ADMIN.username, ADMIN.password);
      await waitForPath(page, '/services');
      const loadedAt = Date.now();
      await page.locator(`[data-service="${TILE}"] [data-field="receivedCalls"]`).waitFor();
      await sleep(3_000);
      const line = await sparkline(page);
      assert.ok(line.since === null || line.since >= loadedAt - BEFORE_RELOAD_MS, 'the sparklines start with the page: nothing recorded is drawn');
      assert.equal(await page.locator('[data-testid="tile-today"]').count(), 0, 'no Today link without history');

      await page.goto(`${stack.appUrl}/today/service/service_1/CALL`);
      const note = page.getByTestId('today-no-history');
      await note.waitFor();
      assert.match(await note.innerText(), /No history here: the wallboard server records it/);
      await page.locator('[data-testid="today-live"] [data-field="queuedCalls"]').waitFor();
      assert.equal(await page.locator('app-series-chart').count(), 0, 'no chart drawn');
      assert.deepEqual(historyRequests, [], 'nothing asked of a server that is not there');
      assert.deepEqual(problems, [], 'no error or warning in the console');
    } finally {
      await stopProcess(host.child);
    }
  });
});
