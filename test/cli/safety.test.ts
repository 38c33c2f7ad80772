// Issue 22 (files and terminal): outputs never overwrite an input or each other, writes are
// atomic, everything printed is stripped of control and bidi-override characters, delimiters are
// checked, and error messages quote only a short escaped excerpt of the data.
import { copyFileSync, linkSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, main } from '../../src/cli/main.js';
import { sanitizeTerminal } from '../../src/cli/terminal.js';
import { quoteExcerpt } from '../../src/io/excerpt.js';

const FIXTURE = 'test/fixtures/cli/hostile.csv';
const dir = mkdtempSync(join(tmpdir(), 'crm-cli-safe-'));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('CLI file safety', () => {
  it('refuses --out or --json that is the input (by path, symlink or hard link) and leaves it intact', async () => {
    const input = join(dir, 'in.csv');
    copyFileSync(FIXTURE, input);
    const original = readFileSync(input);
    const sym = join(dir, 'sym.csv');
    symlinkSync(input, sym);
    const hard = join(dir, 'hard.csv');
    linkSync(input, hard);
    for (const args of [
      ['report', input, '--out', input],
      ['report', input, '--out', join(dir, '.', 'in.csv')],
      ['report', input, '--out', sym],
      ['report', input, '--out', hard],
      ['report', sym, '--out', join(dir, 'x.html'), '--json', input],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(EXIT.usage);
      expect(r.err).toMatch(/same file as the input file/);
    }
    expect(readFileSync(input).equals(original)).toBe(true);
  });

  it('refuses --json equal to --out', async () => {
    const f = join(dir, 'same.html');
    const r = await run(['report', FIXTURE, '--out', f, '--json', f]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain('--json');
    expect(r.err).toContain('--out');
  });

  it('writes atomically: no temporary file is left, and a failed run leaves the previous report untouched', async () => {
    const sub = mkdtempSync(join(dir, 'atomic-'));
    const out = join(sub, 'r.html');
    expect((await run(['report', FIXTURE, '--out', out, '--quiet'])).code).toBe(EXIT.ok);
    const first = readFileSync(out, 'utf8');
    expect(first).toContain('<!doctype html>');
    expect(readdirSync(sub)).toEqual(['r.html']);
    const bad = join(sub, 'bad.csv');
    writeFileSync(bad, 'Customer ID,InvoiceDate,Revenue\nc1,not a date,1\n');
    expect((await run(['report', bad, '--out', out])).code).toBe(EXIT.badInput);
    expect(readFileSync(out, 'utf8')).toBe(first);
    expect(readdirSync(sub).sort()).toEqual(['bad.csv', 'r.html']);
    // A folder that does not exist: IO_ERROR, nothing created.
    const r = await run(['report', FIXTURE, '--out', join(sub, 'nope', 'r.html'), '--quiet']);
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).toContain('IO_ERROR');
  });

  it.each([[''], ['"'], ['a"'], ['\n']])('rejects the delimiter %j (exit 2)', async (d) => {
    const r = await run(['report', FIXTURE, '--out', join(dir, 'd.html'), '--delimiter', d]);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain('--delimiter');
  });
});

describe('CLI terminal output', () => {
  it('strips C0/C1 controls and bidi overrides from everything printed, data included', async () => {
    const f = join(dir, 'esc.csv');
    const evil = 'milk\u001b]0;pwned\u0007\u001b[2J\u202e\u0085';
    const rows = ['Customer ID,Invoice,InvoiceDate,Revenue,Product'];
    for (let o = 0; o < 120; o++) {
      const [a, b] = o % 2 === 0 ? [evil, 'bread'] : ['eggs', 'butter'];
      rows.push(`c${o % 20},o${o},2024-0${1 + (o % 9)}-1${o % 10},${3 + (o % 7)}.00,${a}`);
      rows.push(`c${o % 20},o${o},2024-0${1 + (o % 9)}-1${o % 10},2.00,${b}`);
    }
    writeFileSync(f, `${rows.join('\n')}\n`);
    const r = await run(['report', f, '--item', 'Product', '--customer', `x\u001b[31m`, '--out', join(dir, 'esc.html')]);
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const ok = await run(['report', f, '--item', 'Product', '--out', join(dir, 'esc.html')]);
    expect(ok.code).toBe(EXIT.ok);
    expect(ok.out).toContain('milk]0;pwned[2J');
    expect(ok.out + ok.err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  }, 60_000);

  it('sanitizeTerminal keeps text, line feeds and tabs; quoteExcerpt escapes and cuts', () => {
    expect(sanitizeTerminal('a\tb\nc\u001b[0m\u009b\u2067d')).toBe('a\tb\nc[0md');
    expect(quoteExcerpt('x'.repeat(100))).toBe(`"${'x'.repeat(40)}…"`);
    expect(quoteExcerpt('a\u0000b')).toBe('"a\\u0000b"');
    expect(quoteExcerpt('\u0000'.repeat(10_000)).length).toBeLessThan(50);
  });

  it('a wrong column or a binary file does not echo the first line into the message', async () => {
    const f = join(dir, 'wide.csv');
    writeFileSync(f, `${Array.from({ length: 500 }, (_, i) => `column_${i}_${'z'.repeat(60)}`).join(',')}\n1,2,3\n`);
    const r = await run(['report', f, '--out', join(dir, 'w.html')]);
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err.length).toBeLessThan(900);
    expect(r.err).toContain('and 490 more');
    expect(r.err).not.toContain('z'.repeat(60));
  });
});
