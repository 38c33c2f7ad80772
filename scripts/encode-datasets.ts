// Writes data/compact/<name>.json.gz from the CSV parsers (the CSVs stay the source of truth).
// Run after changing a bundled CSV or a parser: `npx tsx scripts/encode-datasets.ts`.
// test/datasets/compact.test.ts fails when a compact file is stale.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { compactDatasets } from '../src/datasets/compact-sources.js';
import { compactFile } from '../src/datasets/compact.js';

for (const [name, encode] of Object.entries(compactDatasets)) {
  const file = compactFile(name);
  mkdirSync(dirname(file), { recursive: true });
  const bytes = compactBytes(encode());
  writeFileSync(file, bytes);
  console.log(`${file}: ${bytes.length} bytes`);
}

function compactBytes(data: unknown): Buffer {
  return gzipSync(Buffer.from(JSON.stringify(data), 'utf8'), { level: 9 });
}
