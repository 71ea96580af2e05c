/**
 * /api/push: a WebSocket on which the server tells browsers and TVs what changed, as it changes. A message names what
 * changed (`{"topic":"boards","id":"sales","version":4,"action":"saved"}`) or says `{"topic":"resync"}`; the client
 * fetches what it needs over HTTP, with its own rights. Nothing is ever received from the client but pongs: a message
 * from it is ignored, and a big one closes the socket.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isOwnOrigin } from '../http/origin.ts';
import { refuseUpgrade } from '../rtd/rtd-proxy.ts';
import type { PushEvent, PushHub } from './push-hub.ts';

export const PUSH_PATH = '/api/push';

/** Who is on the other end: a person (all events but other displays' commands) or one display (its own and the lists'). */
export type PushAudience = { kind: 'user'; supervisor: boolean } | { kind: 'display'; displayId: string };

export type PushIdentify = (req: IncomingMessage) => Promise<PushAudience | null>;

/** A ping this often, so proxies keep the socket open and a dead TV is noticed. */
const PING_MS = 25_000;

export interface PushSockets {
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Sockets open now (the bench reads it). */
  count(): number;
  close(): void;
}

/** Whether an audience hears an event. */
export function hears(audience: PushAudience, event: PushEvent): boolean {
  if (audience.kind === 'user') return event.topic !== 'displays' || audience.supervisor;
  if (event.topic === 'displays') return event.id === audience.displayId;
  return event.topic === 'boards' || event.topic === 'playlists';
}

export function createPushSockets(hub: PushHub, identify: PushIdentify, log: (line: string) => void): PushSockets {
  // Nothing but tiny control frames comes from a client: 1 KiB is plenty, and a flood is cut at the frame.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  const audiences = new Map<WebSocket, PushAudience>();

  const unsubscribe = hub.subscribe((event) => {
    const text = JSON.stringify(event === 'resync' ? { topic: 'resync' } : event);
    for (const [socket, audience] of audiences) {
      if (event !== 'resync' && !hears(audience, event)) continue;
      socket.send(text);
      // Every instance hears a revoke: the one holding the TV's socket closes it, and the TV goes back to pairing.
      if (event !== 'resync' && event.action === 'revoked' && audience.kind === 'display') socket.close(4403, 'This display was revoked');
    }
  });

  const alive = new WeakSet<WebSocket>();
  const pinger = setInterval(() => {
    for (const socket of audiences.keys()) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, PING_MS);
  pinger.unref();

  return {
    upgrade(req, socket, head) {
      if (!isOwnOrigin(req.headers.origin, req.headers.host)) return refuseUpgrade(socket, '403 Forbidden');
      identify(req).then(
        (audience) => {
          if (!audience) return refuseUpgrade(socket, '401 Unauthorized');
          wss.handleUpgrade(req, socket, head, (ws) => {
            audiences.set(ws, audience);
            alive.add(ws);
            ws.on('pong', () => alive.add(ws));
            ws.on('close', () => audiences.delete(ws));
            ws.on('error', () => ws.terminate());
            ws.send(JSON.stringify({ topic: 'hello' }));
          });
        },
        (error: Error) => {
          log(`push: a socket was refused after an error: ${error.message}`);
          refuseUpgrade(socket, '503 Service Unavailable');
        },
      );
    },
    count: () => audiences.size,
    close() {
      clearInterval(pinger);
      unsubscribe();
      for (const socket of audiences.keys()) socket.terminate();
      wss.close();
    },
  };
}
