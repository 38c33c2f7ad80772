/**
 * The support threshold of the engine basket counts (DuckDB, PostgreSQL, ClickHouse), read once:
 * `minSupport` in (0, 1] and/or `minCount` ≥ 1, at least one of them.
 */
import { CrmError } from '../core/errors.js';

/** Check `minSupport` / `minCount` as the basket-count helpers accept them. */
export function readBasketThresholds(minSupport: unknown, minCount: unknown): void {
  if (minSupport !== undefined && (typeof minSupport !== 'number' || !(minSupport > 0 && minSupport <= 1))) {
    throw new CrmError('INVALID_OPTION', 'minSupport must be in (0, 1]', { path: ['options', 'minSupport'], expected: 'a number in (0, 1]', received: minSupport });
  }
  if (minCount !== undefined && (typeof minCount !== 'number' || !Number.isInteger(minCount) || minCount < 1)) {
    throw new CrmError('INVALID_OPTION', 'minCount must be a positive whole count', { path: ['options', 'minCount'], expected: 'an integer ≥ 1', received: minCount });
  }
  if (minSupport === undefined && minCount === undefined) {
    throw new CrmError('INVALID_OPTION', 'give minSupport or minCount', { path: ['options', 'minSupport'], expected: 'a number in (0, 1]' });
  }
}
