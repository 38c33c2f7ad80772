/**
 * The one options reader of crm-analytics. Every public function reads its options with
 * {@link readOptions} (unknown keys are an error with a "did you mean") and each value with one of
 * the typed readers below, so a typo or a percentage passed as a rate is a `CrmError` naming the
 * option, never silently ignored. See docs/glossary.md for the words and docs/decisions.md for why.
 */
import { invalidOption, invalidInput } from './errors.js';
import { CrmError, type CrmErrorPath } from './errors.js';
import { didYouMean } from './did-you-mean.js';
import { tryDayNumber } from './time.js';
import { isTimeUnit, TIME_UNITS, type TimeUnit } from './units.js';

/** The options a function accepts, as read: each key's raw value (`undefined` when absent). */
export type OptionBag<K extends string> = { readonly [P in K]?: unknown };

function fail(path: CrmErrorPath, message: string, expected: string, received: unknown): never {
  invalidOption(path, message, expected, received);
}

/**
 * Check an options argument: `undefined` reads as `{}`; anything but a plain object, or a key
 * not in `keys`, is an `INVALID_OPTION` error (with a "did you mean" for near misses).
 *
 * @example
 * ```ts
 * readOptions({ bins: 5 }, ['bins', 'convention']).bins; // 5
 * readOptions({ bin: 5 }, ['bins', 'convention']); // throws: options.bin: unknown option; did you mean "bins"?
 * ```
 */
export function readOptions<K extends string>(options: unknown, keys: readonly K[], path: CrmErrorPath = ['options']): OptionBag<K> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    fail(path, 'options must be an object', `an object with keys among ${keys.join(', ')}`, options);
  }
  for (const key of Object.keys(options)) {
    if ((keys as readonly string[]).includes(key)) continue;
    // An explicit `undefined` is the same as leaving the key out.
    if ((options as Record<string, unknown>)[key] === undefined) continue;
    const near = didYouMean(key, keys);
    invalidOption([...path, key], `unknown option "${key}"${near === undefined ? '' : `; did you mean "${near}"?`}`, keys.length === 0 ? 'no options' : `one of ${keys.join(', ')}`);
  }
  return options as OptionBag<K>;
}

/** Bounds and default of a numeric option. */
export interface NumberSpec {
  /** Returned when the value is `undefined`; without it, `undefined` is an error. */
  default?: number;
  min?: number;
  max?: number;
  /** `min` itself is not allowed. */
  minExclusive?: boolean;
  /** `max` itself is not allowed. */
  maxExclusive?: boolean;
  /** The value must be a whole number. */
  integer?: boolean;
  /**
   * The value is a field of the data (a record, a row), not an option: a failure is
   * `INVALID_INPUT` ("value out of range") instead of `INVALID_OPTION` ("option out of range").
   */
  input?: boolean;
}

// The readers' fixed specs, allocated once. The readers below return an in-range number before
// reading any spec: some are called once per row or per period (projectClv, charts, warnings).
const ANY_FINITE: NumberSpec = {};
const POSITIVE: NumberSpec = { min: 0, minExclusive: true };
const NON_NEGATIVE: NumberSpec = { min: 0 };
const PROBABILITY: NumberSpec = { min: 0, max: 1 };
const RATE: NumberSpec = { min: 0, max: 1, maxExclusive: true };

function describeRange(spec: NumberSpec): string {
  const kind = spec.integer === true ? 'an integer' : 'a finite number';
  const lo = spec.min === undefined ? '' : `${spec.minExclusive === true ? '>' : '≥'} ${spec.min}`;
  const hi = spec.max === undefined ? '' : `${spec.maxExclusive === true ? '<' : '≤'} ${spec.max}`;
  if (lo !== '' && hi !== '') return `${kind} ${lo} and ${hi}`;
  return [kind, lo, hi].filter((part) => part !== '').join(' ');
}

/**
 * Read a numeric option within bounds.
 *
 * @example
 * ```ts
 * readNumber(undefined, ['options', 'bins'], { default: 5, min: 2, integer: true }); // 5
 * readNumber(1.5, ['options', 'bins'], { min: 2, integer: true }); // throws INVALID_OPTION
 * readNumber(-1, [3, 'limit'], { min: 0, input: true }); // throws INVALID_INPUT: [3].limit: value out of range
 * ```
 */
export function readNumber(value: unknown, path: CrmErrorPath, spec: NumberSpec = ANY_FINITE): number {
  if (spec === ANY_FINITE && typeof value === 'number' && Number.isFinite(value)) return value;
  if (value === undefined && spec.default !== undefined) return spec.default;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (spec.integer !== true || Number.isInteger(value)) &&
    (spec.min === undefined || (spec.minExclusive === true ? value > spec.min : value >= spec.min)) &&
    (spec.max === undefined || (spec.maxExclusive === true ? value < spec.max : value <= spec.max));
  if (!ok) {
    if (spec.input !== true) fail(path, value === undefined ? 'option is required' : 'option out of range', describeRange(spec), value);
    invalidInput(path, value === undefined ? 'value is required' : 'value out of range', describeRange(spec), value);
  }
  return value;
}

/**
 * A finite number > 0.
 *
 * @example
 * ```ts
 * readPositive(2, ['options', 'horizon']); // 2
 * ```
 */
export function readPositive(value: unknown, path: CrmErrorPath, defaultValue?: number): number {
  if (typeof value === 'number' && value > 0 && value < Infinity) return value;
  return readNumber(value, path, defaultValue === undefined ? POSITIVE : { min: 0, minExclusive: true, default: defaultValue });
}

/**
 * A finite number ≥ 0.
 *
 * @example
 * ```ts
 * readNonNegative(0, ['options', 'cost']); // 0
 * ```
 */
export function readNonNegative(value: unknown, path: CrmErrorPath, defaultValue?: number): number {
  if (typeof value === 'number' && value >= 0 && value < Infinity) return value;
  return readNumber(value, path, defaultValue === undefined ? NON_NEGATIVE : { min: 0, default: defaultValue });
}

/**
 * A whole number in `[min, max]`.
 *
 * @example
 * ```ts
 * readInteger(3, ['options', 'bins'], { min: 2, max: 10 }); // 3
 * ```
 */
export function readInteger(value: unknown, path: CrmErrorPath, spec: Omit<NumberSpec, 'integer'> = {}): number {
  return readNumber(value, path, { ...spec, integer: true });
}

/**
 * A probability in [0, 1].
 *
 * @example
 * ```ts
 * readProbability(0.9, ['options', 'level']); // 0.9
 * ```
 */
export function readProbability(value: unknown, path: CrmErrorPath, defaultValue?: number): number {
  if (typeof value === 'number' && value >= 0 && value <= 1) return value;
  return readNumber(value, path, defaultValue === undefined ? PROBABILITY : { min: 0, max: 1, default: defaultValue });
}

/**
 * A per-period rate such as a discount or retention rate: a fraction in [0, 1). A value ≥ 1 is
 * refused with a hint, because `10` for "10 %" would silently turn a CLV of 12,189 into 154.
 *
 * @example
 * ```ts
 * readRate(0.1, ['options', 'discountRate']); // 0.1
 * readRate(10, ['options', 'discountRate']); // throws: 10 looks like a percentage; pass 0.1 for 10 %
 * ```
 */
export function readRate(value: unknown, path: CrmErrorPath, defaultValue?: number): number {
  if (value === undefined && defaultValue !== undefined) return defaultValue;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 1) {
    const hint = value <= 100 ? `; ${value} looks like a percentage: pass ${value / 100} for ${value} %` : '';
    fail(path, `a rate is a fraction per period, below 1${hint}`, 'a number in [0, 1)', value);
  }
  return readNumber(value, path, RATE);
}

/**
 * A boolean.
 *
 * @example
 * ```ts
 * readBoolean(undefined, ['options', 'verbose'], false); // false
 * ```
 */
export function readBoolean(value: unknown, path: CrmErrorPath, defaultValue?: boolean): boolean {
  if (value === undefined && defaultValue !== undefined) return defaultValue;
  if (typeof value !== 'boolean') fail(path, value === undefined ? 'option is required' : 'option must be true or false', 'a boolean', value);
  return value;
}

/**
 * One of a fixed set of string choices (with a "did you mean" for near misses).
 *
 * @example
 * ```ts
 * readOneOf('median', ['options', 'split'], ['mean', 'median'] as const); // 'median'
 * ```
 */
export function readOneOf<T extends string>(value: unknown, path: CrmErrorPath, choices: readonly T[], defaultValue?: T): T {
  if (value === undefined && defaultValue !== undefined) return defaultValue;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  const near = typeof value === 'string' ? didYouMean(value, choices) : undefined;
  fail(
    path,
    value === undefined ? 'option is required' : `unknown choice${near === undefined ? '' : `; did you mean "${near}"?`}`,
    `one of ${choices.map((c) => `'${c}'`).join(', ')}`,
    value,
  );
}

/**
 * A {@link TimeUnit}.
 *
 * @example
 * ```ts
 * readTimeUnit('week', ['options', 'unit']); // 'week'
 * ```
 */
export function readTimeUnit(value: unknown, path: CrmErrorPath, defaultValue?: TimeUnit): TimeUnit {
  if (value === undefined && defaultValue !== undefined) return defaultValue;
  if (isTimeUnit(value)) return value;
  return readOneOf(value, path, TIME_UNITS);
}

/**
 * A date (a `Date`, an ISO-8601 string or epoch milliseconds) as a UTC day number, fractional
 * when it carries a time of day.
 *
 * @example
 * ```ts
 * readDate('1970-01-11', ['options', 'start']); // 10
 * ```
 */
export function readDate(value: unknown, path: CrmErrorPath): number {
  const day = tryDayNumber(value);
  if (day === undefined) fail(path, value === undefined ? 'date is required' : 'not a valid date', 'a Date, an ISO-8601 date string or epoch milliseconds', value);
  return day;
}

/**
 * A non-empty string.
 *
 * @example
 * ```ts
 * readString('Amount', ['options', 'columns', 'amount']); // 'Amount'
 * ```
 */
export function readString(value: unknown, path: CrmErrorPath, defaultValue?: string): string {
  if (value === undefined && defaultValue !== undefined) return defaultValue;
  if (typeof value !== 'string' || value === '') fail(path, value === undefined ? 'option is required' : 'option must be a non-empty string', 'a non-empty string', value);
  return value;
}

/**
 * A budget (a work or output limit, see docs/glossary.md "budget"): a whole number ≥ 1, or
 * `Infinity` to lift the limit knowingly.
 *
 * @example
 * ```ts
 * readBudget(undefined, ['options', 'maxRules'], 1_000_000); // 1000000
 * ```
 */
export function readBudget(value: unknown, path: CrmErrorPath, defaultValue: number): number {
  if (value === undefined) return defaultValue;
  if (value === Infinity) return Infinity;
  return readNumber(value, path, { min: 1, integer: true });
}
