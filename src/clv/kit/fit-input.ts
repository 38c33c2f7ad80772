/**
 * The common opening of a BTYD `fit`: check the option keys, read the time unit, compress the
 * rows (unique (x, t_x, T) weighted) and take the data's scale for starting values.
 */
import type { TimeUnit } from '../../core/index.js';
import { readOptions } from '../../core/index.js';
import { compressBtyd, purchaseScale, type CompressedBtyd } from '../btyd-data.js';
import { FIT_OPTION_KEYS } from '../fit.js';
import type { BtydData, FitOptions } from '../types.js';
import { readFitUnit } from './envelope.js';

/** What {@link btydFitInput} reads: the unit, the compressed rows and their scale (mean T at least 1e-6). */
export interface BtydFitInput {
  unit: TimeUnit | undefined;
  d: CompressedBtyd;
  /** Mean repeat-purchase rate Σwx/ΣwT (at least 1e-6). */
  rate: number;
  /** Mean observation length (at least 1e-6). */
  meanT: number;
  /** Longest observation length. */
  longestT: number;
}

/** Read a BTYD fit's data and options (`FIT_OPTION_KEYS` only). */
export function btydFitInput<P extends object>(data: BtydData, options: FitOptions<P>): BtydFitInput {
  readOptions(options, FIT_OPTION_KEYS);
  const unit = readFitUnit(options.unit);
  const d = compressBtyd(data, options.weights);
  const scale = purchaseScale(d);
  return { unit, d, rate: scale.rate, meanT: Math.max(scale.meanT, 1e-6), longestT: scale.longestT };
}
