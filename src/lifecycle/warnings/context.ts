/**
 * What every warning kind reads: the transactions as a table, the asOf day, per-customer row
 * lists for sales in a period, and the record readers of the optional inputs.
 */
import { invalidInput, type CrmErrorPath, type TransactionTable } from '../../core/index.js';

/** Shared, read-only state of one `earlyWarnings` call. */
export interface WarningContext {
  table: TransactionTable;
  /** The last observed day (inclusive). */
  asOfDay: number;
  /** Net sales of a customer on days in [lo, hi) (fractional day numbers), rows up to asOf only. */
  salesIn(customerId: string, lo: number, hi: number): number;
}

/** Build the context (rows are grouped per customer once). */
export function makeContext(table: TransactionTable, asOfDay: number): WarningContext {
  const rowsOf = new Map<string, number[]>();
  for (let i = 0; i < table.length; i++) {
    const id = table.customerIds[table.customer[i]!] as string;
    let r = rowsOf.get(id);
    if (r === undefined) rowsOf.set(id, (r = []));
    r.push(i);
  }
  const end = asOfDay + 1;
  return {
    table,
    asOfDay,
    salesIn(id, lo, hi) {
      let s = 0;
      const top = Math.min(hi, end);
      for (const i of rowsOf.get(id) ?? []) {
        const d = table.day[i]!;
        if (d >= lo && d < top) s += table.amount[i]!;
      }
      return s;
    },
  };
}

/** An optional array of record objects, or INVALID_INPUT at `path`. */
export function list(v: unknown, path: CrmErrorPath): readonly unknown[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) invalidInput(path, 'expected an array of records', 'an array', v);
  return v.map((r: unknown, i: number) => {
    if (typeof r !== 'object' || r === null) invalidInput([...path, i], 'record must be an object', 'an object', r);
    return r;
  });
}
