import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSummary, runReport, type ReportRun } from './pipeline.js';

/**
 * The `npm run demo` body: run the report on the bundled Online Retail II invoices (UCI, CC BY
 * 4.0) and return the text summary (top segments, total CLV, rules when available, omitted
 * sections) with the HTML path. The invoice file has no item column, so association rules are
 * listed as omitted there.
 *
 * @example
 * ```ts
 * import { runDemo } from './demo.js';
 * const { text } = await runDemo();
 * console.log(text);
 * ```
 */
export async function runDemo(options: { out?: string; dataFile?: string } = {}): Promise<{ text: string; run: ReportRun; out: string }> {
  const file = options.dataFile ?? fileURLToPath(new URL('../../data/online_retail_II_2009_2010_invoices.csv.gz', import.meta.url));
  const out = options.out ?? join(mkdtempSync(join(tmpdir(), 'crm-analytics-demo-')), 'report.html');
  const run = await runReport({ file, out, columns: { customerId: 'CustomerID', date: 'InvoiceDate', amount: 'Revenue', orderId: 'Invoice' } });
  return { text: formatSummary(run.summary, out), run, out };
}
