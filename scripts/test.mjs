#!/usr/bin/env node
// `npm test`: runs every suite and ends with one line, "N passed, N failed", totalled over all of them.
// Suites, in order: lint (ESLint and Prettier's check, a few seconds), emulator (node's test runner), server (node's test runner, on SQLite
// and PostgreSQL), abuse (node's test runner, real server processes), unit (Karma +
// Jasmine in headless Chromium), e2e (node's test runner driving the app in Chromium against the emulator). `npm test -- emulator e2e` runs only the named suites.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, '.test-results');
mkdirSync(results, { recursive: true });

const chromium = process.env.CHROME_BIN ?? '/usr/bin/chromium';

function testFiles(dir, suffix) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : testFiles(path, suffix);
    return name.endsWith(suffix) ? [relative(root, path)] : [];
  });
}

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(signal ? 1 : code));
  });
}

/** The browser suites need Debian's Chromium: without it they fail, loudly, and never count as passed. */
function chromiumMissing(name) {
  if (existsSync(chromium)) return null;
  console.error(`${name}: Chromium not found at ${chromium}. Install Debian's Chromium (apt-get install chromium) or set CHROME_BIN.`);
  return { name, passed: 0, failed: 1 };
}

/** Node's test runner, spec output on screen and TAP in a file whose summary gives the counts. */
async function nodeSuite(name, files, { concurrency = 2 } = {}) {
  const tap = join(results, `${name}.tap`);
  rmSync(tap, { force: true });
  if (!files.length) {
    console.error(`${name}: no test files found`);
    return { name, passed: 0, failed: 1 };
  }
  const code = await run(process.execPath, [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${concurrency}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (label) => Number(text.match(new RegExp(`^# ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  // A runner that crashed before reporting counts as one failure, never as a pass.
  return { name, passed, failed: failed || (code !== 0 ? 1 : 0), todo: count('todo') };
}

/** Karma through the Angular CLI; its `totals` reporter (scripts/karma-totals.cjs) writes the counts. */
async function unitSuite() {
  const missing = chromiumMissing('unit');
  if (missing) return missing;
  const file = join(results, 'unit.json');
  rmSync(file, { force: true });
  const code = await run(process.execPath, ['node_modules/@angular/cli/bin/ng.js', 'test', '--watch=false'], { NG_CLI_ANALYTICS: 'false', CHROME_BIN: chromium });
  let totals;
  try {
    totals = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    console.error(`unit: no readable ${relative(root, file)} (the build or Karma crashed before the run ended; exit ${code})`);
    return { name: 'unit', passed: 0, failed: 1 };
  }
  const passed = Number(totals.passed) || 0;
  const failed = Number(totals.failed) || 0;
  // An error outside any spec (a load error, a crash) or a failing exit is one failure more, never a pass.
  const broken = totals.error || (code !== 0 && failed === 0) || passed + failed === 0;
  if (broken) console.error(`unit: Karma reported an error outside the specs (exit ${code}, ${passed} passed, ${failed} failed)`);
  return { name: 'unit', passed, failed: failed + (broken ? 1 : 0) };
}

/**
 * ESLint (eslint.config.mjs: import cycles, program and feature boundaries, the recommended rules) and Prettier's
 * check (.prettierrc.json, .prettierignore): one test each, failed by any finding or by an unformatted file.
 * `npm run format` formats the tree.
 */
async function lintSuite() {
  const checks = [
    ['eslint', ['node_modules/eslint/bin/eslint.js', '.']],
    ['prettier --check', ['node_modules/prettier/bin/prettier.cjs', '--check', '.', '--log-level', 'warn']],
  ];
  let passed = 0;
  let failed = 0;
  for (const [name, args] of checks) {
    const code = await run(process.execPath, args);
    if (code === 0) passed++;
    else {
      failed++;
      console.error(`lint: ${name} failed (exit ${code})${name.startsWith('prettier') ? ': `npm run format` formats the files listed above' : ''}`);
    }
  }
  return { name: 'lint', passed, failed };
}

async function e2eSuite() {
  const missing = chromiumMissing('e2e');
  if (missing) return missing;
  // One file at a time: each starts its own emulator, ng serve and Chromium, too much at once for 2 cores.
  return nodeSuite('e2e', testFiles(join(root, 'e2e'), '.e2e.ts'), { concurrency: 1 });
}

const suites = {
  lint: lintSuite,
  // The emulator's tests, and the build scripts' (scripts/*.test.ts).
  emulator: () => nodeSuite('emulator', [...testFiles(join(root, 'emulator'), '.test.ts'), ...testFiles(join(root, 'scripts'), '.test.ts')]),
  // The wallboard server's tests, each on SQLite and on PostgreSQL (TEST_DATABASE_URL; .ci/run starts Debian's).
  server: () => nodeSuite('server', testFiles(join(root, 'server'), '.test.ts')),
  // Hostile input against both servers as real processes (*.abuse.ts): refused, process alive, others answered.
  abuse: () =>
    nodeSuite('abuse', [...testFiles(join(root, 'emulator'), '.abuse.ts'), ...testFiles(join(root, 'scripts'), '.abuse.ts'), ...testFiles(join(root, 'server'), '.abuse.ts')], { concurrency: 1 }),
  unit: unitSuite,
  e2e: e2eSuite,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = wanted.length ? wanted : Object.keys(suites);
const unknown = selected.filter((s) => !suites[s]);
if (unknown.length) {
  console.error(`Unknown suite(s): ${unknown.join(', ')}; suites are: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}

const totals = [];
for (const name of selected) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  totals.push({ ...(await suites[name]()), seconds: Math.round((Date.now() - started) / 1000) });
}
console.log('');
// Known bugs are marked { todo } in the tests: they run, but count neither way; say how many there are.
for (const t of totals) console.log(`${t.name}: ${t.passed} passed, ${t.failed} failed${t.todo ? `, ${t.todo} todo (known bugs, see above)` : ''} (${t.seconds} s)`);
const passed = totals.reduce((n, t) => n + t.passed, 0);
const failed = totals.reduce((n, t) => n + t.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
