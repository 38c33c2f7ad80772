/**
 * The CLI's file safety (issue 22): outputs never resolve to an input or to each other, and are
 * written atomically (a temporary file in the same folder, then `rename`, which POSIX makes atomic
 * within a file system), so a failed run leaves no half-written report and never touches the data.
 */
import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CrmError, invalidOption } from '../core/index.js';
import { quoteExcerpt } from '../io/excerpt.js';

/** A file's identity: device and inode when it exists (catches hard and symbolic links), else its resolved path. */
function identity(file: string): string {
  try {
    const s = statSync(file);
    return `inode:${s.dev}:${s.ino}`;
  } catch {
    // Not there yet: resolve the folder through symbolic links.
    const abs = resolve(file);
    let dir = dirname(abs);
    try {
      dir = realpathSync(dir);
    } catch {
      // the folder does not exist either: the write will report it
    }
    return `path:${join(dir, basename(abs))}`;
  }
}

/**
 * Refuse outputs that are an input or the same file as another output. Throws a usage-level
 * `CrmError` (`INVALID_OPTION`) naming both flags.
 *
 * @example
 * ```ts
 * checkOutputs([['input', 'orders.csv']], [['--out', 'report.html'], ['--json', 'report.json']]); // ok
 * ```
 */
export function checkOutputs(inputs: ReadonlyArray<readonly [string, string]>, outputs: ReadonlyArray<readonly [string, string | undefined]>): void {
  const seen = new Map<string, string>();
  for (const [name, file] of inputs) seen.set(identity(file), name);
  for (const [flag, file] of outputs) {
    if (file === undefined) continue;
    const id = identity(file);
    const other = seen.get(id);
    if (other !== undefined) {
      invalidOption(['options', flag.replace(/^--/, '')], `${flag} ${quoteExcerpt(file, 200)} is the same file as the ${other}; refusing to overwrite it`, `a file other than the ${other}`);
    }
    seen.set(id, flag);
  }
}

export { writeAtomic } from '../report/write.js';
