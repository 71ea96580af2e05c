import { abandonRatePercent, serviceLevelPercent } from './kpi-formulas';

describe('KPI formulas', () => {
  it('service level is answered within the speed limit over answered, in %', () => {
    expect(serviceLevelPercent(8, 10)).toBe(80);
    expect(serviceLevelPercent(0, 4)).toBe(0);
    expect(serviceLevelPercent(7, 7)).toBe(100);
  });

  it('abandon rate is abandoned over answered + abandoned, in %', () => {
    expect(abandonRatePercent(1, 9)).toBe(10);
    expect(abandonRatePercent(3, 0)).toBe(100);
    expect(abandonRatePercent(0, 5)).toBe(0);
  });

  it('has no value (null, not 0 % or 100 %) before there is anything to divide by', () => {
    expect(serviceLevelPercent(0, 0)).toBeNull();
    expect(abandonRatePercent(0, 0)).toBeNull();
  });
});
