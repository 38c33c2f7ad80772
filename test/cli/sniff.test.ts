// Issue 20.2: dialect sniffing on the first lines (delimiter, decimal comma, date order, encoding).
import { describe, expect, it } from 'vitest';
import { decodeHead, sniffDateFormat, sniffDecimalComma, sniffDelimiter, sniffEncoding } from '../../src/cli/sniff.js';
import { thrown } from '../crm-error.js';

describe('dialect sniffing', () => {
  it('delimiter: the candidate with the same positive count on the header and the lines', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n4,5,6\n')).toBe(',');
    expect(sniffDelimiter('Kunde;Datum;Betrag\nK1;03.04.2024;5,60\nK2;05.04.2024;12,00\n')).toBe(';');
    expect(sniffDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(sniffDelimiter('a|b|c\n"x|y"|2|3\n1|2|3\n')).toBe('|');
    // Commas inside quotes do not count; a comma that is not consistent loses to a consistent ';'.
    expect(sniffDelimiter('id;name;amount\n1;"Smith, J";3\n2;"Doe, A, B";4\n')).toBe(';');
    expect(sniffDelimiter('single\n1\n2\n')).toBeUndefined();
  });

  it('decimal comma only when values use a comma and never a point', () => {
    expect(sniffDecimalComma(['5,60', '12', '-3,5'])).toBe(true);
    expect(sniffDecimalComma(['5.60', '5,60'])).toBe(false);
    expect(sniffDecimalComma(['12', '13'])).toBe(false);
  });

  it('date order: day-first or month-first from a part above 12; ambiguous or mixed asks for --date-format', () => {
    expect(sniffDateFormat(['2024-01-31', '2024-02-01 10:00:00'], 'd')).toBe('iso');
    expect(sniffDateFormat(['20240131'], 'd')).toBe('yyyymmdd');
    expect(sniffDateFormat(['03.04.2024', '25.04.2024'], 'd')).toBe('dmy');
    expect(sniffDateFormat(['12/1/2010 8:26', '12/13/2010 9:01'], 'd')).toBe('mdy');
    const e = thrown(() => sniffDateFormat(['03/04/2024', '05/06/2024'], 'Datum'));
    expect(e.message).toContain('--date-format dmy');
    expect(e.message).toContain('"Datum"');
    expect(thrown(() => sniffDateFormat(['13/01/2024', '01/13/2024'], 'd')).message).toContain('mix');
    expect(sniffDateFormat(['next tuesday'], 'd')).toBeUndefined();
  });

  it('encoding: BOMs decide; invalid UTF-8 is Latin-1', () => {
    expect(sniffEncoding(Buffer.from([0xff, 0xfe, 0x61, 0]))).toEqual({ encoding: 'utf16le', guessed: false });
    expect(sniffEncoding(Buffer.from('caf\u00e9 ok, more text', 'utf8'))).toEqual({ encoding: 'utf8', guessed: false });
    expect(sniffEncoding(Buffer.from('caf\u00e9 ok, more text', 'latin1'))).toEqual({ encoding: 'latin1', guessed: true });
    expect(thrown(() => sniffEncoding(Buffer.from([0xfe, 0xff, 0, 0x61]))).message).toContain('big-endian');
    expect(decodeHead(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b', 'utf16le')]), 'utf16le')).toBe('a,b');
  });
});
