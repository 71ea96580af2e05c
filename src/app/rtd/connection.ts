/**
 * The live connection to the RTD Server as the app shows it: LIVE, RECONNECTING (attempt and next try) or
 * OFFLINE, the server's health, and an event after every reconnect (deltas sent while the socket was down
 * are lost, so live queries take a fresh snapshot then).
 */
import { Injectable, computed, signal } from '@angular/core';
import { Subject } from 'rxjs';
import { SESSION_REFUSED_CLOSE_CODES } from '../../../contract/close-codes';
import { OLDEST_RTD_VERSION, versionHasField } from '../../../contract/rtd-versions';

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
  /** True when the version could not be read and none is known: see `fieldsVersion`. */
  readonly serverVersionUnavailable = signal(false);
  /**
   * How far the screen lags behind what has arrived (ms), while the live lists' writer is noticeably behind (set by
   * RtdLive); null when it keeps up. The badge says "catching up" rather than LIVE.
   */
  readonly behindMs = signal<number | null>(null);

  /**
   * The version whose fields the data layer asks for: the server's; the oldest known (1.0.0) when the version
   * could not be read, since every server has its fields and a board with fewer numbers beats a board with
   * none; null until either is known, and live lists wait until then. When the real version arrives later
   * (or changes after a reconnect), live lists start again with its fields.
   */
  readonly fieldsVersion = computed(() => this.serverVersion() ?? (this.serverVersionUnavailable() ? OLDEST_RTD_VERSION : null));

  readonly state = this.linkState.asReadonly();
  readonly attempt = this.retryAttempt.asReadonly();
  readonly nextRetry = this.nextRetryAt.asReadonly();
  /** What the badge shows: a failing server is not "live" even when the socket is up. */
  readonly badge = computed(() => (this.linkState() === 'live' && this.health() === 'FAIL' ? 'degraded' : this.linkState()));

  /** Emits after the socket came back from a drop: take fresh snapshots. */
  readonly reconnected = new Subject<void>();
  /** Emits when the server refused the socket's credentials (SESSION_REFUSED_CLOSE_CODES): the session is over. */
  readonly refused = new Subject<{ code: number; reason: string }>();
  /** Emits the reason (SESSION_EXPIRED, SESSION_UNKNOWN, TOKEN_EXPIRED) when an HTTP answer says the session ended. */
  readonly unauthenticated = new Subject<string>();
  /** Emits after a kiosk session was opened again by itself: live lists subscribe again and take fresh snapshots. */
  readonly sessionRenewed = new Subject<void>();

  private readonly lastAlive = signal<number | null>(null);
  private readonly connectedSince = signal<number | null>(null);
  /**
   * When the socket last showed it works (ms since epoch): any message, including the pong to our keep-alive
   * ping (every `SocketOptions.pingIntervalMs`). It stops moving when the socket is down.
   */
  readonly lastAliveAt = this.lastAlive.asReadonly();
  /** When the current socket connection was acknowledged; null while there is none. */
  readonly connectedAt = this.connectedSince.asReadonly();

  /** The first server version known since the page loaded: the one this app build started against. */
  private startedWithVersion: string | null = null;
  private readonly upgraded = signal<{ from: string; to: string } | null>(null);
  /**
   * Set when the server reports a version other than the one the page started with (from the `version`
   * subscription or the periodic server-info read). Whoever owns the screen decides when to reload
   * (see QuietReload); it is never cleared, since only a reload brings the app up to date.
   */
  readonly serverUpgraded = this.upgraded.asReadonly();

  /**
   * Whether the connected server has `type.field` (GraphQL type and field names, e.g. `('ServiceCcCallAtStat',
   * 'averageTimeOnQueue')`), so that a view can leave out a number the server cannot give rather than show it
   * as missing. Reads `fieldsVersion`, so it is reactive inside a template or `computed`. True while the
   * version is unknown (no live data is shown then) and for any field the version table does not list.
   */
  hasField(type: string, field: string): boolean {
    const version = this.fieldsVersion();
    return version === null || versionHasField(version, type, field);
  }

  connecting(isRetry: boolean): void {
    this.linkState.set(isRetry ? 'reconnecting' : 'connecting');
  }

  /** A version the server reported (server info or the `version` subscription). */
  noteServerVersion(version: string): void {
    this.startedWithVersion ??= version;
    if (version !== this.startedWithVersion) this.upgraded.set({ from: this.startedWithVersion, to: version });
  }

  /** A sign of life on the socket. */
  alive(at = Date.now()): void {
    this.lastAlive.set(at);
  }

  /** `at`: when the socket was acknowledged (a worker's socket reports its own time). */
  connected(wasRetry: boolean, at = Date.now()): void {
    const now = at;
    this.connectedSince.set(now);
    this.lastAlive.set(now);
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

  /**
   * Set by Session: takes a refused socket in hand and returns true (a kiosk logs in again by itself), or
   * returns false and `refused` tells the shell the session is over.
   */
  renewSession: ((closed: { code: number; reason: string }) => boolean) | null = null;

  closed(code: number, reason: string, willRetry: boolean): void {
    this.connectedSince.set(null);
    if (SESSION_REFUSED_CLOSE_CODES.has(code) && !this.renewSession?.({ code, reason })) this.refused.next({ code, reason });
    this.linkState.set(willRetry ? 'reconnecting' : 'offline');
  }

  /** No socket is wanted (logged out, or the last live query ended). */
  idle(): void {
    this.connectedSince.set(null);
    this.linkState.set('idle');
    this.retryAttempt.set(0);
    this.nextRetryAt.set(null);
  }
}
