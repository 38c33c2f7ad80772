// Issue 19.3: sequentialPatterns equals arulesSequences' cSPADE on Online Retail II customer
// sequences (the bundled lines sample, 388 customers, 1,814 purchase days) at support 0.05.
// Fixture and the scripts that made it: test/fixtures/basket/sequences-online-retail/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sequencesFromTransactions, sequentialPatterns } from '../../src/basket/index.js';
import { readTransactionsCsv } from '../../src/io/index.js';

const dir = new URL('../fixtures/basket/sequences-online-retail/', import.meta.url);
const canonical = (elements: readonly (readonly string[])[]): string => elements.map((e) => [...e].sort().join('|')).join(' > ');

describe('sequentialPatterns = cSPADE on Online Retail II', () => {
  it('the same 293 frequent sequences with the same supports at minSupport 0.05', async () => {
    const { rows } = await readTransactionsCsv(fileURLToPath(new URL('../../data/online_retail_II_2009_2010_lines_sample.csv.gz', import.meta.url)), {
      columns: { customerId: 'CustomerID', date: 'InvoiceDate', amount: 'Price', orderId: 'Invoice', item: 'Description' },
      onError: 'collect',
      skipBlankCustomerId: true,
    });
    const { sequences } = sequencesFromTransactions(rows);
    // The exported input is what cSPADE read: same customers and events.
    const exported = readFileSync(new URL('sequences.txt', dir), 'utf8').trim().split('\n');
    expect(exported).toHaveLength(sequences.reduce((s, q) => s + q.length, 0));
    const ours = new Map(sequentialPatterns(sequences, { minSupport: 0.05 }).map((p) => [canonical(p.sequence), p.support]));
    const theirs = new Map(
      readFileSync(new URL('cspade-s0.05.tsv', dir), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => {
          const [label, support] = line.split('\t');
          return [canonical(label!.split(' > ').map((e) => e.split('|'))), Number(support)] as const;
        }),
    );
    expect(ours.size).toBe(293);
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [k, v] of ours) expect(Math.abs(v - theirs.get(k)!)).toBeLessThan(1e-12);
  });
});
