// Issue 16 item 6: the model modules run in a browser. test/browser/pipeline.ts (RFM, BG/NBD +
// Gamma-Gamma CLV, association rules, a churn tree) is bundled by esbuild for platform "browser"
// (a Node API anywhere in what it imports fails the build), run in headless Chromium (Debian's,
// driven by playwright-core as in test/report/browser.test.ts; without it this test FAILS with
// the install instruction), and must give the numbers Node gives on the same data.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCdnowTransactions, loadGroceries, loadTelcoChurn } from '../../src/datasets/index.js';
import { pipeline, type PipelineInput } from './pipeline.js';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome'];
function chromiumPath(): string {
  const explicit = process.env['CHROMIUM_PATH'];
  if (explicit !== undefined && explicit !== '') return explicit;
  for (const name of NAMES) for (const d of (process.env['PATH'] ?? '').split(delimiter).filter((x) => x !== '')) if (existsSync(join(d, name))) return join(d, name);
  throw new Error(`No Chromium on PATH (looked for ${NAMES.join(', ')}). Install it with "apt-get update && apt-get install -y chromium" or set CHROMIUM_PATH.`);
}

const src = fileURLToPath(new URL('../../src', import.meta.url));
let browser: BrowserContext;
let bundle: string;

beforeAll(async () => {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./pipeline.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    globalName: 'crmPipeline',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
    alias: { 'crm-analytics': join(src, 'index.ts'), ...Object.fromEntries(['basket', 'churn', 'clv', 'core', 'rfm'].map((m) => [`crm-analytics/${m}`, join(src, m, 'index.ts')])) },
  });
  bundle = result.outputFiles[0]!.text;
  // A fresh profile per run (persistent context = Chromium's --user-data-dir).
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'crm-chromium-')), {
    executablePath: chromiumPath(),
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
});

/** Numbers equal to 1e-12 relative (Math.log/exp may differ in the last bit between V8 builds); the rest exact. */
function close(a: unknown, b: unknown, path = ''): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    return Object.is(a, b) || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)) ? [] : [`${path}: ${a} vs ${b}`];
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length !== b.length ? [`${path}: length ${a.length} vs ${b.length}`] : a.flatMap((x, i) => close(x, b[i], `${path}[${i}]`));
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((k) => close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return Object.is(a, b) ? [] : [`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
}

describe('a pipeline bundled for the browser', () => {
  it('runs in headless Chromium with the same numbers as Node', async () => {
    const input: PipelineInput = {
      transactions: loadCdnowTransactions().map((t) => ({ customerId: t.customerId, date: t.date, amount: t.amount })),
      baskets: loadGroceries(),
      telco: loadTelcoChurn({ blankTotalCharges: 'zero' }).map(({ customerId: _id, ...rest }) => rest as unknown as PipelineInput['telco'][number]),
    };
    const inNode = JSON.parse(JSON.stringify(pipeline(input))) as unknown;
    const page = await browser.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.addScriptTag({ content: bundle });
    const inBrowser = JSON.parse(
      await page.evaluate((json: string) => JSON.stringify((globalThis as unknown as { crmPipeline: { pipeline: (i: unknown) => unknown } }).crmPipeline.pipeline(JSON.parse(json))), JSON.stringify(input)),
    ) as unknown;
    const ua = await page.evaluate(() => (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent);
    await page.close();
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('about:') && !u.startsWith('data:'))).toEqual([]);
    expect(ua).toMatch(/HeadlessChrome|Chrome/);
    expect(close(inBrowser, inNode)).toEqual([]);
    // and the numbers are real: fitted, non-trivial
    const n = inNode as { rfm: { customers: number }; rules: { count: number }; tree: { leaves: number }; clv: { total: number } };
    expect(n.rfm.customers).toBe(2357);
    expect(n.rules.count).toBeGreaterThan(100);
    expect(n.tree.leaves).toBeGreaterThan(4);
    expect(n.clv.total).toBeGreaterThan(0);
  }, 180_000);
});
