import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { associationRules, formatRule, inspect, ruleMeasures } from '../../src/basket/index.js';
import { formatColumn } from '../../src/basket/inspect.js';
import { thrown } from '../crm-error.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/basket/inspect');
const rows = readFileSync(join(dir, 'cases.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
const cases = [...new Set(rows.map((r) => r[0] as string))];
const rulesOf = (name: string) =>
  rows
    .filter((r) => r[0] === name)
    .map(([, lhs, rhs, n11, n1x, nx1, n]) => ({ antecedent: lhs!.split('|'), consequent: rhs!.split('|'), ...ruleMeasures(Number(n11), Number(n1x), Number(nx1), Number(n)) }));
const expected = (name: string, variant: string) => readFileSync(join(dir, `${name}.${variant}.txt`), 'utf8').replace(/\n$/, '');

describe("inspect: R arules' printed layout (fixtures from arules' own inspect method, make-inspect.R)", () => {
  it.each(cases)('%s: default (auto linebreak), one line per rule, one item per line', (name) => {
    const rules = rulesOf(name);
    expect(inspect(rules)).toBe(expected(name, 'auto'));
    expect(inspect(rules, { linebreak: false })).toBe(expected(name, 'FALSE'));
    expect(inspect(rules, { linebreak: true })).toBe(expected(name, 'TRUE'));
    expect(inspect(rules, { linebreak: false, ruleSep: '~~>', itemSep: ' + ', setStart: '', setEnd: '' })).toBe(expected(name, 'custom'));
  });

  it('formats numeric columns like R format(): common decimals, scientific when narrower', () => {
    expect(formatColumn([0.5, 0.5], 7)).toEqual(['0.5', '0.5']);
    expect(formatColumn([1, 2 / 3], 7)).toEqual(['1.0000000', '0.6666667']);
    expect(formatColumn([1e-7, 0.06, 3e-7], 7)).toEqual(['1e-07', '6e-02', '3e-07']);
    expect(formatColumn([123456789, 1], 7)).toEqual(['123456789', '        1']);
    expect(formatColumn([Infinity, 1.5], 7)).toEqual(['Inf', '1.5']);
    expect(formatColumn([0.123456789], 3)).toEqual(['0.123']);
  });

  it('formatRule gives the one-line label; inspect of no rules is empty; bad input is a CrmError', () => {
    expect(formatRule({ antecedent: ['citrus fruit', 'other vegetables'], consequent: ['root vegetables'] })).toBe('{citrus fruit, other vegetables} => {root vegetables}');
    expect(formatRule({ antecedent: ['a'], consequent: ['b'] }, { ruleSep: '->', setStart: '', setEnd: '' })).toBe('a -> b');
    expect(inspect([])).toBe('');
    expect(thrown(() => inspect([{ antecedent: 'a', consequent: [] } as never])).path).toEqual(['rules', 0, 'antecedent']);
    expect(thrown(() => inspect(rulesOf('short'), { measures: ['lifts' as never] })).path).toEqual(['options', 'measures', 0]);
    expect(thrown(() => inspect(rulesOf('short'), { linebrak: true } as never)).message).toContain('linebreak');
    expect(thrown(() => inspect([{ antecedent: ['a'], consequent: ['b'] }])).path).toEqual(['rules', 0, 'support']);
  });

  it('prints mined rules, other measures on request', () => {
    const rules = associationRules([['beer', 'diapers'], ['beer', 'diapers', 'chips'], ['chips'], ['diapers']], { minSupport: 0.5, minConfidence: 0.6 });
    expect(inspect(rules)).toBe(expected('short', 'auto'));
    expect(inspect(rules, { measures: ['leverage', 'conviction'] }).split('\n')[1]).toBe('[1] {beer}    => {diapers} 0.125    Inf       ');
  });
});
