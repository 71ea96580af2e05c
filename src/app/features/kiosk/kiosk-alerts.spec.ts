import { AlertRule } from './kiosk-alerts';

describe('kiosk alert rule', () => {
  const REPEAT = 180_000;
  const HOLD = 5_000;

  it('sounds once a tile has stayed critical for the hold time, not for a spike', () => {
    const rule = new AlertRule(REPEAT, HOLD);
    expect(rule.report('services', ['a'], 0)).toBeFalse();
    expect(rule.report('services', [], 2_000)).toBeFalse();
    expect(rule.report('services', ['a'], 3_000)).toBeFalse();
    expect(rule.repeat(7_999)).toBeFalse();
    expect(rule.repeat(8_000)).toBeTrue();
    expect(rule.report('services', ['a'], 9_000)).toBeFalse();
  });

  it('sounds at most once per repeat time, even for new tiles', () => {
    const rule = new AlertRule(REPEAT, 0);
    expect(rule.report('services', ['a'], 0)).toBeTrue();
    expect(rule.report('services', ['a', 'b'], 10_000)).toBeFalse();
    expect(rule.report('services', ['a', 'b', 'c'], REPEAT + 1)).toBeTrue();
  });

  it('repeats while anything stays critical, and stops when all are back', () => {
    const rule = new AlertRule(REPEAT, 0);
    rule.report('services', ['a'], 0);
    expect(rule.repeat(REPEAT - 1)).toBeFalse();
    expect(rule.repeat(REPEAT)).toBeTrue();
    rule.report('services', [], REPEAT + 1);
    expect(rule.repeat(3 * REPEAT)).toBeFalse();
  });

  it('sounds again for a tile that recovered and turned critical again', () => {
    const rule = new AlertRule(0, 0);
    rule.report('groups', ['a'], 0);
    rule.report('groups', [], 1);
    expect(rule.report('groups', ['a'], 2)).toBeTrue();
  });

  it('forgets a source that reports no critical tile (a slide that left)', () => {
    const rule = new AlertRule(REPEAT, 0);
    rule.report('board/services', ['a'], 0);
    rule.report('board/services', [], 1);
    expect(rule.anyCritical()).toBeFalse();
  });

  describe('breach warnings', () => {
    it('sound once per warning, however long it stays up, and not for one already sounding', () => {
      const rule = new AlertRule(REPEAT, HOLD);
      expect(rule.warnings('board/services', ['service/service_1/CALL'])).toBeTrue();
      expect(rule.warnings('board/services', ['service/service_1/CALL'])).toBeFalse();
      expect(rule.repeat(10 * REPEAT)).toBeFalse();
      // A second tile warning: it sounds; the first does not again.
      expect(rule.warnings('board/services', ['service/service_1/CALL', 'service/service_2/CALL'])).toBeTrue();
      expect(rule.warnings('board/services', ['service/service_2/CALL'])).toBeFalse();
    });

    it('a warning that cleared and came back sounds again', () => {
      const rule = new AlertRule(REPEAT, HOLD);
      rule.warnings('board/services', ['a']);
      rule.warnings('board/services', []);
      expect(rule.warnings('board/services', ['a'])).toBeTrue();
    });

    it('a slide that left and comes round again (nothing reported meanwhile) does not sound its warnings again', () => {
      const rule = new AlertRule(REPEAT, HOLD);
      rule.warnings('board-1/services', ['a']);
      // Another slide plays, with its own warning.
      expect(rule.warnings('board-2/services', ['a'])).toBeTrue();
      expect(rule.warnings('board-1/services', ['a'])).toBeFalse();
    });

    it('are apart from the critical alerts: neither holds back the other', () => {
      const rule = new AlertRule(REPEAT, 0);
      expect(rule.report('services', ['a'], 0)).toBeTrue();
      expect(rule.warnings('services', ['b'])).toBeTrue();
      expect(rule.report('services', ['a', 'c'], 1_000)).toBeFalse();
      expect(rule.anyCritical()).toBeTrue();
    });
  });
});
