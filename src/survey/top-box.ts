/**
 * Top-box (CSAT) share: the proportion of answers in the top `boxes` points of a rating scale
 * (e.g. 4–5 on a 1–5 scale, "top-2-box"), with a Wilson or exact interval from
 * {@link proportionInterval}.
 */
import { readOptions, readInteger } from '../core/options.js';
import { invalidOption } from '../core/errors.js';
import { proportionInterval, type ProportionEstimate, type ProportionMethod } from './proportion-interval.js';
import { readRatings } from './responses.js';

/** Options of {@link topBox}. */
export interface TopBoxOptions {
  /** Lowest point of the scale; default 1. */
  readonly scaleMin?: number;
  /** Highest point of the scale; default 5. */
  readonly scaleMax?: number;
  /** How many top points count; default 2. */
  readonly boxes?: number;
  readonly confidence?: number;
  /** Default `'wilson'`. */
  readonly method?: ProportionMethod;
}

/**
 * Share of answers in the top boxes of the scale, with its interval.
 *
 * @example
 * ```ts
 * topBox([5, 4, 3, 5, 2, 4, 5, 1]).proportion; // 0.625
 * ```
 */
export function topBox(answers: readonly number[], options: TopBoxOptions = {}): ProportionEstimate {
  const o = readOptions(options, ['scaleMin', 'scaleMax', 'boxes', 'confidence', 'method']);
  const min = readInteger(o.scaleMin, ['options', 'scaleMin'], { default: 1 });
  const max = readInteger(o.scaleMax, ['options', 'scaleMax'], { default: 5 });
  if (max <= min) invalidOption(['options', 'scaleMax'], 'scaleMax must be above scaleMin', undefined, max);
  const boxes = readInteger(o.boxes, ['options', 'boxes'], { default: 2, min: 1, max: max - min + 1 });
  const values = readRatings(answers, 'answers', min, max, true);
  const top = values.filter((v) => v > max - boxes).length;
  return proportionInterval(top, values.length, {
    ...(o.confidence === undefined ? {} : { confidence: o.confidence as number }),
    ...(o.method === undefined ? {} : { method: o.method as ProportionMethod }),
  });
}
