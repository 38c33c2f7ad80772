/**
 * Streaming CSV tokenizer for RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): fields separated
 * by a delimiter, records by a line break, fields optionally enclosed in quotes, a quote inside a
 * quoted field written twice, delimiters and line breaks allowed inside quoted fields.
 *
 * Why our own: csv-parse cost about 80 % of `streamTransactionBatches` (≈ 2.5–3 µs per record).
 * This tokenizer scans bytes with a class table, keeps only field offsets while scanning and turns
 * into strings only the fields the caller selected, so a record costs a few hundred nanoseconds.
 *
 * Behaviour deliberately matches csv-parse 7 with `bom: true, skip_empty_lines: true` (kept as the
 * test oracle in test/io/csv-tokenizer.test.ts):
 * - The record delimiter is the first of CR LF, LF or CR met outside quotes; afterwards the other
 *   line endings are ordinary data.
 * - Line numbers are 1-based; every CR and LF byte counts as a line break except the LF of a CR LF
 *   record delimiter (so CR LF inside a quoted field counts twice, as in csv-parse).
 * - A UTF-8 BOM is dropped; a UTF-16LE BOM switches the decoding to UTF-16LE.
 * - One deliberate difference: a quote is escaped by doubling it whatever the quote character
 *   (RFC 4180 §2.7), where csv-parse keeps `"` as its escape even with `quote: "'"`.
 * - Errors: a quote inside an unquoted field, a character other than a delimiter or line break
 *   after a closing quote (a NUL byte is tolerated), an unclosed quote at the end, and (when
 *   `strictFieldCount`) a record whose field count differs from the first record's. With `onError`
 *   each error is reported (a record may have several) and the record skipped; without it the
 *   first error is thrown.
 */
import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

/** Bytes → text for the non-UTF-8 encodings, keeping characters cut by a chunk boundary. */
interface Decoder {
  write(bytes: Buffer): string;
  end(): string;
}

/**
 * latin1 has one byte per character; for UTF-16LE the WHATWG decoder is used because Node's
 * StringDecoder splits a surrogate pair cut after an odd byte.
 */
function decoderFor(encoding: 'utf16le' | 'latin1'): Decoder {
  if (encoding === 'latin1') {
    const d = new StringDecoder('latin1');
    return { write: (b) => d.write(b), end: () => d.end() };
  }
  const d = new TextDecoder('utf-16le');
  return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
}

/** What was wrong with a record (see {@link CsvSyntaxError}). */
export type CsvSyntaxCode = 'QUOTE_NOT_CLOSED' | 'INVALID_OPENING_QUOTE' | 'INVALID_CLOSING_QUOTE' | 'INCONSISTENT_FIELD_COUNT';

/** A malformed CSV record, with the 1-based line where it was detected. */
export class CsvSyntaxError extends Error {
  /** Machine-readable kind of the problem. */
  readonly code: CsvSyntaxCode;
  /** 1-based line number. */
  readonly line: number;
  constructor(code: CsvSyntaxCode, message: string, line: number) {
    super(message);
    this.name = 'CsvSyntaxError';
    this.code = code;
    this.line = line;
  }
}

/** Options of {@link CsvTokenizer}. */
export interface CsvTokenizerOptions {
  /** Field delimiter (one character or a short string, no quote or line break). Default `','`. */
  delimiter?: string;
  /** Quote character. Default `'"'`. */
  quote?: string;
  /** Encoding of the bytes. Default `'utf8'`. */
  encoding?: 'utf8' | 'utf16le' | 'latin1';
  /** Skip lines without any character. Default `true`. */
  skipEmptyLines?: boolean;
  /** Reject records whose field count differs from the first record's. Default `true`. */
  strictFieldCount?: boolean;
  /**
   * Called synchronously for every good record, with the line where it ends. `fields` is reused
   * for the next record: copy it to keep it. Fields not selected with {@link CsvTokenizer.select} are `''`.
   */
  onRecord: (fields: string[], line: number) => void;
  /** When given, malformed records are reported here and skipped; otherwise the first one throws. */
  onError?: ((error: CsvSyntaxError) => void) | undefined;
  /**
   * Raw mode: called instead of `onRecord` with a view of the record's bytes (valid only during the
   * call). Why: a consumer that can read some fields straight from the bytes (`summarizeCsv`) skips
   * making strings; `record.fields()` still gives exactly what `onRecord` would get.
   */
  onRawRecord?: ((record: CsvRawRecord, line: number) => void) | undefined;
  /** Called after the records of each scanned buffer were delivered (raw-mode consumers that batch records flush there, while the bytes are valid). */
  onBufferDone?: (() => void) | undefined;
  /**
   * Largest field, in UTF-8 bytes (quotes included). Default {@link DEFAULT_MAX_FIELD_BYTES}.
   * Checked while the field is still arriving, so an endless field (`/dev/zero`, a gzip bomb) stops
   * after about this many bytes instead of filling memory.
   */
  maxFieldBytes?: number;
  /** Largest record, in UTF-8 bytes. Default {@link DEFAULT_MAX_RECORD_BYTES}. Checked as for fields. */
  maxRecordBytes?: number;
}

/** Default {@link CsvTokenizerOptions.maxFieldBytes}: 16 MiB. */
export const DEFAULT_MAX_FIELD_BYTES = 16 * 1024 * 1024;
/** Default {@link CsvTokenizerOptions.maxRecordBytes}: 64 MiB. */
export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

/**
 * A field or record longer than its budget (see {@link CsvTokenizerOptions.maxFieldBytes}). Thrown
 * even when `onError` is set: the rest of the input cannot be tokenized reliably after it.
 */
export class CsvLimitError extends Error {
  /** Which budget was exceeded. */
  readonly option: 'maxFieldBytes' | 'maxRecordBytes';
  /** The limit in force, in bytes. */
  readonly limit: number;
  /** 1-based line where the field or record starts. */
  readonly line: number;
  constructor(option: 'maxFieldBytes' | 'maxRecordBytes', limit: number, line: number) {
    super(`${option === 'maxFieldBytes' ? 'a field' : 'a record'} starting at line ${line} is longer than ${limit} bytes`);
    this.name = 'CsvLimitError';
    this.option = option;
    this.limit = limit;
    this.line = line;
  }
}

/** A record in raw mode (see {@link CsvTokenizerOptions.onRawRecord}): valid only during the callback. */
export interface CsvRawRecord {
  /** UTF-8 bytes of the buffer being scanned (fields are spans of it). */
  readonly bytes: Buffer;
  /** Is that whole buffer ASCII? */
  readonly ascii: boolean;
  /** Number of fields. */
  readonly fieldCount: number;
  /** Start of field i in `bytes` when it is unquoted (its text is exactly those bytes), else -1. */
  plainStart(i: number): number;
  /** End (exclusive) of unquoted field i. */
  plainEnd(i: number): number;
  /** The fields as strings, as `onRecord` receives them (selected fields only; reused array). */
  fields(): string[];
}

const CR = 13;
const LF = 10;
/** Byte classes of the unquoted-field scan. */
const PLAIN = 0;
const DELIM = 1;
const CR_CLS = 2;
const LF_CLS = 3;
const QUOTE = 4;
/** Record delimiter, discovered on the first line break outside quotes. */
const RD_UNKNOWN = 0;
const RD_LF = 1;
const RD_CRLF = 2;
const RD_CR = 3;
/** Field span flags. */
const QUOTED = 1;
const ESCAPED = 2;
/** Values stored per field: quoted part start/end, unquoted part start/end, flags. */
const SPAN = 5;
/** Result of a scan that needs more bytes before it can decide. */
const NEED_MORE = -1;
const BOM_UTF8 = [0xef, 0xbb, 0xbf];
/**
 * Shorter substrings of an ASCII chunk are cut from the chunk's text (V8 copies them, cheaply);
 * longer ones are decoded from the bytes so that no row keeps a whole chunk alive (V8 would make
 * them views into the chunk's text).
 */
const SLICE_MAX = 12;

/**
 * Streaming RFC 4180 tokenizer: feed bytes with {@link write} (any chunk boundaries), then
 * {@link end}. Records are delivered synchronously from `write`/`end` through `onRecord`.
 *
 * Why a class: the incomplete tail of a chunk, the line counter and the discovered record
 * delimiter must survive between chunks.
 */
export class CsvTokenizer {
  private readonly delim: Uint8Array;
  private readonly quote: Uint8Array;
  private readonly quoteText: string;
  private readonly cls = new Uint8Array(256);
  private readonly skipEmpty: boolean;
  private readonly strict: boolean;
  private readonly onRecord: (fields: string[], line: number) => void;
  private readonly onError: ((error: CsvSyntaxError) => void) | undefined;
  private readonly onRawRecord: ((record: CsvRawRecord, line: number) => void) | undefined;
  private readonly onBufferDone: (() => void) | undefined;
  private readonly raw: CsvRawRecord;
  private rawBytes: Buffer = Buffer.alloc(0);
  private rawCount = 0;
  private decoder: Decoder | null;
  private bomChecked = false;
  /** The first bytes, until there are enough to check for a BOM. */
  private rawHead: Buffer | null = null;
  /** UTF-8 bytes of the incomplete record at the end of the last chunk. */
  private pending: Buffer | null = null;
  private line = 1;
  private rd = RD_UNKNOWN;
  private width = -1;
  private spans = new Int32Array(SPAN * 16);
  private readonly fields: string[] = [];
  private readonly errors: CsvSyntaxError[] = [];
  private all = true;
  private wanted = new Uint8Array(0);
  private ended = false;
  private readonly maxField: number;
  private readonly maxRecord: number;
  /** Start of the field being scanned (in the current buffer), for the budget of an incomplete field. */
  private fieldStart = 0;

  constructor(options: CsvTokenizerOptions) {
    const delimiter = options.delimiter ?? ',';
    const quote = options.quote ?? '"';
    if (delimiter === '' || quote === '' || /[\r\n]/.test(delimiter + quote)) throw new RangeError('the delimiter and quote must be non-empty and without line breaks');
    this.delim = Buffer.from(delimiter, 'utf8');
    this.quote = Buffer.from(quote, 'utf8');
    if (this.delim[0] === this.quote[0]) throw new RangeError('the delimiter and the quote must differ');
    this.quoteText = quote;
    this.cls[this.delim[0]!] = DELIM;
    this.cls[this.quote[0]!] = QUOTE;
    this.cls[CR] = CR_CLS;
    this.cls[LF] = LF_CLS;
    this.skipEmpty = options.skipEmptyLines ?? true;
    this.strict = options.strictFieldCount ?? true;
    this.onRecord = options.onRecord;
    this.onError = options.onError;
    this.onRawRecord = options.onRawRecord;
    this.onBufferDone = options.onBufferDone;
    this.maxField = options.maxFieldBytes ?? DEFAULT_MAX_FIELD_BYTES;
    this.maxRecord = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
    if (!(this.maxField >= 1) || !(this.maxRecord >= 1)) throw new RangeError('maxFieldBytes and maxRecordBytes must be at least 1');
    const self = this;
    const spans = (): Int32Array => self.spans;
    this.raw = {
      get bytes() {
        return self.rawBytes;
      },
      get ascii() {
        return self.ascii;
      },
      get fieldCount() {
        return self.rawCount;
      },
      plainStart: (i) => (spans()[i * SPAN + 4] === 0 ? (spans()[i * SPAN + 2] as number) : -1),
      plainEnd: (i) => spans()[i * SPAN + 3] as number,
      fields: () => self.materialise(self.rawBytes, self.rawCount),
    };
    const encoding = options.encoding ?? 'utf8';
    this.decoder = encoding === 'utf8' ? null : decoderFor(encoding);
  }

  /**
   * Turn only these 0-based fields into strings (the others are `''`); `null` selects all.
   * Why: building strings is most of the cost, and a mapping rarely needs every column.
   */
  select(columns: readonly number[] | null): void {
    if (columns === null) {
      this.all = true;
      return;
    }
    this.all = false;
    this.wanted = new Uint8Array(columns.length === 0 ? 0 : Math.max(...columns) + 1);
    for (const c of columns) this.wanted[c] = 1;
  }

  /** Feed the next bytes. Complete records are delivered before this returns. */
  write(chunk: Buffer): void {
    if (this.ended) throw new Error('write after end');
    let raw = chunk;
    if (!this.bomChecked) {
      const head = this.rawHead === null ? chunk : Buffer.concat([this.rawHead, chunk]);
      if (head.length < 3) {
        this.rawHead = head;
        return;
      }
      this.rawHead = null;
      raw = this.dropBom(head);
    }
    this.feed(this.toUtf8(raw), false);
  }

  /** Finish: deliver the last record (a final line break is optional) and report an unclosed quote. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    // As csv-parse: fewer than 3 bytes in all are never checked for a BOM.
    const raw = this.rawHead ?? Buffer.alloc(0);
    this.rawHead = null;
    this.bomChecked = true;
    let bytes = this.toUtf8(raw);
    if (this.decoder !== null) bytes = Buffer.concat([bytes, Buffer.from(this.decoder.end(), 'utf8')]);
    this.feed(bytes, true);
  }

  /** Drop a UTF-8 BOM, or switch to UTF-16LE on its BOM (what csv-parse's `bom: true` does). */
  private dropBom(buf: Buffer): Buffer {
    this.bomChecked = true;
    if (buf[0] === BOM_UTF8[0] && buf[1] === BOM_UTF8[1] && buf[2] === BOM_UTF8[2]) {
      this.decoder = null;
      return buf.subarray(3);
    }
    if (buf[0] === 0xff && buf[1] === 0xfe) {
      this.decoder = decoderFor('utf16le');
      return buf.subarray(2);
    }
    return buf;
  }

  /** UTF-8 input is tokenized as is; the other encodings are transcoded to UTF-8 first. */
  private toUtf8(raw: Buffer): Buffer {
    return this.decoder === null ? raw : Buffer.from(this.decoder.write(raw), 'utf8');
  }

  /** Chunks held back while an incomplete record waits for more bytes (see {@link feed}). */
  private parked: Buffer[] = [];
  private parkedBytes = 0;
  /** Rescan the pending record only once this many bytes are there. */
  private rescanAt = 0;

  /**
   * Tokenize UTF-8 bytes after the incomplete tail of the previous chunk. An incomplete record is
   * scanned again from its start, so chunks are held back until the pending bytes have doubled:
   * a record of any size (a multi-megabyte quoted field) then costs O(size) in all instead of
   * O(size²) (geometric series); ordinary records, much smaller than a chunk, never wait.
   */
  private feed(bytes: Buffer, end: boolean): void {
    if (!end && this.pending !== null && this.pending.length + this.parkedBytes + bytes.length < this.rescanAt) {
      this.parked.push(bytes);
      this.parkedBytes += bytes.length;
      return;
    }
    const parts = this.pending === null ? [...this.parked, bytes] : [this.pending, ...this.parked, bytes];
    this.parked = [];
    this.parkedBytes = 0;
    const buf = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    this.pending = null;
    if (buf.length > 0) this.scan(buf, end);
    const pending = this.pending as Buffer | null;
    if (pending === null) {
      this.rescanAt = 0;
      return;
    }
    // Rescan when the pending bytes doubled, or as soon as they could break a budget (so the check is exact and prompt).
    const fieldSoFar = this.pendingFieldOffset;
    this.rescanAt = Math.min(2 * pending.length, fieldSoFar + this.maxField + 2 * this.quote.length + 1, this.maxRecord + 1);
  }

  /** Offset, in the pending bytes, of the field that was incomplete at the end of the last scan. */
  private pendingFieldOffset = 0;

  /** Deliver every complete record of `buf`; keep the incomplete tail for the next chunk. */
  private scan(buf: Buffer, end: boolean): void {
    const n = buf.length;
    this.ascii = isAscii(buf);
    this.chunkText = null;
    let pos = 0;
    const maxRecord = this.maxRecord;
    while (pos < n) {
      const line = this.line;
      const next = this.scanRecord(buf, pos, n, end);
      if (next === NEED_MORE) {
        // The record is incomplete: its bytes so far, and those of its last field, count against the budgets.
        if (n - pos > maxRecord) throw new CsvLimitError('maxRecordBytes', maxRecord, line);
        const fieldStart = Math.max(this.fieldStart, pos);
        // The quotes of an incomplete quoted field (opening, and a closing one awaiting its next byte) are not part of its bytes.
        if (n - fieldStart > this.maxField + 2 * this.quote.length) throw new CsvLimitError('maxFieldBytes', this.maxField, line);
        this.pendingFieldOffset = fieldStart - pos;
        break;
      }
      if (next - pos > maxRecord) throw new CsvLimitError('maxRecordBytes', maxRecord, line);
      pos = next;
    }
    this.onBufferDone?.();
    this.pending = pos < n ? buf.subarray(pos) : null;
    this.chunkText = null;
  }

  /** Does `pattern` occur at `p`? 1 yes, 0 no, NEED_MORE when the buffer ends inside a possible match. */
  private static matchAt(b: Uint8Array, p: number, n: number, pattern: Uint8Array, end: boolean): number {
    const len = pattern.length;
    for (let j = 1; j < len; j++) {
      if (p + j >= n) return end ? 0 : NEED_MORE;
      if (b[p + j] !== pattern[j]) return 0;
    }
    return 1;
  }

  /**
   * Scan one record starting at `start` (skipping empty lines before it). Returns the position
   * after the record, or NEED_MORE when the buffer ends first (nothing is delivered then, so the
   * record is scanned again from `start` with more bytes).
   */
  private scanRecord(b: Buffer, start: number, n: number, end: boolean): number {
    const cls = this.cls;
    const delim = this.delim;
    const quote = this.quote;
    const q0 = quote[0]!;
    const qlen = quote.length;
    let line = this.line;
    let p = start;
    let nf = 0;
    if (this.errors.length > 0) this.errors.length = 0; // the length setter is a runtime call: not per record
    for (;;) {
      // Start of a field: an optional quoted part, then an unquoted part (normally empty after quotes).
      let qs = 0;
      let qe = 0;
      let flags = 0;
      this.fieldStart = p;
      if (p < n && b[p] === q0) {
        const m = qlen === 1 ? 1 : CsvTokenizer.matchAt(b, p, n, quote, end);
        if (m === NEED_MORE) return NEED_MORE;
        if (m === 1) {
          qs = p + qlen;
          const r = this.scanQuoted(b, qs, n, end, line, nf);
          if (r === NEED_MORE) return NEED_MORE;
          if (r < 0) {
            // Unclosed quote at the end of the input: already reported, the record is dropped.
            this.line = this.lineAfter;
            return n;
          }
          qe = r;
          p = r + qlen;
          line = this.lineAfter;
          flags = QUOTED | this.quotedFlags;
        }
      }
      const ts = p;
      for (;;) {
        let k = 0;
        while (p < n && (k = cls[b[p]!] as number) === PLAIN) p++;
        if (p >= n) {
          if (!end) return NEED_MORE;
          // End of input: the last record needs no line break.
          if (nf === 0 && p === ts && flags === 0) {
            this.line = line;
            return n;
          }
          const last = b[n - 1];
          const eofLine = last === CR || last === LF ? line - 1 : line;
          this.pushField(nf++, qs, qe, ts, p, flags);
          this.finishRecord(b, nf, eofLine);
          this.line = line;
          return n;
        }
        if (k === DELIM) {
          const m = delim.length === 1 ? 1 : CsvTokenizer.matchAt(b, p, n, delim, end);
          if (m === NEED_MORE) return NEED_MORE;
          if (m === 1) {
            this.pushField(nf++, qs, qe, ts, p, flags);
            p += delim.length;
            break;
          }
          p++;
          continue;
        }
        if (k === QUOTE) {
          const m = qlen === 1 ? 1 : CsvTokenizer.matchAt(b, p, n, quote, end);
          if (m === NEED_MORE) return NEED_MORE;
          if (m === 1) this.fail('INVALID_OPENING_QUOTE', `a quote inside unquoted field ${nf + 1} at line ${line}, after ${JSON.stringify(this.preview(b, ts, p))} (a field with quotes must be enclosed in quotes, inner quotes doubled)`, line);
          p++;
          continue;
        }
        // CR or LF outside quotes: a record delimiter, or data when another one was discovered.
        const t = this.terminatorAt(b, p, n, end, k);
        if (t === NEED_MORE) return NEED_MORE;
        if (t === 0) {
          line++;
          p++;
          continue;
        }
        if (nf === 0 && p === ts && flags === 0 && this.skipEmpty) {
          // Empty line: skipped, the record starts after it.
          line++;
          p += t;
          break;
        }
        this.pushField(nf++, qs, qe, ts, p, flags);
        this.finishRecord(b, nf, line);
        this.line = line + 1;
        return p + t;
      }
      if (nf === 0) {
        // An empty line was skipped: it is not a record.
        this.line = line;
        return p;
      }
    }
  }

  /** Line counter after the last {@link scanQuoted} and the flags of its field. */
  private lineAfter = 1;
  private quotedFlags = 0;

  /**
   * Scan a quoted field's content from `p`. Returns the position of its closing quote, NEED_MORE,
   * or -2 after reporting an unclosed quote at the end of the input.
   */
  private scanQuoted(b: Buffer, p: number, n: number, end: boolean, line: number, nf: number): number {
    const quote = this.quote;
    const q0 = quote[0]!;
    const qlen = quote.length;
    let flags = 0;
    for (;;) {
      let c = 0;
      while (p < n && (c = b[p]!) !== q0) {
        if (c === LF || c === CR) line++;
        p++;
      }
      if (p >= n) {
        if (!end) return NEED_MORE;
        const last = b[n - 1];
        const at = last === CR || last === LF ? line - 1 : line;
        this.fail('QUOTE_NOT_CLOSED', `unclosed quote: the input ends inside a quoted field (field ${nf + 1}) at line ${at}`, at);
        this.lineAfter = line;
        this.flushErrors();
        return -2;
      }
      const m = qlen === 1 ? 1 : CsvTokenizer.matchAt(b, p, n, quote, end);
      if (m === NEED_MORE) return NEED_MORE;
      if (m === 0) {
        p++;
        continue;
      }
      const nx = p + qlen;
      // A doubled quote is an escaped quote (csv-parse needs the second one to be in the data).
      if (nx < n || !end) {
        const e = nx >= n ? NEED_MORE : b[nx] === q0 ? (qlen === 1 ? 1 : CsvTokenizer.matchAt(b, nx, n, quote, end)) : 0;
        if (e === NEED_MORE) return NEED_MORE;
        if (e === 1) {
          flags |= ESCAPED;
          p = nx + qlen;
          continue;
        }
      }
      const close = this.closesAt(b, nx, n, end);
      if (close === NEED_MORE) return NEED_MORE;
      if (close === 1) {
        this.lineAfter = line;
        this.quotedFlags = flags;
        return p;
      }
      this.fail('INVALID_CLOSING_QUOTE', `${JSON.stringify(String.fromCharCode(b[nx]!))} after the closing quote of field ${nf + 1} at line ${line} (expected the delimiter or a line break; inner quotes must be doubled)`, line);
      // As csv-parse: the stray quote is kept as data and the field stays quoted.
      flags |= ESCAPED;
      p = nx;
    }
  }

  /** May a closing quote be followed by the byte at `p`? (end of input, NUL, delimiter or record delimiter) */
  private closesAt(b: Buffer, p: number, n: number, end: boolean): number {
    if (p >= n) return end ? 1 : NEED_MORE;
    const c = b[p]!;
    if (c === 0) return 1;
    if (c === this.delim[0]) {
      const m = this.delim.length === 1 ? 1 : CsvTokenizer.matchAt(b, p, n, this.delim, end);
      if (m !== 0) return m;
    }
    if (c === CR || c === LF) {
      const t = this.terminatorAt(b, p, n, end, c === CR ? CR_CLS : LF_CLS);
      return t === NEED_MORE ? NEED_MORE : t > 0 ? 1 : 0;
    }
    return 0;
  }

  /**
   * Is the CR or LF at `p` (class `k`) a record delimiter? Returns its length (1 or 2), 0 when it
   * is data, or NEED_MORE. The first line break outside quotes fixes the record delimiter.
   */
  private terminatorAt(b: Buffer, p: number, n: number, end: boolean, k: number): number {
    if (this.rd === RD_UNKNOWN) {
      if (k === LF_CLS) this.rd = RD_LF;
      else if (p + 1 >= n && !end) return NEED_MORE;
      else this.rd = b[p + 1] === LF ? RD_CRLF : RD_CR;
    }
    const rd = this.rd;
    if (k === LF_CLS) return rd === RD_LF ? 1 : 0;
    if (rd === RD_CR) return 1;
    if (rd !== RD_CRLF) return 0;
    if (p + 1 >= n) return end ? 0 : NEED_MORE;
    return b[p + 1] === LF ? 2 : 0;
  }

  /** Remember where field `i` lies in the buffer. */
  private pushField(i: number, qs: number, qe: number, ts: number, te: number, flags: number): void {
    if (te - ts + (qe - qs) > this.maxField) throw new CsvLimitError('maxFieldBytes', this.maxField, this.line);
    let spans = this.spans;
    if ((i + 1) * SPAN > spans.length) {
      const bigger = new Int32Array(spans.length * 2);
      bigger.set(spans);
      this.spans = spans = bigger;
    }
    const o = i * SPAN;
    spans[o] = qs;
    spans[o + 1] = qe;
    spans[o + 2] = ts;
    spans[o + 3] = te;
    spans[o + 4] = flags;
  }

  /** Check the field count, report the record's errors or deliver it. */
  private finishRecord(b: Buffer, nf: number, line: number): void {
    // As csv-parse: until a record is delivered, each record sets the expected count.
    if (this.delivered === 0) this.width = nf;
    else if (this.strict && nf !== this.width) {
      this.fail('INCONSISTENT_FIELD_COUNT', `the record ending at line ${line} has ${nf} field${nf === 1 ? '' : 's'}, expected ${this.width} as in the first record`, line);
    }
    if (this.errors.length > 0) {
      this.flushErrors();
      return;
    }
    this.delivered++;
    if (this.onRawRecord !== undefined) {
      this.rawBytes = b;
      this.rawCount = nf;
      this.onRawRecord(this.raw, line);
    } else this.onRecord(this.materialise(b, nf), line);
  }

  private delivered = 0;

  /** Build the fields array of a record (selected fields only). */
  private materialise(b: Buffer, nf: number): string[] {
    const fields = this.fields;
    if (fields.length !== nf) fields.length = nf;
    const spans = this.spans;
    const wanted = this.wanted;
    for (let i = 0; i < nf; i++) {
      if (!this.all && (i >= wanted.length || wanted[i] === 0)) {
        fields[i] = '';
        continue;
      }
      const o = i * SPAN;
      const flags = spans[o + 4]!;
      const ts = spans[o + 2]!;
      const te = spans[o + 3]!;
      if (flags === 0) {
        fields[i] = this.text(b, ts, te);
        continue;
      }
      let text = this.text(b, spans[o]!, spans[o + 1]!);
      if ((flags & ESCAPED) !== 0) text = text.replaceAll(this.quoteText + this.quoteText, this.quoteText);
      fields[i] = te > ts ? text + this.text(b, ts, te) : text;
    }
    return fields;
  }

  /** Is the buffer being scanned ASCII, and its text (made on first use)? */
  private ascii = false;
  private chunkText: string | null = null;

  /** The text of bytes `from`..`to` of the buffer being scanned. */
  private text(b: Buffer, from: number, to: number): string {
    if (to - from <= SLICE_MAX && this.ascii) {
      if (to === from) return '';
      this.chunkText ??= b.toString('latin1');
      return this.chunkText.slice(from, to);
    }
    return b.toString(this.ascii ? 'latin1' : 'utf8', from, to);
  }

  /** A short excerpt of a field for messages. */
  private preview(b: Buffer, from: number, to: number): string {
    const text = b.toString('utf8', from, to);
    return text.length > 40 ? `${text.slice(0, 40)}…` : text;
  }

  /** Throw at once, or keep the error until the record is complete (it is reported once). */
  private fail(code: CsvSyntaxCode, message: string, line: number): void {
    const error = new CsvSyntaxError(code, message, line);
    if (this.onError === undefined) throw error;
    this.errors.push(error);
  }

  private flushErrors(): void {
    const onError = this.onError;
    if (onError === undefined) return;
    for (const e of this.errors) onError(e);
    this.errors.length = 0;
  }
}
