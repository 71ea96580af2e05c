/**
 * The kiosk's data layer against the real emulator: a TV with a stored kiosk token logs in by itself, logs in
 * again when its session ends (socket 4401 and HTTP SESSION_EXPIRED), shows when the server rejects its token
 * (`data-kiosk-token="rejected"` on <html>) and recovers when the server accepts it again, and its socket's
 * last sign of life stops while the socket is down and moves again after it reconnects.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { type Shown, type Stack, readShown, sleep, startStack, waitForPath } from './harness.ts';
import { DEFAULT_SERVICES_FILTER, MAY_HAVE_NO_VALUE, SERVICE_STATS_QUERY, compare, flatten } from './truth.ts';

const TOKEN = 'rtd-wallboard-kiosk-demo-token';
const TEST_MS = 150_000;
const SETTLE_MS = 1_500;

let stack: Stack;
let page: Page;
/** loginWithAccessToken requests the page sent. */
let kioskLogins = 0;

before(
  async () => {
    stack = await startStack();
    page = await stack.newPage();
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes('/rtdserver') && (request.postData() ?? '').includes('LoginWithAccessToken')) kioskLogins++;
    });
  },
  { timeout: 240_000 },
);

after(async () => {
  await stack?.control('resume').catch(() => {});
  await stack?.control('kiosk-tokens', { enabled: true }).catch(() => {});
  await stack?.close();
});

const kioskState = () => page.evaluate(() => document.documentElement.getAttribute('data-kiosk-token'));

async function waitForKioskState(state: string, timeout: number): Promise<void> {
  await page
    .waitForFunction((s) => document.documentElement.getAttribute('data-kiosk-token') === s, state, { timeout })
    .catch(async () => {
      assert.fail(`<html data-kiosk-token> never became "${state}" within ${timeout / 1000} s (it is ${await kioskState()}, on ${page.url()})`);
    });
}

async function waitForServiceTiles(timeout = 30_000): Promise<Shown> {
  const deadline = Date.now() + timeout;
  let shown: Shown = {};
  while (Date.now() < deadline) {
    shown = await readShown(page, 'data-service');
    const keys = Object.keys(shown);
    if (keys.length && keys.every((k) => Object.keys(shown[k]).length && Object.entries(shown[k]).every(([field, v]) => v !== '' || MAY_HAVE_NO_VALUE.includes(field)))) return shown;
    await sleep(250);
  }
  assert.fail(`the service tiles never showed their numbers within ${timeout / 1000} s: ${JSON.stringify(shown)}`);
}

/** With the simulation paused, every number on /services equals a fresh query's. */
async function assertServicesEqualFreshQuery(): Promise<void> {
  await stack.control('pause');
  try {
    await sleep(SETTLE_MS);
    const truth = flatten((await stack.gql(SERVICE_STATS_QUERY, { filter: DEFAULT_SERVICES_FILTER })).serviceStats);
    let result = compare(await readShown(page, 'data-service'), truth);
    if (result.differences.length) {
      await sleep(3_000);
      result = compare(await readShown(page, 'data-service'), truth);
    }
    assert.ok(result.compared >= Object.keys(truth).length, `too few numbers compared (${result.compared})`);
    assert.deepEqual(result.differences, [], `the page differs from a fresh query in ${result.differences.length} of ${result.compared} numbers`);
  } finally {
    await stack.control('resume');
  }
}

/** The socket's state and last sign of life, read from the shell's RtdConnection through Angular's dev-mode API. */
const READ_CONNECTION = `(() => {
  const app = window.ng?.getComponent(document.querySelector('app-root'));
  const c = app?.connection;
  return c ? { state: c.state(), lastAliveAt: c.lastAliveAt() } : null;
})()`;

describe('a kiosk’s session and data age', () => {
  test('a stored kiosk token logs in by itself: the board, not /login', { timeout: TEST_MS }, async () => {
    // The first page of a fresh ng serve can take long on a busy machine.
    await page.goto(`${stack.appUrl}/login`, { timeout: 90_000 });
    await page.evaluate((token) => localStorage.setItem('rtd-wallboard.kiosk-token', token), TOKEN);
    await page.goto(`${stack.appUrl}/services`, { timeout: 60_000 });
    await waitForKioskState('accepted', 30_000);
    await waitForPath(page, '/services');
    await waitForServiceTiles();
    assert.ok(kioskLogins >= 1, 'the page logged in with loginWithAccessToken');
  });

  test('sessions expired by the server: it logs in again by itself, and its numbers equal a fresh query', { timeout: TEST_MS }, async () => {
    const loginsBefore = kioskLogins;
    const expired = await stack.control('expire-sessions');
    assert.ok(expired.closedSockets >= 1, `the page's socket was closed (${JSON.stringify(expired)})`);
    const deadline = Date.now() + 30_000;
    while (kioskLogins === loginsBefore && Date.now() < deadline) await sleep(200);
    assert.ok(kioskLogins > loginsBefore, 'no loginWithAccessToken after the socket closed with 4401');
    assert.equal(new URL(page.url()).pathname, '/services', 'still on the board, not sent to /login');
    await waitForKioskState('accepted', 10_000);
    await stack.control('step', { seconds: 60 });
    await sleep(2_000);
    await waitForServiceTiles();
    await assertServicesEqualFreshQuery();
  });

  test('after a reload with the session expired on HTTP (SESSION_EXPIRED), it logs in again instead of showing /login', { timeout: TEST_MS }, async () => {
    await stack.control('expire-sessions');
    const loginsBefore = kioskLogins;
    await page.reload();
    await waitForKioskState('accepted', 30_000);
    assert.equal(new URL(page.url()).pathname, '/services');
    assert.ok(kioskLogins > loginsBefore, 'the reload logged in again with the kiosk token');
    await waitForServiceTiles();
  });

  test('the socket dropped: its last sign of life stops while it is down and moves again after it reconnects', { timeout: TEST_MS }, async () => {
    const first = (await page.evaluate(READ_CONNECTION)) as { state: string; lastAliveAt: number | null } | null;
    assert.ok(first, 'the shell exposes its RtdConnection to Angular’s dev-mode API (ng.getComponent)');
    assert.equal(first.state, 'live');
    // Sample in the page every 25 ms while the socket is dropped and comes back.
    await page.evaluate(`(() => {
      window.__aliveSamples = [];
      window.__aliveTimer = setInterval(() => window.__aliveSamples.push({ at: Date.now(), ...${READ_CONNECTION} }), 25);
    })()`);
    await sleep(500);
    const dropped = await stack.control('disconnect');
    assert.ok(dropped.dropped >= 1, 'the emulator dropped the page’s socket');
    const deadline = Date.now() + 30_000;
    let samples: { at: number; state: string; lastAliveAt: number | null }[] = [];
    while (Date.now() < deadline) {
      samples = await page.evaluate('window.__aliveSamples');
      const down = samples.findIndex((s) => s.state !== 'live');
      // Back up, with at least one sign of life after the reconnect (pings every 5 s).
      if (down >= 0 && samples.slice(down).some((s) => s.state === 'live' && s.lastAliveAt! > samples[down].at + 100)) break;
      await sleep(250);
    }
    await page.evaluate('clearInterval(window.__aliveTimer)');
    const down = samples.findIndex((s) => s.state !== 'live');
    assert.ok(down >= 0, 'the page saw its socket go down');
    const back = samples.findIndex((s, i) => i > down && s.state === 'live');
    assert.ok(back > down, 'the page saw its socket come back');
    const whileDown = samples.slice(down, back);
    assert.ok(whileDown.length >= 2, `the socket was down for ${whileDown.length} samples`);
    assert.ok(
      whileDown.every((s) => s.lastAliveAt === whileDown[0].lastAliveAt && s.lastAliveAt! <= whileDown[0].at),
      `lastAliveAt moved while the socket was down: ${JSON.stringify(whileDown.map((s) => s.lastAliveAt))}`,
    );
    const after = samples.slice(back);
    assert.ok(
      after.some((s) => s.lastAliveAt! > whileDown[0].at),
      'lastAliveAt moved again after the reconnect',
    );
    await waitForServiceTiles();
  });

  test('a rejected token: data-kiosk-token="rejected", no /login, and back to the board when the server accepts it again', { timeout: 180_000 }, async () => {
    await stack.control('kiosk-tokens', { enabled: false });
    await stack.control('expire-sessions');
    await waitForKioskState('rejected', 30_000);
    assert.equal(new URL(page.url()).pathname, '/services', 'a kiosk whose token is rejected does not go to /login');
    const loginsWhileRejected = kioskLogins;
    await sleep(5_000);
    assert.ok(kioskLogins - loginsWhileRejected <= 1, `a rejected token is retried slowly, not ${kioskLogins - loginsWhileRejected} times in 5 s`);
    await stack.control('kiosk-tokens', { enabled: true });
    // The slow cadence: one attempt a minute by default.
    await waitForKioskState('accepted', 75_000);
    await stack.control('step', { seconds: 60 });
    await sleep(2_000);
    await waitForServiceTiles();
    await assertServicesEqualFreshQuery();
  });
});
