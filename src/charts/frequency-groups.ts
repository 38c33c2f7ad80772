import { readNumber } from '../core/index.js';

/**
 * @internal The rows of a table by calibration frequency (clv `periodTransactions`,
 * `calibrationVsHoldout`) in ascending `frequency`, each with its index in `rows` (for error paths)
 * and its axis label: `k`, or `k+` for the open-ended last group (`orMore`), as lifetimes labels it.
 */
export function frequencyGroups(rows: ReadonlyArray<Record<string, unknown>>): Array<{ row: Record<string, unknown>; index: number; label: string }> {
  return rows
    .map((row, index) => ({ row, index, x: readNumber(row['frequency'], ['rows', index, 'frequency'], { min: 0, input: true }) }))
    .sort((a, b) => a.x - b.x)
    .map(({ row, index, x }) => ({ row, index, label: `${x}${row['orMore'] === true ? '+' : ''}` }));
}
