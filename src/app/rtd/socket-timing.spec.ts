import { backoffMs, pongDeadline } from './socket-timing';

describe('socket reconnect backoff', () => {
  const options = { retryBaseMs: 1000, retryMaxMs: 30000 };

  it('doubles from the base up to the cap, never beyond', () => {
    const upper = (attempt: number) => backoffMs(attempt, options, () => 0.999999);
    expect(upper(0)).toBeLessThanOrEqual(1000);
    expect(upper(1)).toBeLessThanOrEqual(2000);
    expect(upper(3)).toBeGreaterThan(4000);
    expect(upper(20)).toBeLessThanOrEqual(30000);
  });

  it('jitters between half and all of the ceiling, so displays do not reconnect in step', () => {
    expect(backoffMs(2, options, () => 0)).toBe(2000);
    expect(backoffMs(2, options, () => 0.5)).toBe(3000);
    const waits = new Set(Array.from({ length: 20 }, () => backoffMs(5, options)));
    expect(waits.size).toBeGreaterThan(1);
  });
});

describe('pong deadline', () => {
  beforeEach(() => jasmine.clock().install().mockDate(new Date(0)));
  afterEach(() => jasmine.clock().uninstall());

  it('declares the socket dead when no pong came in time', () => {
    const dead = jasmine.createSpy('dead');
    pongDeadline(3_000, dead, () => undefined);
    jasmine.clock().tick(2_999);
    expect(dead).not.toHaveBeenCalled();
    jasmine.clock().tick(1);
    expect(dead).toHaveBeenCalledTimes(1);
  });

  it('waits again when its timer fired late: the page was busy and the pong may be unread behind the long task', () => {
    const dead = jasmine.createSpy('dead');
    const rearmed = jasmine.createSpy('rearmed');
    pongDeadline(3_000, dead, rearmed);
    // A 4 s long task: the clock moves on while the timer cannot fire.
    jasmine.clock().mockDate(new Date(7_000));
    jasmine.clock().tick(3_000);
    expect(dead).not.toHaveBeenCalled();
    expect(rearmed).toHaveBeenCalledTimes(1);
    jasmine.clock().tick(3_000);
    expect(dead).toHaveBeenCalledTimes(1);
  });
});
