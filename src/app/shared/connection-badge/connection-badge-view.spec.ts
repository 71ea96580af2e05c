import { connectionBadgeView } from './connection-badge-view';

describe('connection badge view', () => {
  const now = 1_000_000;

  it('shows LIVE with an icon when the socket is up and the server healthy', () => {
    expect(connectionBadgeView('live', 0, null, now)).toEqual(jasmine.objectContaining({ state: 'live', tone: 'ok', labelKey: 'connection.live', icon: 'sensors' }));
  });

  it('says CATCHING UP with how far behind, not LIVE, while the screen lags what has arrived', () => {
    const view = connectionBadgeView('live', 0, null, now, 3_000);
    expect(view).toEqual(jasmine.objectContaining({ state: 'catching-up', tone: 'warning', labelKey: 'connection.catchingUp', labelParams: { seconds: 3 }, hintKey: 'connection.catchingUpHint' }));
    expect(connectionBadgeView('reconnecting', 1, null, now, 3_000).state)
      .withContext('a link that is down says so first')
      .toBe('reconnecting');
  });

  it('shows FAIL, not LIVE, when the server reports that it is failing', () => {
    const view = connectionBadgeView('degraded', 0, null, now);
    expect(view.state).toBe('fail');
    expect(view.tone).toBe('critical');
    expect(view.labelKey).toBe('connection.degraded');
    expect(view.hintKey).toBe('connection.degradedHint');
  });

  it('shows RECONNECTING with the attempt and the seconds to the next try', () => {
    const view = connectionBadgeView('reconnecting', 3, now + 4_200, now);
    expect(view.state).toBe('reconnecting');
    expect(view.labelKey).toBe('connection.reconnectingAttempt');
    expect(view.labelParams).toEqual({ attempt: 3 });
    expect(view.retryInSeconds).toBe(5);
  });

  it('does not count down to a retry that is already due', () => {
    expect(connectionBadgeView('reconnecting', 1, now - 10, now).retryInSeconds).toBeUndefined();
    expect(connectionBadgeView('reconnecting', 0, null, now).labelKey).toBe('connection.reconnecting');
  });

  it('shows OFFLINE as critical, and idle or connecting as neutral', () => {
    expect(connectionBadgeView('offline', 0, null, now)).toEqual(jasmine.objectContaining({ state: 'offline', tone: 'critical' }));
    expect(connectionBadgeView('connecting', 0, null, now)).toEqual(jasmine.objectContaining({ state: 'connecting', tone: 'neutral' }));
    expect(connectionBadgeView('idle', 0, null, now)).toEqual(jasmine.objectContaining({ state: 'idle', tone: 'neutral' }));
  });

  it('gives every state an icon as well as a colour', () => {
    for (const badge of ['live', 'degraded', 'connecting', 'reconnecting', 'offline', 'idle'] as const) expect(connectionBadgeView(badge, 1, null, now).icon).toBeTruthy();
  });
});
