/// <reference lib="webworker" />
/** The live lists' worker: its messages go to LiveListsWorker, its patches back to the page (worker-live-lists.ts). */
import { LiveListsWorker } from './live-lists-worker';
import type { ToWorker } from './worker-protocol';

const lists = new LiveListsWorker((message) => postMessage(message));
addEventListener('message', (event: MessageEvent<ToWorker>) => lists.receive(event.data));
