/**
 * The input every survival function reads: one record per subject with a `duration` (> 0, any
 * time unit, the same for all records) and an `event` (1 or `true` when the end was observed —
 * a churn, a death — and 0 or `false` when the subject was still at risk at the end: censored).
 * `lifetimesFromTransactions` returns exactly this shape.
 */
import { invalidInput } from '../core/errors.js';

/** One subject's observed time and whether its end was observed (1) or censored (0). */
export interface SurvivalRecord {
  /** Time from the start of observation to the event or to censoring; > 0. */
  readonly duration: number;
  /** 1 (or `true`) when the event was observed, 0 (or `false`) when censored. */
  readonly event: 0 | 1 | boolean;
}

/** Durations and events as typed arrays, validated. */
export interface SurvivalColumns {
  readonly duration: Float64Array;
  readonly event: Uint8Array;
}

/** Validate `records` (an array of {@link SurvivalRecord}) into columns; errors name the row and field. */
export function readSurvivalRecords(records: unknown, name = 'records'): SurvivalColumns {
  if (!Array.isArray(records)) {
    invalidInput([name], `${name} must be an array of { duration, event }`, undefined, records);
  }
  if (records.length === 0) {
    invalidInput([name], `${name} is empty: survival estimates need at least one subject`);
  }
  const n = records.length;
  const duration = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r: unknown = records[i];
    if (typeof r !== 'object' || r === null) {
      invalidInput([name, i], 'a survival record must be an object { duration, event }', undefined, r);
    }
    const d = (r as { duration?: unknown }).duration;
    if (typeof d !== 'number' || !Number.isFinite(d) || d <= 0) {
      invalidInput([name, i, 'duration'], 'duration must be a finite number > 0', 'a finite number > 0 (time to the event or to censoring)', d);
    }
    const e = (r as { event?: unknown }).event;
    if (e !== 0 && e !== 1 && e !== true && e !== false) {
      invalidInput([name, i, 'event'], 'event must be 0 or 1 (or false / true)', '1 (event observed) or 0 (censored)', e);
    }
    duration[i] = d;
    event[i] = e === 1 || e === true ? 1 : 0;
  }
  return { duration, event };
}

/** Indices of `duration` sorted ascending (stable). */
export function orderByDuration(duration: Float64Array): Int32Array {
  const idx = Int32Array.from({ length: duration.length }, (_, i) => i);
  return idx.sort((a, b) => duration[a]! - duration[b]! || a - b);
}
