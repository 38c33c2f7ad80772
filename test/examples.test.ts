import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

// Every example runs with tsx as a user would (`npx tsx examples/<name>.ts`), and prints what it
// promises. deno.ts and determinism.ts import the built package; CI runs them after the build.
const EXPECTED: Record<string, RegExp[]> = {
  'basket.ts': [/125 rules at \(0\.01, 0\.3\)/, /\{citrus fruit, other vegetables\} => \{root vegetables\}/],
  'churn.ts': [/ROC AUC 0\.\d+/, /decile/],
  'choosing-a-model.ts': [/CDNOW[^]*lowest BIC: MBG\/NBD/, /Online Retail II[^]*k = 2[^]*lowest BIC: BG\/CNBD-k/],
  'clv.ts': [/366\.67/, /333\.33/, /266\.67/, /242\.06/],
  'demo.ts': [/37,086 rows, 381 customers/, /Top rules by lift/, /=> \{/],
  'lifecycle.ts': [/4312 customers/, /termination/],
  'pipeline.ts': [/4312 customers/, /BG\/NBD/],
  'rfm.ts': [/4312 customers/],
  'value-and-trust.ts': [/share of wallet 300 \/ 1200 = 0\.25/, /trust/],
};
const NEEDS_BUILD = new Set(['deno.ts', 'determinism.ts']);

const examples = readdirSync('examples').filter((f) => f.endsWith('.ts') && !NEEDS_BUILD.has(f));

describe('examples', () => {
  it('every example has expectations here', () => {
    expect(examples.filter((f) => EXPECTED[f] === undefined)).toEqual([]);
  });

  // Run them concurrently: each one is a separate tsx process, mostly waiting on start-up.
  const results = new Map(examples.map((f) => [f, run('npx', ['tsx', `examples/${f}`], { timeout: 240_000, maxBuffer: 16 * 1024 * 1024 })]));

  it.each(examples)('%s runs and prints its results', async (file) => {
    const { stdout } = await (results.get(file) as ReturnType<typeof run>);
    for (const re of EXPECTED[file] ?? []) expect(stdout).toMatch(re);
  }, 300_000);
});
