import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tryDayNumber } from '../../src/core/index.js';
import { amountAt, isBlank, isoDayAt, orBytes, trimEnd, trimStart } from '../../src/io/byte-fields.js';
import { parseDateField, parseStrictNumber } from '../../src/io/parse-values.js';

const bytes = (t: string): Buffer => Buffer.from(t, 'latin1');

/** The string path's day for an ISO text, or undefined when it rejects the text. */
function stringDay(t: string): number | undefined {
  const v = parseDateField(t, 'iso');
  if (v === undefined) return undefined;
  const d = tryDayNumber(v);
  return d === undefined ? undefined : Math.floor(d);
}

describe('byte-level field readers', () => {
  it('isoDayAt gives the string path\'s day or declines (-1), never another day', () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(2, '0'));
    const date = fc.tuple(fc.integer({ min: 1800, max: 2200 }), two(13), two(32)).map(([y, m, d]) => `${y}-${m}-${d}`);
    const time = fc.tuple(fc.constantFrom('T', ' ', 'x'), two(25), two(61), two(61)).map(([s, h, m, x]) => `${s}${h}:${m}:${x}`);
    const text = fc.tuple(date, fc.option(time), fc.constantFrom('', 'Z', '.5')).map(([d, t, z]) => `${d}${t ?? ''}${z}`);
    fc.assert(
      fc.property(text, (t) => {
        const fast = isoDayAt(bytes(t), 0, t.length);
        if (fast !== -1) expect(fast).toBe(stringDay(t));
      }),
      { numRuns: 5000 },
    );
    expect(isoDayAt(bytes('2024-02-29T23:59:59'), 0, 19)).toBe(stringDay('2024-02-29'));
    expect(isoDayAt(bytes('2023-02-29'), 0, 10)).toBe(-1);
    expect(isoDayAt(bytes('1899-12-31'), 0, 10)).toBe(-1); // string path
    expect(isoDayAt(bytes('2023-01-01T24:00:00'), 0, 19)).toBe(-1);
  });

  it('amountAt equals parseStrictNumber (Number(text)) or declines (NaN)', () => {
    const digits = fc.stringMatching(/^[0-9]{0,18}$/);
    const text = fc.tuple(fc.constantFrom('', '-', '+'), digits, fc.constantFrom('', '.'), digits).map(([s, a, p, b]) => `${s}${a}${p}${b}`);
    fc.assert(
      fc.property(text, (t) => {
        const fast = amountAt(bytes(t), 0, t.length);
        if (!Number.isNaN(fast)) expect(Object.is(fast, parseStrictNumber(t))).toBe(true);
      }),
      { numRuns: 5000 },
    );
    for (const t of ['0.1', '0.3', '-0.00', '123456789012345', '9007199254740.99', '.5', '5.']) {
      expect(Object.is(amountAt(bytes(t), 0, t.length), parseStrictNumber(t))).toBe(true);
    }
    for (const t of ['1234567890123456', '1e3', '', '-', '.', '1.2.3', ' 1']) expect(amountAt(bytes(t), 0, t.length)).toBeNaN();
  });

  it('isBlank is exactly the ASCII whitespace String.prototype.trim removes', () => {
    for (let c = 0; c < 128; c++) expect(isBlank(c)).toBe(String.fromCharCode(c).trim() === '');
  });

  it('trimStart/trimEnd cut what String.prototype.trim cuts from ASCII text; orBytes flags non-ASCII', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(' ', '\t', '\r', '\n', '\v', '\f', 'a', 'Z', '0', ',') }), (t) => {
        const b = bytes(`#${t}#`);
        const s = trimStart(b, 1, b.length - 1);
        const e = trimEnd(b, s, b.length - 1);
        expect(b.toString('latin1', s, e)).toBe(t.trim());
        expect(orBytes(b, 1, b.length - 1) < 128).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(orBytes(Buffer.from('Zoë'), 0, 4)).toBeGreaterThanOrEqual(128);
  });
});
