/** `npm run emulator`: starts the RTD Server emulator and prints one line with its URL when ready. */
import './production-mode.ts';
import { USAGE, UsageError, parseCommandLine } from './cli-options.ts';
import { Emulator } from './emulator.ts';
import { ScenarioError } from './simulation/scenario.ts';

async function main(): Promise<void> {
  let options;
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError || error instanceof ScenarioError) {
      console.error(`rtd-emulator: ${error.message}`);
      if (error instanceof UsageError) console.error(`\n${USAGE}`);
      process.exit(2);
    }
    throw error;
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  const { exitWithParent, ...emulatorOptions } = options;
  let emulator: Emulator;
  try {
    emulator = await Emulator.start(emulatorOptions);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why = e.code === 'EADDRINUSE' ? 'the port is in use (try --port)' : e.code === 'ENOENT' ? `cannot read ${e.path}` : e.message;
    console.error(`rtd-emulator: cannot start on ${options.host}:${options.port}: ${why}`);
    process.exit(1);
  }
  const s = emulator.state();
  console.log(
    `RTD Server emulator ${s.rtdVersion} ready at ${emulator.url} (playground ${emulator.url}/playground; ` +
      `scenario "${s.scenario.name}": ${s.scenario.services} services, ${s.scenario.agents} agents; seed ${s.seed}, speed ${s.speed}x; login admin/admin)`,
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // A close held up by a client never keeps the port: out within a second regardless.
    setTimeout(() => process.exit(0), CLOSE_GRACE_MS).unref();
    await emulator.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (exitWithParent) stopWhenStdinEnds(stop);
}

/** Longest wait for open connections when stopping. */
const CLOSE_GRACE_MS = 1_000;

/** The parent holds the other end of stdin: its end (exit, crash or SIGKILL) closes the pipe, and we follow. */
function stopWhenStdinEnds(stop: () => void): void {
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.on('error', stop);
  // Read and drop whatever the parent writes; reading is what lets the end be seen.
  process.stdin.resume();
}

void main();
