import { RingBuffer, TrendSeries, trendEnd } from './trend';

describe('ring buffer', () => {
  it('keeps the last `capacity` items in order', () => {
    const ring = new RingBuffer<number>(3);
    [1, 2, 3, 4, 5].forEach((n) => ring.push(n));
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.length).toBe(3);
    expect(ring.last()).toBe(5);
    ring.replaceLast(9);
    expect(ring.toArray()).toEqual([3, 4, 9]);
  });
});

describe('trend series', () => {
  it('keeps one point per bucket: the last value seen in it', () => {
    const series = new TrendSeries(60_000, 10_000);
    series.record('k', 1_000, 1);
    series.record('k', 9_000, 2);
    series.record('k', 12_000, 3);
    expect(series.points('k', 12_000)).toEqual([
      { at: 0, value: 2 },
      { at: 10_000, value: 3 },
    ]);
  });

  it('stays bounded however long it runs, and shows only the window', () => {
    const series = new TrendSeries(30 * 60_000, 10_000);
    for (let t = 0; t < 24 * 3_600_000; t += 1_000) series.record('k', t, t % 7);
    const points = series.points('k', 24 * 3_600_000 - 1_000);
    expect(series.held('k')).toBe(181);
    expect(points.length).toBeLessThanOrEqual(181);
    expect(points[0].at).toBeGreaterThanOrEqual(24 * 3_600_000 - 1_000 - 30 * 60_000);
  });

  it('keeps gaps (null) and ignores samples older than the last point', () => {
    const series = new TrendSeries(60_000, 10_000);
    series.record('k', 20_000, null);
    series.record('k', 5_000, 7);
    expect(series.points('k', 20_000)).toEqual([{ at: 20_000, value: null }]);
  });

  it('forgets series with nothing in the window (tiles that left the board)', () => {
    const series = new TrendSeries(60_000, 10_000);
    series.record('gone', 0, 1);
    series.record('here', 100_000, 1);
    series.prune(100_000);
    expect(series.size).toBe(1);
  });
});

describe('trend points handed to sparklines', () => {
  it('are the same array while nothing changes, so a sparkline is not redrawn every second', () => {
    const series = new TrendSeries(60_000, 10_000);
    series.record('k', 1_000, 4);
    const first = series.points('k', 1_000);
    series.record('k', 2_000, 4); // the same value in the same bucket
    expect(series.points('k', 5_000)).toBe(first);
  });

  it('are new once a value moves, a bucket begins or the oldest point leaves the window', () => {
    const series = new TrendSeries(60_000, 10_000);
    series.record('k', 1_000, 4);
    const first = series.points('k', 1_000);
    series.record('k', 2_000, 5);
    const moved = series.points('k', 2_000);
    expect(moved).not.toBe(first);
    expect(moved).toEqual([{ at: 0, value: 5 }]);
    series.record('k', 11_000, 5);
    const next = series.points('k', 11_000);
    expect(next).toEqual([
      { at: 0, value: 5 },
      { at: 10_000, value: 5 },
    ]);
    expect(series.points('k', 60_000)).toBe(next);
    expect(series.points('k', 60_001)).toEqual([{ at: 10_000, value: 5 }]);
  });

  it('end at the end of the current bucket: lines move once a bucket', () => {
    expect(trendEnd(0, 10_000)).toBe(10_000);
    expect(trendEnd(9_999, 10_000)).toBe(10_000);
    expect(trendEnd(10_000, 10_000)).toBe(20_000);
  });
});
