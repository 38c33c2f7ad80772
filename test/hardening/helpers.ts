/**
 * Shared checks for the hardening suite (issue 11): deep-freeze inputs, find non-finite numbers
 * in results, JSON round trips, and Object.prototype pollution.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { CrmError } from '../../src/core/index.js';

/** fast-check run count: `FUZZ_RUNS` (set by `npm run test:fuzz`) or a small default for `npm test`. */
export const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
/** A fixed seed so a failure reproduces; override with FUZZ_SEED. */
export const SEED = Number(process.env.FUZZ_SEED ?? 20261125);

/** fast-check parameters for every property in the suite. */
export const params = { numRuns: RUNS, seed: SEED } as const;

/** Recursively freeze a value (arrays, plain objects, typed arrays are left as is: they cannot be frozen). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Paths of every NaN/±Infinity number inside a result (Maps, Sets, arrays, objects, typed arrays). */
export function nonFinitePaths(value: unknown, allow: (path: string) => boolean = () => false, path = '$'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) || allow(path) ? [] : [path];
  if (typeof value !== 'object' || value === null) return [];
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const out: string[] = [];
    const arr = value as unknown as ArrayLike<number>;
    for (let i = 0; i < arr.length; i++) if (!Number.isFinite(arr[i] as number) && !allow(`${path}[${i}]`)) out.push(`${path}[${i}]`);
    return out;
  }
  if (value instanceof Map) return [...value.entries()].flatMap(([k, v]) => nonFinitePaths(v, allow, `${path}.${String(k)}`));
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFinitePaths(v, allow, `${path}[${i}]`));
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => nonFinitePaths(v, allow, `${path}.${k}`));
}

/** Replace -0 by 0 everywhere (JSON writes -0 as 0; documented in docs/decisions.md). */
function withoutNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(withoutNegativeZero);
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value) && !(value instanceof Map)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNegativeZero(v)]));
  }
  return value;
}

/** Assert a result has no NaN/Infinity (except at allowed paths) and survives a JSON round trip. */
export function expectCleanResult(result: unknown, allow?: (path: string) => boolean): void {
  expect(nonFinitePaths(result, allow)).toEqual([]);
  if (allow === undefined) expect(JSON.parse(JSON.stringify(result))).toEqual(withoutNegativeZero(result));
}

/** Run `fn` and assert it throws a CrmError with a path (or returns normally). Returns the error if any. */
export function expectCrmErrorOrValue(fn: () => unknown): CrmError | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(CrmError);
    expect(Array.isArray((e as CrmError).path)).toBe(true);
    return e as CrmError;
  }
}

/** Assert `fn` throws a CrmError. */
export function expectCrmError(fn: () => unknown): CrmError {
  const err = expectCrmErrorOrValue(fn);
  expect(err).toBeInstanceOf(CrmError);
  return err as CrmError;
}

/** Snapshot of Object.prototype's own keys, to assert nothing polluted it. */
export function prototypeKeys(): string[] {
  return Object.getOwnPropertyNames(Object.prototype).sort();
}

/** Hostile ids: prototype keys, unicode oddities, empty-looking strings. */
export const HOSTILE_IDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '\u200b', '\u00a0', ' ', '🙂', 'e\u0301', '\u202e', 'null', 'undefined', 'NaN'];

/** An arbitrary id: mixes hostile ids and random strings. */
export const arbId = fc.oneof(fc.constantFrom(...HOSTILE_IDS), fc.string({ minLength: 1, maxLength: 6 }));

/** Day numbers 1970-01-01 .. 2100-12-31. */
export const arbDayNumber = fc.integer({ min: 0, max: Date.UTC(2100, 11, 31) / 86_400_000 });

/** Amounts across the whole range analysts meet: cents, 1e-9, 1e12, zero. */
export const arbAmount = fc.oneof(
  fc.integer({ min: 1, max: 1_000_000 }).map((c) => c / 100),
  fc.constantFrom(1e-9, 1e12, 0, 0.01),
  fc.double({ min: 1e-9, max: 1e12, noNaN: true, noDefaultInfinity: true }),
);

/** A transaction with a hostile-or-random id, a date 1970..2100 (ISO string, Date or epoch ms) and an amount. */
export const arbTransaction = fc.record({
  customerId: arbId,
  date: fc.oneof(
    arbDayNumber.map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10)),
    arbDayNumber.map((d) => new Date(d * 86_400_000 + 3_600_000 * 13)),
    arbDayNumber.map((d) => d * 86_400_000),
  ),
  amount: arbAmount,
  orderId: fc.string({ minLength: 1, maxLength: 3 }),
});

/** A date after every generated one. */
export const AS_OF_AFTER_ALL = '2101-01-01';
