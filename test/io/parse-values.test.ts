import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoToMs } from '../../src/core/index.js';
import { parseDateField, parseStrictNumber } from '../../src/io/index.js';

describe('parseStrictNumber', () => {
  it('accepts plain decimal notation only', () => {
    expect(parseStrictNumber('12.5')).toBe(12.5);
    expect(parseStrictNumber(' -0.25 ')).toBe(-0.25);
    expect(parseStrictNumber('.5')).toBe(0.5);
    expect(parseStrictNumber('5.')).toBe(5);
    expect(parseStrictNumber('+1e3')).toBe(1000);
    for (const bad of ['', ' ', '1,000', '12abc', 'NaN', 'Infinity', '-Infinity', '0x10', '1e999', '1_000', '--1', '.', 'e5', '1 2']) {
      expect(parseStrictNumber(bad), bad).toBeUndefined();
    }
  });
  it("decimal ',' accepts 12,5 and rejects dots", () => {
    expect(parseStrictNumber('12,5', ',')).toBe(12.5);
    expect(parseStrictNumber('1.000,5', ',')).toBeUndefined();
    expect(parseStrictNumber('1,000,5', ',')).toBeUndefined();
  });
  it('round-trips every finite double written by String()', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(parseStrictNumber(String(x)) === x).toBe(true); // === so that -0 reads back as 0
      }),
      { seed: 7, numRuns: 2000 },
    );
  });
});

describe('parseDateField', () => {
  it('iso: accepts exactly what core parses (fast path agrees with parseIsoToMs)', () => {
    const samples = ['2024-01-31', '2024-02-29', '2023-02-29', '2024-13-01', '2024-01-31 23:59:59', '2024-01-31T24:00', '2024-01-31T12:00:00Z', '2024-01-31T12:00:00+02:00', '2024-1-1', '31/01/2024', '2024-01-31T25:00'];
    for (const s of samples) expect(parseDateField(s, 'iso') !== undefined, s).toBe(parseIsoToMs(s) !== undefined);
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 25 }), (y, m, d, h) => {
        const s = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')} ${String(h).padStart(2, '0')}:30:00`;
        expect(parseDateField(s, 'iso') !== undefined).toBe(parseIsoToMs(s) !== undefined);
      }),
      { seed: 3, numRuns: 3000 },
    );
  });
  it('iso: the char-code shape check agrees with parseIsoToMs on near-ISO text', () => {
    const shaped = fc
      .array(fc.constantFrom('0', '1', '2', '3', '5', '6', '9', '-', ':', 'T', ' ', 'Z'), { minLength: 6, maxLength: 9 })
      .map((cs) => `2024-0${cs[0]}-1${cs[1]}${cs.slice(2).join('')}`.slice(0, 19));
    fc.assert(
      fc.property(fc.oneof(shaped, fc.constantFrom('2024-01-31T23:59', '2024-01-31 19:05:59', '2024-01-31T20:60', '2024-01-31T30:00', '2024-01-31x12:00')), (s) => {
        expect(parseDateField(s, 'iso') !== undefined, s).toBe(parseIsoToMs(s) !== undefined);
      }),
      { seed: 5, numRuns: 3000 },
    );
  });

  it('yyyymmdd, mdy, dmy, epochs', () => {
    expect(parseDateField('19970101', 'yyyymmdd')).toBe('1997-01-01');
    expect(parseDateField('19970229', 'yyyymmdd')).toBeUndefined();
    expect(parseDateField('12/1/2010 8:26', 'mdy')).toBe('2010-12-01T08:26:00');
    expect(parseDateField('1.12.2010', 'dmy')).toBe('2010-12-01');
    expect(parseDateField('2/30/2010', 'mdy')).toBeUndefined();
    expect(parseDateField('12/1/2010 24:00', 'mdy')).toBeUndefined();
    expect(parseDateField('1.5', 'epoch-s')).toBe(1500);
    expect(parseDateField('1e20', 'epoch-ms')).toBeUndefined();
  });
});
