/**
 * Horizon, period and time checks of every CLV model (issue 17 item 4): a prediction horizon or
 * time point is a finite number at or above a floor (0 for horizons, 1 for sBG's "survive past
 * period t"), a discrete-time model's period count is a whole number.
 */
import { type CrmErrorPath, invalidInput } from '../../core/index.js';

/** The largest period count a discrete-time model (BG/BB) accepts: its sums cost O(periods). */
export const MAX_PERIODS = 1_000_000;

/**
 * A time `t` ≥ `min` (finite), e.g. a horizon (`min` 0) or a period (`min` 1 for sBG), else an
 * `INVALID_INPUT` error at `path`.
 */
export function checkTime(t: unknown, path: CrmErrorPath, min = 0): number {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < min) {
    const name = [...path].reverse().find((p): p is string => typeof p === 'string') ?? 't';
    const message = min === 0 ? `${name} must be a non-negative number` : `${name} must be a number ≥ ${min}`;
    invalidInput(path, message, `a finite number ≥ ${min}`, t);
  }
  return t;
}

/** A prediction horizon: the argument `name` (default `t`), a finite number ≥ 0. */
export function checkHorizon(t: unknown, name = 't'): number {
  return checkTime(t, [name], 0);
}

/** A whole number of periods in [0, {@link MAX_PERIODS}] for a discrete-time model. */
export function checkPeriods(t: unknown, name: string): number {
  if (!(typeof t === 'number' && Number.isInteger(t) && t >= 0 && t <= MAX_PERIODS)) {
    invalidInput([name], `${name} must be a whole number of periods (BG/BB is a discrete-time model)`, `an integer in [0, ${MAX_PERIODS}]`, t);
  }
  return t;
}
