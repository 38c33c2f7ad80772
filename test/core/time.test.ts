import { describe, expect, it } from 'vitest';
import { CrmError, dayToIsoDate, periodIndex, periodStart, toDayNumber, tryDayNumber } from '../../src/core/index.js';

describe('toDayNumber', () => {
  it('reads ISO dates, date-times, zones, Dates and epoch ms as UTC', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1970-01-02')).toBe(1);
    expect(toDayNumber('2024-03-01T12:00:00Z')).toBe(19783.5);
    expect(toDayNumber('2024-03-01 12:00:00')).toBe(19783.5);
    expect(toDayNumber('2024-03-01T14:00:00+02:00')).toBe(19783.5);
    expect(toDayNumber(new Date(Date.UTC(2024, 2, 1)))).toBe(19783);
    expect(toDayNumber(86_400_000 * 3)).toBe(3);
    expect(toDayNumber('2100-12-31')).toBe(Date.UTC(2100, 11, 31) / 86_400_000);
  });
  it('handles leap days and rejects impossible dates', () => {
    expect(dayToIsoDate(toDayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(tryDayNumber('2023-02-29')).toBeUndefined();
    expect(tryDayNumber('2024-13-01')).toBeUndefined();
    expect(tryDayNumber('yesterday')).toBeUndefined();
    expect(tryDayNumber(Number.NaN)).toBeUndefined();
    expect(tryDayNumber(new Date('x'))).toBeUndefined();
  });
  it('throws CrmError with the path', () => {
    try {
      toDayNumber('nope', [3, 'date']);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CrmError);
      expect((e as CrmError).path).toEqual([3, 'date']);
      expect((e as CrmError).message).toContain('[3].date');
    }
  });
});

describe('calendar periods', () => {
  it('indexes months, quarters, years and ISO weeks', () => {
    const d = toDayNumber('1970-02-15');
    expect(periodIndex(d, 'month')).toBe(1);
    expect(periodIndex(toDayNumber('2024-05-31'), 'quarter')).toBe((2024 - 1970) * 4 + 1);
    expect(dayToIsoDate(periodStart(periodIndex(toDayNumber('2024-05-31'), 'month'), 'month'))).toBe('2024-05-01');
    // 2024-01-01 is a Monday: it starts a week; 2023-12-31 (Sunday) is in the previous one.
    const monday = toDayNumber('2024-01-01');
    expect(periodIndex(monday, 'week')).toBe(periodIndex(monday - 1, 'week') + 1);
    expect(periodStart(periodIndex(monday + 6, 'week'), 'week')).toBe(monday);
  });
});
