import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { HistorySample, HistorySamplesAnswer, RecorderStatus } from '../../../contract/history-format';
import { KioskCredentials } from '../rtd/kiosk-credentials';
import { ServerSession, type ServerSessionState } from '../wallboard-server/server-session';
import { ApiFailure, WallboardApi } from '../wallboard-server/wallboard-api';
import { HistoryFeed } from './history-feed';
import { entityKey, mergeSamples, nextSince } from './history-samples';

const T0 = Date.parse('2026-12-04T10:00:00.000Z');
const MIN = 60_000;

function sample(code: string, minute: number, queued: number | null, kind: 'service' | 'group' = 'service'): HistorySample {
  return {
    kind,
    code,
    channel: 'CALL',
    minute: new Date(minute).toISOString(),
    queued,
    longestWait: null,
    received: 10,
    answered: 8,
    answeredInTime: 6,
    abandoned: 1,
    shortAbandons: 0,
    agentsReady: 1,
    agentsBusy: 1,
    agentsPostCall: 0,
    agentsNotReady: 0,
    agentsLogged: 2,
  };
}

const RECORDING: RecorderStatus = { recording: true, reason: null, lastSampleAt: null, entities: 2, retentionDays: 35 };

describe('history samples', () => {
  it('merges by minute: a minute read again replaces the earlier reading, in order, per entity', () => {
    let held = mergeSamples(new Map(), [sample('sales', T0 + MIN, 3), sample('sales', T0, 2), sample('care', T0, 1)], T0 - 30 * MIN);
    expect(held.get(entityKey('service', 'sales', 'CALL'))!.map((s) => s.queued)).toEqual([2, 3]);
    const care = held.get(entityKey('service', 'care', 'CALL'));
    held = mergeSamples(held, [sample('sales', T0 + MIN, 5), sample('sales', T0 + 2 * MIN, 6)], T0 - 30 * MIN);
    expect(held.get(entityKey('service', 'sales', 'CALL'))!.map((s) => s.queued)).toEqual([2, 5, 6]);
    // The entity that got nothing new keeps its array: whoever watches it is not told again.
    expect(held.get(entityKey('service', 'care', 'CALL'))).toBe(care);
  });

  it('keeps a service and a skillset with one code apart, and drops minutes older than the window', () => {
    const held = mergeSamples(new Map(), [sample('x', T0, 1), sample('x', T0, 9, 'group'), sample('x', T0 - 31 * MIN, 4)], T0 - 30 * MIN);
    expect(held.get(entityKey('service', 'x', 'CALL'))!.map((s) => s.queued)).toEqual([1]);
    expect(held.get(entityKey('group', 'x', 'CALL'))!.map((s) => s.queued)).toEqual([9]);
    expect(mergeSamples(held, [], T0 + 5 * MIN).size).toBe(0);
  });

  it('asks from the window start at first, then from the minute before the last one held (read again)', () => {
    expect(nextSince(new Map(), T0, 30 * MIN)).toBe(T0 - 30 * MIN);
    const held = mergeSamples(new Map(), [sample('sales', T0 - MIN, 1), sample('care', T0 - 3 * MIN, 1)], T0 - 30 * MIN);
    expect(nextSince(held, T0 + 5_000, 30 * MIN)).toBe(T0 - 2 * MIN);
  });
});

describe('HistoryFeed', () => {
  let requests: string[];
  let answer: (path: string) => Promise<unknown>;
  const serverState = signal<ServerSessionState>('unknown');

  beforeEach(() => {
    requests = [];
    serverState.set('unknown');
    answer = async () => ({ recorder: RECORDING, samples: [] }) satisfies HistorySamplesAnswer;
    TestBed.configureTestingModule({
      providers: [
        {
          provide: WallboardApi,
          useValue: {
            request: (method: string, path: string) => {
              requests.push(`${method} ${path}`);
              return answer(path);
            },
          },
        },
        { provide: ServerSession, useValue: { state: serverState, signedIn: () => serverState() === 'signedIn' } },
      ],
    });
  });

  /** Runs the effects, then lets the feed's reads answer. */
  async function settle(_feed: HistoryFeed): Promise<void> {
    TestBed.tick();
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve));
  }

  it('asks nothing without a wallboard server, and says there is no history', async () => {
    const feed = TestBed.inject(HistoryFeed);
    feed.watch('service');
    serverState.set('absent');
    TestBed.tick();
    await Promise.resolve();
    expect(requests).toEqual([]);
    expect(feed.state()).toBe('absent');
    expect(feed.available()).toBeFalse();
    expect(await feed.intervals('service', 'sales', 'CALL', T0, T0 + MIN)).toBeNull();
    expect(requests).toEqual([]);
  });

  it('once signed in, loads the last 30 minutes and hands each entity its samples as a signal', async () => {
    const now = Date.now();
    answer = async () => ({ recorder: RECORDING, samples: [sample('sales', now - 2 * MIN, 4), sample('sales', now - MIN, 5)] });
    const feed = TestBed.inject(HistoryFeed);
    const sales = feed.samples('service', 'sales', 'CALL');
    expect(feed.samples('service', 'sales', 'CALL')).toBe(sales);
    serverState.set('signedIn');
    await settle(feed);
    // Only the kind watched: a services page needs no group's samples.
    expect(requests).toEqual([jasmine.stringMatching(/^GET \/history\/samples\?since=[^&]+&kind=service$/)]);
    const since = Date.parse(decodeURIComponent(requests[0].split('since=')[1].split('&')[0]));
    expect(Math.abs(since - (now - 30 * MIN))).toBeLessThan(5_000);
    expect(sales().map((s) => s.queued)).toEqual([4, 5]);
    expect(feed.state()).toBe('recording');
    expect(feed.available()).toBeTrue();
  });

  it('a paired display reads it too (its credential is the server cookie, not a session)', async () => {
    const feed = TestBed.inject(HistoryFeed);
    feed.watch('group');
    TestBed.inject(KioskCredentials).playAsDisplay(true);
    await settle(feed);
    expect(requests.length).toBeGreaterThan(0);
    TestBed.inject(KioskCredentials).playAsDisplay(false);
  });

  it('a recorder that records nothing says why, and there is no history', async () => {
    answer = async () => ({ recorder: { ...RECORDING, recording: false, reason: 'No RTD access token is stored' }, samples: [] });
    const feed = TestBed.inject(HistoryFeed);
    feed.watch('service');
    serverState.set('signedIn');
    await settle(feed);
    expect(feed.state()).toBe('idle');
    expect(feed.reason()).toBe('No RTD access token is stored');
    expect(feed.available()).toBeFalse();
  });

  it('a server without a recorder (404) is no history, asked no more', async () => {
    answer = async () => Promise.reject(new ApiFailure(404, 'NOT_FOUND', 'There is no such API path'));
    const feed = TestBed.inject(HistoryFeed);
    feed.watch('service');
    serverState.set('signedIn');
    await settle(feed);
    expect(feed.state()).toBe('absent');
    expect(feed.available()).toBeFalse();
  });

  it('keeps the samples it holds while the server does not answer', async () => {
    const now = Date.now();
    answer = async () => ({ recorder: RECORDING, samples: [sample('sales', now - MIN, 4)] });
    const feed = TestBed.inject(HistoryFeed);
    feed.watch('service');
    serverState.set('signedIn');
    await settle(feed);
    answer = async () => Promise.reject(new ApiFailure(0, 'UNREACHABLE', 'down'));
    await feed.refresh();
    expect(feed.samples('service', 'sales', 'CALL')().length).toBe(1);
    expect(feed.available()).toBeTrue();
  });

  it('forgets everything when the session ends', async () => {
    const now = Date.now();
    answer = async () => ({ recorder: RECORDING, samples: [sample('sales', now - MIN, 4)] });
    const feed = TestBed.inject(HistoryFeed);
    feed.watch('service');
    serverState.set('signedIn');
    await settle(feed);
    serverState.set('signedOut');
    TestBed.tick();
    expect(feed.samples('service', 'sales', 'CALL')()).toEqual([]);
    expect(feed.state()).toBe('off');
  });
});
