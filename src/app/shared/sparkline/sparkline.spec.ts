import { sparklinePath } from './sparkline';

describe('sparkline path', () => {
  const WINDOW = 60_000;

  it('places points by time across the window and by value within the scale', () => {
    const path = sparklinePath(
      [
        { at: 0, value: 0 },
        { at: 60_000, value: 100 },
      ],
      60_000,
      WINDOW,
      { floor: 0, ceiling: 100 },
    );
    expect(path.d).toBe('M0.0 27.0L120.0 1.0');
    expect(path).toEqual(jasmine.objectContaining({ min: 0, max: 100, last: 100 }));
  });

  it('breaks the line at gaps', () => {
    const path = sparklinePath(
      [
        { at: 0, value: 1 },
        { at: 10_000, value: null },
        { at: 20_000, value: 2 },
        { at: 30_000, value: 3 },
      ],
      60_000,
      WINDOW,
    );
    expect(path.d.match(/M/g)!.length).toBe(2);
  });

  it('draws nothing with fewer than two values', () => {
    expect(sparklinePath([], 0, WINDOW).d).toBe('');
    expect(sparklinePath([{ at: 0, value: 4 }], 0, WINDOW)).toEqual({ d: '', min: 4, max: 4, last: 4 });
  });
});
