import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSummary, runReport, type ReportRun } from './pipeline.js';

/**
 * The `npm run demo` body: run the report on the bundled Online Retail II order lines (381
 * customers of the UCI sheet 2009-2010, every line, CC BY 4.0) with the product description as
 * the item, so every section runs, association rules included. Amount = Quantity × Price;
 * cancelled invoices and zero-price lines are excluded and counted. Returns the text summary
 * (top segments, total CLV, top rules, omitted sections) and the HTML path (`out`, or a temporary
 * file).
 *
 * @example
 * ```ts
 * import { runDemo } from './demo.js';
 * const { text } = await runDemo({ out: 'report.html' });
 * console.log(text);
 * ```
 */
export async function runDemo(options: { out?: string; dataFile?: string; log?: (line: string) => void } = {}): Promise<{ text: string; run: ReportRun; out: string }> {
  const file = options.dataFile ?? fileURLToPath(new URL('../../data/online_retail_II_2009_2010_lines_sample.csv.gz', import.meta.url));
  const out = options.out ?? join(mkdtempSync(join(tmpdir(), 'crm-analytics-demo-')), 'report.html');
  const run = await runReport({ file, out, columns: { item: 'Description' }, ...(options.log === undefined ? {} : { log: options.log }) });
  return { text: formatSummary(run.summary, out), run, out };
}
