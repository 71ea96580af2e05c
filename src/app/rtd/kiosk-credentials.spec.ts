import { TestBed } from '@angular/core/testing';
import { CloseCode } from '../../../contract/close-codes';
import { KIOSK_TOKEN_KEY, KioskCredentials, kioskLoginOutcome, sessionEndIsRenewable } from './kiosk-credentials';

describe('KioskCredentials', () => {
  beforeEach(() => localStorage.removeItem(KIOSK_TOKEN_KEY));
  afterEach(() => localStorage.removeItem(KIOSK_TOKEN_KEY));

  it('has no token in a browser that is not a kiosk', () => {
    expect(TestBed.inject(KioskCredentials).token()).toBeNull();
  });

  it('keeps a stored token in localStorage, so a new page (a reload) has it', () => {
    TestBed.inject(KioskCredentials).store('  rtd-wallboard-kiosk-demo-token ');
    expect(localStorage.getItem(KIOSK_TOKEN_KEY)).toBe('rtd-wallboard-kiosk-demo-token');
    TestBed.resetTestingModule();
    expect(TestBed.inject(KioskCredentials).token()).toBe('rtd-wallboard-kiosk-demo-token');
  });

  it('forgets the token on clear, in memory and in storage', () => {
    const credentials = TestBed.inject(KioskCredentials);
    credentials.store('a-kiosk-token-of-some-length');
    credentials.clear();
    expect(credentials.token()).toBeNull();
    expect(localStorage.getItem(KIOSK_TOKEN_KEY)).toBeNull();
  });

  it('refuses an empty token with a clear error', () => {
    expect(() => TestBed.inject(KioskCredentials).store('   ')).toThrowError(/cannot be empty/);
  });
});

describe('the kiosk re-login decision', () => {
  it('logs in again after HTTP answers that say the session ended', () => {
    for (const reason of ['SESSION_EXPIRED', 'SESSION_UNKNOWN', 'TOKEN_EXPIRED']) expect(sessionEndIsRenewable({ reason })).withContext(reason).toBeTrue();
    for (const reason of ['MISSING_CREDENTIALS', 'TOKEN_UNKNOWN', 'INVALID_CREDENTIALS']) expect(sessionEndIsRenewable({ reason })).withContext(reason).toBeFalse();
  });

  it('logs in again after the socket closed with 4401 or was refused with 4403, not after a network drop', () => {
    expect(sessionEndIsRenewable({ closeCode: CloseCode.Unauthorized })).toBeTrue();
    expect(sessionEndIsRenewable({ closeCode: CloseCode.Forbidden })).toBeTrue();
    for (const closeCode of [CloseCode.NormalClosure, CloseCode.AbnormalClosure, CloseCode.PongTimeout, CloseCode.InternalServerError])
      expect(sessionEndIsRenewable({ closeCode })).withContext(String(closeCode)).toBeFalse();
  });

  it('takes TOKEN_UNKNOWN, TOKEN_EXPIRED and INVALID_CREDENTIALS on loginWithAccessToken as the token rejected', () => {
    expect(kioskLoginOutcome({ kind: 'unauthenticated', reason: 'TOKEN_UNKNOWN', message: 'Unknown access token' })).toEqual({ outcome: 'rejected' });
    expect(kioskLoginOutcome({ kind: 'unauthenticated', reason: 'TOKEN_EXPIRED', message: 'expired' })).toEqual({ outcome: 'rejected' });
    expect(kioskLoginOutcome({ kind: 'invalid-credentials', reason: 'INVALID_CREDENTIALS', message: 'Invalid' })).toEqual({ outcome: 'rejected' });
  });

  it('retries with backoff when the server cannot be reached or fails, and after the lockout it names', () => {
    expect(kioskLoginOutcome({ kind: 'unreachable', message: 'Failed to fetch' })).toEqual({ outcome: 'retry' });
    expect(kioskLoginOutcome({ kind: 'server', message: 'Internal error' })).toEqual({ outcome: 'retry' });
    expect(kioskLoginOutcome({ kind: 'locked', reason: 'TOO_MANY_ATTEMPTS', message: 'later', retryAfterSeconds: 42 })).toEqual({ outcome: 'retry', waitMs: 42_000 });
  });
});
