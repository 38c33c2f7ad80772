/**
 * zod schemas for the public input types, and the bridge from zod's issues to `CrmError`.
 * Hot paths check rows by hand first and call zod only to describe a row that failed, so
 * validation costs one pass and the message is always zod's precise one.
 */
import { z } from 'zod';
import { CrmError, type CrmErrorCode, type CrmErrorPath } from './errors.js';
import { tryDayNumber } from './time.js';

/** A date as accepted everywhere: `Date`, ISO-8601 string or epoch milliseconds. */
export const DateInputSchema = z.union([z.date(), z.string(), z.number()]).refine((v) => tryDayNumber(v) !== undefined, {
  message: 'expected a valid Date, ISO-8601 date string or finite epoch milliseconds',
});

/** An id: a non-empty string, or a finite number (converted with `String()`). */
export const IdSchema = z.union([z.string().min(1, 'expected a non-empty string id'), z.number().finite()]);

/**
 * One transaction (one order line or one order).
 *
 * @example
 * ```ts
 * TransactionSchema.parse({ customerId: 'c1', date: '2024-01-31', amount: 19.9 });
 * ```
 */
export const TransactionSchema = z.object({
  customerId: IdSchema,
  date: DateInputSchema,
  amount: z.number().finite(),
  orderId: IdSchema.optional(),
  item: IdSchema.optional(),
  quantity: z.number().finite().optional(),
});

/** A transaction row as accepted by public functions. */
export type Transaction = z.input<typeof TransactionSchema>;

/** Turn the first zod issue into a `CrmError`, prefixing its path.  *
 * @example
 * ```ts
 * const r = TransactionSchema.safeParse({ customerId: 'a', date: 'x', amount: 1 });
 * if (!r.success) throw zodToCrmError(r.error, [7]); // CrmError with path [7, 'date']
 * ```
 */
export function zodToCrmError(error: z.ZodError, prefix: CrmErrorPath = [], code: CrmErrorCode = 'INVALID_INPUT'): CrmError {
  const issue = error.issues[0];
  const path = [...prefix, ...(issue?.path ?? []).map((p) => (typeof p === 'symbol' ? String(p) : p))];
  return new CrmError(code, issue?.message ?? 'invalid value', { path, cause: error });
}

/**
 * Parse a value with a schema or throw a `CrmError` whose path starts with `prefix`.
 *
 * @example
 * ```ts
 * const opts = parseWith(z.object({ bins: z.number().int() }), { bins: 5 }, ['options'], 'INVALID_OPTION');
 * ```
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: CrmErrorPath = [],
  code: CrmErrorCode = 'INVALID_INPUT',
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw zodToCrmError(result.error, prefix, code);
  return result.data;
}
