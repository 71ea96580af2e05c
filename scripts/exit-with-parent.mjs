// Preloaded into a child that cannot take --exit-with-parent itself (ng serve):
//   node --import ./scripts/exit-with-parent.mjs node_modules/@angular/cli/bin/ng.js serve …
// Its parent spawns it with a stdin pipe; when the parent ends, however it ends (SIGKILL included), the pipe closes
// and this process stops too, so it never outlives the parent holding its port.
import { isMainThread } from 'node:worker_threads';

/** Longest wait for the process's own SIGINT handling before it is made to exit. */
const GRACE_MS = 2_000;

let ending = false;
function followParent() {
  if (ending) return;
  ending = true;
  setTimeout(() => process.exit(0), GRACE_MS).unref();
  // As Ctrl-C would: the process's own handlers clean up; without any, the signal ends it.
  process.kill(process.pid, 'SIGINT');
}

// Worker threads inherit --import; their stdin is not the parent's pipe, and only the process as a whole follows it.
if (isMainThread) {
  process.stdin.on('end', followParent);
  process.stdin.on('close', followParent);
  process.stdin.on('error', followParent);
  // Read and drop whatever arrives: reading is what lets the end be seen.
  process.stdin.resume();
  // Watching is no reason to stay alive: a short-lived process forked with this preload (fork copies execArgv)
  // still ends by itself.
  process.stdin.unref?.();
}
