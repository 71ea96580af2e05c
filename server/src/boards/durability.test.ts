/**
 * A save the server acknowledged survives the server's death: a real server process (main.ts --dev) takes a burst of
 * concurrent saves, is killed with SIGKILL in the middle of it, starts again on the same data, and every save that
 * got a 2xx is there with its version and content. On SQLite (the same DATA_DIR) and PostgreSQL (the same database).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, describe, it } from 'node:test';
import { type BoardDefinition, DEFAULT_THRESHOLDS } from '../../../contract/board-format.ts';
import { ENGINES, type Engine, freshDatabaseSettings, ROOT, rtdAccessToken, startEmulator } from '../../test/support.ts';

const emulator = await startEmulator();
const CHAINS = 24;
/** Killed once this many saves were acknowledged: well inside the burst, with saves of every chain in flight. */
const KILL_AFTER_ACKS = 120;

const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill('SIGKILL');
});

async function startServer(env: NodeJS.ProcessEnv): Promise<{ origin: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', '--dev'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', RTD_UPSTREAM: emulator.origin, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  const errors: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => errors.push(line));
  for await (const line of createInterface({ input: child.stdout! })) {
    const ready = line.match(/wallboard server ready at (http:\/\/[^\s]+)/);
    if (ready) {
      child.stdout!.resume();
      return { origin: ready[1], child };
    }
  }
  throw new Error(`the server stopped before it was ready:\n${errors.join('\n')}`);
}

async function signInAdmin(origin: string): Promise<string> {
  const response = await fetch(`${origin}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ accessToken: await rtdAccessToken(emulator, 'admin') }),
  });
  assert.equal(response.status, 201);
  return response.headers.getSetCookie()[0].split(';')[0];
}

function board(id: string, step: number): BoardDefinition {
  return {
    id,
    name: `${id} step ${step}`,
    services: { CALL: [`service_${step}`], VIDEO: [], CHAT: [] },
    groups: { CALL: [], VIDEO: [], CHAT: [] },
    agents: {},
    customStatKeys: [],
    site: step % 3,
    serviceLevel: 'answered',
    thresholds: { ...structuredClone(DEFAULT_THRESHOLDS), holdSeconds: step % 600 },
    density: 'comfortable',
  };
}

async function settingsFor(engine: Engine): Promise<NodeJS.ProcessEnv> {
  const settings = await freshDatabaseSettings(engine);
  if (settings.engine === 'postgres') return { DATABASE_URL: settings.url };
  const dir = mkdtempSync(join(tmpdir(), 'wallboard-durability-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return { DATA_DIR: dir };
}

for (const engine of ENGINES) {
  describe(`saves survive a SIGKILL on ${engine}`, () => {
    it('every acknowledged save is there after a restart, with its version and content', async () => {
      const env = await settingsFor(engine);
      const first = await startServer(env);
      const cookie = await signInAdmin(first.origin);
      /** Per chain: the last save the server acknowledged. */
      const acknowledged = new Map<string, { version: number; board: BoardDefinition }>();
      let acks = 0;
      let killed = false;
      const chain = async (id: string) => {
        let version: number | null = null;
        for (let step = 1; ; step++) {
          const sent = board(id, step);
          let response: Response;
          try {
            response = await fetch(`${first.origin}/api/boards/${id}`, {
              method: 'PUT',
              headers: { cookie, 'content-type': 'application/json' },
              body: JSON.stringify({ board: sent, baseVersion: version }),
            });
          } catch {
            return; // The server is gone: this save may or may not have committed; it was never acknowledged.
          }
          if (response.status !== 200) {
            assert.ok(killed, `a save was refused before the kill: HTTP ${response.status}`);
            return;
          }
          const saved = (await response.json().catch(() => null)) as { version: number } | null;
          if (!saved) return;
          version = saved.version;
          acknowledged.set(id, { version, board: sent });
          if (++acks === KILL_AFTER_ACKS) {
            killed = true;
            first.child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: CHAINS }, (_, n) => chain(`burst-${n}`)));
      assert.ok(killed && acks >= KILL_AFTER_ACKS, `the burst was cut by the kill (${acks} acknowledged)`);
      await new Promise<void>((resolve) => (first.child.exitCode !== null || first.child.signalCode ? resolve() : first.child.once('exit', () => resolve())));

      const second = await startServer(env);
      try {
        const again = await signInAdmin(second.origin);
        const get = async (path: string) => {
          const response = await fetch(`${second.origin}${path}`, { headers: { cookie: again } });
          return { status: response.status, body: (await response.json()) as any };
        };
        for (const [id, last] of acknowledged) {
          const stored = await get(`/api/boards/${id}`);
          assert.equal(stored.status, 200, `${id} is there`);
          // The save in flight at the kill may have committed without its answer: at most one more.
          assert.ok(stored.body.version === last.version || stored.body.version === last.version + 1, `${id}: stored version ${stored.body.version}, acknowledged ${last.version}`);
          const version = await get(`/api/boards/${id}/versions/${last.version}`);
          assert.equal(version.status, 200);
          assert.deepEqual(version.body.board, last.board, `${id} version ${last.version} as it was sent`);
          if (stored.body.version === last.version) assert.deepEqual(stored.body.board, last.board);
        }
        assert.ok(acknowledged.size > CHAINS / 2, 'most chains had a save acknowledged');
      } finally {
        second.child.kill('SIGTERM');
      }
    });
  });
}
