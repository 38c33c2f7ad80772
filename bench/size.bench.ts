/**
 * `npm run bench -- size` (issue 16 item 6): esbuild-minified size of each public subpath and of
 * `import { rfm } from 'crm-analytics'`, bundled from the BUILT package (dist/, run `npm run build`
 * first) as a browser app would (platform browser for the model subpaths, node for io/datasets).
 * Optional peers (vega, vega-lite, database clients) are external: they are not part of what the
 * import costs. Targets: crm-analytics/rfm <= 60 KiB, the whole root <= 250 KiB (since 0.5.0 the root's
 * values are core, rfm and clv; `crm-analytics/all` carries every module and is measured as a subpath).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { printTable, type BenchRow } from './harness.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OPTIONAL_PEERS = ['vega', 'vega-lite', 'pg', '@clickhouse/client', '@duckdb/node-api'];
const NODE_ONLY = new Set(['io', 'datasets']);
/** The public subpaths, from package.json "exports" (so a new module is measured without editing this). */
const SUBPATHS = Object.keys((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }).exports)
  .filter((k) => k !== '.' && k !== './package.json')
  .map((k) => k.slice(2));

/** Minified bytes of a bundle of `code` (an entry importing from dist), and the bytes zod adds. */
export async function bundleSize(code: string, platform: 'browser' | 'node'): Promise<{ bytes: number; zodBytes: number }> {
  const result = await build({
    stdin: { contents: code, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: OPTIONAL_PEERS,
    alias: { 'crm-analytics': join(root, 'dist/index.js') },
  });
  const out = Object.values(result.metafile.outputs)[0];
  let zodBytes = 0;
  for (const [path, input] of Object.entries(out?.inputs ?? {})) if (path.includes('node_modules/zod/')) zodBytes += input.bytesInOutput;
  return { bytes: result.outputFiles[0]?.contents.byteLength ?? 0, zodBytes };
}

const kib = (b: number): string => `${(b / 1024).toFixed(1)} KiB`;

export default async function run(): Promise<void> {
  if (!existsSync(join(root, 'dist/index.js'))) throw new Error('size bench: run `npm run build` first (it measures dist/)');
  const rows: BenchRow[] = [];
  const entries: Array<[string, string, 'browser' | 'node', number | undefined]> = [
    ['import { rfm } from crm-analytics (whole namespace)', `import { rfm } from './dist/index.js'; globalThis.x = rfm;`, 'browser', 60 * 1024],
    ['import { rfm } → rfm.summarize + rfm.score', `import { rfm } from './dist/index.js'; globalThis.x = [rfm.summarize, rfm.score];`, 'browser', 60 * 1024],
    ['crm-analytics (root, all of it: core, rfm, clv + every type)', `export * from './dist/index.js';`, 'browser', 250 * 1024],
    ...SUBPATHS.map((s): [string, string, 'browser' | 'node', number | undefined] => [
      `crm-analytics/${s}`,
      `export * from './dist/${s}.js';`,
      NODE_ONLY.has(s) ? 'node' : 'browser',
      s === 'rfm' ? 60 * 1024 : undefined,
    ]),
  ];
  for (const [task, code, wanted, target] of entries) {
    // A subpath that needs Node (e.g. the report writer) is measured for platform node.
    let platform = wanted;
    const measured = await bundleSize(code, platform).catch(async () => {
      platform = 'node';
      return bundleSize(code, 'node');
    });
    const { bytes, zodBytes } = measured;
    const row: BenchRow = { task, ours: kib(bytes), note: `${platform}${zodBytes > 0 ? `, zod ${kib(zodBytes)}` : ', no zod'}${target !== undefined ? (bytes <= target ? ' — MET' : ' — MISSED') : ''}` };
    if (target !== undefined) row.target = `<= ${kib(target)}`;
    rows.push(row);
  }
  printTable('bundle size (esbuild --minify, optional peers external)', rows);
  // Sizes are deterministic (unlike times), so a missed target fails the run: .ci/run enforces them.
  const missed = rows.filter((r) => r.note?.endsWith('MISSED'));
  printTable("where the root's bytes go (src/index.ts bundled the same way, per module)", await breakdown('src/index.ts'));
  printTable("where crm-analytics/all's bytes go (src/all.ts, per module)", await breakdown('src/all.ts'));
  if (missed.length > 0) throw new Error(`size bench: target missed by ${missed.map((r) => `${r.task} (${r.ours})`).join(', ')}`);
}

/**
 * A bundle per module: esbuild's metafile of `entry` (same settings as above) gives the minified
 * bytes each source file contributes; summed per `src/<module>`, with each module's biggest file.
 * This is the accounting behind the 250 KiB target (docs/performance.md).
 */
async function breakdown(entry: string): Promise<BenchRow[]> {
  const result = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: OPTIONAL_PEERS,
  });
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0]?.inputs ?? {});
  const total = result.outputFiles[0]?.contents.byteLength ?? 0;
  const modules = new Map<string, { bytes: number; files: number; top: [string, number] }>();
  for (const [path, { bytesInOutput }] of inputs) {
    const name = path.split('/').slice(0, 2).join('/');
    const m = modules.get(name) ?? { bytes: 0, files: 0, top: ['', 0] };
    m.bytes += bytesInOutput;
    if (bytesInOutput > 0) m.files++;
    if (bytesInOutput > m.top[1]) m.top = [path.split('/').slice(2).join('/'), bytesInOutput];
    modules.set(name, m);
  }
  return [...modules]
    .filter(([, m]) => m.bytes > 0)
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .map(([name, m]) => ({
      task: name,
      ours: kib(m.bytes),
      note: `${((100 * m.bytes) / total).toFixed(1)} % of ${kib(total)}; ${m.files} files; biggest ${m.top[0]} ${kib(m.top[1])}`,
    }));
}
