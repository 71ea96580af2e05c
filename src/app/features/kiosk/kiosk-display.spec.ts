/** KioskDisplay against a stand-in wallboard server: pairing, playing, following pushes, and back to pairing. */
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { DISPLAY_HEARTBEAT_SECONDS, STATUS_ERROR_MAX, STATUS_SLIDE_MAX, formatPairingCode } from '../../../../contract/playlist-format';
import { I18n } from '../../i18n/i18n';
import { ApiFailure } from '../../wallboard-server/wallboard-api';
import type { PushMessage } from '../../wallboard-server/wallboard-push';
import { KioskDisplay, type KioskDisplayDeps, PLAYBACK_KEY, type Playback } from './kiosk-display';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const playback = (name = 'Floor 2'): Playback =>
  ({
    id: 'd1',
    name,
    version: 1,
    playlist: {
      id: 'p1',
      name: 'Sales',
      version: 1,
      updatedBy: 'admin',
      updatedAt: '',
      playlist: { slides: [{ board: 'sales', page: 'services', seconds: 20 }], secondsPer: 'screenful', sound: false, burnIn: false, staleSeconds: 15, dailyReloadHour: null },
    },
    boards: [{ id: 'sales', name: 'Sales' }],
  }) as unknown as Playback;

describe('KioskDisplay', () => {
  let routes: Record<string, () => unknown>;
  let calls: string[];
  let push: Subject<PushMessage>;
  let session: { started: number; stopped: number };
  let deps: KioskDisplayDeps;

  beforeEach(() => {
    localStorage.removeItem(PLAYBACK_KEY);
    calls = [];
    push = new Subject();
    session = { started: 0, stopped: 0 };
    routes = {};
    const api = {
      request: (method: string, path: string) => {
        const route = `${method} ${path}`;
        calls.push(route);
        const answer = routes[route] ?? routes[`${method} ${path.replace(/\/[^/]+$/, '/:secret')}`];
        if (!answer) return Promise.reject(new ApiFailure(404, 'NOT_FOUND', route));
        try {
          return Promise.resolve(answer());
        } catch (error) {
          return Promise.reject(error);
        }
      },
    };
    deps = {
      api: api as unknown as KioskDisplayDeps['api'],
      push: { messages: push.asObservable() },
      session: {
        kioskMode: () => session.started > session.stopped,
        startDisplay: () => Promise.resolve(!!++session.started),
        stopDisplay: () => Promise.resolve(void ++session.stopped),
      } as unknown as KioskDisplayDeps['session'],
      i18n: TestBed.inject(I18n),
      document,
      contract: { heartbeatSeconds: DISPLAY_HEARTBEAT_SECONDS, slideMax: STATUS_SLIDE_MAX, errorMax: STATUS_ERROR_MAX, formatCode: formatPairingCode },
    };
  });

  const displays: KioskDisplay[] = [];
  afterEach(() => {
    // Its timers stop with it, as when the kiosk page goes.
    for (const display of displays.splice(0)) display.stop();
    localStorage.removeItem(PLAYBACK_KEY);
  });

  function display(): KioskDisplay {
    const display = new KioskDisplay(deps);
    displays.push(display);
    return display;
  }
  const notPaired = () => {
    throw new ApiFailure(401, 'NOT_A_DISPLAY', 'not a display');
  };

  it('a server that does not answer, with nothing played before: unreachable, said as the server’s absence', async () => {
    routes['GET /display'] = () => {
      throw new ApiFailure(502, 'UNREACHABLE', 'bad gateway');
    };
    const tv = display();
    await tv.start();
    expect(tv.mode()).toBe('unreachable');
    expect(tv.unreachableText()).toBe('The wallboard server does not answer; this TV keeps trying.');
  });

  it('without a wallboard server it is absent: the kiosk link stays the way', async () => {
    routes['GET /display'] = () => {
      throw new ApiFailure(404, 'NO_SERVER', 'no server');
    };
    const tv = display();
    await tv.start();
    expect(tv.mode()).toBe('absent');
    expect(session.started).toBe(0);
  });

  it('not paired: shows a code, and plays once the poll says paired', async () => {
    routes['GET /display'] = notPaired;
    routes['POST /pairing'] = () => ({ code: 'ABC234', secret: 's1', expiresAt: new Date(Date.now() + 600_000).toISOString() });
    routes['GET /pairing/:secret'] = () => ({ status: 'waiting', code: 'ABC234', expiresAt: new Date(Date.now() + 600_000).toISOString() });
    const tv = display();
    await tv.start();
    await sleep(0);
    expect(tv.mode()).toBe('pairing');
    expect(tv.pairing()?.code).toBe('ABC234');
    expect(tv.pairingView().code).toBe('ABC-234');
    expect(tv.pairingView().instruction).toBe(`On a computer, open ${location.origin}/displays and type this code.`);
    expect(tv.pairingView().left).toMatch(/good for (9:5\d|10:00);/);
    routes['GET /pairing/:secret'] = () => ({ status: 'paired', displayId: 'd1' });
    routes['GET /display'] = () => playback();
    routes['POST /display/status'] = () => null;
    await sleep(2_200);
    expect(tv.mode()).toBe('playing');
    expect(tv.playback()?.name).toBe('Floor 2');
    expect(session.started).toBe(1);
    expect(calls).toContain('POST /display/status');
    expect(JSON.parse(localStorage.getItem(PLAYBACK_KEY)!).id).toBe('d1');
  });

  it('an expired code is replaced by a new one', async () => {
    routes['GET /display'] = notPaired;
    let codes = 0;
    routes['POST /pairing'] = () => ({ code: `ABC23${++codes + 1}`, secret: `s${codes}`, expiresAt: new Date(Date.now() + 600_000).toISOString() });
    routes['GET /pairing/:secret'] = () => {
      throw new ApiFailure(410, 'PAIRING_CODE_EXPIRED', 'expired');
    };
    const tv = display();
    await tv.start();
    await sleep(2_200);
    expect(codes).toBe(2);
    expect(tv.pairing()?.code).toBe('ABC233');
  });

  it('too many codes: says so and asks again when the server says', async () => {
    routes['GET /display'] = notPaired;
    routes['POST /pairing'] = () => {
      throw new ApiFailure(429, 'TOO_MANY_ATTEMPTS', 'slow down', null, { retryAfterSeconds: 42 });
    };
    const tv = display();
    await tv.start();
    await sleep(0);
    const problem = tv.pairingProblem();
    expect(problem?.kind).toBe('tooMany');
    expect(problem?.kind === 'tooMany' && Math.round((problem.retryAt - Date.now()) / 1000)).toBe(42);
  });

  it('follows pushes: its playlist or a board in it fetched again, identify for 10 s; revoked back to a code', async () => {
    routes['GET /display'] = () => playback();
    routes['POST /display/status'] = () => null;
    const tv = display();
    await tv.start();
    expect(tv.mode()).toBe('playing');
    routes['GET /display'] = () => playback('Floor 3');
    push.next({ topic: 'boards', id: 'other', action: 'saved' });
    await sleep(0);
    expect(tv.playback()?.name).toBe('Floor 2');
    push.next({ topic: 'boards', id: 'sales', action: 'saved' });
    await sleep(0);
    expect(tv.playback()?.name).toBe('Floor 3');
    push.next({ topic: 'displays', id: 'd1', action: 'command', command: 'identify' });
    expect(tv.identifying()).toBe('Floor 3');
    routes['POST /pairing'] = () => ({ code: 'XYZ234', secret: 's2', expiresAt: new Date(Date.now() + 600_000).toISOString() });
    push.next({ topic: 'revoked' });
    await sleep(0);
    expect(tv.mode()).toBe('pairing');
    expect(tv.playback()).toBeNull();
    expect(tv.identifying()).toBeNull();
    expect(session.stopped).toBe(1);
    expect(localStorage.getItem(PLAYBACK_KEY)).toBeNull();
    expect(tv.pairing()?.code).toBe('XYZ234');
  });

  it('a server that does not answer: the last playlist keeps playing, and it asks again by itself', async () => {
    localStorage.setItem(PLAYBACK_KEY, JSON.stringify(playback()));
    routes['GET /display'] = () => {
      throw new ApiFailure(0, 'UNREACHABLE', 'down');
    };
    routes['POST /display/status'] = () => null;
    const tv = display();
    await tv.start();
    expect(tv.mode()).toBe('playing');
    expect(tv.playback()?.name).toBe('Floor 2');
    routes['GET /display'] = () => playback('Floor 9');
    await sleep(1_300);
    expect(tv.playback()?.name).toBe('Floor 9');
  });
});
