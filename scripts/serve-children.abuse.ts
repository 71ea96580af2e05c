/**
 * A server's children live and die with it: `npm run serve` killed in any way (SIGKILL, an uncaught error) leaves no
 * emulator behind holding the port, and the next `npm run serve` on that port starts. The finding 6.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { assertStillServing, startEmulatorProcess, startServeProcess, type RunningProcess } from '../emulator/test/abuse-support.ts';

/** How long a child may take to follow its parent out (a graceful close, then the port freed). */
const FOLLOW_MS = 5_000;

/** Process ids whose parent is `pid`, from /proc. */
function childPidsOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        // The command name is in parentheses and may hold spaces: the parent id is the second field after it.
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** True when the process has ended (gone, or a zombie nobody reaped yet: it holds no port). */
function ended(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return !existsSync(`/proc/${pid}`);
  }
}

/** True when a server can listen on the port now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms = FOLLOW_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The embedded emulator of a running serve: its process id and port. */
function embeddedEmulator(serve: RunningProcess): { pid: number; port: number } {
  const port = Number(serve.output.join('\n').match(/ready at http:\/\/127\.0\.0\.1:(\d+)\/rtdserver/)?.[1]);
  assert.ok(port, `no emulator ready line in:\n${serve.output.join('\n')}`);
  // tsx's esbuild service is a child too (it ends with its stdin); the emulator is the one running its main.ts.
  const pids = childPidsOf(serve.child.pid!).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('emulator/src/main.ts'));
  assert.equal(pids.length, 1, `serve has one emulator child (${pids.join(', ')})`);
  return { pid: pids[0], port };
}

const exited = (proc: RunningProcess) => new Promise<{ code: number | null; signal: string | null }>((resolve) => proc.child.once('exit', (code, signal) => resolve({ code, signal })));

it('serve killed with SIGKILL: its emulator stops and frees the port, and a new serve on that port starts', async () => {
  const serve = await startServeProcess();
  const emulator = embeddedEmulator(serve);
  const gone = exited(serve);
  serve.child.kill('SIGKILL');
  assert.equal((await gone).signal, 'SIGKILL');
  await waitFor(`the emulator (pid ${emulator.pid}) ended`, () => ended(emulator.pid));
  await waitFor(`port ${emulator.port} was free`, () => portFree(emulator.port));

  const again = await startServeProcess({ EMULATOR_PORT: String(emulator.port) });
  assert.equal(embeddedEmulator(again).port, emulator.port);
  await assertStillServing(again, `${again.origin}/rtdserver`);
});

it('an uncaught error in serve stops its emulator before it exits', async () => {
  // Nothing a client sends should reach this path; a preload makes one on SIGUSR2, in serve only.
  const dir = mkdtempSync(join(tmpdir(), 'rtd-uncaught-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const preload = join(dir, 'throw-on-usr2.mjs');
  writeFileSync(preload, `if (process.argv[1]?.endsWith('server/src/main.ts')) process.on('SIGUSR2', () => { throw new Error('a deliberate bug'); });\n`);
  const serve = await startServeProcess({ NODE_OPTIONS: `--import=${pathToFileURL(preload).href}` });
  const emulator = embeddedEmulator(serve);
  const gone = exited(serve);
  serve.child.kill('SIGUSR2');
  assert.deepEqual(await gone, { code: 1, signal: null });
  assert.ok(
    serve.output.some((line) => line.startsWith('wallboard-server: uncaught exception, stopping: Error: a deliberate bug')),
    serve.output.join('\n'),
  );
  await waitFor(`the emulator (pid ${emulator.pid}) ended`, () => ended(emulator.pid));
  await waitFor(`port ${emulator.port} was free`, () => portFree(emulator.port));
});

it('the emulator with --exit-with-parent stops when its stdin ends; without it, it keeps serving', async () => {
  const following = await startEmulatorProcess(['--exit-with-parent']);
  const port = Number(new URL(following.origin).port);
  const gone = exited(following);
  following.child.stdin!.end();
  assert.deepEqual(await gone, { code: 0, signal: null });
  await waitFor(`port ${port} was free`, () => portFree(port));

  const standalone = await startEmulatorProcess();
  standalone.child.stdin!.end();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await assertStillServing(standalone, standalone.url);
});
