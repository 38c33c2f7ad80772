import { parse as parseSync } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, CsvTokenizer, type CsvSyntaxCode, type CsvTokenizerOptions } from '../../src/io/csv-tokenizer.js';
import { params } from '../hardening/helpers.js';

type Event = ['record', number, string[]] | ['error', number, string];
interface Dialect {
  delimiter?: string;
  quote?: string;
  encoding?: 'utf8' | 'utf16le' | 'latin1';
  skipEmptyLines?: boolean;
  strictFieldCount?: boolean;
}

/** Tokenize `bytes` cut at `cuts`, collecting records and errors in order (collect mode). */
function tokenize(bytes: Buffer, cuts: number[] = [], dialect: Dialect = {}, select: number[] | null = null): Event[] {
  const events: Event[] = [];
  const options: CsvTokenizerOptions = {
    ...dialect,
    onRecord: (fields, line) => {
      events.push(['record', line, [...fields]]);
      if (select !== null) tok.select(select);
    },
    onError: (e) => events.push(['error', e.line, e.code]),
  };
  const tok = new CsvTokenizer(options);
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    tok.write(bytes.subarray(from, cut));
    from = cut;
  }
  tok.write(bytes.subarray(from));
  tok.end();
  return events;
}

/** The first error thrown in throw mode (records before it are returned too). */
function tokenizeThrowing(text: string, dialect: Dialect = {}): { records: [number, string[]][]; error: CsvSyntaxError | undefined } {
  const records: [number, string[]][] = [];
  const tok = new CsvTokenizer({ ...dialect, onRecord: (f, line) => records.push([line, [...f]]) });
  try {
    tok.write(Buffer.from(text));
    tok.end();
  } catch (e) {
    expect(e).toBeInstanceOf(CsvSyntaxError);
    return { records, error: e as CsvSyntaxError };
  }
  return { records, error: undefined };
}

const CODES: Record<string, CsvSyntaxCode> = {
  CSV_QUOTE_NOT_CLOSED: 'QUOTE_NOT_CLOSED',
  INVALID_OPENING_QUOTE: 'INVALID_OPENING_QUOTE',
  CSV_INVALID_CLOSING_QUOTE: 'INVALID_CLOSING_QUOTE',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'INCONSISTENT_FIELD_COUNT',
};

/** The oracle: csv-parse with the options transactions-csv used, records and skipped errors in order. */
function oracle(bytes: Buffer, dialect: Dialect = {}): Event[] {
  const events: Event[] = [];
  parseSync(bytes, {
    delimiter: dialect.delimiter ?? ',',
    quote: dialect.quote ?? '"',
    // csv-parse keeps '"' as escape for other quotes; ours doubles the quote itself (RFC 4180).
    escape: dialect.quote ?? '"',
    encoding: dialect.encoding ?? 'utf8',
    bom: true,
    skip_empty_lines: dialect.skipEmptyLines ?? true,
    relax_column_count: dialect.strictFieldCount === false,
    skip_records_with_error: true,
    on_skip: (err) => {
      if (err !== undefined) events.push(['error', (err as unknown as { lines: number }).lines, CODES[err.code] ?? err.code]);
      return undefined;
    },
    on_record: (record: string[], context) => {
      events.push(['record', context.lines, [...record]]);
      return record;
    },
  });
  return events;
}

const records = (text: string, dialect: Dialect = {}) => tokenize(Buffer.from(text), [], dialect);

describe('CsvTokenizer rules (RFC 4180)', () => {
  it('splits fields and records, with the line where each record ends', () => {
    expect(records('a,b\nc,d\n')).toEqual([
      ['record', 1, ['a', 'b']],
      ['record', 2, ['c', 'd']],
    ]);
  });

  it('the last record needs no line break; empty fields are kept', () => {
    expect(records('a,,\n,,c')).toEqual([
      ['record', 1, ['a', '', '']],
      ['record', 2, ['', '', 'c']],
    ]);
  });

  it('quoted fields hold delimiters, line breaks and doubled quotes', () => {
    expect(records('"a,b","x\ny","say ""hi"""\n1,2,3\n')).toEqual([
      ['record', 2, ['a,b', 'x\ny', 'say "hi"']],
      ['record', 3, ['1', '2', '3']],
    ]);
    expect(records('"",x\n')).toEqual([['record', 1, ['', 'x']]]);
  });

  it('CRLF, LF and CR line endings; the first one outside quotes is the record delimiter', () => {
    expect(records('a\r\nb\r\n')).toEqual([
      ['record', 1, ['a']],
      ['record', 2, ['b']],
    ]);
    expect(records('a\rb\rc')).toEqual([
      ['record', 1, ['a']],
      ['record', 2, ['b']],
      ['record', 3, ['c']],
    ]);
    // After CRLF was found, a lone LF is data (and still counts as a line).
    expect(records('a\r\nb\nc\r\nd')).toEqual([
      ['record', 1, ['a']],
      ['record', 3, ['b\nc']],
      ['record', 4, ['d']],
    ]);
  });

  it('counts CR LF inside a quoted field as two lines, as csv-parse does', () => {
    expect(records('"x\r\ny",z\r\nc,d')).toEqual([
      ['record', 3, ['x\r\ny', 'z']],
      ['record', 4, ['c', 'd']],
    ]);
  });

  it('skips empty lines (they still count), or keeps them as one empty field', () => {
    expect(records('\n\na\n\n\nb\n\n')).toEqual([
      ['record', 3, ['a']],
      ['record', 6, ['b']],
    ]);
    expect(records('a\n\nb\n', { skipEmptyLines: false, strictFieldCount: false })).toEqual([
      ['record', 1, ['a']],
      ['record', 2, ['']],
      ['record', 3, ['b']],
    ]);
  });

  it('drops a UTF-8 BOM and decodes utf16le (also detected by its BOM) and latin1', () => {
    expect(tokenize(Buffer.from('\ufeffid,x\n1,2\n'))).toEqual([
      ['record', 1, ['id', 'x']],
      ['record', 2, ['1', '2']],
    ]);
    const text = 'né,"a;b"\nü,ß\n';
    expect(tokenize(Buffer.from(text, 'utf16le'), [1, 5, 9], { encoding: 'utf16le' })).toEqual(records(text));
    expect(tokenize(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), [3])).toEqual(records(text));
    expect(tokenize(Buffer.from(text, 'latin1'), [2], { encoding: 'latin1' })).toEqual(records(text));
  });

  it('multi-character delimiters and other quote characters', () => {
    expect(records("a::'b::c'::d\n", { delimiter: '::', quote: "'" })).toEqual([['record', 1, ['a', 'b::c', 'd']]]);
    expect(records('a;«x;«»y»;b\n', { delimiter: ';', quote: '«' })).toEqual(oracle(Buffer.from('a;«x;«»y»;b\n'), { delimiter: ';', quote: '«' }));
  });

  it('turns only the selected fields into strings', () => {
    const events = tokenize(Buffer.from('h1,h2,h3\na,"b",c\n'), [], {}, [2]);
    expect(events).toEqual([
      ['record', 1, ['h1', 'h2', 'h3']],
      ['record', 2, ['', '', 'c']],
    ]);
  });

  it('records, quoted fields, CRLF and multi-byte characters may span chunks', () => {
    const bytes = Buffer.from('id,"no\r\nte",€\r\n1,"2""",😀\r\n');
    const whole = tokenize(bytes);
    for (let cut = 0; cut <= bytes.length; cut++) expect(tokenize(bytes, [cut])).toEqual(whole);
    expect(tokenize(bytes, Array.from({ length: bytes.length }, (_, i) => i))).toEqual(whole);
  });

  it('raw mode: fields() equals onRecord\'s fields, unquoted fields are byte spans, every buffer ends with onBufferDone', () => {
    const text = 'id,name,amt\r\nC1, Zoë ,"1,5"\r\n"C2",plain,7\r\n\r\nC3,"a""b",\r\n';
    const bytes = Buffer.from(text);
    for (const cuts of [[], [5], [17, 30]]) {
      const expected: string[][] = [];
      const plain = new CsvTokenizer({ onRecord: (f) => void expected.push([...f]) });
      const got: string[][] = [];
      const spans: (string | null)[][] = [];
      let done = 0;
      let recordsAtDone = 0;
      const raw = new CsvTokenizer({
        onRecord: () => {
          throw new Error('onRecord must not be called in raw mode');
        },
        onRawRecord: (r) => {
          got.push([...r.fields()]);
          spans.push(Array.from({ length: r.fieldCount }, (_, i) => (r.plainStart(i) < 0 ? null : r.bytes.toString('utf8', r.plainStart(i), r.plainEnd(i)))));
        },
        onBufferDone: () => {
          done++;
          recordsAtDone = got.length;
        },
      });
      let from = 0;
      for (const cut of [...cuts, bytes.length]) {
        plain.write(bytes.subarray(from, cut));
        raw.write(bytes.subarray(from, cut));
        from = cut;
      }
      plain.end();
      raw.end();
      expect(got).toEqual(expected);
      expect(spans).toEqual([
        ['id', 'name', 'amt'],
        ['C1', ' Zoë ', null],
        [null, 'plain', '7'],
        ['C3', null, ''],
      ]);
      expect(done).toBeGreaterThanOrEqual(cuts.length);
      expect(recordsAtDone).toBe(4);
    }
  });

  it('a multi-megabyte quoted field fed in 1 kB chunks arrives whole (held-back chunks, no rescan per chunk)', () => {
    // 4 MB in 4,096 chunks: rescanning the pending record on every chunk would read ~8 GB.
    const big = 'x'.repeat(4 << 20);
    const bytes = Buffer.from(`a,b\n1,"${big}"\n2,"y"\n`);
    const cuts = Array.from({ length: Math.floor(bytes.length / 1024) }, (_, i) => (i + 1) * 1024);
    const events = tokenize(bytes, cuts);
    expect(events.map((e) => (e[0] === 'record' ? [e[1], e[2][0], e[2][1]?.length] : e))).toEqual([
      [1, 'a', 1],
      [2, '1', big.length],
      [3, '2', 1],
    ]);
  });
});

describe('CsvTokenizer errors', () => {
  it('an unclosed quote at the end of the input', () => {
    const { records: ok, error } = tokenizeThrowing('a,b\n1,"2\n');
    expect(ok).toEqual([[1, ['a', 'b']]]);
    expect(error?.code).toBe('QUOTE_NOT_CLOSED');
    expect(error?.line).toBe(2);
    expect(error?.message).toMatch(/unclosed quote.*line 2/);
  });

  it('a quote inside an unquoted field', () => {
    const { error } = tokenizeThrowing('a,b\n1,x"y"\n');
    expect(error?.code).toBe('INVALID_OPENING_QUOTE');
    expect(error?.line).toBe(2);
    expect(error?.message).toMatch(/quote inside unquoted field 2 at line 2/);
  });

  it('characters after a closing quote', () => {
    const { error } = tokenizeThrowing('a,b\n\n1,"x"y\n');
    expect(error?.code).toBe('INVALID_CLOSING_QUOTE');
    expect(error?.line).toBe(3);
    expect(error?.message).toMatch(/"y" after the closing quote of field 2 at line 3/);
  });

  it('a record with another field count than the first record', () => {
    const { records: ok, error } = tokenizeThrowing('a,b\n1,2\n3\n');
    expect(ok).toHaveLength(2);
    expect(error?.code).toBe('INCONSISTENT_FIELD_COUNT');
    expect(error?.line).toBe(3);
    expect(error?.message).toMatch(/line 3 has 1 field, expected 2/);
    expect(tokenizeThrowing('a,b\n1,2,3\n', { strictFieldCount: false }).error).toBeUndefined();
  });

  it('collect mode reports each error once (a record may have several) and skips the record', () => {
    const text = 'a,b\n"x"y"z",1\nq,r\nab"c"d,2\n1,2,3\n"open,4\n';
    const events = records(text);
    expect(events).toEqual([
      ['record', 1, ['a', 'b']],
      ['error', 2, 'INVALID_CLOSING_QUOTE'],
      ['error', 2, 'INVALID_CLOSING_QUOTE'],
      ['record', 3, ['q', 'r']],
      ['error', 4, 'INVALID_OPENING_QUOTE'],
      ['error', 4, 'INVALID_OPENING_QUOTE'],
      ['error', 5, 'INCONSISTENT_FIELD_COUNT'],
      ['error', 6, 'QUOTE_NOT_CLOSED'],
    ]);
    expect(events).toEqual(oracle(Buffer.from(text)));
    // Reported once even when the bad record is cut across chunks.
    expect(tokenize(Buffer.from(text), [6, 7, 8, 25])).toEqual(events);
  });
});

// Random CSV built from random fields, cut into random chunks: same records, lines and errors as csv-parse.
const fieldChars = fc.constantFrom('a', 'b', ' ', ',', ';', '"', "'", '\r', '\n', 'é', '€', '😀', '\u0000');
const rawField = fc.array(fieldChars, { maxLength: 6 }).map((cs) => cs.join(''));
const quoteField = (s: string, q: string) => `${q}${s.split(q).join(q + q)}${q}`;
const lineEnd = fc.constantFrom('\n', '\r\n', '\r');

function csvText(rows: { fields: { text: string; quoted: boolean }[]; end: string }[], delimiter: string, quote: string): string {
  return rows
    .map((r) => r.fields.map((f) => (f.quoted ? quoteField(f.text, quote) : f.text)).join(delimiter) + r.end)
    .join('');
}

const rowsArb = (ends: fc.Arbitrary<string>) =>
  fc.array(
    fc.record({
      fields: fc.array(fc.record({ text: rawField, quoted: fc.boolean() }), { minLength: 1, maxLength: 4 }),
      end: ends,
    }),
    { maxLength: 8 },
  );

function cutsArb(length: number): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 0, max: length }), { maxLength: 6 });
}

describe('CsvTokenizer against csv-parse (property)', () => {
  for (const [delimiter, quote] of [
    [',', '"'],
    [';', "'"],
    ['::', '"'],
  ] as const) {
    it(`same records, lines and errors as csv-parse (delimiter ${JSON.stringify(delimiter)}, quote ${quote})`, () => {
      fc.assert(
        fc.property(
          rowsArb(lineEnd).chain((rows) => {
            const bytes = Buffer.from(csvText(rows, delimiter, quote));
            return fc.tuple(fc.constant(bytes), cutsArb(bytes.length), fc.boolean());
          }),
          ([bytes, cuts, bom]) => {
            const input = bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes;
            expect(tokenize(input, cuts, { delimiter, quote })).toEqual(oracle(input, { delimiter, quote }));
          },
        ),
        params,
      );
    });
  }

  it('same on well-formed files with one line ending (no errors), in utf16le too', () => {
    fc.assert(
      fc.property(
        lineEnd.chain((end) => rowsArb(fc.constant(end))).chain((rows) => {
          const text = csvText(
            rows.map((r) => ({ ...r, fields: r.fields.map((f) => ({ ...f, quoted: f.quoted || /[",\r\n]/.test(f.text) || f.text === '' })) })),
            ',',
            '"',
          );
          return fc.tuple(fc.constant(text), cutsArb(Buffer.byteLength(text, 'utf16le')));
        }),
        ([text, cuts]) => {
          const utf8 = Buffer.from(text);
          const events = tokenize(utf8, cuts.filter((c) => c <= utf8.length));
          expect(events.filter((e) => e[0] === 'error' && e[2] !== 'INCONSISTENT_FIELD_COUNT')).toEqual([]);
          expect(events).toEqual(oracle(utf8));
          const utf16 = Buffer.from(text, 'utf16le');
          expect(tokenize(utf16, cuts, { encoding: 'utf16le' })).toEqual(events);
        },
      ),
      params,
    );
  });

  it('same on arbitrary text (any mix of quotes, delimiters and line breaks)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', ',', '"', '""', '\r', '\n', '\r\n', 'é', '😀', '\u0000', ' '), { maxLength: 30 }).chain((parts) => {
          const bytes = Buffer.from(parts.join(''));
          return fc.tuple(fc.constant(bytes), cutsArb(bytes.length));
        }),
        ([bytes, cuts]) => {
          expect(tokenize(bytes, cuts)).toEqual(oracle(bytes));
        },
      ),
      params,
    );
  });
});
