/**
 * Extracts the `@example` blocks of the JSDoc comments under src/ (issue 16 item 7), for
 * test/jsdoc/examples.test.ts. An example is the fenced code after `@example` (or, unfenced, the
 * lines up to the next tag). Lines of the form `expr; // value` or `const x = expr; // value`
 * where `value` is a JavaScript literal (number, string, boolean, null, array or object of
 * literals) become checks; prose comments (`// close to …`) are left alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Check {
  /** 1-based line in the source file. */
  line: number;
  /** The expression (or variable name) whose value is stated. */
  expression: string;
  /** The stated value's source text. */
  stated: string;
}

export interface Example {
  /** src-relative file, e.g. `rfm/score.ts`. */
  file: string;
  /** 1-based line of the `@example` tag. */
  line: number;
  /** The example's code, as written. */
  code: string;
  /** 1-based source line of each code line. */
  lines: number[];
  /** The name the JSDoc comment documents (`summarizeWithPostgres`): a key that survives edits above it. */
  symbol: string;
}

/** The name declared on the first code line after the comment that holds line `from` (0-based). */
function documentedName(src: readonly string[], from: number): string {
  let i = from;
  while (i < src.length && !/\*\//.test(src[i] as string)) i++;
  for (i++; i < src.length; i++) {
    const l = (src[i] as string).trim();
    if (l === '' || l.startsWith('//') || l.startsWith('@')) continue;
    const m = /(?:function\*?|const|let|class|interface|type|\* as)\s+([\w$]+)/.exec(l) ?? /^(?:(?:public|static|async|readonly|get|set)\s+)*([\w$]+)\s*[(<:=?]/.exec(l);
    return m?.[1] ?? `line ${i + 1}`;
  }
  return 'end of file';
}

export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out.sort();
}

/** Every @example in one file. */
export function examplesOf(path: string, srcRoot: string): Example[] {
  const text = readFileSync(path, 'utf8');
  const src = text.split('\n');
  const out: Example[] = [];
  let inDoc = false;
  for (let i = 0; i < src.length; i++) {
    const raw = src[i] as string;
    if (!inDoc && /^\s*\/\*\*/.test(raw)) inDoc = true;
    if (inDoc && /@example\b/.test(raw)) {
      const tagLine = i + 1;
      const code: string[] = [];
      const lines: number[] = [];
      const strip = (l: string): string => l.replace(/^\s*\*\s?/, '');
      // Inline example on the tag line (`@example foo(1); // 2`)
      const inline = raw.replace(/^.*@example\s*/, '').replace(/\*\/\s*$/, '').trim();
      let j = i + 1;
      if (inline !== '' && !inline.startsWith('```')) {
        code.push(inline);
        lines.push(i + 1);
      } else {
        // skip to the fence, or take unfenced lines until the next tag / end of comment
        let fenced = inline.startsWith('```');
        if (!fenced) {
          while (j < src.length && strip(src[j] as string).trim() === '' && !/\*\//.test(src[j] as string)) j++;
          if (j < src.length && strip(src[j] as string).trim().startsWith('```')) {
            fenced = true;
            j++;
          }
        }
        for (; j < src.length; j++) {
          const l = src[j] as string;
          if (/\*\//.test(l) && strip(l.replace(/\*\/.*$/, '')).trim() === '') break;
          const body = strip(l);
          if (fenced && body.trim().startsWith('```')) break;
          if (!fenced && /^\s*@\w/.test(body)) break;
          code.push(body);
          lines.push(j + 1);
        }
      }
      if (code.some((c) => c.trim() !== '')) out.push({ file: relative(srcRoot, path), line: tagLine, code: code.join('\n'), lines, symbol: documentedName(src, i) });
      i = Math.max(i, j - 1);
    }
    if (inDoc && /\*\//.test(raw) && !/@example/.test(raw)) inDoc = false;
  }
  return out;
}

/** Is this comment text a JavaScript literal (no identifiers)? Returns its value, or undefined. */
export function literalValue(text: string): { value: unknown } | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  // Only literal characters: numbers, quotes, brackets, commas, colons, keys, true/false/null, -, e, .
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const value: unknown = new Function(`"use strict"; return (${t});`)();
    if (typeof value === 'function' || typeof value === 'symbol' || value === undefined) return undefined;
    if (typeof value === 'number' && !/^[-+]?[\d_.eE+-]+$/.test(t) && !/^[-+]?(Infinity|NaN)$/.test(t)) return undefined; // e.g. `2 * 3`, words
    return { value };
  } catch {
    return undefined;
  }
}

/** How many more openers than closers `(`, `[`, `{` the text has (strings ignored roughly). */
function depth(text: string): number {
  let d = 0;
  const t = text.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, '""');
  for (const ch of t) {
    if (ch === '(' || ch === '[' || ch === '{') d++;
    else if (ch === ')' || ch === ']' || ch === '}') d--;
  }
  return d;
}

/** A stated error: `// throws …`, `// CrmError …`, `// → INVALID_OPTION`. The code, if one is named. */
export function statedThrow(comment: string): { code: string | undefined } | undefined {
  if (!/\bthrows?\b|^\s*CrmError\b/.test(comment)) return undefined;
  const code = /\b(INVALID_[A-Z_]+|NUMERIC_DOMAIN|TOO_MANY_[A-Z_]+|RECORD_TOO_LARGE|BUDGET_EXCEEDED|ENGINE_ERROR|MISSING_DEPENDENCY|IO_ERROR)\b/.exec(comment);
  return { code: code?.[1] };
}

/**
 * The checks stated in an example's lines (`expr; // value`, `expr; // throws …`). A statement
 * that spans lines (`f(\n  a,\n); // 3`) is taken from where its brackets open. `first` is the
 * index (in the example's code lines) where the statement starts, `last` where the comment is.
 */
export function checksOf(example: Example): Array<Check & { first: number; last: number; throws?: { code: string | undefined } }> {
  const out: Array<Check & { first: number; last: number; throws?: { code: string | undefined } }> = [];
  const codeLines = example.code.split('\n');
  codeLines.forEach((l, k) => {
    const m = /^(\s*)(.*?);\s*\/\/\s*(?:→|=>|->|=)?\s*(.+?)\s*$/.exec(l);
    if (m === null) return;
    let first = k;
    let text = (m[2] as string).trim();
    while (depth(text) < 0 && first > 0) {
      first--;
      text = `${(codeLines[first] as string).trim()} ${text}`;
    }
    if (depth(text) !== 0) return;
    // `// ≈ 0.7266` states a rounded value: checked to the digits written, like a plain literal.
    const approx = /^(?:≈|~|about)\s*/.test(m[3] as string);
    let stated = (m[3] as string).replace(/^(?:≈|~|about)\s*/, '');
    // `// ≈ 0.7744 (BG/NBD: 0.7266)`: a rounded value followed by a remark in parentheses
    if (approx && literalValue(stated) === undefined && /^[^(]+\(.*\)$/.test(stated) && literalValue(stated.replace(/\s*\(.*\)$/, '')) !== undefined) stated = stated.replace(/\s*\(.*\)$/, '');
    const thrown = statedThrow(stated);
    if (thrown !== undefined) {
      out.push({ line: example.lines[k] as number, expression: text, stated, first, last: k, throws: thrown });
      return;
    }
    if (literalValue(stated) === undefined) return;
    let expression = text;
    const decl = /^(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(.+)$/.exec(expression);
    if (decl !== null) expression = decl[1] as string;
    else if (/^(?:const|let|var|import|export|return|throw|if|for|while)\b/.test(expression) || /^(?:const|let|var)\s*[[{]/.test(expression)) return;
    out.push({ line: example.lines[k] as number, expression, stated, first, last: k });
  });
  return out;
}
