import { describe, expect, it } from 'vitest';
import { CrmError, prepareTransactions, TransactionSchema } from '../../src/core/index.js';

describe('prepareTransactions', () => {
  it('builds sorted, dictionary-coded columns in one pass', () => {
    const t = prepareTransactions([
      { customerId: 'b', date: '2024-01-02', amount: 5, orderId: 'o1' },
      { customerId: '__proto__', date: '2024-01-01', amount: 1.5 },
      { customerId: 7, date: '2024-01-03T12:00:00Z', amount: -2, item: 'x', quantity: 2 },
    ]);
    expect(t.customerIds).toEqual(['7', '__proto__', 'b']);
    expect([...t.customer]).toEqual([2, 1, 0]);
    expect([...t.day]).toEqual([19724, 19723, 19725.5]);
    expect([...t.amount]).toEqual([5, 1.5, -2]);
    expect(t.orderIds).toEqual(['o1']);
    expect([...(t.order as Int32Array)]).toEqual([0, -1, -1]);
    expect([...(t.item as Int32Array)]).toEqual([-1, -1, 0]);
    expect(t.quantity?.[2]).toBe(2);
    expect(Object.prototype).not.toHaveProperty('b');
  });
  it('returns a table as is, and an empty table for no rows', () => {
    const t = prepareTransactions([]);
    expect(t.length).toBe(0);
    expect(prepareTransactions(t)).toBe(t);
  });
  it.each([
    [{ customerId: '', date: '2024-01-01', amount: 1 }, 'customerId'],
    [{ customerId: 'a', date: '2024-02-30', amount: 1 }, 'date'],
    [{ customerId: 'a', date: '2024-02-03', amount: Number.NaN }, 'amount'],
    [{ customerId: 'a', date: '2024-02-03', amount: Infinity }, 'amount'],
    [{ customerId: 'a', date: '2024-02-03', amount: '3' }, 'amount'],
    [{ date: '2024-02-03', amount: 3 }, 'customerId'],
  ])('rejects a bad row with its index and field (%j)', (bad, field) => {
    const rows = [{ customerId: 'ok', date: '2024-01-01', amount: 1 }, bad];
    try {
      prepareTransactions(rows as never);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CrmError);
      expect((e as CrmError).code).toBe('INVALID_INPUT');
      expect((e as CrmError).path).toEqual([1, field]);
    }
  });
  it('rejects a non-object row', () => {
    expect(() => prepareTransactions([null] as never)).toThrow(CrmError);
  });
  it('exports a zod schema that agrees with the fast path', () => {
    expect(TransactionSchema.safeParse({ customerId: 'a', date: '2024-01-01', amount: 1 }).success).toBe(true);
    expect(TransactionSchema.safeParse({ customerId: 'a', date: 'x', amount: 1 }).success).toBe(false);
  });
});
