import { TestBed } from '@angular/core/testing';
import { DEFAULT_QUIET_RELOAD, QUIET_RELOAD_OPTIONS, QuietReload, RELOAD_CLOCK, RELOAD_PAGE, isQuietMoment } from './quiet-reload';

describe('isQuietMoment', () => {
  const rules = { quietMs: 30_000, minUptimeMs: 60_000 };

  it('never within the first minute after the page loaded', () => {
    expect(isQuietMoment(59_999, 0, null, rules)).toBeFalse();
    expect(isQuietMoment(60_000, 0, null, rules)).toBeTrue();
  });

  it('not within 30 s of the last user input', () => {
    expect(isQuietMoment(100_000, 0, 75_000, rules)).toBeFalse();
    expect(isQuietMoment(105_000, 0, 75_000, rules)).toBeTrue();
  });
});

describe('QuietReload', () => {
  let now: number;
  let reloads: number;

  beforeEach(() => {
    now = 1_000_000;
    reloads = 0;
    TestBed.configureTestingModule({
      providers: [
        { provide: RELOAD_CLOCK, useValue: () => now },
        { provide: RELOAD_PAGE, useValue: () => reloads++ },
        { provide: QUIET_RELOAD_OPTIONS, useValue: { ...DEFAULT_QUIET_RELOAD, checkEveryMs: 60_000 } },
      ],
    });
  });

  it('waits out the first minute, then reloads once', () => {
    const reload = TestBed.inject(QuietReload);
    now += 10_000;
    reload.requestReload('server upgraded to 1.0.3');
    expect(reloads).toBe(0);
    expect(reload.pending()).toBe('server upgraded to 1.0.3');
    now += 50_000;
    expect(reload.check()).toBeTrue();
    expect(reloads).toBe(1);
  });

  it('waits until nobody has touched the screen for 30 s', () => {
    const reload = TestBed.inject(QuietReload);
    now += 120_000;
    reload.noteInput();
    now += 20_000;
    reload.requestReload('new app build');
    expect(reloads).toBe(0);
    now += 9_000;
    expect(reload.check()).toBeFalse();
    now += 1_000;
    expect(reload.check()).toBeTrue();
    expect(reloads).toBe(1);
  });

  it('takes a keypress on the page as user input', () => {
    const reload = TestBed.inject(QuietReload);
    now += 120_000;
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    reload.requestReload('new app build');
    expect(reloads).toBe(0);
  });

  it('reloads at once when the moment is already quiet, and does nothing without a request', () => {
    const reload = TestBed.inject(QuietReload);
    now += 120_000;
    expect(reload.check()).toBeFalse();
    reload.requestReload('server upgraded');
    expect(reloads).toBe(1);
  });
});
