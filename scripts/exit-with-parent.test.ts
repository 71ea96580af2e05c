// The exit-with-parent preload (scripts/exit-with-parent.mjs), which npm start puts into ng serve: the process
// follows its parent out when the parent ends, however it ends, and for no other reason.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { test } from 'node:test';

const PRELOAD = new URL('exit-with-parent.mjs', import.meta.url).href;

/** Runs `code` in node with the preload and a stdin pipe from this process. */
function withPreload(code: string): ChildProcess {
  return spawn(process.execPath, ['--import', PRELOAD, '-e', code], { stdio: ['pipe', 'pipe', 'inherit'] });
}

const exitOf = (child: ChildProcess) => new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
const firstLine = (child: ChildProcess) => new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

test('a parent killed with SIGKILL takes its child out, and the child frees its port', async () => {
  // The parent spawns a child holding a port, with the preload, and prints the child's pid and port.
  const childCode = `require('node:net').createServer().listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
  const parent = spawn(
    process.execPath,
    [
      '-e',
      `const c = require('node:child_process').spawn(process.execPath, ['--import', ${JSON.stringify(PRELOAD)}, '-e', ${JSON.stringify(childCode)}], { stdio: ['pipe', 'pipe', 'inherit'] });
       require('node:readline').createInterface({ input: c.stdout }).once('line', (port) => console.log(c.pid + ' ' + port));`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [pid, port] = (await firstLine(parent)).split(' ').map(Number);
  assert.equal(await portFree(port), false, 'the child holds its port');
  parent.kill('SIGKILL');
  await exitOf(parent);
  for (let i = 0; i < 100 && isRunning(pid); i++) await sleep(50);
  assert.equal(isRunning(pid), false, `the child (pid ${pid}) outlived its parent`);
  // The port is released as the process is torn down, a moment after it stops running.
  for (let i = 0; i < 100 && !(await portFree(port)); i++) await sleep(50);
  assert.equal(await portFree(port), true, `port ${port} still held`);
});

test("the child's own SIGINT handling runs, as with Ctrl-C", async () => {
  const child = withPreload(`process.on('SIGINT', () => { console.log('cleaned up'); process.exit(0); }); setInterval(() => {}, 1000); console.log('up');`);
  const lines = createInterface({ input: child.stdout! });
  const seen: string[] = [];
  lines.on('line', (line) => seen.push(line));
  while (!seen.includes('up')) await sleep(10);
  const exited = exitOf(child);
  child.stdin!.end();
  assert.deepEqual(await exited, { code: 0, signal: null });
  assert.deepEqual(seen, ['up', 'cleaned up']);
});

test('a worker thread that inherits the preload does not end the process; a short-lived process still ends by itself', async () => {
  const child = withPreload(
    `const { Worker } = require('node:worker_threads'); new Worker('setTimeout(() => {}, 100)', { eval: true }).on('exit', () => console.log('worker done')); setInterval(() => {}, 1000);`,
  );
  assert.equal(await firstLine(child), 'worker done');
  await sleep(300);
  assert.equal(child.exitCode, null, 'still running after its worker ended');
  const exited = exitOf(child);
  child.stdin!.end();
  assert.equal((await exited).signal, 'SIGINT', 'ended by the SIGINT the preload sends');

  // Forked children copy execArgv, so they get the preload too; watching stdin must not keep them alive.
  const short = withPreload(`console.log('done');`);
  const timer = setTimeout(() => short.kill('SIGKILL'), 5_000);
  const result = await exitOf(short);
  clearTimeout(timer);
  assert.deepEqual(result, { code: 0, signal: null });
  short.stdin!.end();
});

/** True while the process exists and is not a zombie (an ended process nobody reaped yet holds no port). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}
