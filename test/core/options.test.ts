import { describe, expect, it } from 'vitest';
import {
  budgetExceeded,
  checkEnvelope,
  didYouMean,
  readAsOf,
  readBudget,
  readInteger,
  readNumber,
  readOneOf,
  readOptions,
  readProbability,
  readRate,
  readTimeUnit,
  toId,
  afterAsOfError,
} from '../../src/core/index.js';
import { invalidModel } from '../../src/core/errors.js';
import { thrown } from '../crm-error.js';

describe('readOptions', () => {
  it('reads undefined as no options and returns known keys', () => {
    expect(readOptions(undefined, ['a'])).toEqual({});
    expect(readOptions({ bins: 3 }, ['bins', 'convention']).bins).toBe(3);
  });
  it('rejects an unknown key with a did-you-mean and its path', () => {
    const e = thrown(() => readOptions({ bin: 3 }, ['bins', 'convention']));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.path).toEqual(['options', 'bin']);
    expect(e.message).toContain('did you mean "bins"?');
  });
  it('rejects non-objects and arrays', () => {
    expect(thrown(() => readOptions(3, ['a'])).code).toBe('INVALID_OPTION');
    expect(thrown(() => readOptions([], ['a'])).code).toBe('INVALID_OPTION');
  });
  it('treats a key set to undefined as absent', () => {
    expect(readOptions({ other: undefined }, ['a'])).toEqual({ other: undefined });
  });
  it('treats "__proto__" as an ordinary unknown key', () => {
    const bag = JSON.parse('{"__proto__": 1}') as unknown;
    expect(thrown(() => readOptions(bag, ['a'])).path).toEqual(['options', '__proto__']);
  });
});

describe('typed readers', () => {
  it('readRate refuses a percentage with a hint', () => {
    const e = thrown(() => readRate(10, ['options', 'discountRate']));
    expect(e.message).toContain('pass 0.1 for 10 %');
    expect(e.path).toEqual(['options', 'discountRate']);
    expect(readRate(undefined, ['x'], 0.1)).toBe(0.1);
    expect(thrown(() => readRate(1, ['x'])).code).toBe('INVALID_OPTION');
    expect(thrown(() => readRate(-0.1, ['x'])).code).toBe('INVALID_OPTION');
  });
  it('readProbability, readInteger and readBudget check ranges', () => {
    expect(readProbability(1, ['p'])).toBe(1);
    expect(thrown(() => readProbability(1.01, ['p'])).message).toContain('≥ 0 and ≤ 1');
    expect(thrown(() => readInteger(2.5, ['n'], { min: 1 })).code).toBe('INVALID_OPTION');
    expect(readBudget(undefined, ['m'], 7)).toBe(7);
    expect(readBudget(Infinity, ['m'], 7)).toBe(Infinity);
    expect(thrown(() => readBudget(0, ['m'], 7)).code).toBe('INVALID_OPTION');
  });
  it('readOneOf and readTimeUnit suggest the near choice', () => {
    expect(thrown(() => readOneOf('meen', ['o'], ['mean', 'median'])).message).toContain('did you mean "mean"?');
    expect(readTimeUnit('week', ['u'])).toBe('week');
    expect(thrown(() => readTimeUnit('weak', ['u'])).message).toContain('did you mean "week"?');
  });
  it('readNumber with input: true reports a data field as INVALID_INPUT', () => {
    expect(readNumber(0, [3, 'limit'], { min: 0, input: true })).toBe(0);
    const e = thrown(() => readNumber(-1, [3, 'limit'], { min: 0, input: true }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toEqual([3, 'limit']);
    expect(e.message).toBe('[3].limit: value out of range (expected a finite number ≥ 0, received -1)');
    expect(thrown(() => readNumber(undefined, ['t'], { min: 0, minExclusive: true, input: true })).message).toBe('t: value is required (expected a finite number > 0, received undefined)');
    expect(thrown(() => readNumber(Number.NaN, ['t'], { input: true })).code).toBe('INVALID_INPUT');
    // Without `input` the same failure is an option's.
    expect(thrown(() => readNumber(-1, ['options', 'limit'], { min: 0 })).message).toBe('options.limit: option out of range (expected a finite number ≥ 0, received -1)');
  });
  it('invalidModel throws INVALID_MODEL, with received only when given', () => {
    const e = thrown(() => invalidModel(['model', 'unit'], 'saved fit has an unknown time unit', 'a time unit', 'fortnight'));
    expect(e.code).toBe('INVALID_MODEL');
    expect(e.message).toBe('model.unit: saved fit has an unknown time unit (expected a time unit, received "fortnight")');
    expect(thrown(() => invalidModel(['state'], 'broken', 'a state', undefined)).message).toBe('state: broken (expected a state, received undefined)');
    expect(thrown(() => invalidModel(['state'], 'broken', 'a state')).message).toBe('state: broken (expected a state)');
    expect(thrown(() => invalidModel(['state'], 'broken')).message).toBe('state: broken');
  });
  it('didYouMean gives nothing for far words', () => {
    expect(didYouMean('zzzzzz', ['bins'])).toBeUndefined();
  });
});

describe('asOf, ids, budgets, envelopes', () => {
  it('readAsOf floors to the UTC day and names the option', () => {
    expect(readAsOf('1970-01-11T23:59:59Z')).toBe(10);
    expect(thrown(() => readAsOf('soon')).path).toEqual(['options', 'asOf']);
    expect(afterAsOfError([3, 'date'], 11.5, 10).message).toContain("afterAsOf: 'exclude'");
  });
  it('toId converts finite numbers and refuses blanks', () => {
    expect(toId(42)).toBe('42');
    expect(toId('')).toBeUndefined();
    expect(toId(Number.NaN)).toBeUndefined();
  });
  it('budgetExceeded names the option', () => {
    const e = budgetExceeded({ code: 'TOO_MANY_RULES', option: ['options', 'maxRules'], limit: 10, what: 'rules' });
    expect(e.code).toBe('TOO_MANY_RULES');
    expect(e.message).toContain('raise options.maxRules');
  });
  it('checkEnvelope refuses another kind and a future version', () => {
    expect(() => checkEnvelope({ kind: 'bg-nbd', version: 1 }, 'bg-nbd', 1)).not.toThrow();
    expect(thrown(() => checkEnvelope({ kind: 'pareto-nbd', version: 1 }, 'bg-nbd', 1)).code).toBe('INVALID_MODEL');
    expect(thrown(() => checkEnvelope({ kind: 'tree', version: 99 }, 'tree', 1)).message).toContain('newer');
  });
});
