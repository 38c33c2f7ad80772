import { describe, expect, it } from 'vitest';
import { CrmError } from '../../src/core/index.js';
import {
  calendarMonthLengths,
  continuousDiscountRate,
  convertDiscountRate,
  convertDuration,
  daysPerUnit,
  lifetimesStepsPerMonth,
} from '../../src/clv/units.js';

describe('units', () => {
  it('months are 365.25/12 days unless 30-day months are asked for', () => {
    expect(daysPerUnit('month')).toBe(30.4375);
    expect(daysPerUnit('quarter')).toBe(91.3125);
    expect(daysPerUnit('month', { month: '30-day' })).toBe(30);
    expect(daysPerUnit('week', { month: '30-day' })).toBe(7);
    expect(convertDuration(12, 'month', 'week')).toBeCloseTo(365.25 / 7, 12);
    expect(convertDuration(1, 'year', 'day')).toBe(365.25);
    expect(convertDuration(2, 'month', 'day', { month: '30-day' })).toBe(60);
  });

  it('discount rates convert by compounding and round-trip', () => {
    const monthly = convertDiscountRate(0.1, 'year', 'month');
    expect((1 + monthly) ** 12).toBeCloseTo(1.1, 14);
    expect(convertDiscountRate(monthly, 'month', 'year')).toBeCloseTo(0.1, 14);
    expect(convertDiscountRate(0.01, 'month', 'year')).toBeCloseTo(1.01 ** 12 - 1, 14);
    expect(convertDiscountRate(0.15, 'year', 'week')).toBeCloseTo(Math.exp(Math.log(1.15) * 7 / 365.25) - 1, 15);
    expect(continuousDiscountRate(0.1)).toBeCloseTo(0.0953101798, 10);
  });

  it('calendar months follow the calendar and clamp to month ends', () => {
    expect(calendarMonthLengths('2024-01-15', 3)).toEqual([31, 29, 31]);
    expect(calendarMonthLengths('2023-01-31', 3)).toEqual([28, 31, 30]);
    expect(calendarMonthLengths('2024-01-01', 12).reduce((a, b) => a + b, 0)).toBe(366);
    expect(calendarMonthLengths('2024-01-01', 0)).toEqual([]);
  });

  it("lifetimes' month steps", () => {
    expect(lifetimesStepsPerMonth('day')).toBe(30);
    expect(lifetimesStepsPerMonth('week')).toBe(4.345);
    expect(lifetimesStepsPerMonth('month')).toBe(1);
    expect(() => lifetimesStepsPerMonth('year')).toThrow(CrmError);
  });

  it('rejects unknown units and negative rates', () => {
    expect(() => daysPerUnit('fortnight' as never)).toThrow(CrmError);
    expect(() => convertDiscountRate(-0.1, 'year', 'month')).toThrow(CrmError);
    expect(() => continuousDiscountRate(Number.NaN)).toThrow(CrmError);
    expect(() => calendarMonthLengths('nope', 2)).toThrow(CrmError);
    expect(() => calendarMonthLengths('2024-01-01', -1)).toThrow(CrmError);
  });
});

describe('JSDoc examples (units.ts)', () => {
  it('as written', () => {
    expect(convertDuration(12, 'month', 'week')).toBeCloseTo(52.178571428571, 10);
    expect(convertDiscountRate(0.1, 'year', 'month')).toBeCloseTo(0.0079741404289037, 14);
    expect(convertDiscountRate(0.01, 'month', 'year')).toBeCloseTo(0.12682503013196977, 14);
    expect(continuousDiscountRate(0.1)).toBeCloseTo(0.09531017980432493, 15);
    expect(lifetimesStepsPerMonth('week')).toBe(4.345);
  });
});
