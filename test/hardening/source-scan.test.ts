import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('source scan (SECURITY.md)', () => {
  const sources = files('src').map((f) => [f, readFileSync(f, 'utf8')] as const);

  it('has no eval or Function constructor', () => {
    const offending = sources.filter(([, text]) => /\beval\s*\(|new\s+Function\s*\(/.test(text)).map(([f]) => f);
    expect(offending).toEqual([]);
  });

  it('opens no network connection (no http, https, net, fetch)', () => {
    const offending = sources
      .filter(([, text]) => /from\s+['"](node:)?(http|https|net|dgram|tls)['"]|\bfetch\s*\(|XMLHttpRequest|WebSocket/.test(text))
      .map(([f]) => f);
    expect(offending).toEqual([]);
  });

  it('uses no object literal as an id-keyed dictionary (Record<string, …> built from data is a smell)', () => {
    // Ids must live in Maps: flag `obj[id] =` assignments on plain `{}` accumulators.
    const offending = sources.filter(([, text]) => /const\s+\w+\s*(:\s*Record<string,[^>]+>)?\s*=\s*\{\s*\}\s*;[\s\S]{0,400}\w+\[\s*(customerId|id|item|itemName)\s*\]\s*=/.test(text)).map(([f]) => f);
    expect(offending).toEqual([]);
  });
});
