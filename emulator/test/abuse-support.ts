/**
 * The abuse suite's processes: the emulator (`npm run emulator`) and the production server (`server/src/main.ts`)
 * as real child processes, as an attacker on the network meets them. Each check asks three things: was the
 * hostile input refused, is the process still alive, and is another client answered promptly afterwards.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after } from 'node:test';

export const ROOT = new URL('../..', import.meta.url).pathname;

/** How long another client may wait for a trivial answer after an attack: generous for a loaded CI machine. */
export const PROMPT_MS = 2_000;

export interface RunningProcess {
  child: ChildProcess;
  /** Every line the process printed (stdout and stderr), for crash diagnostics and "Unhandled" checks. */
  output: string[];
  /** The value the ready line matched. */
  ready: RegExpMatchArray;
  /** True while the process has not exited. */
  alive(): boolean;
  /** Resident memory of the process now, in bytes (from /proc). */
  rss(): number;
  stop(): Promise<void>;
}

const running = new Set<RunningProcess>();
const temporary: string[] = [];
// Registered when the test file imports this module (at its top level), so it runs when the whole file ends,
// wherever a process was started from (a before hook, a test).
after(async () => {
  await Promise.all([...running].map((p) => p.stop()));
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** Spawns node with `args` and resolves once a stdout line matches `ready`; stopped when the test file ends. */
export function startNodeProcess(name: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000): Promise<RunningProcess> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const output: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => output.push(line));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} was not ready within ${timeoutMs / 1000} s:\n${output.slice(-40).join('\n')}`));
    }, timeoutMs);
    const early = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${signal ?? code}) before it was ready:\n${output.slice(-40).join('\n')}`));
    };
    child.once('exit', early);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      const match = line.match(ready);
      if (!match || child.listenerCount('exit') === 0) return;
      clearTimeout(timer);
      child.off('exit', early);
      const proc: RunningProcess = {
        child,
        output,
        ready: match,
        alive: () => child.exitCode === null && child.signalCode === null,
        rss: () => rssOf(child.pid!),
        stop: async () => {
          running.delete(proc);
          if (!proc.alive()) return;
          const exited = new Promise<void>((r) => child.once('exit', () => r()));
          child.kill('SIGTERM');
          const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 5_000))]);
          if (timedOut) {
            child.kill('SIGKILL');
            await exited;
          }
        },
      };
      running.add(proc);
      resolve(proc);
    });
  });
}

/** Resident set size of a process, in bytes. */
export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/^VmRSS:\s+(\d+) kB/m)?.[1] ?? 0) * 1024;
}

/** The emulator as `npm run emulator` starts it, on a free port; `url` is its /rtdserver address. */
export async function startEmulatorProcess(args: string[] = []): Promise<RunningProcess & { url: string; origin: string }> {
  const proc = await startNodeProcess('emulator', ['--import', 'tsx', 'emulator/src/main.ts', '--port', '0', '--start', '2026-11-24T09:30:00Z', ...args], /ready at (https?:\/\/\S+\/rtdserver)/);
  const url = proc.ready[1];
  return Object.assign(proc, { url, origin: new URL(url).origin });
}

/**
 * `server/src/main.ts` on a free port over a stand-in build (an index.html is all it needs to start), with its
 * embedded emulator, or with `env.TVOX_HOST` set, proxying there.
 */
export async function startServeProcess(env: NodeJS.ProcessEnv = {}, args: string[] = []): Promise<RunningProcess & { origin: string; dist: string }> {
  const dist = mkdtempSync(join(tmpdir(), 'rtd-abuse-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><html><head><title>RTD Wallboard</title></head><body><app-root></app-root></body></html>');
  temporary.push(dist);
  const proc = await startNodeProcess('serve', ['--import', 'tsx', 'server/src/main.ts', ...args], /open (https?:\/\/[^/\s]+)\//, {
    PORT: '0',
    EMULATOR_PORT: '0',
    DIST: dist,
    DATA_DIR: join(dist, 'data'),
    ...env,
  });
  return Object.assign(proc, { origin: proc.ready[1], dist });
}

/** Asserts the process is alive and answers a trivial query within PROMPT_MS (another client, after an attack). */
export async function assertStillServing(proc: RunningProcess, rtdUrl: string): Promise<void> {
  assert.ok(proc.alive(), `the process died:\n${proc.output.slice(-30).join('\n')}`);
  const started = performance.now();
  const response = await fetch(rtdUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query: '{ serverHealth { status } }' }),
    signal: AbortSignal.timeout(PROMPT_MS * 5),
  });
  const waited = performance.now() - started;
  assert.equal(response.status, 200, `another client got ${response.status}`);
  const body = (await response.json()) as { data?: { serverHealth?: { status?: string } } };
  assert.ok(body.data?.serverHealth?.status, `another client got no health: ${JSON.stringify(body)}`);
  assert.ok(waited < PROMPT_MS, `another client waited ${Math.round(waited)} ms (limit ${PROMPT_MS})`);
  assert.ok(
    !proc.output.some((l) => /Unhandled|uncaught|Internal error occurred|Please check your implementation/i.test(l)),
    `the process reported an unhandled error:\n${proc.output.slice(-30).join('\n')}`,
  );
}
