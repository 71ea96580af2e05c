import { DEFAULT_THRESHOLDS, LevelHold, levelOf, thresholdProblems } from './thresholds';

describe('thresholds', () => {
  it('has the defaults a contact centre expects', () => {
    expect(DEFAULT_THRESHOLDS).toEqual({
      serviceLevel: { warning: 80, critical: 70 },
      longestWait: { warning: 60, critical: 120 },
      abandonRate: { warning: 5, critical: 8 },
      holdSeconds: 5,
    });
  });

  it('service level warns below 80 % and is critical below 70 % (lower is worse)', () => {
    const level = (value: number) => levelOf('serviceLevel', value, DEFAULT_THRESHOLDS);
    expect([level(100), level(80), level(79.9), level(70), level(69.9), level(0)]).toEqual(['ok', 'ok', 'warning', 'warning', 'critical', 'critical']);
  });

  it('longest wait warns over 60 s and is critical over 120 s; abandon rate over 5 % and 8 %', () => {
    const wait = (value: number) => levelOf('longestWait', value, DEFAULT_THRESHOLDS);
    expect([wait(0), wait(60), wait(61), wait(120), wait(121)]).toEqual(['ok', 'ok', 'warning', 'warning', 'critical']);
    const abandon = (value: number) => levelOf('abandonRate', value, DEFAULT_THRESHOLDS);
    expect([abandon(5), abandon(5.1), abandon(8), abandon(8.1)]).toEqual(['ok', 'warning', 'warning', 'critical']);
  });

  it('gives no level to a figure without a value', () => {
    expect(levelOf('serviceLevel', null, DEFAULT_THRESHOLDS)).toBeUndefined();
    expect(levelOf('longestWait', undefined, DEFAULT_THRESHOLDS)).toBeUndefined();
  });

  it('finds thresholds in the wrong order or out of range', () => {
    expect(thresholdProblems(DEFAULT_THRESHOLDS)).toEqual([]);
    expect(thresholdProblems({ ...DEFAULT_THRESHOLDS, serviceLevel: { warning: 70, critical: 80 } })).toEqual([{ kpi: 'serviceLevel', problem: 'order' }]);
    expect(thresholdProblems({ ...DEFAULT_THRESHOLDS, longestWait: { warning: 120, critical: 60 } })).toEqual([{ kpi: 'longestWait', problem: 'order' }]);
    expect(thresholdProblems({ ...DEFAULT_THRESHOLDS, abandonRate: { warning: 5, critical: 101 } })).toEqual([{ kpi: 'abandonRate', problem: 'range' }]);
    expect(thresholdProblems({ ...DEFAULT_THRESHOLDS, longestWait: { warning: NaN, critical: 60 } })).toEqual([{ kpi: 'longestWait', problem: 'range' }]);
    expect(thresholdProblems({ ...DEFAULT_THRESHOLDS, holdSeconds: -1 })).toEqual([{ kpi: 'holdSeconds', problem: 'range' }]);
  });
});

describe('held levels', () => {
  const HOLD = 5_000;

  it('shows the first level at once, so a board opened mid-incident is red straight away', () => {
    expect(new LevelHold().level('t', 'critical', 0, HOLD)).toBe('critical');
  });

  it('changes level only after the new level has held for the hold time', () => {
    const hold = new LevelHold();
    hold.level('t', 'ok', 0, HOLD);
    expect(hold.level('t', 'warning', 1_000, HOLD)).toBe('ok');
    expect(hold.level('t', 'warning', 5_999, HOLD)).toBe('ok');
    expect(hold.level('t', 'warning', 6_000, HOLD)).toBe('warning');
  });

  it('does not flicker when a figure hovers at a boundary', () => {
    const hold = new LevelHold();
    hold.level('t', 'ok', 0, HOLD);
    const shown = [];
    for (let t = 1_000; t <= 20_000; t += 1_000) shown.push(hold.level('t', t % 2_000 ? 'warning' : 'ok', t, HOLD));
    expect(new Set(shown)).toEqual(new Set(['ok']));
  });

  it('restarts the hold when the candidate level changes again', () => {
    const hold = new LevelHold();
    hold.level('t', 'ok', 0, HOLD);
    hold.level('t', 'warning', 1_000, HOLD);
    hold.level('t', 'critical', 4_000, HOLD);
    expect(hold.level('t', 'critical', 8_000, HOLD)).toBe('ok');
    expect(hold.level('t', 'critical', 9_000, HOLD)).toBe('critical');
  });

  it('with a hold time of 0 follows the figure at once', () => {
    const hold = new LevelHold();
    hold.level('t', 'ok', 0, 0);
    expect(hold.level('t', 'critical', 1, 0)).toBe('critical');
  });

  it('keeps figures apart and forgets those of tiles that left', () => {
    const hold = new LevelHold();
    hold.level('a', 'ok', 0, HOLD);
    hold.level('b', 'critical', 0, HOLD);
    hold.retain(new Set(['a']));
    expect(hold.level('b', 'ok', 1, HOLD)).toBe('ok');
    expect(hold.level('a', 'critical', 1, HOLD)).toBe('ok');
  });
});
