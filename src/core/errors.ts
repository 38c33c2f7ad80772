/**
 * Every failure a public function reports is a `CrmError`: nothing else is thrown.
 * `code` says what kind of failure it is, `path` where in the input it happened
 * (row index, field name, …) and the message what was expected and what came.
 */

/** The documented failure kinds. */
export type CrmErrorCode =
  /** A value in the data (a row, a basket, a summary) is missing or of the wrong type/range. */
  | 'INVALID_INPUT'
  /** An option is missing, of the wrong type, or out of its range. */
  | 'INVALID_OPTION'
  /** The computation would produce a non-finite or meaningless number (e.g. retention ≥ 1 + discount). */
  | 'NUMERIC_DOMAIN'
  /** A mining request passed its safety limit (e.g. `maxItemsets`). */
  | 'TOO_MANY_ITEMSETS'
  /** Rule generation passed `maxRules`. */
  | 'TOO_MANY_RULES'
  /** A CSV field or record passed `maxFieldBytes` / `maxRecordBytes`. */
  | 'RECORD_TOO_LARGE'
  /** Any other work or output budget was exceeded (the message names the option that raises it). */
  | 'BUDGET_EXCEEDED'
  /** A saved model is of another kind, a future version, or structurally broken. */
  | 'INVALID_MODEL'
  /** A database engine (DuckDB, PostgreSQL, ClickHouse) failed: connection, missing table or column. */
  | 'ENGINE_ERROR'
  /** An optional peer dependency (e.g. `@duckdb/node-api`) is not installed. */
  | 'MISSING_DEPENDENCY'
  /** Reading or parsing a file failed (io, datasets, CLI only). */
  | 'IO_ERROR';

/** A path into the input: array indices and property names, outermost first. */
export type CrmErrorPath = ReadonlyArray<string | number>;

export interface CrmErrorDetails {
  /** Where in the input the problem is, e.g. `[41, 'date']`. */
  path?: CrmErrorPath;
  /** What was expected, in words, e.g. `"a finite number"`. */
  expected?: string;
  /** What was received (any value; it is described, never stored by reference). */
  received?: unknown;
  /** Extra structured facts (e.g. `{ count: 5000001 }`). */
  data?: Record<string, unknown>;
  cause?: unknown;
}

/** Describe a received value briefly and safely for an error message.  *
 * @example
 * ```ts
 * describeValue(Number.NaN); // 'NaN'
 * describeValue('abc'); // '"abc"'
 * ```
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    return String(value);
  }
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : `Date(${value.toISOString()})`;
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'function') return 'a function';
  return 'an object';
}

/** Format a path like `[41].date` or `options.asOf`.  *
 * @example
 * ```ts
 * formatPath([41, 'date']); // '[41].date'
 * formatPath(['options', 'asOf']); // 'options.asOf'
 * ```
 */
export function formatPath(path: CrmErrorPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/**
 * The single error class of crm-analytics.
 *
 * @example
 * ```ts
 * import { CrmError } from 'crm-analytics';
 * try {
 *   rfm.summarize([{ customerId: 'a', date: 'not a date', amount: 1 }], { asOf: '2024-01-01' });
 * } catch (e) {
 *   if (e instanceof CrmError) console.log(e.code, e.path); // 'INVALID_INPUT' [0, 'date']
 * }
 * ```
 */
export class CrmError extends Error {
  readonly code: CrmErrorCode;
  readonly path: CrmErrorPath;
  readonly expected: string | undefined;
  readonly received: string | undefined;
  readonly data: Record<string, unknown> | undefined;

  constructor(code: CrmErrorCode, message: string, details: CrmErrorDetails = {}) {
    const path = details.path ?? [];
    const where = path.length > 0 ? `${formatPath(path)}: ` : '';
    const hasReceived = 'received' in details;
    const received = hasReceived ? describeValue(details.received) : undefined;
    const tail =
      details.expected !== undefined
        ? ` (expected ${details.expected}${hasReceived ? `, received ${received}` : ''})`
        : hasReceived
          ? ` (received ${received})`
          : '';
    super(`${where}${message}${tail}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'CrmError';
    this.code = code;
    this.path = Object.freeze([...path]);
    this.expected = details.expected;
    this.received = received;
    this.data = details.data;
  }
}

/** Throw an `INVALID_INPUT` error for a data field.  *
 * @example
 * ```ts
 * invalidInput([3, 'amount'], 'amount must be finite', 'a finite number', Number.NaN); // throws CrmError
 * ```
 */
export function invalidInput(path: CrmErrorPath, message: string, expected?: string, received?: unknown): never {
  const details: CrmErrorDetails = { path };
  if (expected !== undefined) details.expected = expected;
  if (arguments.length >= 4) details.received = received;
  throw new CrmError('INVALID_INPUT', message, details);
}

/** Throw an `INVALID_OPTION` error for an option.  *
 * @example
 * ```ts
 * invalidOption(['options', 'bins'], 'bins out of range', 'an integer 2..10', 12); // throws CrmError
 * ```
 */
export function invalidOption(path: CrmErrorPath, message: string, expected?: string, received?: unknown): never {
  const details: CrmErrorDetails = { path };
  if (expected !== undefined) details.expected = expected;
  if (arguments.length >= 4) details.received = received;
  throw new CrmError('INVALID_OPTION', message, details);
}

/**
 * Throw an `INVALID_MODEL` error for a field of a saved model or state (a fit, a tree, score
 * thresholds, an accumulator state) after its envelope was checked with `checkEnvelope`.
 * Internal: imported from this file, not re-exported by `crm-analytics/core`.
 *
 * @example
 * ```ts
 * invalidModel(['model', 'logLikelihood'], 'saved fit has no finite log-likelihood', 'a finite number', null); // throws CrmError
 * ```
 */
export function invalidModel(path: CrmErrorPath, message: string, expected?: string, received?: unknown): never {
  const details: CrmErrorDetails = { path };
  if (expected !== undefined) details.expected = expected;
  if (arguments.length >= 4) details.received = received;
  throw new CrmError('INVALID_MODEL', message, details);
}
