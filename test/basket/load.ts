// Test helpers: read the bundled Groceries and the retail.dat fixture (gzip) from the repo.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const fixtures = join(root, 'test', 'fixtures', 'basket');

/** Groceries (9,835 baskets), one comma-separated basket per line (arules' labels, 2 with trailing blanks). */
export function groceries(): string[][] {
  const text = gunzipSync(readFileSync(join(root, 'data', 'groceries.csv.gz'))).toString('utf8');
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split(','));
}

/** FIMI retail.dat (88,162 baskets), blank-separated integer items. */
export function retail(): string[][] {
  return fimi('retail.dat.gz');
}

/** A gzipped FIMI .dat fixture: blank-separated integer items, one basket per line. */
export function fimi(file: string): string[][] {
  const text = gunzipSync(readFileSync(join(fixtures, file))).toString('utf8');
  return text
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split(' ').filter((x) => x.length > 0));
}

/** Minimal CSV reader for the arules reference files (quoted strings, no embedded quotes). */
export function readCsv(name: string): Record<string, string>[] {
  const lines = readFileSync(join(fixtures, name), 'utf8').split('\n').filter((l) => l.length > 0);
  const split = (line: string): string[] => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (const ch of line) {
      if (ch === '"') quoted = !quoted;
      else if (ch === ',' && !quoted) {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
    return out;
  };
  const header = split(lines[0] as string);
  return lines.slice(1).map((l) => {
    const cells = split(l);
    return Object.fromEntries(header.map((h, i) => [h, cells[i] as string]));
  });
}

/** "{a,b}" → ['a', 'b'] sorted. */
export function parseSet(text: string): string[] {
  const inner = text.replace(/^\{/, '').replace(/\}$/, '');
  return inner.length === 0 ? [] : inner.split(',').sort();
}
