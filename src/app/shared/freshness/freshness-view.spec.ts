import { type FreshnessInputs, freshnessView, oldestOnScreen } from './freshness-view';

describe('freshness view', () => {
  const now = 1_000_000;
  const at = (secondsAgo: number) => now - secondsAgo * 1000;
  const inputs = (over: Partial<FreshnessInputs> = {}): FreshnessInputs => ({
    link: 'live',
    attempt: 0,
    nextRetry: null,
    behindMs: null,
    onScreen: { asOf: at(2), staleAfterSeconds: 15 },
    now,
    ...over,
  });

  it('says LIVE only while the data on screen is fresh, and greys nothing', () => {
    expect(freshnessView(inputs())).toEqual(jasmine.objectContaining({ state: 'live', tone: 'ok', icon: 'sensors', labelKey: 'connection.live', asOf: at(2), staleSeconds: null }));
    expect(freshnessView(inputs({ onScreen: { asOf: at(15), staleAfterSeconds: 15 } })).state)
      .withContext('at the threshold itself')
      .toBe('live');
  });

  it('says STALE, not LIVE, once nothing came for longer than the threshold while the link looks up (a frozen server)', () => {
    const view = freshnessView(inputs({ onScreen: { asOf: at(61), staleAfterSeconds: 15 } }));
    expect(view).toEqual(jasmine.objectContaining({ state: 'stale', tone: 'warning', labelKey: 'connection.stale', staleSeconds: 61, asOf: at(61) }));
    expect(view.hintParams).toEqual({ seconds: 61 });
    expect(freshnessView(inputs({ link: 'degraded', onScreen: { asOf: at(30), staleAfterSeconds: 15 } })).state)
      .withContext('old numbers are old whatever the server says of its health')
      .toBe('stale');
  });

  it('follows the threshold the data was shown with (a kiosk sets its own)', () => {
    expect(freshnessView(inputs({ onScreen: { asOf: at(8), staleAfterSeconds: 5 } })).staleSeconds).toBe(8);
    expect(freshnessView(inputs({ onScreen: { asOf: at(8), staleAfterSeconds: 60 } })).staleSeconds).toBeNull();
  });

  it('says RECONNECTING at once when the link drops, with the attempt, the next try and the age that greys the tiles', () => {
    const view = freshnessView(inputs({ link: 'reconnecting', attempt: 6, nextRetry: now + 2_100, onScreen: { asOf: at(3), staleAfterSeconds: 15 } }));
    expect(view).toEqual(jasmine.objectContaining({ state: 'reconnecting', labelKey: 'connection.reconnecting', attempt: 6, retryInSeconds: 3, staleSeconds: 3, asOf: at(3) }));
    expect(freshnessView(inputs({ link: 'reconnecting', nextRetry: now - 10 })).retryInSeconds)
      .withContext('a retry already due')
      .toBeUndefined();
    expect(freshnessView(inputs({ link: 'reconnecting' })).attempt).toBeUndefined();
  });

  it('says OFFLINE when the link gives up, the tiles grey at once', () => {
    expect(freshnessView(inputs({ link: 'offline' }))).toEqual(jasmine.objectContaining({ state: 'offline', tone: 'critical', labelKey: 'connection.offline', staleSeconds: 2 }));
  });

  it('says CONNECTING while a page connects, greying only cached numbers older than the threshold', () => {
    expect(freshnessView(inputs({ link: 'connecting', onScreen: { asOf: null, staleAfterSeconds: 15 } }))).toEqual(
      jasmine.objectContaining({ state: 'connecting', tone: 'neutral', staleSeconds: null }),
    );
    expect(freshnessView(inputs({ link: 'idle', onScreen: { asOf: at(40), staleAfterSeconds: 15 } })).staleSeconds).toBe(40);
  });

  it('shows no badge at all on a page with no live data, whatever the link', () => {
    for (const link of ['idle', 'live', 'offline', 'reconnecting', 'degraded'] as const) expect(freshnessView(inputs({ link, onScreen: null })).state).toBe('none');
  });

  it('says FAIL while the server reports it, and CATCHING UP while the screen lags, on fresh data', () => {
    expect(freshnessView(inputs({ link: 'degraded' }))).toEqual(jasmine.objectContaining({ state: 'fail', tone: 'critical', hintKey: 'connection.degradedHint', staleSeconds: null }));
    expect(freshnessView(inputs({ behindMs: 2_600 }))).toEqual(jasmine.objectContaining({ state: 'catching-up', labelKey: 'connection.catchingUpShort', hintParams: { seconds: 3 } }));
  });

  it('gives every state an icon as well as a colour', () => {
    for (const link of ['live', 'degraded', 'connecting', 'reconnecting', 'offline', 'idle'] as const) expect(freshnessView(inputs({ link })).icon).toBeTruthy();
  });

  it('lets the data on screen that goes stale first speak for the page', () => {
    expect(oldestOnScreen([])).toBeNull();
    const fresh = { asOf: at(1), staleAfterSeconds: 15 };
    const old = { asOf: at(10), staleAfterSeconds: 15 };
    const loading = { asOf: null, staleAfterSeconds: 15 };
    expect(oldestOnScreen([fresh, old, loading])).toBe(old);
    expect(oldestOnScreen([loading, fresh])).toBe(fresh);
    expect(
      oldestOnScreen([
        { asOf: at(10), staleAfterSeconds: 60 },
        { asOf: at(5), staleAfterSeconds: 3 },
      ]),
    ).toEqual({ asOf: at(5), staleAfterSeconds: 3 });
  });
});
