/**
 * Runs under Deno against the built package (`npm run build` first):
 *   npx deno run --allow-read --allow-env examples/deno.ts
 * The same seeded, pure computations give the same numbers in Node and Deno.
 */
import { clv, rfm } from '../dist/index.js';
import * as basket from '../dist/basket.js';

const transactions = [
  { customerId: 'c1', date: '2024-01-05', amount: 120, orderId: 'o1' },
  { customerId: 'c1', date: '2024-03-02', amount: 80, orderId: 'o2' },
  { customerId: 'c2', date: '2024-02-11', amount: 35, orderId: 'o3' },
  { customerId: 'c3', date: '2024-03-28', amount: 60, orderId: 'o4' },
];
const summaries = rfm.summarize(transactions, { asOf: '2024-04-01' });
console.log('customers', summaries.length, 'monetary', summaries.map((s) => s.monetary).join(','));
console.log('simpleClv', clv.simpleClv({ margin: 100, retentionRate: 0.8, discountRate: 0.1 }).toFixed(2));
const itemsets = basket.frequentItemsets(
  [
    ['milk', 'bread'],
    ['milk', 'beer'],
    ['milk', 'bread', 'beer'],
  ],
  { minSupport: 0.5 },
);
console.log('itemsets', itemsets.length);
