import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The models must run in Node, Deno, Bun and browsers: no node:* and no I/O layers (ARCHITECTURE.md).
const MODEL_DIRS = ['core', 'rfm', 'clv', 'lifecycle', 'value', 'trust', 'basket', 'churn', 'charts', 'survival', 'cohort', 'survey'];
const FORBIDDEN = [/from\s+['"]node:/, /from\s+['"](fs|path|os|zlib|stream|child_process)['"]/, /from\s+['"]\.\.\/(io|datasets|cli|report)\b/, /import\(\s*['"]node:/];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('purity guard', () => {
  it.each(MODEL_DIRS)('src/%s imports no node:*, io, datasets or cli', (dir) => {
    const offending = files(join('src', dir)).filter((f) => FORBIDDEN.some((re) => re.test(readFileSync(f, 'utf8'))));
    expect(offending).toEqual([]);
  });
});
