#!/usr/bin/env node
// `npm start`: the wallboard on the embedded RTD Server emulator (or on $TVOX_HOST), both stopped by Ctrl-C.
//   npm start                      emulator on 127.0.0.1:4000 + ng serve on :4200 proxying /rtdserver to it
//   TVOX_HOST=pbx.example npm start  no emulator; the proxy targets https://pbx.example
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const root = new URL('..', import.meta.url).pathname;
const tvoxHost = process.env.TVOX_HOST;
const emulatorPort = process.env.EMULATOR_PORT ?? '4000';
const appPort = process.env.PORT ?? '4200';
const children = [];

// Each child's stdin is a pipe from this process: when this process ends, however it ends (SIGKILL included), the
// pipe closes and the child stops (the emulator by --exit-with-parent, ng serve by the exit-with-parent preload),
// so none of them keeps its port as an orphan.
function run(name, command, args, env = {}) {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
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
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function startEmulator() {
  const emulator = run('the emulator', process.execPath, ['--import', 'tsx', 'emulator/src/main.ts', '--exit-with-parent', '--port', emulatorPort, ...process.argv.slice(2)]);
  for await (const line of createInterface({ input: emulator.stdout })) {
    console.log(line);
    if (line.includes('ready at')) return `http://127.0.0.1:${emulatorPort}`;
  }
  throw new Error('the emulator stopped before it was ready');
}

const target = tvoxHost ? `https://${tvoxHost}` : await startEmulator();
const exitWithParent = new URL('exit-with-parent.mjs', import.meta.url).href;
const ng = run('ng serve', process.execPath, ['--import', exitWithParent, 'node_modules/@angular/cli/bin/ng.js', 'serve', '--port', appPort, '--host', '127.0.0.1'], {
  RTD_TARGET: target,
  NG_CLI_ANALYTICS: 'false',
});
for await (const line of createInterface({ input: ng.stdout })) {
  if (/Local:|Application bundle generation (complete|failed)|ERROR|error/i.test(line)) console.log(line);
  if (line.includes('Local:')) {
    console.log(`\nRTD Wallboard: open http://127.0.0.1:${appPort}/ (RTD Server: ${target})`);
    console.log(tvoxHost ? 'Log in with your TVox credentials.' : 'Log in as admin / admin (or user_1 / user_1, an agent).');
    // The default scenario's kiosk token (emulator/src/simulation/scenario.ts DEFAULT_KIOSK_TOKEN); not with --scenario.
    if (!tvoxHost && !process.argv.includes('--scenario')) console.log(`Kiosk (a wall TV, logs in by itself): http://127.0.0.1:${appPort}/kiosk#token=rtd-wallboard-kiosk-demo-token`);
    console.log('Ctrl-C stops everything.\n');
  }
}
