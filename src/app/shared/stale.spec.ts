import { staleSeconds } from './stale';

describe('stale data', () => {
  it('is stale only past the threshold, with its age in seconds', () => {
    expect(staleSeconds(10_000, 25_000, 15)).toBeNull();
    expect(staleSeconds(10_000, 26_000, 15)).toBe(16);
  });

  it('is not stale before the first snapshot', () => {
    expect(staleSeconds(null, 1e12, 15)).toBeNull();
  });
});
