/**
 * The one customer-id (and order-id, item) rule: ids are non-empty strings; a finite number is
 * converted with `String()` (so `42` and `'42'` are one customer). Ids are used as given — no
 * trimming or case folding in the library; file readers trim fields before they get here.
 * Ids live in `Map`s, never as object keys, so `"__proto__"` is an ordinary id.
 */
import { CrmError, type CrmErrorPath, invalidInput } from './errors.js';

/**
 * The id as a string, or `undefined` when `value` is not an id.
 *
 * @example
 * ```ts
 * toId(42); // '42'
 * toId(''); // undefined
 * ```
 */
export function toId(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * The id as a string, or an `INVALID_INPUT` error at `path`.
 *
 * @example
 * ```ts
 * readId('c1', [0, 'customerId']); // 'c1'
 * readId(null, [0, 'customerId']); // throws CrmError INVALID_INPUT at [0].customerId
 * ```
 */
export function readId(value: unknown, path: CrmErrorPath): string {
  const id = toId(value);
  if (id === undefined) invalidInput(path, 'not an id', 'a non-empty string or a finite number', value);
  return id;
}
