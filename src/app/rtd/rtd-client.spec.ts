import { backoffMs } from './rtd-client';

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
