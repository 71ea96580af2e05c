import { TestBed } from '@angular/core/testing';
import { ApiFailure, WallboardApi } from './wallboard-api';

describe('WallboardApi', () => {
  const answer = (status: number, body: string | null, type = 'application/json') =>
    spyOn(globalThis, 'fetch').and.resolveTo(new Response(body, { status, headers: body === null ? {} : { 'content-type': type } }));

  it('a command accepted with no body (202) resolves, not "no server here"', async () => {
    answer(202, null);
    expect(await TestBed.inject(WallboardApi).request('POST', '/displays/d1/commands', { command: 'identify' })).toBeNull();
  });

  it('a page that is not the server’s JSON still means no server', async () => {
    answer(200, '<html></html>', 'text/html');
    const failure = await TestBed.inject(WallboardApi)
      .request('GET', '/display')
      .catch((error: ApiFailure) => error);
    expect((failure as ApiFailure).absent).toBeTrue();
  });

  it('a refusal carries the server’s code, field and details', async () => {
    answer(429, JSON.stringify({ error: { code: 'TOO_MANY_ATTEMPTS', message: 'Too many', retryAfterSeconds: 30 } }));
    const failure = (await TestBed.inject(WallboardApi)
      .request('POST', '/displays', {})
      .catch((error: ApiFailure) => error)) as ApiFailure;
    expect([failure.status, failure.code, failure.details['retryAfterSeconds']]).toEqual([429, 'TOO_MANY_ATTEMPTS', 30]);
  });
});
