/**
 * Per-customer purchase history as of a date, in one pass over a TransactionTable: orders,
 * purchase days, tenure, recency, the customer's usual inter-purchase gap, and spend per
 * fixed-length window ending at `asOf` (for the trend). Shared by classify, earlyWarnings and
 * value.satisfactionIndicators.
 */
import { CrmError, type CrmErrorPath, type TransactionTable } from '../core/index.js';

/** The history facts of one customer as of the asOf day (rows on or before it; asOf is inclusive). */
export interface CustomerHistory {
  customerIndex: number;
  /** Distinct orders with a positive net amount (rows without orderId are one order each). */
  orders: number;
  /** Distinct calendar days with a positive-amount row. */
  purchaseDays: number;
  /** Calendar day number of the first / last positive-amount row, or null when none. */
  firstDay: number | null;
  lastDay: number | null;
  /** Net amount of all rows up to asOf (returns included). */
  spend: number;
  /** Median gap in whole days between consecutive purchase days, or null with fewer than 2. */
  medianGap: number | null;
  /** Longest gap between purchase days, or null. */
  maxGap: number | null;
  /**
   * Net spend per window, oldest first; window k back from the asOf day holds the calendar days
   * `cal` with `kL <= asOf − cal < (k+1)L` (window 0 holds the asOf day). There are
   * `min(maxWindows, floor(tenure / L) + 1)` windows, so the first purchase day is always covered
   * when it is recent enough.
   */
  windows: number[];
}

/** Median of a numeric array (sorted copy). */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid]!) : ((s[mid - 1]!) + (s[mid]!)) / 2;
}

/**
 * Summarise every customer of the table (in `customerIds` order) as of the asOf day (a whole UTC
 * day number, inclusive: rows dated on it count, later rows are ignored here — the caller applies
 * the afterAsOf policy first). `periodDays` is the trend window length L, `maxWindows` the most
 * recent windows kept.
 */
export function summarizeHistory(table: TransactionTable, asOfDay: number, periodDays: number, maxWindows: number, path: CrmErrorPath = []): CustomerHistory[] {
  const nc = table.customerIds.length;
  const n = table.length;
  const asOf = asOfDay + 1; // exclusive end of observation
  // Rows up to asOf in day order (one global sort), then bucketed by customer with a stable
  // counting sort, so every customer's rows come out in day order without a per-customer sort.
  let m = 0;
  for (let i = 0; i < n; i++) if ((table.day[i]!) < asOf) m++;
  const byDay = new Int32Array(m);
  let sortedAlready = true;
  let prev = -Infinity;
  for (let i = 0, j = 0; i < n; i++) {
    const d = table.day[i]!;
    if (d < asOf) {
      byDay[j++] = i;
      if (d < prev) sortedAlready = false;
      prev = d;
    }
  }
  if (!sortedAlready) byDay.sort((a, b) => (table.day[a]!) - (table.day[b]!) || a - b);
  const counts = new Int32Array(nc + 1);
  for (let k = 0; k < m; k++) counts[(table.customer[byDay[k]!] as number) + 1]! += 1;
  for (let c = 0; c < nc; c++) counts[c + 1]! += counts[c]!;
  const start = Int32Array.from(counts);
  const rows = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    const i = byDay[k]!;
    const c = table.customer[i]!;
    rows[start[c]!++] = i;
  }
  const out: CustomerHistory[] = new Array(nc);
  const order = table.order;
  // Net amount per order, shared by all customers (an order belongs to one customer in practice;
  // entries are reset after each customer, so a shared order id is still counted per customer).
  const orderSum = order === undefined ? undefined : new Float64Array((table.orderIds?.length ?? 0) + 1);
  const days: number[] = [];
  const gaps: number[] = [];
  for (let c = 0; c < nc; c++) {
    const lo = counts[c]!;
    const hi = counts[c + 1]!;
    let spend = 0;
    let orders = 0;
    let firstDay: number | null = null;
    let lastDay: number | null = null;
    days.length = 0;
    for (let k = lo; k < hi; k++) {
      const i = rows[k]!;
      const a = table.amount[i]!;
      const d = table.day[i]!;
      spend += a;
      const o = order === undefined ? -1 : (order[i]!);
      if (o >= 0) orderSum![o]! += a;
      else if (a > 0) orders += 1;
      if (a > 0) {
        const cal = Math.floor(d);
        if (firstDay === null) firstDay = cal;
        lastDay = cal;
        if (days.length === 0 || days[days.length - 1] !== cal) days.push(cal);
      }
    }
    if (orderSum !== undefined) {
      for (let k = lo; k < hi; k++) {
        const o = order![rows[k]!] as number;
        if (o < 0) continue;
        if ((orderSum[o]!) > 0) orders += 1;
        orderSum[o] = Number.NaN; // counted (NaN > 0 is false for the order's other rows)
      }
      for (let k = lo; k < hi; k++) {
        const o = order![rows[k]!] as number;
        if (o >= 0) orderSum[o] = 0;
      }
    }
    let medianGap: number | null = null;
    let maxGap: number | null = null;
    if (days.length >= 2) {
      gaps.length = 0;
      let mx = 0;
      for (let k = 1; k < days.length; k++) {
        const g = (days[k]!) - (days[k - 1]!);
        gaps.push(g);
        if (g > mx) mx = g;
      }
      medianGap = median(gaps);
      maxGap = mx;
    }
    let windows: number[] = [];
    if (firstDay !== null) {
      const tenure = asOfDay - firstDay;
      const nWin = Math.min(maxWindows, Math.floor(tenure / periodDays) + 1);
      windows = new Array<number>(nWin).fill(0);
      for (let k = lo; k < hi; k++) {
        const i = rows[k]!;
        const w = Math.floor((asOfDay - Math.floor(table.day[i]!)) / periodDays);
        if (w < nWin) windows[nWin - 1 - w]! += table.amount[i]!;
      }
    }
    if (!Number.isFinite(spend) || !windows.every(Number.isFinite)) {
      throw new CrmError('NUMERIC_DOMAIN', `the net spend of customer ${JSON.stringify((table.customerIds[c] as string).slice(0, 40))} overflows a double (amounts sum beyond ±1.8e308); rescale the amounts`, {
        path: [...path, 'amount'],
        data: { customerId: table.customerIds[c] as string },
      });
    }
    out[c] = { customerIndex: c, orders, purchaseDays: days.length, firstDay, lastDay, spend, medianGap, maxGap, windows };
  }
  return out;
}
