/**
 * Why a session ended, in the terms the login page explains it to the user: the server no longer knows it (it
 * restarted, or dropped its sessions), it expired, or the server ended it without saying why.
 */
export type SessionEnd = 'unknown' | 'expired' | 'ended';

/** From an HTTP answer's reason code (SESSION_UNKNOWN, SESSION_EXPIRED, TOKEN_EXPIRED) or a socket's close reason text. */
export function sessionEndOf(reason: string | null | undefined): SessionEnd {
  const text = reason ?? '';
  if (text === 'SESSION_UNKNOWN' || /not recogni[sz]ed|restart/i.test(text)) return 'unknown';
  if (/EXPIRED|expired/.test(text)) return 'expired';
  return 'ended';
}
