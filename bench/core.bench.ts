import { prepareTransactions } from '../src/core/index.js';
import { createRandom } from '../src/core/index.js';
import { ms, printTable, timeMedian } from './harness.js';

/** prepareTransactions on 400,000 generated rows (about the size of Online Retail II). */
export default async function run(): Promise<void> {
  const rng = createRandom(1);
  const start = Date.UTC(2009, 11, 1);
  const rows = Array.from({ length: 400_000 }, (_, i) => ({
    customerId: `C${rng.int(5000)}`,
    date: new Date(start + rng.int(373) * 86_400_000).toISOString().slice(0, 10),
    amount: Math.round(rng.next() * 10000) / 100,
    orderId: `O${Math.floor(i / 20)}`,
  }));
  const t = await timeMedian(() => prepareTransactions(rows), { runs: 7, warmup: 1 });
  printTable('core', [{ task: 'prepareTransactions, 400k rows (ISO date strings)', ours: ms(t.medianMs), note: 'one validation pass' }]);
}
