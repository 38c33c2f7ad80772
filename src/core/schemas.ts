/**
 * Schemas for the public input types, written without zod, and the bridge from schema issues to
 * `CrmError`.
 *
 * Why no zod here: `core` is imported by every model module, and a zod schema built at module top
 * level (`z.object(...)`) cannot be tree-shaken, so `import { rfm }` shipped zod's whole runtime
 * (443 KiB of a 578 KiB browser bundle, issue 16 item 6). These schemas keep zod's calling shape
 * (`parse`, `safeParse` returning `{ success, data | error.issues }`) and implement the
 * Standard Schema v1 interface (`'~standard'`), so they plug into form and API libraries that
 * accept any standard schema. crm-analytics depends on no schema library; `parseWith` and
 * `zodToCrmError` are typed structurally (anything with zod's `safeParse` / `issues` shape: our
 * schemas, or a zod schema an application brings), so they need no import of zod.
 * Hot paths check rows by hand first and call a schema only to describe a row that failed.
 */
import { CrmError, type CrmErrorCode, type CrmErrorPath } from './errors.js';
import { tryDayNumber, type DateInput } from './time.js';

/** One problem found by a schema: where (`path`, relative to the value checked) and what. */
export interface SchemaIssue {
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
}

/** The failure side of `safeParse`: the issues found, first one first. */
export interface SchemaError {
  readonly issues: readonly SchemaIssue[];
}

/** `safeParse`'s result, shaped as zod's (`success` + `data`, or `success: false` + `error`). */
export type SafeParseResult<T> = { readonly success: true; readonly data: T } | { readonly success: false; readonly error: SchemaError };

/** Anything with a zod-style `safeParse` (our schemas, and zod's). */
export interface SafeParser<T> {
  safeParse(value: unknown): SafeParseResult<T> | { success: true; data: T } | { success: false; error: SchemaError };
}

/** The Standard Schema v1 interface (https://standardschema.dev), which our schemas implement. */
export interface StandardSchemaV1Props<Input, Output> {
  readonly version: 1;
  readonly vendor: string;
  readonly validate: (value: unknown) => { readonly value: Output; readonly issues?: undefined } | { readonly issues: readonly SchemaIssue[] };
  readonly types?: { readonly input: Input; readonly output: Output } | undefined;
}

/** A zod-free schema: `parse` throws a `CrmError`, `safeParse` never throws. */
export interface Schema<Input, Output = Input> {
  /** Check a value; the result says whether it matched and, if so, carries the (cleaned) value. */
  safeParse(value: unknown): SafeParseResult<Output>;
  /** Check a value and return it (cleaned), or throw `CrmError` `INVALID_INPUT` for the first issue. */
  parse(value: unknown): Output;
  /** Standard Schema v1 interface. */
  readonly '~standard': StandardSchemaV1Props<Input, Output>;
}

/** The check behind a schema: the issues found (none: valid) and the cleaned value. */
type Check<T> = (value: unknown) => { issues: SchemaIssue[]; value: T };

function makeSchema<Input, Output>(check: Check<Output>): Schema<Input, Output> {
  const safeParse = (value: unknown): SafeParseResult<Output> => {
    const r = check(value);
    return r.issues.length === 0 ? { success: true, data: r.value } : { success: false, error: { issues: r.issues } };
  };
  return {
    safeParse,
    parse(value: unknown): Output {
      const r = safeParse(value);
      if (!r.success) throw zodToCrmError(r.error);
      return r.data;
    },
    '~standard': {
      version: 1,
      vendor: 'crm-analytics',
      validate: (value: unknown) => {
        const r = check(value);
        return r.issues.length === 0 ? { value: r.value } : { issues: r.issues };
      },
    },
  };
}

const typeName = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' && !Number.isFinite(v) ? String(v) : typeof v;

const DATE_MESSAGE = 'expected a valid Date, ISO-8601 date string or finite epoch milliseconds';
const ID_MESSAGE = 'expected a non-empty string id or a finite number';

function idIssue(v: unknown): string | undefined {
  if (typeof v === 'string') return v.length > 0 ? undefined : 'expected a non-empty string id';
  if (typeof v === 'number' && Number.isFinite(v)) return undefined;
  return `${ID_MESSAGE}, received ${typeName(v)}`;
}

function dateIssue(v: unknown): string | undefined {
  const ok = (v instanceof Date || typeof v === 'string' || typeof v === 'number') && tryDayNumber(v) !== undefined;
  return ok ? undefined : DATE_MESSAGE;
}

function numberIssue(v: unknown): string | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? undefined : `expected a finite number, received ${typeName(v)}`;
}

/**
 * A date as accepted everywhere: `Date`, ISO-8601 string or epoch milliseconds.
 *
 * @example
 * ```ts
 * DateInputSchema.safeParse('2024-01-31').success; // true
 * DateInputSchema.safeParse('31/01/2024').success; // false
 * ```
 */
export const DateInputSchema: Schema<DateInput> = makeSchema<DateInput, DateInput>((v) => {
  const m = dateIssue(v);
  return { issues: m === undefined ? [] : [{ path: [], message: m }], value: v as DateInput };
});

/**
 * An id: a non-empty string, or a finite number (converted with `String()` where it is used).
 *
 * @example
 * ```ts
 * IdSchema.safeParse(42).success; // true
 * IdSchema.safeParse('').success; // false
 * ```
 */
export const IdSchema: Schema<string | number> = makeSchema<string | number, string | number>((v) => {
  const m = idIssue(v);
  return { issues: m === undefined ? [] : [{ path: [], message: m }], value: v as string | number };
});

/** A transaction row as accepted by public functions. */
export interface Transaction {
  /** The customer: a non-empty string, or a finite number (converted with `String()`). */
  customerId: string | number;
  /** When: `Date`, ISO-8601 string or epoch milliseconds. */
  date: DateInput;
  /** Amount (negative for returns), finite. */
  amount: number;
  orderId?: string | number | undefined;
  item?: string | number | undefined;
  quantity?: number | undefined;
}

const OPTIONAL_FIELDS = [
  ['orderId', idIssue],
  ['item', idIssue],
  ['quantity', numberIssue],
] as const;

/**
 * One transaction (one order line or one order). `parse` returns a copy with only the known
 * fields (unknown keys are dropped, as zod's `z.object` did) or throws `CrmError` with the field's
 * path; `safeParse` reports every bad field.
 *
 * @example
 * ```ts
 * TransactionSchema.parse({ customerId: 'c1', date: '2024-01-31', amount: 19.9 }).amount; // 19.9
 * TransactionSchema.safeParse({ customerId: 'c1', date: 'soon', amount: 1 }).success; // false
 * ```
 */
export const TransactionSchema: Schema<Transaction> = makeSchema<Transaction, Transaction>((v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return { issues: [{ path: [], message: `expected an object with customerId, date and amount, received ${typeName(v)}` }], value: v as Transaction };
  }
  const row = v as Record<string, unknown>;
  const issues: SchemaIssue[] = [];
  const required: Array<[keyof Transaction, string | undefined]> = [
    ['customerId', idIssue(row['customerId'])],
    ['date', dateIssue(row['date'])],
    ['amount', numberIssue(row['amount'])],
  ];
  for (const [key, message] of required) if (message !== undefined) issues.push({ path: [key], message });
  const out: Transaction = { customerId: row['customerId'] as string | number, date: row['date'] as DateInput, amount: row['amount'] as number };
  for (const [key, issue] of OPTIONAL_FIELDS) {
    const value = row[key];
    if (value === undefined) continue;
    const message = issue(value);
    if (message !== undefined) issues.push({ path: [key], message });
    else (out as unknown as Record<string, unknown>)[key] = value;
  }
  return { issues, value: out };
});

/** Turn the first schema issue (ours or zod's) into a `CrmError`, prefixing its path.
 *
 * @example
 * ```ts
 * const r = TransactionSchema.safeParse({ customerId: 'a', date: 'x', amount: 1 });
 * if (!r.success) zodToCrmError(r.error, [7]).path; // [7, 'date']
 * ```
 */
export function zodToCrmError(error: SchemaError, prefix: CrmErrorPath = [], code: CrmErrorCode = 'INVALID_INPUT'): CrmError {
  const issue = error.issues[0];
  const path = [...prefix, ...(issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p))];
  return new CrmError(code, issue?.message ?? 'invalid value', { path, cause: error });
}

/**
 * Parse a value with a schema (ours or a zod schema) or throw a `CrmError` whose path starts
 * with `prefix`.
 *
 * @example
 * ```ts
 * parseWith(IdSchema, 'c1', ['options', 'customerId'], 'INVALID_OPTION'); // 'c1'
 * ```
 */
export function parseWith<T>(schema: SafeParser<T>, value: unknown, prefix: CrmErrorPath = [], code: CrmErrorCode = 'INVALID_INPUT'): T {
  const result = schema.safeParse(value);
  if (!result.success) throw zodToCrmError(result.error, prefix, code);
  return result.data;
}
