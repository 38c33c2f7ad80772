// Every ```ts block of the guides (docs/*.md) and the README compiles against the current sources,
// strict, as a user pasting it would compile it: a renamed function, a changed option or a result
// field that moved fails here instead of in a reader's editor. Blocks are fragments of a page, so a
// block may name what the surrounding prose gives it in an HTML comment right above the fence:
//   <!-- context: declare const rows: Transaction[]; -->
// (any TypeScript; imports allowed). `<!-- context: skip — why -->` leaves a block out, with the reason.
// Type-checked only: running them is the job of the JSDoc examples (test/jsdoc) and examples/.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..');

interface Snippet {
  /** `docs/clv.md:120` — the fence's line. */
  where: string;
  file: string;
  code: string;
  /** Lines of context put before the block (to map diagnostics back). */
  contextLines: number;
  skip?: string;
}

/** The comment right above a fence (tested on the text from the last `<!--` on). */
const CONTEXT = /^<!--\s*context:\s*([\s\S]*?)-->\s*$/;

function snippetsOf(relPath: string): Snippet[] {
  const text = readFileSync(join(repo, relPath), 'utf8');
  const out: Snippet[] = [];
  const fence = /^```ts[^\n]*\n([\s\S]*?)^```/gm;
  for (let m = fence.exec(text); m !== null; m = fence.exec(text)) {
    const line = text.slice(0, m.index).split('\n').length;
    const prefix = text.slice(0, m.index);
    const before = CONTEXT.exec(prefix.slice(prefix.lastIndexOf('<!--')));
    const context = before?.[1]?.trim() ?? '';
    const skip = /^skip\b/.exec(context) ? context.replace(/^skip\s*[—:-]?\s*/, '') : undefined;
    const code = `${context}\n${m[1] ?? ''}\nexport {};\n`;
    const name = `${relPath.replace(/[/.]/g, '_')}_${line}.ts`;
    out.push({ where: `${relPath}:${line}`, file: join(repo, 'docs', '.snippets', name), code, contextLines: context.split('\n').length, ...(skip === undefined ? {} : { skip }) });
  }
  return out;
}

const guides = readdirSync(join(repo, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`);
const snippets = ['README.md', ...guides].flatMap(snippetsOf);

/** Diagnostics of every snippet, compiled in one program with the repo's compiler options. */
function diagnose(list: Snippet[]): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(join(repo, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (config === undefined) throw new Error('tsconfig.json did not parse');
  // ESM with top-level await, as a bundler or tsx runs a pasted file, under `strict: true` as a
  // user's project has it: not the repo's extra noUncheckedIndexedAccess / exactOptionalPropertyTypes
  // (so `rows[0]` reads as docs write it; test/consumer compiles our declarations under those too).
  const options: ts.CompilerOptions = {
    ...config.options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    noEmit: true,
    strict: true,
    noUncheckedIndexedAccess: false,
    exactOptionalPropertyTypes: false,
    noUnusedLocals: false,
    noUnusedParameters: false,
  };
  const byFile = new Map(list.map((s) => [s.file, s]));
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, onError) => {
    const s = byFile.get(name);
    return s === undefined ? getSourceFile(name, lang, onError) : ts.createSourceFile(name, s.code, lang, true);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => byFile.has(name) || fileExists(name);
  const program = ts.createProgram([...byFile.keys()], options, host);
  const out = new Map<string, string[]>();
  for (const s of list) {
    const sf = program.getSourceFile(s.file);
    if (sf === undefined) throw new Error(`${s.where}: not compiled`);
    const messages = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)].map((d) => {
      const { line } = d.start === undefined ? { line: 0 } : sf.getLineAndCharacterOfPosition(d.start);
      const inBlock = line - s.contextLines + 1;
      return `${inBlock <= 0 ? 'context' : `block line ${inBlock}`}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
    out.set(s.where, messages);
  }
  return out;
}

describe('the code blocks of README.md and docs/*.md', () => {
  it('are found (the guides have code)', () => {
    expect(snippets.length).toBeGreaterThan(35);
  });

  it('each skipped block says why', () => {
    for (const s of snippets.filter((x) => x.skip !== undefined)) expect(s.skip!.length, s.where).toBeGreaterThan(10);
  });

  it('compile strict against the sources', () => {
    const diagnostics = diagnose(snippets.filter((s) => s.skip === undefined));
    const failing = [...diagnostics].filter(([, d]) => d.length > 0).map(([where, d]) => `${where}\n  ${d.join('\n  ')}`);
    expect(failing, failing.join('\n')).toEqual([]);
  }, 120_000);
});
