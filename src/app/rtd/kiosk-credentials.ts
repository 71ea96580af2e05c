/**
 * The access token a wallboard TV logs in with. Nobody is there to type a password, so the token is kept in
 * localStorage and the session is opened again with it whenever it ends. Only the token is kept: never a
 * password. `Session.loginAsKiosk` stores it; logging out clears it.
 */
import { Injectable, InjectionToken, signal } from '@angular/core';
import { SESSION_REFUSED_CLOSE_CODES } from '../../../contract/close-codes';
import { SESSION_ENDED_REASONS } from './rtd-client';
import type { RtdErrorInfo } from './rtd-errors';

export const KIOSK_TOKEN_KEY = 'rtd-wallboard.kiosk-token';

@Injectable({ providedIn: 'root' })
export class KioskCredentials {
  private readonly stored = signal<string | null>(read());
  private readonly displaySignal = signal(false);
  /** The kiosk token, or null when this browser is not a kiosk. */
  readonly token = this.stored.asReadonly();
  /**
   * A display paired with the wallboard server: it holds no RTD secret at all, since the server authenticates its
   * /rtdserver traffic (its HttpOnly display cookie). Its session check is the check itself, never a login.
   */
  readonly display = this.displaySignal.asReadonly();

  playAsDisplay(on: boolean): void {
    this.displaySignal.set(on);
  }

  store(token: string): void {
    const trimmed = token.trim();
    if (!trimmed) throw new Error('A kiosk token cannot be empty');
    write(trimmed);
    this.stored.set(trimmed);
  }

  clear(): void {
    write(null);
    this.stored.set(null);
    this.displaySignal.set(false);
  }
}

function read(): string | null {
  try {
    return localStorage.getItem(KIOSK_TOKEN_KEY) || null;
  } catch {
    return null;
  }
}

function write(token: string | null): void {
  try {
    if (token) localStorage.setItem(KIOSK_TOKEN_KEY, token);
    else localStorage.removeItem(KIOSK_TOKEN_KEY);
  } catch {
    // Storage disabled: the token lasts as long as the page, which is better than no kiosk at all.
  }
}

/** How a kiosk logs in again; overridable in tests. */
export interface KioskRenewalOptions {
  /** Wait between attempts while the server rejects the token itself (it may come back with it). */
  rejectedRetryMs: number;
  /** Backoff for other failures (server unreachable, failing): first wait and cap. */
  retryBaseMs: number;
  retryMaxMs: number;
}

export const DEFAULT_KIOSK_RENEWAL: KioskRenewalOptions = { rejectedRetryMs: 60_000, retryBaseMs: 1_000, retryMaxMs: 30_000 };
export const KIOSK_RENEWAL = new InjectionToken<KioskRenewalOptions>('kiosk re-login options', { factory: () => DEFAULT_KIOSK_RENEWAL });

/**
 * What a failed `loginWithAccessToken` with the kiosk token means: 'rejected' when the server refuses the token
 * itself (unknown, expired, invalid), so the display needs a new link; 'retry' for anything that may pass
 * (unreachable, failing, locked), with `waitMs` when the server said how long to wait.
 */
export function kioskLoginOutcome(info: RtdErrorInfo): { outcome: 'rejected' | 'retry'; waitMs?: number } {
  if (info.kind === 'invalid-credentials') return { outcome: 'rejected' };
  if (info.kind === 'unauthenticated') return { outcome: 'rejected' };
  if (info.kind === 'locked') return { outcome: 'retry', waitMs: info.retryAfterSeconds ? info.retryAfterSeconds * 1000 : undefined };
  return { outcome: 'retry' };
}

/**
 * Whether the end of a session is one a kiosk logs in again after: an HTTP answer with one of
 * SESSION_ENDED_REASONS, or the socket closed with one of SESSION_REFUSED_CLOSE_CODES (credential expired or refused).
 */
export function sessionEndIsRenewable(end: { closeCode: number } | { reason: string }): boolean {
  if ('closeCode' in end) return SESSION_REFUSED_CLOSE_CODES.has(end.closeCode);
  return SESSION_ENDED_REASONS.has(end.reason);
}
