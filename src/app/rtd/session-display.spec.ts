/** Session as a display paired with the wallboard server sees it: no login, no token, the session check is the session. */
import { TestBed } from '@angular/core/testing';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { Apollo } from 'apollo-angular';
import { NEVER, of, throwError } from 'rxjs';
import { CloseCode } from '../../../contract/close-codes';
import { AccessToken } from './access-token';
import { RtdConnection } from './connection';
import { KIOSK_RENEWAL, KIOSK_TOKEN_KEY } from './kiosk-credentials';
import { RTD_SOCKET } from './rtd-socket';
import { Session } from './session';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unauthenticated = new CombinedGraphQLErrors({ errors: [{ message: 'Not logged in', extensions: { code: 'UNAUTHENTICATED', reason: 'SESSION_UNKNOWN' } }] });

describe('Session as a paired display', () => {
  let checks: number;
  let mutations: number;
  let checkAnswer: () => unknown;

  beforeEach(() => {
    localStorage.removeItem(KIOSK_TOKEN_KEY);
    localStorage.removeItem('rtd-wallboard.profile');
    checks = 0;
    mutations = 0;
    checkAnswer = () => of({ data: { serviceStats: [] } });
    const apollo = {
      mutate: () => {
        mutations++;
        return NEVER;
      },
      query: ({ query }: { query: { definitions: { name?: { value: string } }[] } }) => {
        if (query.definitions[0]?.name?.value !== 'SessionCheck') return of({ data: { version: { server: { major: 1, minor: 0, patch: 2 } }, serverHealth: { status: 'PASS' } } });
        checks++;
        return checkAnswer();
      },
      subscribe: () => NEVER,
      client: { clearStore: () => Promise.resolve() },
    };
    TestBed.configureTestingModule({
      providers: [
        { provide: Apollo, useValue: apollo },
        { provide: RTD_SOCKET, useValue: { terminate: () => undefined } },
        { provide: KIOSK_RENEWAL, useValue: { rejectedRetryMs: 40, retryBaseMs: 10, retryMaxMs: 20 } },
      ],
    });
  });

  afterEach(async () => {
    await TestBed.inject(Session).logout();
  });

  it('is logged in once the session check passes, with no login, no token and no profile', async () => {
    const session = TestBed.inject(Session);
    expect(await session.startDisplay()).toBeTrue();
    expect(checks).toBe(1);
    expect(mutations).toBe(0);
    expect(session.loggedIn()).toBeTrue();
    expect(session.kioskMode()).toBeTrue();
    expect(session.profile()).toBeNull();
    expect(TestBed.inject(AccessToken).value()).toBeNull();
    expect(localStorage.getItem(KIOSK_TOKEN_KEY)).toBeNull();
  });

  it('checks again by itself while the server refuses, and plays once it accepts', async () => {
    const session = TestBed.inject(Session);
    checkAnswer = () => throwError(() => unauthenticated);
    expect(await session.startDisplay()).toBeFalse();
    expect(session.loggedIn()).toBeFalse();
    await sleep(60);
    expect(checks).toBeGreaterThanOrEqual(3);
    // Never taken for a kiosk whose token needs a new link: a display has none.
    expect(session.kioskTokenRejected()).toBeFalse();
    checkAnswer = () => of({ data: { serviceStats: [] } });
    await sleep(40);
    expect(session.loggedIn()).toBeTrue();
    expect(mutations).toBe(0);
  });

  it('a refused socket is checked again (and live lists told), not the end of the session', async () => {
    const session = TestBed.inject(Session);
    const connection = TestBed.inject(RtdConnection);
    let ended = 0;
    let renewed = 0;
    connection.refused.subscribe(() => ended++);
    connection.sessionRenewed.subscribe(() => renewed++);
    await session.startDisplay();
    renewed = 0;
    connection.closed(CloseCode.Unauthorized, 'Session expired', false);
    await sleep(60);
    expect(ended).toBe(0);
    expect(renewed).toBe(1);
    expect(checks).toBe(2);
  });

  it('stopDisplay (revoked) ends it: not logged in, nothing retried', async () => {
    const session = TestBed.inject(Session);
    checkAnswer = () => throwError(() => unauthenticated);
    await session.startDisplay();
    await session.stopDisplay();
    const before = checks;
    await sleep(60);
    expect(checks).toBe(before);
    expect(session.loggedIn()).toBeFalse();
    expect(session.kioskMode()).toBeFalse();
  });
});
