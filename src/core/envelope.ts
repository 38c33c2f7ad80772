/**
 * Saved models: every fitted model (BTYD fits, Gamma-Gamma, sBG, trees, k-means, RFM score
 * thresholds) is a plain JSON object carrying `kind`, `version`, its time `unit` where time
 * matters, and `fittedOn`, a summary of the data it was fitted on. Loading or predicting from one
 * checks `kind` and `version` first, so weekly BG/NBD parameters are never read as a daily
 * Pareto/NBD and a model saved by a future release is refused instead of misread.
 */
import { invalidModel } from './errors.js';
import { type CrmErrorPath } from './errors.js';
import type { TimeUnit } from './units.js';

/** What the model was fitted on (counts, period), for the reader of a saved model. */
export interface FittedOn {
  /** Customers (or rows, baskets) the fit saw. */
  n: number;
  /** Further facts, e.g. `{ repeatBuyers: 1411 }` or the observation window. */
  [fact: string]: number | string | boolean | null;
}

/** The fields every saved model has. */
export interface ModelEnvelope<K extends string = string> {
  /** Which model this is, e.g. `'bg-nbd'`, `'tree'`. */
  readonly kind: K;
  /** The envelope format version of that kind; readers refuse newer versions. */
  readonly version: number;
  /** The time unit the parameters are expressed in, where time matters. */
  readonly unit?: TimeUnit;
  /** A summary of the data it was fitted on. */
  readonly fittedOn?: FittedOn;
}

/**
 * Check that `value` is a saved model of `kind` in a version this release reads (≤ `version`);
 * otherwise throw `INVALID_MODEL` saying what it is and what to do.
 *
 * @example
 * ```ts
 * checkEnvelope({ kind: 'bg-nbd', version: 1 }, 'bg-nbd', 1); // passes
 * checkEnvelope({ kind: 'pareto-nbd', version: 1 }, 'bg-nbd', 1); // throws INVALID_MODEL
 * ```
 */
export function checkEnvelope(value: unknown, kind: string, version: number, path: CrmErrorPath = ['model']): void {
  if (typeof value !== 'object' || value === null) {
    invalidModel(path, `expected a saved '${kind}' model`, `an object with kind '${kind}'`, value);
  }
  const v = value as { kind?: unknown; version?: unknown };
  if (v.kind !== kind) {
    const what = typeof v.kind === 'string' ? `a '${v.kind.slice(0, 40)}' model` : 'an object without a model kind';
    invalidModel([...path, 'kind'], `this is ${what}, not a '${kind}' model; use the functions of its own kind`, `'${kind}'`, v.kind);
  }
  if (typeof v.version !== 'number' || !Number.isInteger(v.version) || v.version < 1) {
    invalidModel([...path, 'version'], 'saved model has no valid version', 'an integer ≥ 1', v.version);
  }
  if (v.version > version) {
    invalidModel([...path, 'version'], `saved by a newer crm-analytics ('${kind}' version ${v.version}); this release reads versions up to ${version}: upgrade to load it`, `≤ ${version}`, v.version);
  }
}
