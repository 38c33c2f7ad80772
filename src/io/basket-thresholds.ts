/**
 * The support threshold of the engine basket counts (DuckDB, PostgreSQL, ClickHouse), read once:
 * `minSupport` in (0, 1] and/or `minCount` ≥ 1, at least one of them.
 */
import { invalidOption } from '../core/errors.js';

/** Check `minSupport` / `minCount` as the basket-count helpers accept them. */
export function readBasketThresholds(minSupport: unknown, minCount: unknown): void {
  if (minSupport !== undefined && (typeof minSupport !== 'number' || !(minSupport > 0 && minSupport <= 1))) {
    invalidOption(['options', 'minSupport'], 'minSupport must be in (0, 1]', 'a number in (0, 1]', minSupport);
  }
  if (minCount !== undefined && (typeof minCount !== 'number' || !Number.isInteger(minCount) || minCount < 1)) {
    invalidOption(['options', 'minCount'], 'minCount must be a positive whole count', 'an integer ≥ 1', minCount);
  }
  if (minSupport === undefined && minCount === undefined) {
    invalidOption(['options', 'minSupport'], 'give minSupport or minCount', 'a number in (0, 1]');
  }
}
