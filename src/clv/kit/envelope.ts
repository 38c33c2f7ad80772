/**
 * Saved fits (issue 16 item 5): every CLV `fit` returns a JSON envelope — `kind`, `version`, the
 * time `unit` its parameters are in (when the caller said), `fittedOn` (the data it saw),
 * `params`, `standardErrors`, `covariance` — and each model's `load(json)` checks kind and
 * version (core/envelope.ts) and the parameters before anything is predicted from it.
 */
import { checkEnvelope, isTimeUnit, readTimeUnit, type FittedOn, type ModelEnvelope, type TimeUnit } from '../../core/index.js';
import { invalidModel } from '../../core/errors.js';
import type { FitResult } from '../types.js';
import { readParams } from './params.js';

/** The envelope version every CLV fit is written with; `load` reads versions up to this. */
export const FIT_VERSION = 1;

/** The kinds of saved CLV fits. */
export type ClvModelKind = 'bg-nbd' | 'mbg-nbd' | 'pareto-nbd' | 'bg-bb' | 'gamma-gamma' | 'sbg' | 'sbdw' | 'bg-cnbd-k' | 'mbg-cnbd-k' | 'ggom-nbd';

/** A fit as saved: the {@link FitResult} plus its envelope. JSON-serialisable as is. */
export type SavedFit<P extends object, K extends ClvModelKind = ClvModelKind> = FitResult<P> & {
  readonly kind: K;
  readonly version: number;
  readonly unit?: TimeUnit;
  readonly fittedOn: FittedOn;
};

/** Read the optional `unit` fit option (recorded in the envelope; the numbers do not change). */
export function readFitUnit(value: unknown): TimeUnit | undefined {
  return value === undefined ? undefined : readTimeUnit(value, ['options', 'unit']);
}

/** Wrap a fit result in its envelope. */
export function envelopeFit<P extends object, K extends ClvModelKind>(result: FitResult<P>, kind: K, fittedOn: FittedOn, unit: TimeUnit | undefined): SavedFit<P, K> {
  const envelope: ModelEnvelope<K> = unit === undefined ? { kind, version: FIT_VERSION, fittedOn } : { kind, version: FIT_VERSION, unit, fittedOn };
  return { ...envelope, ...result, kind, version: FIT_VERSION, fittedOn } as SavedFit<P, K>;
}

/**
 * Check a saved fit of `kind` (kind, version, parameters, log-likelihood) and return a fresh copy.
 * Unknown kinds and future versions are `INVALID_MODEL` errors that say what to do.
 */
export function loadFit<P extends object, K extends ClvModelKind>(value: unknown, kind: K, names: readonly string[]): SavedFit<P, K> {
  checkEnvelope(value, kind, FIT_VERSION);
  const v = value as Record<string, unknown>;
  readParams(v.params, names, 'INVALID_MODEL', ['model', 'params']);
  if (!(typeof v.logLikelihood === 'number' && Number.isFinite(v.logLikelihood))) invalidModel(['model', 'logLikelihood'], 'saved fit has no finite log-likelihood', 'a finite number', v.logLikelihood);
  if (typeof v.converged !== 'boolean') invalidModel(['model', 'converged'], 'saved fit has no converged flag', 'true or false', v.converged);
  const fittedOn = v.fittedOn as Record<string, unknown> | undefined;
  if (typeof fittedOn !== 'object' || fittedOn === null || !(typeof fittedOn.n === 'number' && fittedOn.n > 0)) invalidModel(['model', 'fittedOn'], 'saved fit has no data summary', '{ n, … }', fittedOn);
  if (v.unit !== undefined && !isTimeUnit(v.unit)) invalidModel(['model', 'unit'], 'saved fit has an unknown time unit', 'day, week, month, quarter or year', v.unit);
  const copy = JSON.parse(JSON.stringify(value)) as SavedFit<P, K>;
  return copy;
}
