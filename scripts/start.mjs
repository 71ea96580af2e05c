#!/usr/bin/env node
// `npm start`: the wallboard server (server/, with the embedded RTD Server emulator or $TVOX_HOST) and `ng serve`
// proxying /api and /rtdserver to it, all stopped by Ctrl-C.
//   npm start                        server on 127.0.0.1:4300 (emulator on :4000, SQLite in ./data) + ng serve on :4200
//   TVOX_HOST=pbx.example npm start  no emulator; the server forwards /rtdserver to https://pbx.example
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const root = new URL('..', import.meta.url).pathname;
const tvoxHost = process.env.TVOX_HOST;
const appPort = process.env.PORT ?? '4200';
const serverPort = process.env.SERVER_PORT ?? '4300';
const children = [];

// Each child's stdin is a pipe from this process: when this process ends, however it ends (SIGKILL included), the
// pipe closes and the child stops (the server and ng serve by the exit-with-parent preload, the emulator with its
// server), so none of them keeps its port as an orphan.
const exitWithParent = new URL('exit-with-parent.mjs', import.meta.url).href;
function run(name, args, env = {}) {
  const child = spawn(process.execPath, ['--import', exitWithParent, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`${name} stopped (exit ${code}); stopping everything.`);
      stop(code ?? 1);
    }
  });
  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  // The loop may empty before the timer below fires (it is unref'd): the exit code must hold either way.
  process.exitCode = code;
  for (const child of children) if (child.exitCode === null) child.kill('SIGINT');
  setTimeout(() => process.exit(code), 1000).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function startServer() {
  const server = run('the wallboard server', ['--import', 'tsx', 'server/src/main.ts', '--dev', ...process.argv.slice(2)], { PORT: serverPort });
  for await (const line of createInterface({ input: server.stdout })) {
    console.log(line);
    const ready = line.match(/wallboard server ready at (http:\/\/\S+)/);
    if (ready) return ready[1];
  }
  throw new Error('the wallboard server stopped before it was ready');
}

const server = await startServer();
const ng = run('ng serve', ['node_modules/@angular/cli/bin/ng.js', 'serve', '--port', appPort, '--host', '127.0.0.1'], {
  WALLBOARD_SERVER: server,
  NG_CLI_ANALYTICS: 'false',
});
for await (const line of createInterface({ input: ng.stdout })) {
  if (/Local:|Application bundle generation (complete|failed)|ERROR|error/i.test(line)) console.log(line);
  if (line.includes('Local:')) {
    console.log(`\nRTD Wallboard: open http://127.0.0.1:${appPort}/ (wallboard server: ${server})`);
    console.log(tvoxHost ? 'Log in with your TVox credentials.' : 'Log in as admin / admin (or user_1 / user_1, an agent).');
    // The default scenario's kiosk token (emulator/src/simulation/scenario.ts DEFAULT_KIOSK_TOKEN); not with --scenario.
    if (!tvoxHost && !process.argv.includes('--scenario')) console.log(`Kiosk (a wall TV, logs in by itself): http://127.0.0.1:${appPort}/kiosk#token=rtd-wallboard-kiosk-demo-token`);
    console.log('Ctrl-C stops everything.\n');
  }
}
