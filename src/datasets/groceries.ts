import { decodeBaskets, loadCompact } from './compact.js';
import { parseBundledCsv } from './locate.js';

const FILE = 'groceries.csv.gz';

/**
 * The Groceries baskets (Hahsler, Hornik & Reutterer 2006; R arules `Groceries`): 9,835 baskets
 * over 169 categories, one `string[]` per basket in the original order. Labels are trimmed, so
 * arules' `"cream cheese "` and `"roll products "` read `"cream cheese"` and `"roll products"`.
 *
 * @example
 * ```ts
 * import { loadGroceries } from 'crm-analytics/datasets';
 * const baskets = loadGroceries();
 * baskets[0]; // ['citrus fruit', 'semi-finished bread', 'margarine', 'ready soups']
 * ```
 */
export function loadGroceries(): string[][] {
  return loadCompact('groceries', parseGroceriesCsv, decodeBaskets);
}

/** The CSV parse behind {@link loadGroceries} (internal: the source of truth of the compact form). */
export function parseGroceriesCsv(): string[][] {
  const out: string[][] = [];
  for (const record of parseBundledCsv(FILE)) {
    const items = record.map((s) => s.trim()).filter((s) => s !== '');
    if (items.length > 0) out.push(items);
  }
  return out;
}
