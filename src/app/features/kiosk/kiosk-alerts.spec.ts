import { AlertRule } from './kiosk-alerts';

describe('kiosk alert rule', () => {
  const REPEAT = 180_000;

  it('sounds when a tile turns critical, not again for the same tile', () => {
    const rule = new AlertRule(REPEAT);
    expect(rule.report('services', ['a'], 0)).toBeTrue();
    expect(rule.report('services', ['a'], 1_000)).toBeFalse();
  });

  it('sounds at most once per repeat time, even for new tiles', () => {
    const rule = new AlertRule(REPEAT);
    rule.report('services', ['a'], 0);
    expect(rule.report('services', ['a', 'b'], 10_000)).toBeFalse();
    expect(rule.report('services', ['a', 'b', 'c'], REPEAT + 1)).toBeTrue();
  });

  it('repeats while anything stays critical, and stops when all are back', () => {
    const rule = new AlertRule(REPEAT);
    rule.report('services', ['a'], 0);
    expect(rule.repeat(REPEAT - 1)).toBeFalse();
    expect(rule.repeat(REPEAT)).toBeTrue();
    rule.report('services', [], REPEAT + 1);
    expect(rule.repeat(3 * REPEAT)).toBeFalse();
  });

  it('sounds again for a tile that recovered and turned critical again', () => {
    const rule = new AlertRule(0);
    rule.report('groups', ['a'], 0);
    rule.report('groups', [], 1);
    expect(rule.report('groups', ['a'], 2)).toBeTrue();
  });
});
