/**
 * Writing a built report (Node only): atomically (a temporary sibling, then `rename`, which POSIX
 * makes atomic within a file system), so a failed run never leaves a half-written report.
 */
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CrmError, readOptions, readString, invalidOption } from '../core/index.js';
import type { BuiltReport } from './build.js';

function excerpt(file: string): string {
  return JSON.stringify(file.length > 200 ? `${file.slice(0, 200)}…` : file);
}

/**
 * Write `text` to `file` atomically. On failure the temporary file is removed and an `IO_ERROR`
 * names the file.
 *
 * @example
 * ```ts
 * await writeAtomic('report.html', '<!doctype html>…', ['options', 'out']);
 * ```
 */
export async function writeAtomic(file: string, text: string, path: ReadonlyArray<string | number>): Promise<void> {
  const tmp = join(dirname(resolve(file)), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, text, { encoding: 'utf8', flag: 'wx' });
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new CrmError('IO_ERROR', `cannot write ${excerpt(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { path: [...path], cause: e });
  }
}

/** Options of {@link writeReport}. */
export interface WriteReportOptions {
  /** The HTML file. */
  out?: string;
  /** The JSON file: `{ summary, report, customers }`. */
  json?: string;
}

/**
 * Write a {@link BuiltReport} as HTML and/or JSON, each atomically. `out` and `json` must differ.
 *
 * @example
 * ```ts
 * import { buildReport, writeReport } from 'crm-analytics/report';
 * const built = await buildReport(rows, { asOf: '2010-12-09' });
 * await writeReport(built, { out: 'report.html', json: 'report.json' });
 * ```
 */
export async function writeReport(built: BuiltReport, options: WriteReportOptions): Promise<void> {
  const o = readOptions(options, ['out', 'json']);
  const out = o.out === undefined ? undefined : readString(o.out, ['options', 'out']);
  const json = o.json === undefined ? undefined : readString(o.json, ['options', 'json']);
  if (out !== undefined && json !== undefined && resolve(out) === resolve(json)) {
    invalidOption(['options', 'json'], 'out and json are the same file', 'a file other than options.out');
  }
  if (out !== undefined) await writeAtomic(out, built.html, ['options', 'out']);
  if (json !== undefined) await writeAtomic(json, `${JSON.stringify({ summary: built.summary, report: built.report, customers: built.customers }, null, 2)}\n`, ['options', 'json']);
}
