/**
 * Simulation plumbing of the BTYD transaction models (issue 17 item 4): the options every
 * `simulate` takes (T, customers, seed, resolution, budgets), and the loop that draws one
 * customer at a time and writes the columns, rounding recency to the resolution as real summaries
 * are. Each model supplies only how one customer's purchases are drawn.
 */
import { budgetExceeded, createRandom, readBudget, readOptions, type Random, invalidOption } from '../../core/index.js';
import type { BtydColumns } from '../types.js';

/** Options of `simulate`. */
export interface SimulateOptions {
  /** Observation length T of every customer (a number), or one T per customer (an array). */
  T: number | readonly number[];
  /** Number of customers (required when T is a number; defaults to T.length). */
  customers?: number;
  /** Seed of the pseudo-random generator. */
  seed: number;
  /**
   * Round recency to a multiple of this (e.g. 1/7 for day-level summaries in weeks), as real
   * summaries are; 0 keeps continuous times. Default 0.
   */
  resolution?: number;
  /** Budget: the most customers one call may draw (default 1,000,000), checked before allocating. */
  maxCustomers?: number;
  /**
   * Budget: the most purchases drawn for one customer (default 1,000,000); extreme parameters
   * (r/α·T of 10¹⁰) are a `BUDGET_EXCEEDED` error naming this option instead of a minutes-long loop.
   */
  maxEventsPerCustomer?: number;
}

/** A simulated data set: columns of plain number arrays. */
export type SimulatedBtyd = BtydColumns & { frequency: number[]; recency: number[]; T: number[] };

/** Validated simulation options: customer count, recency resolution, the seeded generator and T per customer. */
export function readSimulateOptions(options: SimulateOptions): { n: number; res: number; rng: Random; observationLength: (i: number) => number; countEvent: (x: number) => void } {
  if (typeof options !== 'object' || options === null) invalidOption(['options'], 'options are required', '{ T, seed }', options);
  readOptions(options, ['T', 'customers', 'seed', 'resolution', 'maxCustomers', 'maxEventsPerCustomer']);
  const Ts = options.T;
  const n = typeof Ts === 'number' ? options.customers : options.customers ?? (Array.isArray(Ts) ? Ts.length : undefined);
  if (!(typeof n === 'number' && Number.isInteger(n) && n >= 0)) {
    invalidOption(['options', 'customers'], 'customers must be a non-negative integer', 'an integer ≥ 0', n);
  }
  const maxCustomers = readBudget(options.maxCustomers, ['options', 'maxCustomers'], 1_000_000);
  if (n > maxCustomers) throw budgetExceeded({ code: 'BUDGET_EXCEEDED', option: ['options', 'maxCustomers'], limit: maxCustomers, what: 'simulated customers', count: n });
  const maxEvents = readBudget(options.maxEventsPerCustomer, ['options', 'maxEventsPerCustomer'], 1_000_000);
  const countEvent = (x: number): void => {
    if (x > maxEvents) throw budgetExceeded({ code: 'BUDGET_EXCEEDED', option: ['options', 'maxEventsPerCustomer'], limit: maxEvents, what: 'purchases for one simulated customer' });
  };
  if (typeof Ts !== 'number' && (!Array.isArray(Ts) || Ts.length < n)) {
    invalidOption(['options', 'T'], 'T must be a number or an array with one entry per customer', `a number or an array of length ${n}`, Ts);
  }
  const res = options.resolution ?? 0;
  if (!(typeof res === 'number' && res >= 0 && Number.isFinite(res))) {
    invalidOption(['options', 'resolution'], 'resolution must be a non-negative number', 'a finite number ≥ 0', res);
  }
  const observationLength = (i: number): number => {
    const Ti = typeof Ts === 'number' ? Ts : (Ts[i]!);
    if (!(typeof Ti === 'number' && Ti >= 0 && Number.isFinite(Ti))) {
      invalidOption(['options', 'T', i], 'T must be non-negative', 'a finite number ≥ 0', Ti);
    }
    return Ti;
  };
  return { n, res, rng: createRandom(options.seed), observationLength, countEvent };
}

/** What a model's draw of one customer returns: repeat purchases x and the time of the last, t_x. */
export interface DrawnCustomer {
  x: number;
  tx: number;
}

/**
 * Draw `options.customers` customers with `draw(T, rng, countEvent, out)` (which sets out.x and
 * out.tx and calls countEvent(x) per purchase, for the budget) and return their columns, recency
 * rounded to `options.resolution` (never below one step, never past T).
 */
export function simulateCustomers(options: SimulateOptions, draw: (T: number, rng: Random, countEvent: (x: number) => void, out: DrawnCustomer) => void): SimulatedBtyd {
  const { n, res, rng, observationLength, countEvent } = readSimulateOptions(options);
  const frequency = new Array<number>(n);
  const recency = new Array<number>(n);
  const T = new Array<number>(n);
  const out: DrawnCustomer = { x: 0, tx: 0 };
  for (let i = 0; i < n; i++) {
    const Ti = observationLength(i);
    out.x = 0;
    out.tx = 0;
    draw(Ti, rng, countEvent, out);
    const x = out.x;
    let tx = out.tx;
    if (res > 0 && x > 0) tx = Math.min(Ti, Math.max(res, Math.round(tx / res) * res));
    frequency[i] = x;
    recency[i] = tx;
    T[i] = Ti;
  }
  return { frequency, recency, T };
}
