/**
 * A warning before the breach (issue 16) on the emulator: "critical in ~N min" appears on a service's tile, on a
 * page and on a kiosk (whose softer tone is due once), before the tile turns critical.
 *
 * The forecast needs 15 minutes of the recorder's minute samples, and the recorder samples at the wall clock's
 * minutes. So the stack's emulator starts paused and the test moves it a simulated minute at a time
 * (POST /simulator/step), and after each step has the recorder take that minute's sample through its --dev-only test
 * hook (RECORDER_SAMPLE_PORT, server/src/history/recorder-sample-hook.ts), written for the wall-clock minutes just
 * before now: the 28 minutes up to the one that just ended, which a page loading now reads as its last half hour, the
 * latest minute fresh. 16 calm minutes, then service_1's calls ×8 (POST /simulator/surge) for 12: its day's service
 * level is falling but not yet critical. Pages loaded then warn; stepping on (live numbers, no more samples), the
 * tile turns critical, and the warning about that figure goes.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEFAULT_THRESHOLDS } from '../contract/board-format.ts';
import { forecastService } from '../contract/forecast.ts';
import { type HistorySamplesAnswer, SAMPLE_MS, minuteStart } from '../contract/history-format.ts';
import { ADMIN, DEMO_KIOSK_TOKEN, ROOT, type Stack, freePort, loginThroughForm, sleep, startStack, storeDisplayToken, until, waitForPath } from './harness.ts';

const SERVICE = 'service_1';
const TILE = `[data-service="${SERVICE}/CALL"]`;
const CALM_MINUTES = 16;
const SURGE_MINUTES = 12;
const SURGE_FACTOR = 8;
/** The smallest text on a TV, as a share of the screen's height (text-fits.e2e.ts). */
const KIOSK_MIN_TEXT = 0.026;
const TEST_MS = 120_000;
/** Every run saves its pictures here: the warning on a desk's tile and on a TV. */
const RESULTS = join(ROOT, '.test-results', 'screenshots');

let stack: Stack;
let samplePort = 0;
let desk: Page;
let tv: Page;
let boardId = '';

before(
  async () => {
    samplePort = await freePort();
    stack = await startStack({ emulatorArgs: ['--paused'], serverEnv: { RECORDER_SAMPLE_PORT: String(samplePort) }, afterServer: (origins) => storeDisplayToken(origins) });
    desk = await stack.newPage();
  },
  { timeout: 240_000 },
);

after(async () => {
  await stack?.close();
});

/** The desk's GET on the wallboard server's API. */
async function api<T>(path: string): Promise<T> {
  const response = await desk.request.get(`${stack.appUrl}/api${path}`);
  if (!response.ok()) throw new Error(`GET /api${path}: HTTP ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The recorder takes the sample of `minute` (ms) from the figures as they stand. */
async function sample(minute: number): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${samplePort}/sample`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ minute: new Date(minute).toISOString() }),
  });
  const answer = (await response.json()) as { sampled?: boolean; recorder?: unknown; error?: string };
  assert.ok(response.ok && answer.sampled, `the recorder sampled ${new Date(minute).toISOString()}: ${JSON.stringify(answer)}`);
}

interface TileState {
  level: string | null;
  /** The level of each headline figure with thresholds, by field. */
  figures: Record<string, string | null>;
  forecast: { kpi: string; minutes: number; text: string } | null;
}

/** What a tile shows of its level, its figures' levels and its warning. */
function tileState(page: Page): Promise<TileState> {
  return page.evaluate((selector) => {
    const tile = document.querySelector(selector);
    const level = tile?.querySelector('[data-testid="tile-level"]');
    const forecast = tile?.querySelector<HTMLElement>('[data-testid="tile-forecast"]');
    const figures: Record<string, string | null> = {};
    for (const field of ['serviceLevel', 'maxTimeCallOnQueue']) figures[field] = /level-(\w+)/.exec(tile?.querySelector(`[data-field="${field}"]`)?.closest('.kpi')?.className ?? '')?.[1] ?? null;
    return {
      level: level?.getAttribute('data-level') ?? null,
      figures,
      forecast: forecast
        ? {
            kpi: forecast.getAttribute('data-kpi')!,
            minutes: Number(forecast.getAttribute('data-minutes')),
            text: forecast.querySelector('span[aria-hidden="true"]:not(.material-symbols-outlined)')!.textContent!.trim(),
          }
        : null,
    };
  }, TILE);
}

/** The TV's services slide on the screenful with the tile (the totals come first; → pages, as a keyboard does), once it warns. */
async function warningOnTv(): Promise<TileState> {
  await tv.locator('[data-total="CALL"] [data-field="receivedCalls"]').waitFor({ timeout: 30_000 });
  for (let screen = 0; screen < 6 && !(await tv.locator(TILE).count()); screen++) {
    await tv.keyboard.press('ArrowRight');
    await sleep(500);
  }
  return until(
    () => tileState(tv),
    (s) => s.forecast !== null,
    30_000,
  );
}

describe('a warning before the breach', { timeout: 300_000 }, () => {
  test('the recorder’s minutes of a surging service warn “critical in ~N min” on its tile, page and kiosk, before the tile turns critical', { timeout: TEST_MS }, async () => {
    const problems: string[] = [];
    desk.on('pageerror', (error) => problems.push(error.message));
    await desk.goto(`${stack.appUrl}/login`);
    await loginThroughForm(desk, ADMIN.username, ADMIN.password);
    await waitForPath(desk, '/services');
    await desk.waitForURL(/board=/);
    boardId = new URL(desk.url()).searchParams.get('board')!;
    await desk.locator(`${TILE} [data-field="receivedCalls"]`).waitFor();
    const status = await until(
      () => api<{ recording: boolean; reason: string | null }>('/history/status'),
      (s) => s.recording,
      30_000,
    );
    assert.ok(status.recording, `the recorder records (${status.reason})`);
    // No minutes recorded yet: nothing to forecast from, no warning.
    assert.equal((await tileState(desk)).forecast, null);

    // The minutes before now, one simulated minute each: calm, then the surge.
    const minutes = CALM_MINUTES + SURGE_MINUTES;
    const first = minuteStart(Date.now()) - minutes * SAMPLE_MS;
    const steppedAt = Date.now();
    for (let i = 0; i < minutes; i++) {
      if (i === CALM_MINUTES) await stack.control('surge', { service: SERVICE, factor: SURGE_FACTOR, minutes: 60 });
      await stack.control('step', { seconds: 60 });
      await sample(first + i * SAMPLE_MS);
    }
    const stepMs = (Date.now() - steppedAt) / minutes;

    // What the page will read, and what the model makes of it: a confident breach not yet come.
    const { samples } = await api<HistorySamplesAnswer>(`/history/samples?since=${new Date(first - SAMPLE_MS).toISOString()}&kind=service&code=${SERVICE}&channel=CALL`);
    assert.equal(samples.length, minutes, `every minute recorded (${samples.map((s) => s.minute.slice(11, 16)).join(' ')})`);
    const expected = forecastService(samples, DEFAULT_THRESHOLDS, Date.now());
    assert.ok(
      expected.confident && expected.breach,
      `the model warns from these minutes: ${JSON.stringify({ silence: expected.silence, breach: expected.breach, minutesToCritical: expected.minutesToCritical })}`,
    );

    // A page loaded now (a reload, a TV that rebooted) reads them: the warning shows once it has held (5 s).
    await desk.reload();
    await desk.locator(`${TILE} [data-field="receivedCalls"]`).waitFor();
    const warned = await until(
      () => tileState(desk),
      (s) => s.forecast !== null,
      20_000,
    );
    assert.ok(warned.forecast, `the tile warns (model: ${JSON.stringify(expected.breach)})`);
    const figure = warned.forecast.kpi === 'serviceLevel' ? 'Service level' : 'Longest wait';
    assert.equal(warned.forecast.text, `${figure} critical in ~${warned.forecast.minutes} min`);
    assert.ok(Math.abs(warned.forecast.minutes - expected.minutesToCritical[warned.forecast.kpi as 'serviceLevel']!) <= 1, `the model's minutes (${JSON.stringify(expected.minutesToCritical)})`);
    const field = fieldOf(warned.forecast.kpi);
    assert.notEqual(warned.figures[field], 'critical', `the figure warned of is not critical yet (${JSON.stringify(warned.figures)})`);
    mkdirSync(RESULTS, { recursive: true });
    await desk.locator(TILE).screenshot({ path: join(RESULTS, 'forecast-tile.png') });

    // A kiosk of the board: the same warning at TV size, and its softer tone due once.
    await desk.goto(`${stack.appUrl}/boards`);
    await desk.getByTestId('kiosk-token').fill(DEMO_KIOSK_TOKEN);
    await desk.getByTestId('kiosk-seconds').fill('600');
    const link = (await desk.getByTestId('kiosk-link').inputValue()).replace(/^https?:\/\/[^/]+/, stack.appUrl);
    tv = await stack.newPage();
    tv.on('pageerror', (error) => problems.push(error.message));
    await tv.goto(link);
    const onTv = await warningOnTv();
    assert.deepEqual(onTv.forecast, warned.forecast, 'the kiosk shows the same warning');
    const kiosk = tv.locator('app-kiosk-page');
    assert.equal(
      await until(
        () => kiosk.getAttribute('data-warning-alerts'),
        (n) => n === '1',
        10_000,
      ),
      '1',
      'the kiosk’s warning tone was due once',
    );
    // On the TV's text floor and within its tile, at 720p and 1080p, and in Italian (longer) at 720p.
    for (const { width, height, language } of [
      { width: 1280, height: 720, language: 'en' },
      { width: 1920, height: 1080, language: 'en' },
      { width: 1280, height: 720, language: 'it' },
    ]) {
      await tv.setViewportSize({ width, height });
      if (language !== 'en') {
        await tv.evaluate((language) => localStorage.setItem('rtd-wallboard.language', language), language);
        await tv.reload();
        assert.match((await warningOnTv()).forecast!.text, /^Livello di servizio critico tra ~\d+ min$|^Attesa massima critica tra ~\d+ min$/);
      }
      await sleep(300);
      const where = `${height}p, ${language}`;
      const warning = tv.locator(`${TILE} [data-testid="tile-forecast"]`);
      const px = await warning.evaluate((line) => Math.min(...[...line.querySelectorAll('span:not(.visually-hidden)')].map((span) => Number.parseFloat(getComputedStyle(span).fontSize))));
      await tv.screenshot({ path: join(RESULTS, `forecast-kiosk-${height}p-${language}.png`) });
      assert.ok(px >= height * KIOSK_MIN_TEXT - 0.5, `${where}: the warning is written at ${px} px, at least the TV minimum ${(height * KIOSK_MIN_TEXT).toFixed(1)} px`);
      const line = await warning.boundingBox();
      const tile = await tv.locator(`${TILE} .tile`).boundingBox();
      assert.ok(line && tile && line.x >= tile.x && line.x + line.width <= tile.x + tile.width + 0.5, `${where}: the warning fits its tile (${JSON.stringify({ line, tile })})`);
    }

    // Nothing changes: the emulator goes on, minute by minute, and the warned figure turns critical.
    await desk.goto(`${stack.appUrl}/services?board=${boardId}`);
    await desk.locator(`${TILE} [data-field="receivedCalls"]`).waitFor();
    const pastCritical = (value: number) => (field === 'serviceLevel' ? value < DEFAULT_THRESHOLDS.serviceLevel.critical : value > DEFAULT_THRESHOLDS.longestWait.critical);
    let steps = 0;
    let state = await tileState(desk);
    while (state.figures[field] !== 'critical' && steps < 30) {
      await stack.control('step', { seconds: 60 });
      steps++;
      // The minute's deltas on the page, then, once the figure is past its threshold, its level after the hold (5 s).
      await sleep(500);
      const value = Number(await desk.locator(`${TILE} [data-field="${field}"]`).getAttribute('data-value'));
      if (pastCritical(value))
        state = await until(
          () => tileState(desk),
          (s) => s.figures[field] === 'critical',
          8_000,
        );
    }
    assert.equal(state.figures[field], 'critical', `the figure warned of turned critical (after ${steps} simulated minutes; warned ~${warned.forecast.minutes})`);
    assert.equal(state.level, 'critical', 'and the tile with it');
    assert.ok(steps <= warned.forecast.minutes + 5, `the breach came about when warned: ${steps} min after a warning of ~${warned.forecast.minutes}`);
    assert.notEqual(state.forecast?.kpi, warned.forecast.kpi, 'a figure critical now carries no warning');
    // The kiosk's own alert for the critical tile; the warning's tone stays at one.
    assert.ok(
      Number(
        await until(
          () => kiosk.getAttribute('data-alerts'),
          (n) => Number(n) >= 1,
          10_000,
        ),
      ) >= 1,
      'the kiosk’s critical alert was due',
    );
    assert.equal(await kiosk.getAttribute('data-warning-alerts'), '1');
    assert.deepEqual(problems, [], 'no page errors');
    console.log(`# ${minutes} recorded minutes at ${stepMs.toFixed(0)} ms a step; warned "${warned.forecast.text}", critical after ${steps} more simulated minutes`);
  });
});

function fieldOf(kpi: string): string {
  return kpi === 'serviceLevel' ? 'serviceLevel' : 'maxTimeCallOnQueue';
}
