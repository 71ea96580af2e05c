/**
 * The wallboard server's push socket (/api/push): what changed, as it changes (a board saved, a playlist changed,
 * a display told to reload). A message names what changed; whoever listens fetches it over HTTP. Open while someone
 * listens, reconnecting with backoff (cut short when the server answers over HTTP); after a reconnect listeners get
 * `resync`, since events may have been missed.
 */
import { Injectable, inject, signal } from '@angular/core';
import { Observable, share } from 'rxjs';
import { backoffMs } from '../rtd/socket-timing';
import { WallboardApi } from './wallboard-api';

export type PushTopic = 'boards' | 'playlists' | 'displays' | 'settings';

export type PushMessage =
  | { topic: PushTopic; id?: string; version?: number; action: 'saved' | 'deleted' | 'command' | 'revoked' | 'status'; command?: 'reload' | 'identify' }
  /** Fetch everything again: the socket was down, or the server's own listener was. */
  | { topic: 'resync' }
  /** The server closed the socket for good: this display's credential was revoked. */
  | { topic: 'revoked' };

/** The server's close code for a revoked display (server/src/push/push-socket.ts). */
const REVOKED_CLOSE_CODE = 4403;
const RETRY = { retryBaseMs: 1_000, retryMaxMs: 30_000 };

export type PushState = 'idle' | 'connecting' | 'open' | 'waiting';

@Injectable({ providedIn: 'root' })
export class WallboardPush {
  private readonly api = inject(WallboardApi);
  private readonly stateSignal = signal<PushState>('idle');
  readonly state = this.stateSignal.asReadonly();

  /** Every message, for as long as one subscriber listens; the socket closes with the last one. */
  readonly messages: Observable<PushMessage> = new Observable<PushMessage>((subscriber) => {
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let opened = false;
    let stopped = false;

    const open = () => {
      timer = undefined;
      this.stateSignal.set('connecting');
      const url = new URL('/api/push', globalThis.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      socket = new WebSocket(url);
      socket.onmessage = (event) => {
        try {
          const message = JSON.parse(String(event.data)) as PushMessage | { topic: 'hello' };
          if (message.topic === 'hello') {
            attempt = 0;
            this.stateSignal.set('open');
            // Whatever happened while the socket was down is unknown: listeners fetch again.
            if (opened) subscriber.next({ topic: 'resync' });
            opened = true;
            return;
          }
          subscriber.next(message);
        } catch {
          // Not ours to understand: the next message may be.
        }
      };
      socket.onclose = (event) => {
        socket = null;
        if (stopped) return;
        if (event.code === REVOKED_CLOSE_CODE) {
          this.stateSignal.set('idle');
          subscriber.next({ topic: 'revoked' });
          return;
        }
        this.stateSignal.set('waiting');
        timer = setTimeout(open, backoffMs(attempt++, RETRY));
      };
    };
    // The server answered over HTTP while the socket waits out its backoff (up to 30 s after a restart): it is back.
    const stopListening = this.api.onAnswer(() => {
      if (stopped || socket || timer === undefined) return;
      clearTimeout(timer);
      open();
    });
    open();
    return () => {
      stopped = true;
      stopListening();
      clearTimeout(timer);
      socket?.close(1000);
      this.stateSignal.set('idle');
    };
  }).pipe(share());
}
