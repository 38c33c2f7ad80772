/**
 * The row-error report of the collecting CSV readers (`readTransactionsCsv`, the CLI's reader):
 * every rejected row is counted, the first `maxErrors` are kept, skipped records are counted.
 */
import type { Sink } from './csv-rows.js';
import type { CsvRowError } from './csv-types.js';

/**
 * @internal A {@link Sink} that counts every row error (`errorCount`), keeps the first
 * `maxErrors` of them (`errors`) and counts the skipped records (`skipped`).
 *
 * @example
 * ```ts
 * const report = new RowErrors(1);
 * report.error({ line: 2, field: 'amount', column: 'total', message: 'not a number' });
 * report.error({ line: 3, field: 'date', column: 'day', message: 'not a valid date' });
 * [report.errorCount, report.errors.length]; // [2, 1]
 * ```
 */
export class RowErrors implements Sink {
  readonly errors: CsvRowError[] = [];
  errorCount = 0;
  skipped = 0;

  constructor(readonly maxErrors: number) {}

  error(e: CsvRowError): void {
    this.errorCount++;
    if (this.errors.length < this.maxErrors) this.errors.push(e);
  }

  skip(): void {
    this.skipped++;
  }
}
