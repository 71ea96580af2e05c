/** Session as a kiosk sees it, with the server stood in by a fake Apollo: re-login by itself, and the rejected token. */
import { TestBed } from '@angular/core/testing';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { Apollo } from 'apollo-angular';
import { NEVER, of, throwError } from 'rxjs';
import { RtdConnection } from './connection';
import { CloseCode } from '../../../contract/close-codes';
import { KIOSK_RENEWAL, KIOSK_TOKEN_KEY } from './kiosk-credentials';
import { RTD_SOCKET } from './rtd-socket';
import { Session } from './session';

const TOKEN = 'rtd-wallboard-kiosk-demo-token';
const user = {
  __typename: 'SessionUser',
  publicUsername: 'admin',
  username: 'admin',
  surname: 'Administrator',
  name: 'Admin',
  language: 'EN',
  supervisor: true,
  session: { id: 's', expiresIn: 60 },
  authToken: { accessToken: TOKEN, expiresIn: 1 },
};
const unauthenticated = (reason: string) => new CombinedGraphQLErrors({ errors: [{ message: reason, extensions: { code: 'UNAUTHENTICATED', reason } }] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Session as a kiosk', () => {
  let answer: () => unknown;
  let logins: string[];
  let terminated: number;

  beforeEach(() => {
    localStorage.removeItem(KIOSK_TOKEN_KEY);
    logins = [];
    terminated = 0;
    answer = () => of({ data: { loginWithAccessToken: user } });
    const apollo = {
      mutate: ({ variables }: { variables: { accessToken: string } }) => {
        logins.push(variables.accessToken);
        return answer();
      },
      query: () => of({ data: { version: { server: { major: 1, minor: 0, patch: 2 } }, serverHealth: { status: 'PASS' } } }),
      subscribe: () => NEVER,
      client: { clearStore: () => Promise.resolve() },
    };
    TestBed.configureTestingModule({
      providers: [
        { provide: Apollo, useValue: apollo },
        { provide: RTD_SOCKET, useValue: { terminate: () => terminated++ } },
        { provide: KIOSK_RENEWAL, useValue: { rejectedRetryMs: 40, retryBaseMs: 10, retryMaxMs: 20 } },
      ],
    });
  });

  afterEach(async () => {
    await TestBed.inject(Session).logout();
    localStorage.removeItem(KIOSK_TOKEN_KEY);
  });

  it('loginAsKiosk keeps the token and logs in with it', async () => {
    const session = TestBed.inject(Session);
    expect(await session.loginAsKiosk(TOKEN)).toBeTrue();
    expect(logins).toEqual([TOKEN]);
    expect(localStorage.getItem(KIOSK_TOKEN_KEY)).toBe(TOKEN);
    expect(session.loggedIn()).toBeTrue();
    expect(session.kioskState()).toBe('accepted');
  });

  it('logs in again by itself when the socket closes with 4401, and tells live lists to start again', async () => {
    const session = TestBed.inject(Session);
    const connection = TestBed.inject(RtdConnection);
    let ended = 0;
    let renewed = 0;
    connection.refused.subscribe(() => ended++);
    connection.sessionRenewed.subscribe(() => renewed++);
    await session.loginAsKiosk(TOKEN);
    renewed = 0;
    connection.closed(CloseCode.Unauthorized, 'Session expired: log in again', false);
    // Right after a login, a renewal waits its backoff (here 10–20 ms): a TV never logs in in a loop.
    await sleep(60);
    expect(logins).toEqual([TOKEN, TOKEN]);
    expect(renewed).toBe(1);
    expect(ended).toBe(0);
    expect(session.loggedIn()).toBeTrue();
    expect(terminated).toBeGreaterThanOrEqual(2);
  });

  it('logs in again when an HTTP answer says SESSION_EXPIRED', async () => {
    const session = TestBed.inject(Session);
    await session.loginAsKiosk(TOKEN);
    TestBed.inject(RtdConnection).unauthenticated.next('SESSION_EXPIRED');
    await sleep(60);
    expect(logins.length).toBe(2);
  });

  it('sessions that end right after each login are renewed with backoff, not in a loop', async () => {
    TestBed.overrideProvider(KIOSK_RENEWAL, { useValue: { rejectedRetryMs: 40, retryBaseMs: 1_000, retryMaxMs: 2_000 } });
    const session = TestBed.inject(Session);
    const connection = TestBed.inject(RtdConnection);
    await session.loginAsKiosk(TOKEN);
    for (let i = 0; i < 20; i++) {
      connection.closed(CloseCode.Unauthorized, 'Session expired', false);
      await sleep(0);
    }
    // One renewal waits its turn; the twenty refusals did not each log in.
    expect(logins.length).toBeLessThanOrEqual(2);
  });

  it('without a kiosk token, a refused socket ends the session instead (RtdConnection.refused, which the shell follows)', async () => {
    TestBed.inject(Session); // once it exists, it decides what a refused socket means
    let ended = 0;
    TestBed.inject(RtdConnection).refused.subscribe(() => ended++);
    TestBed.inject(RtdConnection).closed(CloseCode.Unauthorized, 'Session expired', false);
    expect(ended).toBe(1);
    expect(logins).toEqual([]);
  });

  it('a rejected token sets kioskTokenRejected, is tried again slowly, and clears when accepted again', async () => {
    const session = TestBed.inject(Session);
    answer = () => throwError(() => unauthenticated('TOKEN_UNKNOWN'));
    expect(await session.loginAsKiosk(TOKEN)).toBeFalse();
    expect(session.kioskTokenRejected()).toBeTrue();
    expect(session.kioskState()).toBe('rejected');
    TestBed.tick();
    expect(document.documentElement.getAttribute('data-kiosk-token')).toBe('rejected');
    // More refusals meanwhile do not hurry the slow cadence.
    TestBed.inject(RtdConnection).closed(CloseCode.Forbidden, 'Unknown access token', false);
    await sleep(10);
    expect(logins.length).toBe(1);
    answer = () => of({ data: { loginWithAccessToken: user } });
    await sleep(60);
    expect(logins.length).toBe(2);
    expect(session.kioskTokenRejected()).toBeFalse();
    expect(session.loggedIn()).toBeTrue();
    TestBed.tick();
    expect(document.documentElement.getAttribute('data-kiosk-token')).toBe('accepted');
  });

  it('retries with backoff while the server cannot be reached, without calling the token rejected', async () => {
    const session = TestBed.inject(Session);
    answer = () => throwError(() => Object.assign(new Error('Failed to fetch'), { status: 0 }));
    expect(await session.loginAsKiosk(TOKEN)).toBeFalse();
    expect(session.kioskTokenRejected()).toBeFalse();
    await sleep(80);
    expect(logins.length).toBeGreaterThanOrEqual(3);
    answer = () => of({ data: { loginWithAccessToken: user } });
    await sleep(40);
    expect(session.loggedIn()).toBeTrue();
  });

  it('logout forgets the kiosk token and stops retrying', async () => {
    const session = TestBed.inject(Session);
    answer = () => throwError(() => unauthenticated('TOKEN_UNKNOWN'));
    await session.loginAsKiosk(TOKEN);
    await session.logout();
    await sleep(60);
    expect(logins.length).toBe(1);
    expect(session.kioskMode()).toBeFalse();
    expect(localStorage.getItem(KIOSK_TOKEN_KEY)).toBeNull();
  });
});
