import { sparklinePath } from './sparkline/sparkline';
import { RingBuffer, TrendSeries, recordedPoints, trendEnd } from './trend';

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

describe('recorded trend points (history at load)', () => {
  const MIN = 60_000;
  const T0 = 1_800_000_000_000 - (1_800_000_000_000 % MIN);

  it('puts each minute in its last bucket (the value at its end), the minute in progress at the bucket of now', () => {
    const now = T0 + 2 * MIN + 25_000;
    const points = recordedPoints(
      [
        { minute: T0, value: 3 },
        { minute: T0 + MIN, value: 4 },
        { minute: T0 + 2 * MIN, value: 5 },
      ],
      now,
      MIN,
      10_000,
    );
    expect(points).toEqual([
      { at: T0 + 50_000, value: 3, recorded: true },
      { at: T0 + MIN + 50_000, value: 4, recorded: true },
      { at: T0 + 2 * MIN + 20_000, value: 5, recorded: true },
    ]);
  });

  it('breaks the line at a minute the recorder did not see, and after its last minute when it stopped', () => {
    const now = T0 + 6 * MIN + 5_000;
    const points = recordedPoints(
      [
        { minute: T0, value: 3 },
        { minute: T0 + 3 * MIN, value: 4 },
      ],
      now,
      MIN,
      10_000,
    );
    expect(points.map((point) => point.value)).toEqual([3, null, 4, null]);
    expect(points[1].at).toBe(T0 + MIN + 50_000);
    expect(points[3].at).toBe(T0 + 3 * MIN + 60_000);
    // Drawn, the gaps are gaps: two separate pieces, never one line across.
    expect(sparklinePath(points, now, 30 * MIN).d.match(/M/g)?.length).toBe(2);
  });

  it('never replaces a live bucket, replaces its own earlier reading, and keeps the live series going after it', () => {
    const series = new TrendSeries(30 * MIN, 10_000);
    const now = T0 + 5 * MIN + 20_000;
    series.record('k', now, 7);
    series.backfill(
      'k',
      recordedPoints(
        [
          { minute: T0 + 4 * MIN, value: 2 },
          { minute: T0 + 5 * MIN, value: 9 },
        ],
        now,
        MIN,
        10_000,
      ),
    );
    // The minute in progress falls in the live bucket: the live value stays.
    expect(series.points('k', now)).toEqual([
      { at: T0 + 4 * MIN + 50_000, value: 2, recorded: true },
      { at: T0 + 5 * MIN + 20_000, value: 7 },
    ]);
    // The minute read again a minute later is placed anew; live points are never moved.
    series.backfill(
      'k',
      recordedPoints(
        [
          { minute: T0 + 4 * MIN, value: 3 },
          { minute: T0 + 5 * MIN, value: 8 },
        ],
        now + MIN,
        MIN,
        10_000,
      ),
    );
    expect(series.points('k', now + MIN).map((point) => `${point.at - T0}:${point.value}`)).toEqual(['290000:3', '320000:7', '350000:8']);
    series.record('k', now + MIN, 1);
    expect(series.points('k', now + MIN).at(-1)).toEqual({ at: T0 + 6 * MIN + 20_000, value: 1 });
  });

  it('stays within its capacity when history and live data fill the window', () => {
    const series = new TrendSeries(30 * MIN, 10_000);
    const start = T0;
    for (let t = start; t < start + 30 * MIN; t += 10_000) series.record('k', t, 1);
    const now = start + 30 * MIN;
    series.backfill(
      'k',
      recordedPoints(
        Array.from({ length: 60 }, (_, i) => ({ minute: start - 30 * MIN + i * MIN, value: 2 })),
        now,
        MIN,
        10_000,
      ),
    );
    expect(series.held('k')).toBeLessThanOrEqual(181);
    expect(series.points('k', now).every((point) => point.value === 1)).toBeTrue();
  });
});
