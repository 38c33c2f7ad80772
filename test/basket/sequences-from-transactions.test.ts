// sequencesFromTransactions: the per-customer event sequences that sequentialPatterns reads.
import { describe, expect, it } from 'vitest';
import { sequencesFromTransactions, sequentialPatterns } from '../../src/basket/index.js';
import { thrown } from '../crm-error.js';

const rows = [
  { customerId: 'b', date: '2024-01-03', amount: 1, item: 'cups', orderId: 'o3' },
  { customerId: 'a', date: '2024-01-01T09:00:00Z', amount: 1, item: 'tea', orderId: 'o1' },
  { customerId: 'a', date: '2024-01-01T17:00:00Z', amount: 1, item: 'milk', orderId: 'o2' },
  { customerId: 'a', date: '2024-01-05', amount: 1, item: 'cups', orderId: 'o4' },
  { customerId: 'a', date: '2024-01-05', amount: 1, item: 'cups', orderId: 'o4' },
  { customerId: 'b', date: '2024-01-01', amount: 1, item: 'tea', orderId: 'o5' },
  { customerId: '__proto__', date: '2024-01-02', amount: 1, item: 'tea', orderId: 'o6' },
];

describe('sequencesFromTransactions', () => {
  it('one event per purchase day with its distinct items, in time order, one sequence per customer', () => {
    const { customerIds, sequences } = sequencesFromTransactions(rows);
    expect(customerIds).toEqual(['__proto__', 'a', 'b']);
    expect(sequences[1]!.map((e) => e.items)).toEqual([['milk', 'tea'], ['cups']]);
    expect(sequences[2]!.map((e) => e.items)).toEqual([['tea'], ['cups']]);
    const patterns = sequentialPatterns(sequences, { minSupport: 0.6 });
    expect(patterns.find((p) => p.sequence.length === 2)?.sequence).toEqual([['tea'], ['cups']]);
  });
  it('by orderId makes one event per order', () => {
    const { sequences } = sequencesFromTransactions(rows, { by: 'orderId' });
    expect(sequences[1]!.map((e) => e.items)).toEqual([['tea'], ['milk'], ['cups']]);
  });
  it('rows without items, orderId without order ids and option typos are errors', () => {
    expect(thrown(() => sequencesFromTransactions([{ customerId: 'a', date: '2024-01-01', amount: 1 }])).path).toEqual([0, 'item']);
    expect(thrown(() => sequencesFromTransactions([{ customerId: 'a', date: '2024-01-01', amount: 1, item: 'x' }], { by: 'orderId' })).path).toEqual(['options', 'by']);
    expect(thrown(() => sequencesFromTransactions(rows, { bye: 'day' } as never)).message).toContain('did you mean "by"');
  });
});
