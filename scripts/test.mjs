#!/usr/bin/env node
// `npm test`: runs every suite and ends with one line, "N passed, N failed", totalled over all of them.
// Suites: emulator (node's test runner). `npm test -- emulator` runs only the named suites.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, '.test-results');
mkdirSync(results, { recursive: true });

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : testFiles(path);
    return name.endsWith('.test.ts') ? [relative(root, path)] : [];
  });
}

function run(command, args) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(signal ? 1 : code));
  });
}

/** Node's test runner, spec output on screen and TAP in a file whose summary gives the counts. */
async function nodeSuite(name, files) {
  const tap = join(results, `${name}.tap`);
  const code = await run(process.execPath, [
    '--import', 'tsx', '--test', '--test-concurrency=2',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  const text = readFileSync(tap, 'utf8');
  const count = (label) => Number(text.match(new RegExp(`^# ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
  const passed = count('pass');
  const failed = count('fail') + count('cancelled');
  // A runner that crashed before reporting counts as one failure, never as a pass.
  return { name, passed, failed: failed || (code !== 0 ? 1 : 0) };
}

const suites = {
  emulator: () => nodeSuite('emulator', testFiles(join(root, 'emulator'))),
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
  totals.push(await suites[name]());
}
console.log('');
for (const t of totals) console.log(`${t.name}: ${t.passed} passed, ${t.failed} failed`);
const passed = totals.reduce((n, t) => n + t.passed, 0);
const failed = totals.reduce((n, t) => n + t.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
