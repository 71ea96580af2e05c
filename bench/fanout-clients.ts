/**
 * The subscribers of the fan-out benchmark, in their own process so their CPU is not counted as the
 * emulator's. Started by bench/emulator-fanout.ts with an IPC channel; it opens one socket per subscriber
 * (half graphql-transport-ws through graphql-ws's client, half the legacy graphql-ws protocol over raw
 * `ws`), subscribes each to its operation from the seeded mix, and counts what arrives.
 *
 * Parent → child: start, snapshot, stop. Child → parent: ready, snapshot, stopped (see fanout-mix.ts).
 */
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { type ClientTotals, type FromClients, type Subscriber, type ToClients, buildMix } from './fanout-mix.ts';

if (!process.send) {
  console.error('fanout-clients.ts is started by bench/emulator-fanout.ts (it needs an IPC channel)');
  process.exit(2);
}

const send = (message: FromClients) => process.send!(message);

const totals: ClientTotals = { messages: 0, bytes: 0, resultBytes: 0, errors: 0, closedUnexpectedly: 0, cpuUs: 0, perSubscriber: [] };
let firstError: string | null = null;
let stopping = false;
const closers: (() => Promise<void>)[] = [];

function noteError(text: string): void {
  totals.errors++;
  firstError ??= text;
}

/** A `ws` class for graphql-ws's client that counts every message's payload bytes into the totals. */
function countingWebSocket(): typeof WebSocket {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.on('message', (data: Buffer) => {
        totals.bytes += data.length;
        // Results are counted (with their bytes) in the sink; only the byte count of `next` frames is needed here.
        if (data.includes('"next"')) totals.resultBytes += data.length;
      });
    }
  } as typeof WebSocket;
}

function startTransport(s: Subscriber, wsUrl: string, accessToken: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let connected = false;
    const client: Client = createClient({
      url: wsUrl,
      webSocketImpl: countingWebSocket(),
      connectionParams: { accessToken },
      lazy: false,
      retryAttempts: 0,
      on: {
        connected: () => {
          connected = true;
          resolve();
        },
        closed: (event) => {
          const code = (event as { code?: number })?.code;
          if (!connected) reject(new Error(`transport socket ${s.index} closed before connecting (${code})`));
          else if (!stopping) totals.closedUnexpectedly++;
        },
        error: (error) => {
          if (!connected) reject(error instanceof Error ? error : new Error(String(error)));
        },
      },
    });
    client.subscribe(
      { query: s.query, variables: s.variables, operationName: s.operationName },
      {
        next: () => {
          totals.messages++;
          totals.perSubscriber[s.index]++;
        },
        error: (error) => {
          if (!stopping) noteError(`transport ${s.index}: ${JSON.stringify(error)}`.slice(0, 500));
        },
        complete: () => {},
      },
    );
    closers.push(async () => {
      await client.dispose();
    });
  });
}

function startLegacy(s: Subscriber, wsUrl: string, accessToken: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, 'graphql-ws');
    let acknowledged = false;
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { accessToken } })));
    socket.on('message', (data: Buffer) => {
      totals.bytes += data.length;
      const message = JSON.parse(data.toString()) as { type: string; id?: string; payload?: unknown };
      switch (message.type) {
        case 'connection_ack':
          acknowledged = true;
          socket.send(JSON.stringify({ id: '1', type: 'start', payload: { query: s.query, variables: s.variables, operationName: s.operationName } }));
          resolve();
          return;
        case 'data':
          totals.resultBytes += data.length;
          totals.messages++;
          totals.perSubscriber[s.index]++;
          if ((message.payload as { errors?: unknown })?.errors) noteError(`legacy ${s.index}: ${JSON.stringify(message.payload)}`.slice(0, 500));
          return;
        case 'error':
        case 'connection_error':
          noteError(`legacy ${s.index}: ${JSON.stringify(message)}`.slice(0, 500));
          if (!acknowledged) reject(new Error(JSON.stringify(message)));
          return;
      }
    });
    socket.on('error', (error) => {
      if (!acknowledged) reject(error);
    });
    socket.on('close', (code) => {
      if (!acknowledged) reject(new Error(`legacy socket ${s.index} closed before connection_ack (${code})`));
      else if (!stopping) totals.closedUnexpectedly++;
    });
    closers.push(
      () =>
        new Promise<void>((done) => {
          if (socket.readyState === WebSocket.CLOSED) return done();
          socket.once('close', () => done());
          if (socket.readyState === WebSocket.OPEN) {
            socket.send(JSON.stringify({ id: '1', type: 'stop' }));
            socket.send(JSON.stringify({ type: 'connection_terminate' }));
          }
          socket.close(1000, 'Benchmark over');
          // A socket that does not finish its closing handshake promptly is dropped.
          setTimeout(() => (socket.terminate(), done()), 2000).unref();
        }),
    );
  });
}

async function start(message: Extract<ToClients, { type: 'start' }>): Promise<void> {
  const began = performance.now();
  const subscribers = buildMix(message.count, message.size, message.seed);
  totals.perSubscriber = subscribers.map(() => 0);
  let next = 0;
  let connected = 0;
  let failed = 0;
  // A bounded number of handshakes at a time, as wallboards coming up after a restart would.
  const worker = async () => {
    while (next < subscribers.length) {
      const s = subscribers[next++];
      try {
        await (s.protocol === 'graphql-transport-ws' ? startTransport : startLegacy)(s, message.wsUrl, message.accessToken);
        connected++;
      } catch (error) {
        failed++;
        noteError(`subscriber ${s.index}: ${(error as Error).message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: message.concurrency }, worker));
  send({ type: 'ready', connected, failed, firstError, elapsedMs: Math.round(performance.now() - began) });
}

function snapshot(): ClientTotals {
  const cpu = process.cpuUsage();
  return { ...totals, cpuUs: cpu.user + cpu.system, perSubscriber: totals.perSubscriber.slice() };
}

async function stop(): Promise<void> {
  stopping = true;
  await Promise.all(closers.map((close) => close().catch(() => {})));
  send({ type: 'stopped', totals: snapshot() });
  process.disconnect();
}

process.on('message', (message: ToClients) => {
  if (message.type === 'start') void start(message);
  else if (message.type === 'snapshot') send({ type: 'snapshot', id: message.id, totals: snapshot() });
  else if (message.type === 'stop') void stop();
});

// The benchmark went away (crashed or was interrupted): do not linger.
process.on('disconnect', () => {
  if (!stopping) process.exit(1);
  setTimeout(() => process.exit(0), 1000).unref();
});
