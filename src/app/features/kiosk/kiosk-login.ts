/**
 * The kiosk's own login: the access token from its link, kept in this browser (a TV has nobody to type a
 * password, and no password is ever stored), used to log in whenever there is no session.
 */
import { Injectable, inject } from '@angular/core';
import { classifyRtdError } from '../../rtd/rtd-errors';
import { LoginFailure, Session } from '../../rtd/session';

const TOKEN_KEY = 'rtd-wallboard.kiosk.token';

export type KioskLoginResult = 'ok' | 'rejected' | 'unreachable';

@Injectable({ providedIn: 'root' })
export class KioskLogin {
  private readonly session = inject(Session);

  token(): string | null {
    try {
      return localStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  }

  store(token: string): void {
    try {
      localStorage.setItem(TOKEN_KEY, token);
    } catch {
      // Storage refused: the token works until the next reload.
    }
  }

  /** Logs in with the stored token: 'rejected' when the server refuses it (the display needs a new link). */
  async login(): Promise<KioskLoginResult> {
    const token = this.token();
    if (!token) return 'rejected';
    try {
      await this.session.loginWithAccessToken(token);
      return 'ok';
    } catch (error) {
      const kind = error instanceof LoginFailure ? error.info.kind : classifyRtdError(error).kind;
      return kind === 'unreachable' || kind === 'server' ? 'unreachable' : 'rejected';
    }
  }
}
