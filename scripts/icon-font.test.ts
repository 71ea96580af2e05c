// The cut-down icon font (scripts/icon-font.mjs) must hold every icon the app shows: a missing one shows as its
// name in letters ("support_agent") on the wall.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { test } from 'node:test';
// @ts-expect-error: a plain ES module script, without types
import { FONT, NAMES, iconNamesUsed } from './icon-font.mjs';

test('the icon font holds every icon name the app uses', () => {
  const held = new Set<string>(JSON.parse(readFileSync(NAMES, 'utf8')));
  const used: string[] = iconNamesUsed();
  assert.ok(used.length > 20, `the scan found the app's icons (${used.length})`);
  assert.deepEqual(
    used.filter((name) => !held.has(name)),
    [],
    'run node scripts/icon-font.mjs to add them',
  );
});

test('the icon font stays cut down: kilobytes, not the 4 MB of the whole font', () => {
  assert.ok(statSync(FONT).size < 32_000, `${FONT} is ${statSync(FONT).size} bytes`);
});
