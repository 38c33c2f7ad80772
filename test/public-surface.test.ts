// The public surface (issue 17 item 6): every runtime name each public entry point exports, with
// the members of its namespaces (clv.bgNbd.fit, …), against the list in test/public-surface.json.
// An export added or removed on purpose is a reviewed change of that list:
//   UPDATE_PUBLIC_SURFACE=1 npx vitest run test/public-surface.test.ts
// rewrites it (then say why in the changelog fragment). Internal helpers — the numerics of
// core/math, fastDayNumber, describeValue, the clv kit — must not appear. Types are not listed
// (they have no runtime value); typedoc and the consumer type test cover them.
// The names other packages rely on (test/fixtures/public-names.json, a copy of the issues'
// contract) must all be there.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entries } from '../tsup.config.js';

type Surface = Record<string, string[]>;

const listPath = new URL('./public-surface.json', import.meta.url);

/** Sorted runtime export names of a module; a namespace object of functions adds `name.member`s. */
function namesOf(mod: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [name, value] of Object.entries(mod)) {
    if (name === 'default') continue;
    out.push(name);
    const isNamespace = typeof value === 'object' && value !== null && Object.prototype.toString.call(value) === '[object Module]';
    if (isNamespace) for (const member of Object.keys(value)) out.push(`${name}.${member}`);
  }
  return out.sort();
}

async function surface(): Promise<Surface> {
  const out: Surface = {};
  for (const [entry, file] of Object.entries(entries)) {
    // The bin is not an entry point; the root and `all` only re-export the subpaths as namespaces (checked below).
    if (entry === 'cli' || entry === 'index' || entry === 'all') continue;
    out[entry] = namesOf((await import(/* @vite-ignore */ `../${file}`)) as Record<string, unknown>);
  }
  return out;
}

describe('public surface', () => {
  it('is exactly the reviewed list in test/public-surface.json', async () => {
    const now = await surface();
    if (process.env.UPDATE_PUBLIC_SURFACE === '1') writeFileSync(listPath, `${JSON.stringify(now, null, 1)}\n`);
    const listed = JSON.parse(readFileSync(listPath, 'utf8')) as Surface;
    const added = Object.entries(now).flatMap(([m, names]) => names.filter((n) => !(listed[m] ?? []).includes(n)).map((n) => `${m}: ${n}`));
    const removed = Object.entries(listed).flatMap(([m, names]) => names.filter((n) => !(now[m] ?? []).includes(n)).map((n) => `${m}: ${n}`));
    expect({ added, removed }, 'public exports changed: update test/public-surface.json with UPDATE_PUBLIC_SURFACE=1 if intended').toEqual({ added: [], removed: [] });
  });

  it('keeps internal helpers off the public entry points', async () => {
    const core = (await surface()).core ?? [];
    for (const internal of ['fastDayNumber', 'describeValue', 'logGamma', 'digamma', 'trigamma', 'bfgs', 'nelderMead', 'dampedNewton', 'integrate', 'logPochhammer', 'hyp2f1', 'solveLinear', 'cholesky']) {
      expect(core, internal).not.toContain(internal);
    }
    const clv = (await surface()).clv ?? [];
    for (const internal of ['readParams', 'mapCustomers', 'checkHorizon', 'compressBtyd', 'bgModel']) expect(clv, internal).not.toContain(internal);
  });

  it('has every name of the public contract', async () => {
    const contract = JSON.parse(readFileSync(new URL('./fixtures/public-names.json', import.meta.url), 'utf8')) as Record<string, string[] | string>;
    const now = await surface();
    let checked = 0;
    for (const [m, names] of Object.entries(contract)) {
      if (!Array.isArray(names)) continue;
      for (const n of names) {
        expect(now[m] ?? [], `${m}.${n}`).toContain(n);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('root: core, rfm and clv as values (the rest are type namespaces); all: every model module, the same objects', async () => {
    const rootModule = (await import('../src/index.js')) as Record<string, unknown>;
    expect(Object.keys(rootModule).sort()).toEqual(['CrmError', 'TransactionSchema', 'clv', 'core', 'prepareTransactions', 'rfm']);
    const everything = (await import('../src/all.js')) as Record<string, unknown>;
    const modules = Object.keys(entries).filter((e) => !['index', 'all', 'cli', 'io', 'report', 'datasets'].includes(e));
    expect(Object.keys(everything).filter((k) => !['CrmError', 'TransactionSchema', 'prepareTransactions'].includes(k)).sort()).toEqual(modules.sort());
    for (const m of modules) expect(everything[m], m).toBe(await import(/* @vite-ignore */ `../${entries[m as keyof typeof entries]}`));
    for (const m of ['rfm', 'clv', 'core']) expect(rootModule[m], m).toBe(everything[m]);
  });
});
