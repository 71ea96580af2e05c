/**
 * The agents as a room sees them on a TV, and as a keyboard uses them (issue 14, findings 1, 2 and 7), against the
 * real emulator. One stack and one browser: the sweep resizes the page instead of starting new processes.
 * - The agents slide of a kiosk at 1280×720, 1920×1080, 3840×2160 and 1024×768, in English and Italian, screenful
 *   by screenful: no search box, chips or sort controls; every row whole inside the slide and not under another
 *   element; no column cut at the right edge; every row's figures with the agent's name visible; text readable.
 * - A two-service board's agents slide and agents page list only the agents serving those services.
 * - The grid on /agents is one Tab stop; arrows move inside; a focused row shows its name; Enter opens the agent.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, type Stack, axeViolations, loginThroughForm, shownUsernames, sleep, startStack, waitForPath } from './harness.ts';

const TOKEN = 'rtd-wallboard-kiosk-demo-token';
const TEST_MS = 240_000;
/** The shortest a slide may show (kiosk-config.ts): the sweep steps through screenfuls at this pace. */
const SLIDE_SECONDS = 3;
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
  { width: 1024, height: 768 },
] as const;
const LANGUAGES = ['en', 'it'] as const;

const THRESHOLDS = { serviceLevel: { warning: 80, critical: 70 }, longestWait: { warning: 60, critical: 120 }, abandonRate: { warning: 5, critical: 10 }, holdSeconds: 20 };

interface Agent {
  username: string;
  services: string[];
  skillsets: string[];
}

let stack: Stack;
let agents: Agent[] = [];

before(
  async () => {
    stack = await startStack();
    agents = (await stack.gql<{ users: Agent[] }>('query { users(filter: {}) { username services skillsets } }')).users;
  },
  { timeout: 240_000 },
);

after(async () => {
  await stack?.close();
});

/** A board as a file holds it: these services on every channel, no groups, no agent filter (as older boards). */
function board(id: string, services: readonly string[]) {
  const codes = { CALL: [...services], VIDEO: [...services], CHAT: [...services] };
  return {
    id,
    name: id,
    services: codes,
    groups: { CALL: [], VIDEO: [], CHAT: [] },
    agents: {},
    customStatKeys: [],
    site: null,
    serviceLevel: 'answered',
    thresholds: THRESHOLDS,
    density: 'comfortable',
  };
}

const boardsFile = (boards: object[]) => ({ format: 'rtd-wallboard/boards', version: 1, boards });

/** A kiosk link that plays one board's agents slide, without sound or burn-in shifts. */
function agentsSlideLink(boardDefinition: ReturnType<typeof board>): string {
  const config = { slides: [{ board: boardDefinition.id, page: 'agents', seconds: SLIDE_SECONDS }], sound: false, burnIn: false, staleSeconds: 600, dailyReloadHour: null };
  const bundle = Buffer.from(JSON.stringify({ config, boards: boardsFile([boardDefinition]) })).toString('base64url');
  return `${stack.appUrl}/kiosk#${new URLSearchParams({ token: TOKEN, kiosk: bundle })}`;
}

async function newPage(browser: Browser, language: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: language === 'it' ? 'it-IT' : 'en-US' });
  context.setDefaultTimeout(20_000);
  await context.addInitScript((language) => localStorage.setItem('rtd-wallboard.language', language), language);
  // tsx wraps named functions in `__name(…)`, which a page lacks: a stand-in for the checks run in the page.
  await context.addInitScript('globalThis.__name = (target) => target;');
  return context.newPage();
}

/** What is wrong with the agents slide's screenful on show, as sentences; empty when all is well. */
function screenfulProblems(page: Page) {
  return page.evaluate(() => {
    const problems: string[] = [];
    const slide = document.querySelector('main.kiosk-slide')!.getBoundingClientRect();
    const right = Math.min(slide.right, window.innerWidth);
    const grid = document.querySelector('app-agent-grid');
    if (!grid) return { problems: ['no agent grid on the slide'], usernames: [] as string[] };
    if (grid.querySelector('input[type="search"]')) problems.push('a search box');
    if (grid.querySelector('.status-filter, [data-coarse-status]')) problems.push('status filter chips');
    if (grid.querySelector('button.sort, [aria-sort] button')) problems.push('sort controls');
    /** The element drawn on top at a point is this element or inside it (not a header, banner or another row). */
    const onTop = (element: Element, x: number, y: number) => {
      const hit = document.elementFromPoint(x, y);
      return !!hit && (element === hit || element.contains(hit));
    };
    const minFont = window.innerHeight / 45;
    for (const header of Array.from(grid.querySelectorAll('[role="columnheader"]'))) {
      const box = header.getBoundingClientRect();
      const label = (header.textContent ?? '').trim();
      if (box.right > right + 0.5) problems.push(`column "${label}" ends at ${Math.round(box.right)} px, past the right edge ${Math.round(right)}`);
      else if (box.width > 0 && !onTop(header, box.left + box.width / 2, box.top + box.height / 2)) problems.push(`column "${label}" is hidden`);
      if (header.scrollWidth > header.clientWidth + 1) problems.push(`column "${label}" is cut (${header.scrollWidth} > ${header.clientWidth} px)`);
    }
    const usernames: string[] = [];
    for (const row of Array.from(grid.querySelectorAll('[role="row"][data-username]'))) {
      const username = row.getAttribute('data-username')!;
      usernames.push(username);
      const box = row.getBoundingClientRect();
      if (box.top < slide.top - 0.5 || box.bottom > slide.bottom + 0.5)
        problems.push(`row ${username} is cut by the slide's edge (${Math.round(box.top)}-${Math.round(box.bottom)} in ${Math.round(slide.top)}-${Math.round(slide.bottom)})`);
      const name = row.querySelector('[data-column="name"]');
      const nameBox = name?.getBoundingClientRect();
      if (!name || !nameBox || nameBox.width < 1) {
        problems.push(`row ${username} shows no name`);
        continue;
      }
      const y = box.top + box.height / 2;
      if (nameBox.left < slide.left - 0.5 || nameBox.left > right || !onTop(name, nameBox.left + Math.min(20, nameBox.width / 2), y)) problems.push(`row ${username}'s figures show without its name`);
      for (const cell of Array.from(row.querySelectorAll('[role="cell"]'))) {
        const cellBox = cell.getBoundingClientRect();
        // What a cell shows is whole (the name cell: the name; its username beside it may give way).
        const shown = cell.getAttribute('data-column') === 'name' ? (cell.querySelector('.agent-name') ?? cell) : cell;
        if (shown.scrollWidth > shown.clientWidth + 1) problems.push(`row ${username}: cell ${cell.getAttribute('data-column')} is cut ("${(shown.textContent ?? '').trim()}")`);
        if (cellBox.right > right + 0.5) problems.push(`row ${username}: cell ${cell.getAttribute('data-column')} is cut at the right edge`);
        else if (cellBox.width > 0 && !onTop(row, cellBox.left + cellBox.width / 2, y)) problems.push(`row ${username}: cell ${cell.getAttribute('data-column')} is under another element`);
      }
      const font = Number.parseFloat(getComputedStyle(name.querySelector('.agent-name') ?? name).fontSize);
      if (font < minFont) problems.push(`row ${username}'s name is ${font} px, too small for a room (${Math.round(minFont)} px at least)`);
    }
    const legend = document.querySelector('[data-chart="agents-by-status"] .legend');
    if (legend) {
      const font = Number.parseFloat(getComputedStyle(legend).fontSize);
      if (font < minFont) problems.push(`the donut's legend is ${font} px (${Math.round(minFont)} px at least)`);
    }
    return { problems, usernames };
  });
}

const slideKey = (page: Page) => page.evaluate(() => document.querySelector('app-kiosk-page')?.getAttribute('data-slide') ?? '');

/**
 * Visits each screenful of the agents slide on show once, as the rotation brings it, after its rows are drawn
 * (over a few frames): until it comes round to a screenful already visited with `enough()` true, or a minute
 * passes. Returns the screenfuls' keys.
 */
async function eachScreenful(page: Page, enough: () => boolean, visit: (key: string) => Promise<void>): Promise<Set<string>> {
  const keys = new Set<string>();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const key = await slideKey(page);
    if (keys.has(key) && enough()) break;
    await sleep(800);
    if ((await slideKey(page)) !== key) continue;
    keys.add(key);
    await visit(key);
    while ((await slideKey(page)) === key && Date.now() < deadline) await sleep(200);
  }
  return keys;
}

describe('the agents slide on a TV', () => {
  for (const language of LANGUAGES) {
    test(`${language}: every screenful at 720p, 1080p, 4K and 1024×768 shows whole rows with names, every column whole, no desktop controls`, { timeout: TEST_MS }, async () => {
      // Every service: all agents, so the slide takes several screenfuls at every size.
      const services = [...new Set(agents.flatMap((agent) => agent.services))].sort();
      const everyone = board('everyone', services);
      const page = await newPage(stack.browser, language);
      const problems: string[] = [];
      try {
        for (const size of SIZES) {
          await page.setViewportSize(size);
          // From another document: the link differs from the kiosk's address only by its fragment.
          await page.goto('about:blank');
          await page.goto(agentsSlideLink(everyone), { timeout: 60_000 });
          await page.locator('app-agent-grid [data-username]').first().waitFor({ timeout: 60_000 });
          const seen = new Set<string>();
          const keys = await eachScreenful(
            page,
            () => seen.size >= agents.length,
            async (key) => {
              const found = await screenfulProblems(page);
              found.usernames.forEach((username) => seen.add(username));
              problems.push(...found.problems.map((problem) => `${size.width}×${size.height} ${language} screenful ${key}: ${problem}`));
              if (found.problems.length || process.env['AGENTS_TV_SCREENSHOTS'])
                await page.screenshot({ path: `/tmp/agents-tv-${language}-${size.width}-${key.replaceAll('/', '_')}.png` }).catch(() => {});
            },
          );
          assert.ok(keys.size > 1, `${size.width}×${size.height}: the slide stepped through its screenfuls (${[...keys].join(', ')})`);
          assert.equal(seen.size, agents.length, `${size.width}×${size.height}: every agent showed on some screenful`);
        }
      } finally {
        await page.context().close();
      }
      assert.deepEqual(problems.slice(0, 40), []);
    });
  }
});

describe('a board’s agents follow its services', () => {
  /** Two services that some agents serve and others do not. */
  const twoServices = () => {
    // The two services the fewest agents serve (every agent serves the first two in the emulator's contact centre).
    const servedBy = (code: string) => agents.filter((agent) => agent.services.includes(code)).length;
    const services = [...new Set(agents.flatMap((agent) => agent.services))].sort((a, b) => servedBy(a) - servedBy(b) || a.localeCompare(b));
    const chosen = services.slice(0, 2);
    const expected = agents.filter((agent) => agent.services.some((code) => chosen.includes(code))).map((agent) => agent.username);
    assert.ok(expected.length > 0 && expected.length < agents.length, `two services narrow the agents (${expected.length} of ${agents.length})`);
    return { board: board('two-services', chosen), expected: expected.sort() };
  };

  test('a two-service board’s agents slide lists only the agents serving those services', { timeout: TEST_MS }, async () => {
    const { board: twoServiceBoard, expected } = twoServices();
    const page = await newPage(stack.browser, 'en');
    try {
      await page.goto(agentsSlideLink(twoServiceBoard), { timeout: 60_000 });
      await page.locator('app-agent-grid [data-username]').first().waitFor({ timeout: 60_000 });
      const seen = new Set<string>();
      await eachScreenful(
        page,
        () => seen.size >= expected.length,
        async () => {
          for (const username of await page.locator('[data-username]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-username')!))) seen.add(username);
        },
      );
      assert.deepEqual([...seen].sort(), expected, 'the slide lists the agents of the board’s two services, and no other');
      const count = await page.locator('.agent-count').textContent();
      assert.match(count ?? '', new RegExp(`^${expected.length} agents`), 'the count says how many the board has');
    } finally {
      await page.context().close();
    }
  });

  test('so does its agents page, and the editor says why', { timeout: TEST_MS }, async () => {
    const { board: twoServiceBoard, expected } = twoServices();
    const page = await stack.newPage();
    try {
      await page.goto(`${stack.appUrl}/login`, { timeout: 60_000 });
      await loginThroughForm(page, ADMIN.username, ADMIN.password);
      await waitForPath(page, '/services');
      await page.goto(`${stack.appUrl}/boards`);
      const file = Buffer.from(JSON.stringify(boardsFile([twoServiceBoard])));
      await page.getByTestId('import-boards').setInputFiles({ name: 'two-services.json', mimeType: 'application/json', buffer: file });
      await page.locator('[data-board="two-services"]').waitFor();
      await page.goto(`${stack.appUrl}/agents?board=two-services`);
      const shown = await shownUsernames(page, expected);
      assert.deepEqual(shown, expected, 'the agents page lists the agents of the board’s two services');

      // The editor shows the choice made for it, in words.
      await page.goto(`${stack.appUrl}/boards/two-services`);
      const choice = page.locator('[data-testid="agent-source"] mat-button-toggle[value="services"]');
      assert.match((await choice.getAttribute('class')) ?? '', /mat-button-toggle-checked/, 'the board follows its services and groups');
      assert.match((await page.getByTestId('agent-source-hint').textContent()) ?? '', /serve one of the board’s services or belong to one of its groups/);
    } finally {
      await page.context().close();
    }
  });
});

describe('the agent grid by keyboard', () => {
  let page: Page;

  before(
    async () => {
      page = await stack.newPage();
      await page.context().addInitScript('globalThis.__name = (target) => target;');
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto(`${stack.appUrl}/login`, { timeout: 60_000 });
      await loginThroughForm(page, ADMIN.username, ADMIN.password);
      await waitForPath(page, '/services');
      await page.goto(`${stack.appUrl}/agents`);
      await page.locator('[data-username]').first().waitFor({ timeout: 30_000 });
    },
    { timeout: 120_000 },
  );

  /** Where the focus is: the agent's row (or "header") and the column. */
  const focused = () =>
    page.evaluate(() => {
      const active = document.activeElement;
      return {
        row: active?.closest('[data-username]')?.getAttribute('data-username') ?? (active?.closest('[role="columnheader"]') ? 'header' : null),
        column: active?.getAttribute('data-column') ?? null,
      };
    });

  /** The focused cell's agent name and status are on screen, and the focused cell too. */
  const nameAndStatusInView = () =>
    page.evaluate(async () => {
      // As the next frame shows it: the pinned cells follow the table's scroll in its scroll event, which the
      // browser dispatches as it renders, before it paints (a key press read at once sees them not yet moved).
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const cell = document.activeElement as HTMLElement;
      const row = cell.closest('[data-username]')!;
      // In the window, and drawn on top (not under the pinned columns or scrolled out of the table).
      const onTop = (element: Element) => {
        const box = element.getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + Math.min(12, box.width / 2), box.top + box.height / 2);
        const seen = box.left >= 0 && box.right <= window.innerWidth && !!hit && (hit === element || element.contains(hit));
        return seen || `${Math.round(box.left)}-${Math.round(box.right)} of ${window.innerWidth}, under ${hit?.outerHTML.slice(0, 80)}`;
      };
      return { name: onTop(row.querySelector('.agent-name')!), status: onTop(row.querySelector('app-status-chip')!), cell: onTop(cell) };
    });

  test('Tab reaches the grid in a few stops, and the grid is one of them', { timeout: TEST_MS }, async () => {
    await page.locator('body').focus();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const stops: string[] = [];
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const where = await focused();
      if (where.row && where.row !== 'header') break;
      stops.push(await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 60) ?? ''));
    }
    const where = await focused();
    assert.ok(where.row && where.row !== 'header', `Tab reached an agent row: ${stops.join(' | ')}`);
    // The skip link, the toolbar (with the supervisor's Displays link), the chips (one stop), the search box: not 24.
    assert.ok(stops.length <= 15, `${stops.length} Tab stops before the grid: ${stops.join(' | ')}`);
    await page.keyboard.press('Tab');
    const after = await focused();
    assert.equal(after.row, null, 'the next Tab leaves the grid');
    await page.keyboard.press('Shift+Tab');
    assert.deepEqual(await focused(), where, 'Shift+Tab comes back to the same cell');
  });

  test('arrows move between cells; the name and status stay in view; Enter opens the agent', { timeout: TEST_MS }, async () => {
    const start = await focused();
    await page.keyboard.press('ArrowDown');
    const second = await focused();
    assert.notEqual(second.row, start.row, 'ArrowDown moves to the next agent');
    await page.keyboard.press('End');
    assert.equal((await focused()).column, 'timeWnr', 'End goes to the row’s last cell');
    assert.deepEqual(await nameAndStatusInView(), { name: true, status: true, cell: true }, 'the last cell shows beside its agent’s name and status');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
    assert.deepEqual(await nameAndStatusInView(), { name: true, status: true, cell: true }, 'still, three rows down');
    await page.keyboard.press('PageDown');
    assert.deepEqual(await nameAndStatusInView(), { name: true, status: true, cell: true }, 'still, a page down');
    await page.keyboard.press('Home');
    assert.equal((await focused()).column, 'name', 'Home goes to the row’s first cell');
    const agent = (await focused()).row!;
    await page.keyboard.press('Enter');
    const dialog = page.locator('[data-testid="agent-detail"]');
    await page.waitForSelector('[data-testid="agent-detail"][data-agent]');
    assert.equal(await dialog.getAttribute('data-agent'), agent, 'Enter opens the focused agent');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal((await focused()).row, agent, 'closing the agent gives the focus back to its row');
  });

  test('the grid and its page have no WCAG A/AA violation (axe)', { timeout: TEST_MS }, async () => {
    assert.deepEqual(await axeViolations(page, 'app-agents-page'), []);
  });
});
