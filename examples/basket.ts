/**
 * Market-basket analysis on the bundled Groceries data (9,835 baskets, 169 items):
 * `npx tsx examples/basket.ts`.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { associationRules, encodeBaskets, formatRule, frequentItemsets, inspect, pruneRedundant, recommend, topRules } from '../src/basket/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const baskets = gunzipSync(readFileSync(join(root, 'data', 'groceries.csv.gz')))
  .toString('utf8')
  .split('\n')
  .filter((line) => line.length > 0)
  .map((line) => line.split(','));

// Encode once (trims "cream cheese " and "roll products "), then mine as often as needed.
const enc = encodeBaskets(baskets);
console.log(`${enc.n} baskets, ${enc.items.length} items`);

const itemsets = frequentItemsets(enc, { minSupport: 0.01 });
console.log(`${itemsets.length} frequent itemsets at 1% support; most frequent:`, itemsets[0]);
console.log(`${frequentItemsets(enc, { minSupport: 0.001, kind: 'maximal' }).length} maximal itemsets at 0.1%`);

const rules = associationRules(enc, { minSupport: 0.01, minConfidence: 0.3 });
console.log(`${rules.length} rules at (0.01, 0.3)`);
for (const r of topRules(rules, { by: 'lift', k: 5 })) {
  console.log(`  ${formatRule(r)}  conf ${r.confidence.toFixed(3)}  lift ${r.lift.toFixed(3)}  n=${r.count}`);
}
// the same rules as R arules' inspect() prints them
console.log(inspect(topRules(rules, { by: 'lift', k: 3 })));
console.log(`${frequentItemsets(enc, { minSupport: 0.01, kind: 'generators' }).length} generators at 1%; itemsets with whole milk: ${frequentItemsets(enc, { minSupport: 0.01, include: ['whole milk'] }).length}`);

const fine = associationRules(enc, { minSupport: 0.001, minConfidence: 0.5 });
console.log(`${fine.length} rules at (0.001, 0.5); ${pruneRedundant(fine).length} are not redundant`);

const recs = recommend(['citrus fruit', 'other vegetables', 'yogurt'], fine, { k: 3 });
for (const r of recs) console.log(`  recommend ${r.item} (confidence ${r.score.toFixed(3)}, ${r.rules.length} rules)`);
