import { TestBed } from '@angular/core/testing';
import { ApiFailure, WallboardApi } from './wallboard-api';
import { ServerSession } from './server-session';

/** Answers fetch with `status` and `body` (JSON when an object, text otherwise). */
function answer(status: number, body: unknown): void {
  const json = typeof body === 'object' && body !== null;
  spyOn(globalThis, 'fetch').and.resolveTo(
    new Response(status === 204 ? null : json ? JSON.stringify(body) : String(body), { status, headers: { 'content-type': json ? 'application/json' : 'text/html' } }),
  );
}

describe('WallboardApi', () => {
  let api: WallboardApi;
  beforeEach(() => (api = TestBed.inject(WallboardApi)));

  it("gives the server's refusal with its code, sentence, field and details", async () => {
    answer(409, { error: { code: 'VERSION_CONFLICT', message: 'Someone else saved it', field: 'baseVersion', current: { version: 4 } } });
    const failure = await api.request('PUT', '/boards/sales', {}).catch((e: unknown) => e);
    expect(failure).toEqual(jasmine.any(ApiFailure));
    expect(failure).toEqual(jasmine.objectContaining({ status: 409, code: 'VERSION_CONFLICT', message: 'Someone else saved it', field: 'baseVersion', details: { current: { version: 4 } } }));
    expect((failure as ApiFailure).absent).toBeFalse();
  });

  it('a page that is not our JSON (no server here) is absent, not an error', async () => {
    answer(404, '<!doctype html><title>Cannot GET /api/session</title>');
    const failure = (await api.request('GET', '/session').catch((e: unknown) => e)) as ApiFailure;
    expect(failure.absent).toBeTrue();
  });

  it('a proxy error page (502) is unreachable, and so is a network failure', async () => {
    answer(502, 'Bad gateway');
    expect(((await api.request('GET', '/boards').catch((e: unknown) => e)) as ApiFailure).code).toBe('UNREACHABLE');
    (globalThis.fetch as jasmine.Spy).and.rejectWith(new TypeError('Failed to fetch'));
    const failure = (await api.request('GET', '/boards').catch((e: unknown) => e)) as ApiFailure;
    expect(failure.status).toBe(0);
    expect(failure.code).toBe('UNREACHABLE');
  });

  it('a 204 resolves with null', async () => {
    answer(204, null);
    expect(await api.request('DELETE', '/session')).toBeNull();
  });

  it('a command accepted with no body (202) resolves with null, not "no server here"', async () => {
    spyOn(globalThis, 'fetch').and.resolveTo(new Response(null, { status: 202 }));
    expect(await api.request('POST', '/displays/d1/commands', { command: 'identify' })).toBeNull();
  });
});

describe('ServerSession', () => {
  it('signs in with the token and says who the server says the user is', async () => {
    answer(201, { username: 'admin', supervisor: true });
    const session = TestBed.inject(ServerSession);
    expect(await session.signIn('token')).toBe('signedIn');
    expect(session.supervisor()).toBeTrue();
    const [, init] = (globalThis.fetch as jasmine.Spy).calls.mostRecent().args as [string, RequestInit];
    expect(JSON.parse(String(init.body))).toEqual({ accessToken: 'token' });
  });

  it('without a server the app goes on: absent; a refused token: signed out', async () => {
    answer(404, 'Not found');
    const session = TestBed.inject(ServerSession);
    expect(await session.signIn('token')).toBe('absent');
    (globalThis.fetch as jasmine.Spy).and.resolveTo(
      new Response(JSON.stringify({ error: { code: 'NOT_SIGNED_IN', message: 'no' } }), { status: 401, headers: { 'content-type': 'application/json' } }),
    );
    expect(await session.check()).toBe('signedOut');
    expect(session.user()).toBeNull();
  });
});
