/**
 * The live connection to the RTD Server as the app shows it: LIVE, RECONNECTING (attempt and next try) or
 * OFFLINE, the server's health, and an event after every reconnect (deltas sent while the socket was down
 * are lost, so live queries take a fresh snapshot then).
 */
import { Injectable, computed, signal } from '@angular/core';
import { Subject } from 'rxjs';

export type LinkState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'offline';

@Injectable({ providedIn: 'root' })
export class RtdConnection {
  private readonly linkState = signal<LinkState>('idle');
  private readonly retryAttempt = signal(0);
  private readonly nextRetryAt = signal<number | null>(null);
  /** `serverHealth.status` as last reported; null until known. */
  readonly health = signal<'PASS' | 'FAIL' | null>(null);
  /** The RTD Server version, e.g. "1.0.2"; null until known. */
  readonly serverVersion = signal<string | null>(null);

  /** Whether the server's version has `type.field`. */
  hasField(_type: string, _field: string): boolean {
    return true;
  }

  readonly state = this.linkState.asReadonly();
  readonly attempt = this.retryAttempt.asReadonly();
  readonly nextRetry = this.nextRetryAt.asReadonly();
  /** What the badge shows: a failing server is not "live" even when the socket is up. */
  readonly badge = computed(() => (this.linkState() === 'live' && this.health() === 'FAIL' ? 'degraded' : this.linkState()));

  /** Emits after the socket came back from a drop: take fresh snapshots. */
  readonly reconnected = new Subject<void>();
  /** Emits when the server refused the socket's credentials (4401/4403): the session is over. */
  readonly refused = new Subject<{ code: number; reason: string }>();

  connecting(isRetry: boolean): void {
    this.linkState.set(isRetry ? 'reconnecting' : 'connecting');
  }

  connected(wasRetry: boolean): void {
    this.linkState.set('live');
    this.retryAttempt.set(0);
    this.nextRetryAt.set(null);
    if (wasRetry) this.reconnected.next();
  }

  retrying(attempt: number, waitMs: number): void {
    this.linkState.set('reconnecting');
    this.retryAttempt.set(attempt);
    this.nextRetryAt.set(Date.now() + waitMs);
  }

  closed(code: number, reason: string, willRetry: boolean): void {
    if (code === 4401 || code === 4403) this.refused.next({ code, reason });
    this.linkState.set(willRetry ? 'reconnecting' : 'offline');
  }

  /** No socket is wanted (logged out, or the last live query ended). */
  idle(): void {
    this.linkState.set('idle');
    this.retryAttempt.set(0);
    this.nextRetryAt.set(null);
  }
}
