/**
 * Pre-encoded ("compact") forms of the bundled data sets (issue 23 item 2: each small loader
 * <= 30 ms; parsing the CSVs took 230–635 ms). The CSVs in data/ stay the source of truth:
 * `scripts/encode-datasets.ts` runs the CSV parsers and writes `data/compact/<name>.json.gz`, and
 * test/datasets/compact.test.ts proves that decoding each gives exactly what the CSV parser gives
 * and that the files are up to date. A missing compact file falls back to the CSV parser.
 *
 * Encoding: rows of flat records become columns; a column of repeated strings is stored as a
 * dictionary plus codes, any other column as its plain values. Baskets are an item dictionary,
 * basket lengths and item codes.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { CrmError } from '../core/index.js';
import { dataDirectory } from './locate.js';

export type Scalar = string | number | boolean | null;
/**
 * One column: `d` + `k` a dictionary and one character per row (code + 0x30: JSON parses one long
 * string far faster than an array of numbers), `w` + `s` equal-width strings joined (dates, ids),
 * `b` booleans as '0'/'1', `v` plain values.
 */
type Column = { d: string[]; k: string } | { w: number; s: string } | { b: string } | { v: Scalar[] };

/** Rows of flat records, column-wise. */
export interface CompactRecords {
  kind: 'records';
  n: number;
  keys: string[];
  columns: Column[];
}

/** Baskets of items. */
export interface CompactBaskets {
  kind: 'baskets';
  items: string[];
  lengths: number[];
  codes: number[];
}

/** Encode rows whose values are strings, numbers, booleans or null (every row the same keys). */
export function encodeRecords(rows: ReadonlyArray<Record<string, Scalar>>): CompactRecords {
  const keys = rows.length > 0 ? Object.keys(rows[0] as object) : [];
  for (const r of rows) {
    const k = Object.keys(r);
    if (k.length !== keys.length || k.some((x, i) => x !== keys[i])) throw new Error('encodeRecords: rows differ in keys');
  }
  const columns: Column[] = keys.map((key) => {
    const values = rows.map((r) => r[key] as Scalar);
    if (values.every((v) => typeof v === 'string')) {
      const dict = new Map<string, number>();
      const codes = (values as string[]).map((v) => {
        let c = dict.get(v);
        if (c === undefined) dict.set(v, (c = dict.size));
        return c;
      });
      if (dict.size * 2 <= values.length && dict.size < 0xd000 - 0x30) return { d: [...dict.keys()], k: String.fromCharCode(...codes.map((c) => c + 0x30)) };
      const w = (values[0] as string | undefined)?.length ?? 0;
      if (w > 0 && (values as string[]).every((v) => v.length === w && !/[\ud800-\udfff]/.test(v))) return { w, s: (values as string[]).join('') };
    }
    if (values.every((v) => typeof v === 'boolean')) return { b: values.map((v) => (v ? '1' : '0')).join('') };
    return { v: values };
  });
  return { kind: 'records', n: rows.length, keys, columns };
}

/**
 * The columns of compact records as plain arrays, by key. Each column type decodes in its own small
 * loop (one element kind per loop, so each loop stays monomorphic and tiers up on its own).
 */
export class CompactColumns {
  readonly n: number;
  private readonly byKey: Map<string, Column>;
  constructor(data: CompactRecords) {
    const { n, keys, columns } = data;
    this.n = n;
    this.byKey = new Map();
    for (let c = 0; c < keys.length; c++) this.byKey.set(keys[c] as string, columns[c] as Column);
  }
  /** The values of `key` as one array (typed by the caller, who knows the schema). */
  get<T extends Scalar>(key: string): readonly T[] {
    return decodeColumn(this.column(key), this.n) as readonly T[];
  }
  /**
   * The raw form of a dictionary column: value `i` is `dictionary[codes.charCodeAt(i) - 0x30]`.
   * Row builders read this inline, so no intermediate array is allocated (the GC was ~40 % of a
   * cold Telco load when every column was first decoded to an array).
   */
  dictionary<T extends string>(key: string): { dictionary: readonly T[]; codes: string } {
    const col = this.column(key);
    if (!('d' in col)) return this.corrupt(key, 'a dictionary column');
    return { dictionary: col.d as T[], codes: col.k };
  }
  /** The raw form of a boolean column: value `i` is `flags.charCodeAt(i) === 0x31`. */
  flags(key: string): string {
    const col = this.column(key);
    if (!('b' in col)) return this.corrupt(key, 'a boolean column');
    return col.b;
  }
  private column(key: string): Column {
    const col = this.byKey.get(key);
    if (col === undefined) return this.corrupt(key, 'a column');
    return col;
  }
  private corrupt(key: string, expected: string): never {
    throw new CrmError('IO_ERROR', `bundled compact data: expected ${expected} ${JSON.stringify(key)} (rerun scripts/encode-datasets.ts)`, { path: ['data', 'compact', key] });
  }
}

function decodeColumn(col: Column, n: number): readonly Scalar[] {
  if ('v' in col) return col.v;
  if ('b' in col) return decodeBooleans(col.b, n);
  if ('w' in col) return decodeFixedWidth(col.s, col.w, n);
  return decodeDictionary(col.d, col.k, n);
}

function decodeBooleans(b: string, n: number): boolean[] {
  const out: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = b.charCodeAt(i) === 0x31;
  return out;
}

function decodeFixedWidth(s: string, w: number, n: number): string[] {
  const out: string[] = new Array(n);
  for (let i = 0, p = 0; i < n; i++, p += w) out[i] = s.slice(p, p + w);
  return out;
}

function decodeDictionary(d: readonly string[], k: string, n: number): string[] {
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = d[k.charCodeAt(i) - 0x30] as string;
  return out;
}

/**
 * Inverse of {@link encodeRecords}, for any keys (tests, and data sets without their own row
 * builder). The loaders build their rows with an object literal instead (`telco-churn.ts` etc.):
 * a literal per row is one allocation with a fixed shape, where this generic loop pays a keyed
 * (megamorphic) store per value — ~5× slower on a cold process.
 */
export function decodeRecords<T>(data: CompactRecords): T[] {
  const { n, keys } = data;
  const cols = new CompactColumns(data);
  const values = keys.map((key) => cols.get(key));
  // Row by row, keys in the same order: every row takes the same hidden-class transitions, so
  // all rows share one shape (no code generation: SECURITY.md forbids the Function constructor).
  // Each row starts as a copy of a template holding every key, then only overwrites values.
  const m = keys.length;
  const template: Record<string, Scalar> = {};
  for (const key of keys) template[key] = null;
  const out: Record<string, Scalar>[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const row = { ...template };
    for (let k = 0; k < m; k++) row[keys[k] as string] = (values[k] as readonly Scalar[])[i] as Scalar;
    out[i] = row;
  }
  return out as T[];
}

/** Encode baskets (arrays of item strings). */
export function encodeBaskets(baskets: ReadonlyArray<readonly string[]>): CompactBaskets {
  const dict = new Map<string, number>();
  const lengths: number[] = [];
  const codes: number[] = [];
  for (const b of baskets) {
    lengths.push(b.length);
    for (const item of b) {
      let c = dict.get(item);
      if (c === undefined) dict.set(item, (c = dict.size));
      codes.push(c);
    }
  }
  return { kind: 'baskets', items: [...dict.keys()], lengths, codes };
}

/** Inverse of {@link encodeBaskets}. */
export function decodeBaskets(data: CompactBaskets): string[][] {
  const { items, lengths, codes } = data;
  const out: string[][] = new Array(lengths.length);
  let p = 0;
  for (let i = 0; i < lengths.length; i++) {
    const len = lengths[i]!;
    const b: string[] = new Array(len);
    for (let j = 0; j < len; j++) b[j] = items[codes[p++]!] as string;
    out[i] = b;
  }
  return out;
}

/** The compact file of a data set (`data/compact/<name>.json.gz`). */
export function compactFile(name: string): string {
  return join(dataDirectory(), 'compact', `${name}.json.gz`);
}

/** Read a data set from its compact file, or, when there is none, from the CSV parser. */
export function loadCompact<T>(name: string, parseCsv: () => T, decode: (data: never) => T): T {
  const file = compactFile(name);
  if (!existsSync(file)) return parseCsv();
  let data: unknown;
  try {
    data = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
  } catch (error) {
    throw new CrmError('IO_ERROR', `cannot read bundled file ${JSON.stringify(`compact/${name}.json.gz`)}`, { path: ['data', 'compact', name], data: { file }, cause: error });
  }
  return decode(data as never);
}
