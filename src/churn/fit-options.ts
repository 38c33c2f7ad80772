/** The options of `fitTree`, read once by the one options reader (core/options.ts). */
import { readInteger, readNonNegative, readOneOf, readOptions, readString, type CrmErrorPath, type OptionBag } from '../core/index.js';
import type { FitTreeOptions, ResolvedTreeOptions } from './types.js';

/** Every key of {@link FitTreeOptions}. */
export const FIT_TREE_KEYS = [
  'target',
  'features',
  'exclude',
  'categorical',
  'criterion',
  'maxDepth',
  'minSamplesSplit',
  'minSamplesLeaf',
  'minImpurityDecrease',
  'classWeight',
  'sampleWeight',
  'ccpAlpha',
  'missing',
] as const satisfies ReadonlyArray<keyof FitTreeOptions>;

/** Check the options object (unknown keys are an error with a did-you-mean) and the target. */
export function readFitOptions(options: unknown, path: CrmErrorPath = ['options']): OptionBag<(typeof FIT_TREE_KEYS)[number]> {
  if (options === undefined) readString(undefined, [...path, 'target']);
  const o = readOptions(options, FIT_TREE_KEYS, path);
  readString(o.target, [...path, 'target']);
  return o;
}

/** Validate and default the tree options (except data-dependent ones). */
export function resolveTreeOptions(options: FitTreeOptions): Omit<ResolvedTreeOptions, 'classWeight' | 'weighted'> {
  const o = readFitOptions(options);
  const at = (key: string) => ['options', key];
  return {
    criterion: readOneOf(o.criterion, at('criterion'), ['gini', 'entropy'] as const, 'gini'),
    maxDepth: o.maxDepth === undefined || o.maxDepth === Number.POSITIVE_INFINITY ? null : readInteger(o.maxDepth, at('maxDepth'), { min: 1 }),
    minSamplesSplit: readInteger(o.minSamplesSplit, at('minSamplesSplit'), { min: 2, default: 2 }),
    minSamplesLeaf: readInteger(o.minSamplesLeaf, at('minSamplesLeaf'), { min: 1, default: 1 }),
    minImpurityDecrease: readNonNegative(o.minImpurityDecrease, at('minImpurityDecrease'), 0),
    ccpAlpha: readNonNegative(o.ccpAlpha, at('ccpAlpha'), 0),
    missing: readOneOf(o.missing, at('missing'), ['learn', 'error'] as const, 'learn'),
  };
}

