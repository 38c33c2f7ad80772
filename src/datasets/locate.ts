/**
 * Finding and reading the bundled data files. The package ships `data/` next to `dist/`; the
 * module may run from `src/datasets/` (tests, tsx) or from a `dist/` chunk (ESM or CJS, where tsup
 * shims `import.meta.url`), so the folder is found by walking up from this module's directory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { CrmError } from '../core/index.js';

const MARKER = 'online_retail_II_2009_2010_invoices.csv.gz';
let cached: string | undefined;

/**
 * The absolute path of the bundled `data/` folder. Throws `IO_ERROR` when it cannot be found.
 *
 * @example
 * ```ts
 * import { dataDirectory } from 'crm-analytics/datasets';
 * dataDirectory(); // e.g. /…/node_modules/crm-analytics/data
 * ```
 */
export function dataDirectory(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'data');
    if (existsSync(join(candidate, MARKER))) {
      cached = candidate;
      return candidate;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new CrmError('IO_ERROR', 'the bundled data folder of crm-analytics was not found next to the installed package', {
    path: ['data'],
    data: { from: fileURLToPath(import.meta.url) },
  });
}

/** Read and gunzip one bundled file as UTF-8 text. */
export function readBundledText(name: string): string {
  const file = join(dataDirectory(), name);
  try {
    return gunzipSync(readFileSync(file)).toString('utf8');
  } catch (error) {
    throw new CrmError('IO_ERROR', `cannot read bundled file ${JSON.stringify(name)}`, { path: ['data', name], data: { file }, cause: error });
  }
}

/** Parse bundled CSV text into records (arrays of strings), header first. */
export function parseBundledCsv(name: string): string[][] {
  try {
    return parse(readBundledText(name), { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (error) {
    if (error instanceof CrmError) throw error;
    throw new CrmError('IO_ERROR', `cannot parse bundled file ${JSON.stringify(name)}`, { path: ['data', name], cause: error });
  }
}

/** Fail loudly if a bundled file does not have the content the loader was written for. */
export function corrupt(name: string, line: number, what: string, received?: unknown): never {
  throw new CrmError('IO_ERROR', `bundled file ${JSON.stringify(name)} line ${line}: ${what}`, {
    path: ['data', name, line],
    ...(received === undefined ? {} : { received }),
  });
}

/** Parse a number that must be finite, or report the bundled file as corrupt. */
export function parseBundledNumber(name: string, line: number, text: string | undefined): number {
  const t = (text ?? '').trim();
  const n = t === '' ? Number.NaN : Number(t);
  if (!Number.isFinite(n)) corrupt(name, line, 'expected a number', text);
  return n;
}
