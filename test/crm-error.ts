/**
 * Test helpers shared by the suites: the `CrmError` a call throws or a promise rejects with.
 * Each fails the test when nothing is thrown or the error is not a `CrmError`.
 */
import { expect } from 'vitest';
import { CrmError } from '../src/core/index.js';

/** The `CrmError` that `fn` throws. */
export function thrown(fn: () => unknown): CrmError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CrmError);
    return e as CrmError;
  }
  throw new Error('expected a CrmError');
}

/** The `CrmError` that `promise` rejects with. */
export async function rejection(promise: Promise<unknown>): Promise<CrmError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(CrmError);
    return e as CrmError;
  }
  throw new Error('expected a rejection');
}
