import { sessionEndOf } from './session-end';

describe('sessionEndOf', () => {
  it('reads a session the server no longer knows as a restart, from a reason code or a close reason', () => {
    expect(sessionEndOf('SESSION_UNKNOWN')).toBe('unknown');
    expect(sessionEndOf('Session not recognised (the server may have restarted): log in again')).toBe('unknown');
  });

  it('reads an expired session or token as expired', () => {
    expect(sessionEndOf('SESSION_EXPIRED')).toBe('expired');
    expect(sessionEndOf('TOKEN_EXPIRED')).toBe('expired');
    expect(sessionEndOf('Session expired: log in again')).toBe('expired');
  });

  it('says only that the server ended it when it gave no reason it names', () => {
    expect(sessionEndOf('')).toBe('ended');
    expect(sessionEndOf(undefined)).toBe('ended');
    expect(sessionEndOf('Forbidden')).toBe('ended');
    expect(sessionEndOf('Unknown access token')).toBe('ended');
  });
});
