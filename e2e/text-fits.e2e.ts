/**
 * Text that fits, in English and Italian, at 1280×720, 1920×1080 and 3840×2160 (issue 14, finding 8): on the
 * services, groups, agents, boards, board editor and login pages and on a kiosk tile slide, no text is cut by its
 * box (an ellipsis, or clipped), no word is broken across lines ("Abando / n rate"), no figure reads "-0" ("-0.0%"
 * when nothing was abandoned), and on the TV no visible text or icon is under the kiosk's minimum size. One stack and one
 * browser: each page is opened once per language and resized in place.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ADMIN, type Stack, loginThroughForm, sleep, startStack, waitForPath } from './harness.ts';

const TOKEN = 'rtd-wallboard-kiosk-demo-token';
const TEST_MS = 180_000;
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
] as const;
const LANGUAGES = ['en', 'it'] as const;
const LANGUAGE_KEY = 'rtd-wallboard.language';
/** The smallest text on a TV, as a share of the screen's height (19 px at 720p, 28 px at 1080p, 56 px at 4K). */
const KIOSK_MIN_TEXT = 0.026;

let stack: Stack;
let page: Page;
let kioskLink = '';

before(
  async () => {
    stack = await startStack();
    page = await stack.newPage();
    await page.goto(`${stack.appUrl}/login`);
    await loginThroughForm(page, ADMIN.username, ADMIN.password);
    await waitForPath(page, '/services');
    await page.waitForURL(/board=all-services/);
    // A kiosk link for the first board's services page, held long enough that the slide stays while it is measured.
    await page.goto(`${stack.appUrl}/boards`);
    await page.getByTestId('kiosk-token').fill(TOKEN);
    await page.getByTestId('kiosk-seconds').fill('600');
    kioskLink = (await page.getByTestId('kiosk-link').inputValue()).replace(/^https?:\/\/[^/]+/, stack.appUrl);
  },
  { timeout: 240_000 },
);

after(async () => {
  await stack?.close();
});

/**
 * What a reader would see wrong in the text on screen. Runs in the page: every visible text node is checked for
 * "-0" figures and words split across lines (a Range over each word with client rects on more than one line),
 * and every element that clips its text (overflow hidden or clip, or an ellipsis) for text wider than its box.
 */
function textProblems(minTextPx: number) {
  const problems: string[] = [];
  const describe = (element: Element) => {
    const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    const hook = ['data-testid', 'data-field', 'data-service', 'data-group'].map((name) => element.closest(`[${name}]`)?.getAttribute(name)).find(Boolean);
    return `<${element.tagName.toLowerCase()}${element.classList.length ? '.' + [...element.classList].join('.') : ''}>${hook ? ` in ${hook}` : ''} “${text}”`;
  };
  const hidden = (element: Element) =>
    !!element.closest('.visually-hidden, .cdk-visually-hidden, [aria-hidden="true"].material-symbols-outlined, .material-symbols-outlined, mat-icon, svg, script, style, template, option');
  const checked = new Set<Element>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    const parent = node.parentElement;
    if (!parent || !text.trim() || hidden(parent)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) continue;
    const style = getComputedStyle(parent);
    if (style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
    if (/(^|[\s(])[-−]0(?:[.,]0+)?\s?%?(?=$|[\s)])/.test(text)) problems.push(`"-0" shown: ${describe(parent)}`);
    const fontPx = Number.parseFloat(style.fontSize);
    // The setup hint (sound blocked, a link problem) is read at arm's length by whoever sets up the TV, for a few
    // seconds after load: kiosk-page.scss exempts it from the room's floor, so the sweep does too.
    const forTheRoom = !parent.closest('.setup-hint');
    if (minTextPx > 0 && forTheRoom && fontPx < minTextPx - 0.5 && box.bottom > 0 && box.top < innerHeight && !checked.has(parent)) {
      problems.push(`text ${fontPx.toFixed(1)} px, under ${minTextPx.toFixed(1)} px: ${describe(parent)}`);
    }
    checked.add(parent);
    // Words split across lines: a word's rects on two lines. A line may break after a hyphen ("post-" / "chiamata").
    const words = text.matchAll(/[^\s\u002d\u2010]{2,}/g);
    for (const word of words) {
      const wordRange = document.createRange();
      wordRange.setStart(node, word.index!);
      wordRange.setEnd(node, word.index! + word[0].length);
      const tops = new Set([...wordRange.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if ([...tops].some((top) => [...tops].some((other) => Math.abs(other - top) > 2))) problems.push(`word "${word[0]}" broken across lines: ${describe(parent)}`);
    }
    // The text's own box, and the nearest box that clips it (a cell, a chip, a tile): the text must lie inside it.
    for (let element: Element | null = parent; element && element !== document.body; element = element.parentElement) {
      const s = getComputedStyle(element);
      if (s.display === 'inline') continue;
      if (s.overflowX !== 'hidden' && s.overflowX !== 'clip') continue;
      const r = element.getBoundingClientRect();
      const left = r.left + element.clientLeft;
      const right = left + element.clientWidth;
      if (element.clientWidth > 1 && (box.right > right + 1 || box.left < left - 1)) problems.push(`text cut by ${describe(element).replace(/ “.*$/, '')}: ${describe(parent)}`);
      break;
    }
  }
  // Icons grow with the text on a TV (sized in rem or em, not px): the mute and live icons as much as the labels.
  if (minTextPx > 0) {
    for (const icon of document.querySelectorAll<HTMLElement>('.material-symbols-outlined')) {
      const r = icon.getBoundingClientRect();
      if (r.width < 1 || r.bottom <= 0 || r.top >= innerHeight) continue;
      const fontPx = Number.parseFloat(getComputedStyle(icon).fontSize);
      if (fontPx < minTextPx - 0.5) problems.push(`icon "${icon.textContent?.trim()}" ${fontPx.toFixed(1)} px, under ${minTextPx.toFixed(1)} px`);
    }
  }
  return problems;
}

/** textProblems run in the page (tsx wraps named functions in `__name(…)`, which the page lacks: a stand-in). */
const readProblems = (target: Page, minTextPx = 0) => target.evaluate(`var __name = (target) => target; (${textProblems.toString()})(${minTextPx})`) as Promise<string[]>;

/** Lets layout, fonts and any size-driven redraw settle after a resize or a load. */
async function settle(target: Page): Promise<void> {
  await target.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))));
  await sleep(400);
}

/** Sweeps `target` (already showing its page) through the sizes, collecting what each shows wrong. */
async function sweepSizes(target: Page, label: string, minText: number, problems: string[]): Promise<void> {
  for (const size of SIZES) {
    await target.setViewportSize(size);
    await settle(target);
    // The same fault on many tiles or rows is reported once, with how many times it was seen.
    const found = new Map<string, number>();
    for (const problem of await readProblems(target, minText * size.height)) found.set(problem, (found.get(problem) ?? 0) + 1);
    problems.push(...[...found].map(([problem, times]) => `${label} ${size.width}×${size.height}: ${problem}${times > 1 ? ` (×${times})` : ''}`));
  }
}

async function setLanguage(target: Page, language: string): Promise<void> {
  await target.evaluate(([key, value]) => localStorage.setItem(key, value), [LANGUAGE_KEY, language]);
}

/** Each page with what shows it is drawn. */
const PAGES: { path: string; ready: string }[] = [
  { path: '/services?board=all-services', ready: '[data-service] [data-field="queuedCalls"]' },
  { path: '/groups?board=all-services', ready: '[data-group] [data-field="queuedCalls"]' },
  { path: '/agents?board=all-services', ready: '[data-username]' },
  { path: '/boards', ready: '[data-board]' },
  { path: '/boards/all-services', ready: '[data-testid="board-editor"]' },
];

describe('text that fits in English and Italian', () => {
  test('desktop pages: no text cut, no word broken, no "-0", at 720p, 1080p and 4K', { timeout: TEST_MS }, async () => {
    const problems: string[] = [];
    for (const language of LANGUAGES) {
      await setLanguage(page, language);
      for (const { path, ready } of PAGES) {
        await page.setViewportSize(SIZES[1]);
        await page.goto(`${stack.appUrl}${path}`);
        await page.locator(ready).first().waitFor({ timeout: 20_000 });
        assert.equal(await page.evaluate(() => document.documentElement.lang), language, `${path} in ${language}`);
        await sweepSizes(page, `${path} [${language}]`, 0, problems);
      }
    }
    // The login page, as someone logged out sees it.
    const visitor = await stack.newPage();
    try {
      await visitor.goto(`${stack.appUrl}/login`);
      for (const language of LANGUAGES) {
        await setLanguage(visitor, language);
        await visitor.goto(`${stack.appUrl}/login`);
        await visitor.locator('input[name="username"]').waitFor();
        await sweepSizes(visitor, `/login [${language}]`, 0, problems);
      }
    } finally {
      await visitor.context().close();
    }
    assert.deepEqual(problems, [], `text that does not fit:\n${problems.join('\n')}`);
  });

  test('kiosk tile slide: no text cut, no word broken, no "-0", none under the TV minimum', { timeout: TEST_MS }, async () => {
    const tv = await stack.newPage();
    const problems: string[] = [];
    try {
      await tv.goto(kioskLink);
      for (const language of LANGUAGES) {
        await setLanguage(tv, language);
        await tv.reload();
        await tv.locator('app-kiosk-page[data-slide*="/services/"] app-stat-tile [data-field]').first().waitFor({ timeout: 30_000 });
        assert.equal(await tv.evaluate(() => document.documentElement.lang), language);
        await sweepSizes(tv, `kiosk [${language}]`, KIOSK_MIN_TEXT, problems);
      }
    } finally {
      await tv.context().close();
    }
    assert.deepEqual(problems, [], `text on the TV that does not fit or is too small:\n${problems.join('\n')}`);
  });
});
