#!/usr/bin/env node
/**
 * The team's wallboard server. `npm run serve` (after `npm run build`) runs it in production; `npm start` runs it
 * with `--dev` behind `ng serve`, so development, tests and production meet the same server.
 *   npm run serve                        the embedded emulator + the built app on :$PORT (8080)
 *   TVOX_HOST=pbx.example npm run serve  no emulator; /rtdserver goes to https://pbx.example
 * Environment: PORT, HOST, EMULATOR_PORT (4000), TVOX_HOST or RTD_UPSTREAM, DATA_DIR (./data, SQLite) or DATABASE_URL
 * (PostgreSQL, for several instances), TLS_KEY + TLS_CERT, TRUST_PROXY=1, DIST, HISTORY_RETENTION_DAYS (35). Arguments after the options go to the
 * embedded emulator (`--scenario file.json`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { ConfigError, readConfig } from './config.ts';
import { DatabaseError, openDatabase, type OpenDatabase } from './db/database.ts';
import { EXIT_NO_BUILD, NoBuildError, readIndexHtml } from './http/app-shell.ts';
import { createWallboardServer } from './http/wallboard-server.ts';
import { localPushHub, postgresPushHub, type PushHub } from './push/push-hub.ts';
import { rtdWhoIs } from './rtd/rtd-upstream.ts';
import { UserSessions } from './auth/user-sessions.ts';
import { DisplayAuth, storedDisplayRtdToken } from './displays/display-auth.ts';
import { HistoryStore } from './history/history-store.ts';
import { EMULATOR_DEMO_TOKEN, Recorder } from './history/recorder.ts';
import { recorderSampleHook, recorderSamplePort } from './history/recorder-sample-hook.ts';
import { postgresRecorderLease, SOLE_RECORDER } from './history/recorder-lease.ts';

const root = new URL('../..', import.meta.url).pathname;
const development = process.argv.includes('--dev');
const emulatorArgs = process.argv.slice(2).filter((a) => a !== '--dev');
const log = (line: string) => console.error(`wallboard-server: ${line}`);

/** Exit codes scripts can tell apart: a bad setting, a database that cannot be opened or migrated. */
const EXIT_CONFIG = 2;
const EXIT_DATABASE = 4;

const children: ChildProcess[] = [];
let database: OpenDatabase | null = null;
let hub: PushHub | null = null;
let recorder: Recorder | null = null;
let stopping = false;
let closeServer: (() => void) | null = null;

function stop(code = 0): void {
  stopping = true;
  // The loop may empty before the timer below fires (it is unref'd): the exit code must hold either way.
  process.exitCode = code;
  for (const child of children) if (child.exitCode === null) child.kill('SIGINT');
  closeServer?.();
  void hub?.close().catch(() => {});
  // The recorder's last writes (the interval in progress, as a partial one) before the database closes.
  const recorded = recorder?.stop().catch(() => {}) ?? Promise.resolve();
  void recorded.then(() => database?.close()).catch(() => {});
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
// No request should ever get here; if something does, the children stop with this server instead of outliving it.
const stopOnUncaught = (kind: string) => (error: unknown) => {
  log(`${kind}, stopping: ${(error as Error)?.stack ?? error}`);
  stop(1);
};
process.on('uncaughtException', stopOnUncaught('uncaught exception'));
process.on('unhandledRejection', stopOnUncaught('unhandled rejection'));

/** The embedded emulator; resolves with its origin once it says it is ready. */
async function startEmulator(port: string): Promise<string> {
  // Its stdin is a pipe from this process: when this process ends, however it ends (SIGKILL included), the pipe
  // closes and --exit-with-parent makes the emulator stop, so it never keeps the port as an orphan.
  const emulator = spawn(process.execPath, ['--import', 'tsx', 'emulator/src/main.ts', '--exit-with-parent', '--port', port, ...emulatorArgs], {
    cwd: root,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(emulator);
  emulator.on('exit', (code) => {
    if (!stopping) {
      log(`the emulator stopped (exit ${code}); stopping.`);
      stop(code || 1);
    }
  });
  for await (const line of createInterface({ input: emulator.stdout! })) {
    console.log(line);
    const ready = line.match(/ready at (https?:\/\/[^\s/]+)/);
    if (ready) return ready[1];
  }
  throw new Error('the emulator stopped before it was ready');
}

async function main(): Promise<void> {
  const config = readConfig(process.env, root, { development });
  // Tests only (--dev and RECORDER_SAMPLE_PORT): the recorder samples when a test asks, not on the wall clock.
  const samplePort = recorderSamplePort(process.env, development);
  const builtApp = config.dist ? { dist: config.dist, indexHtml: readIndexHtml(config.dist) } : null;
  const tls = config.tls ? { key: readFileSync(config.tls.keyFile), cert: readFileSync(config.tls.certFile) } : null;
  // The database first: a server that cannot keep what it is given must not start answering.
  database = await openDatabase(config.database);
  hub = database.engine === 'postgres' && config.database.engine === 'postgres' ? await postgresPushHub(config.database.url, database.db, log) : localPushHub();
  const rtdUpstream = config.rtdUpstream ?? (await startEmulator(config.emulatorPort));
  const sessions = new UserSessions(database.db, rtdWhoIs(rtdUpstream));
  const displays = new DisplayAuth(database.db);
  const db = database.db;
  // The server's own RTD subscriptions, with the displays' token (or the embedded emulator's demo one).
  const history = new Recorder({
    store: new HistoryStore(db),
    rtdUpstream,
    storedToken: () => storedDisplayRtdToken(db),
    demoToken: config.rtdUpstream ? null : EMULATOR_DEMO_TOKEN,
    hub,
    retentionDays: config.historyRetentionDays,
    timers: samplePort === null,
    // Instances sharing a PostgreSQL database take turns: one records, the others stand by.
    lease: config.database.engine === 'postgres' ? postgresRecorderLease(config.database.url) : SOLE_RECORDER,
    log,
  });
  recorder = history;
  const sampleHook = samplePort === null ? null : recorderSampleHook(history, samplePort, log);
  const { server } = createWallboardServer({
    db,
    hub,
    sessions,
    displays,
    rtdUpstream,
    builtApp,
    tls,
    trustProxy: config.trustProxy,
    log,
    recorder: history,
    historyRetentionDays: config.historyRetentionDays,
  });
  // A recorder that cannot start leaves the server answering (its status says why).
  history.start().catch((error: Error) => log(`the recorder did not start: ${error.message}`));
  closeServer = () => {
    server.close();
    sampleHook?.close();
  };
  server.on('error', (error: NodeJS.ErrnoException) => {
    log(`cannot listen on ${config.host}:${config.port}: ${error.code === 'EADDRINUSE' ? 'the port is in use (set PORT)' : error.message}`);
    stop(1);
  });
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const shown = `${tls ? 'https' : 'http'}://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}/`;
    if (development) {
      console.log(`wallboard server ready at ${shown.slice(0, -1)} (${database!.describe}; RTD Server: ${rtdUpstream})`);
      return;
    }
    console.log(`\nRTD Wallboard (production build): open ${shown} (RTD Server: ${rtdUpstream}; ${database!.describe})`);
    console.log(config.rtdUpstream ? 'Log in with your TVox credentials.' : 'Log in as admin / admin (or user_1 / user_1, an agent).');
    console.log('Ctrl-C stops everything.\n');
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    log(`bad setting: ${error.message}`);
    stop(EXIT_CONFIG);
  } else if (error instanceof NoBuildError) {
    log(error.message);
    stop(EXIT_NO_BUILD);
  } else if (error instanceof DatabaseError) {
    log(`${error.message}. The server did not start.`);
    stop(EXIT_DATABASE);
  } else {
    log(`cannot start: ${(error as Error)?.stack ?? error}`);
    stop(1);
  }
});
