/**
 * RFM on the bundled Online Retail II 2009–10 invoices: summary, both scoring conventions,
 * segments, value matrix, ABC tiers, concentration and k-means.
 * Run: `npx tsx examples/rfm.ts`
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as rfm from '../src/rfm/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const text = gunzipSync(readFileSync(join(here, '..', 'data', 'online_retail_II_2009_2010_invoices.csv.gz'))).toString('utf8');
const rows = text
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const [customerId, orderId, date, amount] = line.split(',') as [string, string, string, string];
    return { customerId, orderId, date, amount: Number(amount) };
  });

const summaries = rfm.summarize(rows, { asOf: '2010-12-10' });
console.log(`${rows.length} invoices, ${summaries.length} customers; first:`, summaries[0]);

const count = (xs: readonly string[]) => {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1]);
};

for (const convention of ['pandas', 'rfm-package'] as const) {
  const t = rfm.scoreThresholds(summaries, { convention });
  console.log(`\n${convention}: recency edges ${t.recency.edges.join(' / ')}; frequency edges ${t.frequency.edges.map((e) => +e.toFixed(2)).join(' / ')}`);
  console.log('  customers per F score:', t.frequency.counts.join(' / '));
}

const pandasScores = rfm.score(summaries, { convention: 'pandas' });
console.log('\npandas RF map segments:', count(rfm.segment(pandasScores, { table: 'pandas-rf-map' }).map((s) => s.segment)));
const rScores = rfm.score(summaries, { convention: 'rfm-package' });
const rSegments = rfm.segment(rScores);
console.log('rfm-package segments:', rfm.segmentSummary(rSegments, summaries).map((g) => `${g.segment} ${g.customers}`).join(', '));
console.log('why:', rSegments[0]!.customerId, rSegments[0]!.segment, '—', rSegments[0]!.reasons[0]);

const vm = rfm.valueMatrix(summaries, { activeWithinDays: 90 });
console.log('\nvalue matrix (active ≤ 90 d):', vm.counts, `cuts: ${vm.frequencyCut?.toFixed(2)} orders, ${vm.averageOrderValueCut?.toFixed(2)} per order`);

const abc = rfm.abcTiers(summaries);
console.log('ABC:', abc.tiers.map((t) => `${t.tier}: ${(100 * t.customerShare).toFixed(1)}% of customers, ${(100 * t.valueShare).toFixed(1)}% of revenue`).join('; '));
const revenue = summaries.map((s) => Math.max(0, s.monetary));
console.log(`Gini ${rfm.gini(revenue).toFixed(3)}; top 20% hold ${(100 * rfm.topShare(revenue, 0.2)).toFixed(1)}% of revenue`);

const km = rfm.kmeansSegments(summaries, { kRange: [2, 6], seed: 42 });
console.log(`\nk-means: k = ${km.k} (silhouette ${km.silhouette.toFixed(3)})`);
for (const c of km.clusters) console.log(`  cluster ${c.cluster}: ${c.size} customers, recency ${c.meanRecency.toFixed(0)} d, ${c.meanFrequency.toFixed(1)} orders, ${c.meanMonetary.toFixed(0)} revenue`);
