import { loginFailureView, safeReturnUrl } from './login-failure-view';

describe('login failure view', () => {
  it('says "wrong username or password" for invalid credentials', () => {
    expect(loginFailureView({ kind: 'invalid-credentials', message: 'Invalid username or password' }, 'password').messageKey).toBe('login.error.invalidCredentials');
  });

  it('says the token was refused for a token the server does not accept', () => {
    expect(loginFailureView({ kind: 'unauthenticated', reason: 'TOKEN_UNKNOWN', message: 'x' }, 'token')).toEqual(
      jasmine.objectContaining({ messageKey: 'login.error.invalidToken', clearSecret: true }),
    );
    expect(loginFailureView({ kind: 'invalid-credentials', message: 'x' }, 'token').messageKey).toBe('login.error.invalidToken');
  });

  it('says how long a locked username must wait', () => {
    expect(loginFailureView({ kind: 'locked', message: 'x', retryAfterSeconds: 42 }, 'password')).toEqual(jasmine.objectContaining({ messageKey: 'login.error.locked', waitSeconds: 42 }));
    expect(loginFailureView({ kind: 'locked', message: 'x' }, 'password').messageKey).toBe('login.error.lockedNoWait');
  });

  it("tells an unreachable server from a server error, and keeps the server's words for the latter", () => {
    expect(loginFailureView({ kind: 'unreachable', message: 'Failed to fetch' }, 'password').messageKey).toBe('login.error.unreachable');
    const server = loginFailureView({ kind: 'server', message: 'Internal error' }, 'password');
    expect(server.messageKey).toBe('login.error.server');
    expect(server.details).toBe('Internal error');
  });

  it('keeps a typed token when the server could not be asked, clears a refused one', () => {
    expect(loginFailureView({ kind: 'unreachable', message: 'x' }, 'token').clearSecret).toBeFalse();
    expect(loginFailureView({ kind: 'invalid-credentials', message: 'x' }, 'token').clearSecret).toBeTrue();
  });
});

describe('return URL after login', () => {
  it('goes back to a page of the app', () => {
    expect(safeReturnUrl('/agents')).toBe('/agents');
    expect(safeReturnUrl('/groups?board=2')).toBe('/groups?board=2');
  });

  it('goes to the services board when there is none', () => {
    expect(safeReturnUrl(undefined)).toBe('/services');
    expect(safeReturnUrl('')).toBe('/services');
  });

  it('never leaves the app or loops back to the login page', () => {
    expect(safeReturnUrl('https://evil.example/')).toBe('/services');
    expect(safeReturnUrl('//evil.example/')).toBe('/services');
    expect(safeReturnUrl('/\\evil.example')).toBe('/services');
    expect(safeReturnUrl('/login?returnUrl=%2Fagents')).toBe('/services');
    expect(safeReturnUrl('/login')).toBe('/services');
    expect(safeReturnUrl('/loginsomething')).toBe('/loginsomething');
  });
});
