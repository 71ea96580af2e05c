/**
 * What the login page says when a login fails: one message per kind of failure, so that a wrong password, a
 * locked username, an unreachable server and a server error each read differently.
 */
import type { MessageKey } from '../../i18n/i18n';
import type { RtdErrorInfo } from '../../rtd/rtd-errors';

export type LoginMethod = 'password' | 'token';

export interface LoginFailureView {
  kind: RtdErrorInfo['kind'];
  messageKey: MessageKey;
  /** How long the username stays locked, in seconds, when the server said. */
  waitSeconds?: number;
  /** The server's own words, shown under the message when they help (server errors). */
  details?: string;
  /** Whether the secret that was typed should be cleared (the server refused it). */
  clearSecret: boolean;
}

export function loginFailureView(info: RtdErrorInfo, method: LoginMethod): LoginFailureView {
  switch (info.kind) {
    case 'invalid-credentials':
      return { kind: info.kind, messageKey: method === 'token' ? 'login.error.invalidToken' : 'login.error.invalidCredentials', clearSecret: true };
    case 'unauthenticated':
      return { kind: info.kind, messageKey: method === 'token' ? 'login.error.invalidToken' : 'login.error.unauthenticated', clearSecret: true };
    case 'locked':
      return info.retryAfterSeconds !== undefined && info.retryAfterSeconds > 0
        ? { kind: info.kind, messageKey: 'login.error.locked', waitSeconds: info.retryAfterSeconds, clearSecret: true }
        : { kind: info.kind, messageKey: 'login.error.lockedNoWait', clearSecret: true };
    case 'unreachable':
      return { kind: info.kind, messageKey: 'login.error.unreachable', clearSecret: method === 'password' };
    default: {
      const view: LoginFailureView = { kind: 'server', messageKey: 'login.error.server', clearSecret: method === 'password' };
      if (info.message) view.details = info.message;
      return view;
    }
  }
}

/**
 * Where to go after login: the page the visitor was sent away from, if it is a path of this app; anything
 * else (another site, the login page itself) goes to the services board.
 */
export function safeReturnUrl(returnUrl: string | null | undefined, fallback = '/services'): string {
  if (!returnUrl || !returnUrl.startsWith('/') || returnUrl.startsWith('//') || returnUrl.startsWith('/\\')) return fallback;
  if (/^\/login(?:[/?#]|$)/.test(returnUrl)) return fallback;
  return returnUrl;
}
