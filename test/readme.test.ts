import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('README', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('starts with the two commands', () => {
    const top = readme.split('\n').slice(0, 8).join('\n');
    expect(top).toContain('npm ci && npm run demo');
    expect(top).toContain('npm test');
  });

  it('quick start runs as pasted (tsx resolves crm-analytics to the sources via tsconfig paths)', async () => {
    const block = /## Quick start\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    expect(block!.trim().split('\n').length).toBeLessThanOrEqual(12);
    const file = join(mkdtempSync(join(tmpdir(), 'crm-readme-')), 'quickstart.ts');
    writeFileSync(file, block!);
    const { stdout } = await run('npx', ['tsx', '--tsconfig', 'tsconfig.json', file], { timeout: 120_000 });
    expect(stdout).toMatch(/Champions/);
    expect(stdout).toMatch(/alpha/);
  }, 180_000);
});
