import { describe, expect, it } from 'vitest';
import { CrmError, IdSchema, parseWith, zodToCrmError, type SafeParser } from '../../src/core/index.js';

/** A schema shaped as zod 4's (safeParse → { success, data | error.issues }), written by hand: the SDK depends on no zod. */
function zodLike(check: (v: unknown) => boolean): SafeParser<number> {
  return {
    safeParse: (v: unknown) =>
      check(v)
        ? { success: true as const, data: v as number }
        : { success: false as const, error: { issues: [{ code: 'too_small', path: ['inner', 0], message: 'Too small: expected number to be >0' }] } },
  };
}

describe('parseWith / zodToCrmError accept any schema with the zod issues shape (no zod import)', () => {
  it('returns the parsed value on success', () => {
    expect(parseWith(zodLike((v) => typeof v === 'number' && v > 0), 3)).toBe(3);
    expect(parseWith(IdSchema, 'c1', ['options', 'id'], 'INVALID_OPTION')).toBe('c1');
  });

  it('throws a CrmError with the prefix + the issue path, the code and the issue message', () => {
    let caught: unknown;
    try {
      parseWith(zodLike(() => false), -1, ['options', 'x'], 'INVALID_OPTION');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CrmError);
    expect(caught).toMatchObject({ code: 'INVALID_OPTION', path: ['options', 'x', 'inner', 0], message: expect.stringContaining('Too small') });
  });

  it('turns symbol path segments into strings and defaults the code to INVALID_INPUT', () => {
    const err = zodToCrmError({ issues: [{ path: [Symbol.for('k')], message: 'bad' }] }, [2]);
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.path).toEqual([2, 'Symbol(k)']);
    expect(zodToCrmError({ issues: [] }).message).toContain('invalid value');
  });
});
