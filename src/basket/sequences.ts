/**
 * Sequential patterns over per-customer ordered baskets with SPADE's semantics and timing
 * constraints (Zaki 2001, "SPADE: an efficient algorithm for mining frequent sequences", Machine
 * Learning 42; constraints as in cSPADE / R arulesSequences' `cspade`): a sequence supports a
 * pattern ⟨E1, …, Ek⟩ when it has events at times t1 < … < tk with Ei ⊆ items(ti), every gap
 * `minGap ≤ t(i+1) − ti ≤ maxGap`, and `tk − t1 ≤ maxWindow`. Support = supporting sequences / N.
 *
 * The search is SPADE's (vertical id-lists, temporal joins, prefix classes depth-first; see
 * ./sequence-spade.ts): patterns grow by one item (a new element, or an item added to the last
 * element), which is anti-monotone even with maxGap (an embedding of the longer pattern contains
 * one of its prefix); this file validates the input and the options and sorts the result.
 */
import { CrmError, readBudget, readInteger, readNumber, readOptions, readProbability, toId, invalidInput } from '../core/index.js';
import type { ItemLabel } from './encode.js';
import { checkMinSupport, minCountFor } from './itemsets.js';
import { spade, type SpadeData } from './sequence-spade.js';

/** One event of a sequence: a time (any increasing number: day number, order index) and its items. */
export interface SequenceEvent {
  time: number;
  items: readonly ItemLabel[];
}

/** A frequent sequential pattern: elements (sorted item lists) in time order. */
export interface SequencePattern {
  sequence: string[][];
  count: number;
  support: number;
}

/** Options of {@link sequentialPatterns}. */
export interface SequenceOptions {
  /** Minimum support, a fraction of sequences in (0, 1]: frequent means `count >= ceil(minSupport · N)`. */
  minSupport?: number;
  /** Minimum count of supporting sequences; with both, the larger wins. */
  minCount?: number;
  /** Largest number of elements (arulesSequences `maxlen`). Default unlimited. */
  maxLength?: number;
  /** Largest number of items in one element (arulesSequences `maxsize`). Default unlimited. */
  maxSize?: number;
  /** Smallest time difference between consecutive elements (default: any later event, > 0). */
  minGap?: number;
  /** Largest time difference between consecutive elements. Default unlimited. */
  maxGap?: number;
  /** Largest time difference between the first and the last element. Default unlimited. */
  maxWindow?: number;
  /** Budget on the patterns found (default 1,000,000); past it, `BUDGET_EXCEEDED` naming `maxPatterns`. */
  maxPatterns?: number;
}

/** Default `maxPatterns`. */
export const DEFAULT_MAX_PATTERNS = 1_000_000;

/**
 * Validate the sequences and flatten them for the search: items below `minCount` sequences are
 * dropped (they can be in no frequent pattern), then events left empty (times of the others stay,
 * so gaps are unchanged). Codes of the kept items follow label order.
 */
function readSequences(input: unknown, minCountOf: (n: number) => number): { data: SpadeData; labels: string[] } {
  if (!Array.isArray(input)) invalidInput([], 'sequences must be an array of sequences', 'an array of arrays of { time, items }', input);
  const n = input.length;
  const dict = new Map<string, number>();
  // raw events, flattened: items of event e are raw[rawOff[e] .. rawOff[e+1]) (provisional ids, distinct)
  let raw = new Int32Array(1024);
  let nRaw = 0;
  const rawOff: number[] = [0];
  const rawTimes: number[] = [];
  const rawSeqStart = new Int32Array(n + 1);
  let seen = new Int32Array(256).fill(-1);
  input.forEach((seq: unknown, s: number) => {
    if (!Array.isArray(seq)) invalidInput([s], 'a sequence must be an array of events', 'an array of { time, items }', seq);
    let prev = -Infinity;
    seq.forEach((ev: unknown, e: number) => {
      if (typeof ev !== 'object' || ev === null) invalidInput([s, e], 'an event must be { time, items }', 'an object', ev);
      const { time, items: its } = ev as { time?: unknown; items?: unknown };
      if (typeof time !== 'number' || !Number.isFinite(time)) invalidInput([s, e, 'time'], 'an event time must be a finite number', 'a finite number', time);
      if (e > 0 && !(time > prev)) {
        invalidInput([s, e, 'time'], `event times must increase within a sequence (${time} after ${prev}); merge events with the same time into one`, `a number > ${prev}`, time);
      }
      prev = time;
      if (!Array.isArray(its)) invalidInput([s, e, 'items'], 'event items must be an array', 'an array of item labels', its);
      const evIndex = rawTimes.length;
      if (nRaw + its.length > raw.length) {
        const grown = new Int32Array(Math.max(raw.length * 2, nRaw + its.length));
        grown.set(raw.subarray(0, nRaw));
        raw = grown;
      }
      for (let k = 0; k < its.length; k++) {
        const x: unknown = its[k];
        const id = typeof x === 'string' && x.length > 0 ? x : toId(x);
        if (id === undefined) invalidInput([s, e, 'items', k], 'an item must be a non-empty string or a finite number', 'a string', x);
        let code = dict.get(id);
        if (code === undefined) {
          code = dict.size;
          dict.set(id, code);
          if (code >= seen.length) {
            const grown = new Int32Array(seen.length * 2).fill(-1);
            grown.set(seen);
            seen = grown;
          }
        }
        if (seen[code] === evIndex) continue;
        seen[code] = evIndex;
        raw[nRaw++] = code;
      }
      rawTimes.push(time);
      rawOff.push(nRaw);
    });
    rawSeqStart[s + 1] = rawTimes.length;
  });
  const minCount = minCountOf(n);
  // supporting sequences per item, then codes of the frequent ones in label order
  const nLabels = dict.size;
  const seqCount = new Int32Array(nLabels);
  const lastSeq = new Int32Array(nLabels).fill(-1);
  for (let s = 0; s < n; s++) {
    for (let k = rawOff[rawSeqStart[s]!] as number; k < (rawOff[rawSeqStart[s + 1]!] as number); k++) {
      const c = raw[k]!;
      if (lastSeq[c] !== s) {
        lastSeq[c] = s;
        seqCount[c] = (seqCount[c]!) + 1;
      }
    }
  }
  const frequent = [...dict].filter(([, c]) => (seqCount[c]!) >= minCount).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const code = new Int32Array(nLabels).fill(-1);
  frequent.forEach(([, c], k) => (code[c] = k));
  const labels = frequent.map(([l]) => l);
  // flatten the kept events
  const codes = new Int32Array(nRaw);
  const evOff: number[] = [0];
  const times: number[] = [];
  const seqOf: number[] = [];
  const seqStart = new Int32Array(n + 1);
  let nCodes = 0;
  for (let s = 0; s < n; s++) {
    for (let e = rawSeqStart[s]!; e < (rawSeqStart[s + 1]!); e++) {
      const from = nCodes;
      for (let k = rawOff[e]!; k < (rawOff[e + 1]!); k++) {
        const c = code[raw[k]!] as number;
        if (c >= 0) codes[nCodes++] = c;
      }
      if (nCodes === from) continue;
      if (nCodes - from > 1) codes.subarray(from, nCodes).sort();
      evOff.push(nCodes);
      times.push(rawTimes[e]!);
      seqOf.push(s);
    }
    seqStart[s + 1] = times.length;
  }
  return {
    data: { nSeq: n, nItems: labels.length, seqStart, seqOf: Int32Array.from(seqOf), times: Float64Array.from(times), evOff: Int32Array.from(evOff), codes: codes.slice(0, nCodes) },
    labels,
  };
}

/**
 * Frequent sequential patterns (SPADE semantics with cSPADE's timing constraints), sorted by
 * count (descending), number of items, then the pattern's labels.
 *
 * @throws CrmError `INVALID_INPUT` for a malformed sequence (path `[sequence, event, field]`, e.g.
 *   times that do not increase), `INVALID_OPTION` for bad options, `BUDGET_EXCEEDED` past `maxPatterns`.
 * @example
 * ```ts
 * import { sequentialPatterns } from 'crm-analytics/basket';
 * const customers = [
 *   [{ time: 1, items: ['tent'] }, { time: 5, items: ['sleeping bag', 'stove'] }],
 *   [{ time: 2, items: ['tent'] }, { time: 3, items: ['stove'] }],
 * ];
 * sequentialPatterns(customers, { minSupport: 1 });
 * // [{ sequence: [['stove']], count: 2, support: 1 }, { sequence: [['tent']], ... }, { sequence: [['tent'], ['stove']], count: 2, support: 1 }]
 * ```
 */
export function sequentialPatterns(sequences: readonly (readonly SequenceEvent[])[], options: SequenceOptions): SequencePattern[] {
  const o = readOptions(options, ['minSupport', 'minCount', 'maxLength', 'maxSize', 'minGap', 'maxGap', 'maxWindow', 'maxPatterns']);
  const minCountOpt = o.minCount === undefined ? undefined : readInteger(o.minCount, ['options', 'minCount'], { min: 1 });
  const minSupport = checkMinSupport(o.minSupport, minCountOpt === undefined);
  const maxLength = o.maxLength === undefined ? Infinity : readInteger(o.maxLength, ['options', 'maxLength'], { min: 1 });
  const maxSize = o.maxSize === undefined ? Infinity : readInteger(o.maxSize, ['options', 'maxSize'], { min: 1 });
  const minGap = o.minGap === undefined ? 0 : readNumber(o.minGap, ['options', 'minGap'], { min: 0 });
  const maxGap = o.maxGap === undefined || o.maxGap === Infinity ? Infinity : readNumber(o.maxGap, ['options', 'maxGap'], { min: 0 });
  const maxWindow = o.maxWindow === undefined || o.maxWindow === Infinity ? Infinity : readNumber(o.maxWindow, ['options', 'maxWindow'], { min: 0 });
  const maxPatterns = readBudget(o.maxPatterns, ['options', 'maxPatterns'], DEFAULT_MAX_PATTERNS);
  let minCount = 1;
  const { data, labels } = readSequences(sequences, (n) => (minCount = minCountFor(minSupport, minCountOpt, n)));
  const n = data.nSeq;
  const out: SequencePattern[] = [];
  spade(data, { minCount, maxLength, maxSize, minGap, maxGap, maxWindow, maxPatterns }, (pattern, count) => {
    out.push({ sequence: pattern.map((el) => el.map((c) => labels[c] as string)), count, support: count / n });
  });
  const size = (p: SequencePattern): number => p.sequence.reduce((a, el) => a + el.length, 0);
  const key = (p: SequencePattern): string => p.sequence.map((el) => el.join('\u0001')).join('\u0000');
  const keys = new Map(out.map((p) => [p, key(p)]));
  return out.sort((x, y) => y.count - x.count || size(x) - size(y) || x.sequence.length - y.sequence.length || ((keys.get(x) as string) < (keys.get(y) as string) ? -1 : 1));
}

/** A sequence rule `antecedent ⇒ consequent`: the pattern's elements but the last, then its last element. */
export interface SequenceRule {
  antecedent: string[][];
  consequent: string[][];
  /** Support of the whole pattern. */
  support: number;
  /** support(pattern) / support(antecedent). */
  confidence: number;
  /** confidence / support(⟨consequent⟩). */
  lift: number;
  count: number;
}

/**
 * Sequence rules from {@link sequentialPatterns} output, as arulesSequences' `ruleInduction`:
 * each pattern with at least two elements gives ⟨E1 … Ek−1⟩ ⇒ ⟨Ek⟩ with confidence
 * support(P)/support(antecedent) and lift confidence/support(⟨Ek⟩). Sorted by confidence, lift,
 * count (descending).
 *
 * @example
 * ```ts
 * import { sequentialPatterns, sequenceRules } from 'crm-analytics/basket';
 * const patterns = sequentialPatterns([[{ time: 1, items: ['tent'] }, { time: 2, items: ['stove'] }], [{ time: 1, items: ['tent'] }]], { minCount: 1 });
 * sequenceRules(patterns, { minConfidence: 0.5 }); // [{ antecedent: [['tent']], consequent: [['stove']], confidence: 0.5, lift: 1, ... }]
 * ```
 */
export function sequenceRules(patterns: readonly SequencePattern[], options: { minConfidence?: number } = {}): SequenceRule[] {
  const o = readOptions(options, ['minConfidence']);
  const minConfidence = readProbability(o.minConfidence, ['options', 'minConfidence'], 0.8);
  if (!Array.isArray(patterns)) invalidInput(['patterns'], 'patterns must be an array', 'sequentialPatterns output', patterns);
  const key = (els: readonly (readonly string[])[]): string => els.map((el) => [...el].sort().join('\u0001')).join('\u0000');
  const support = new Map<string, number>();
  patterns.forEach((p, i) => {
    if (typeof p !== 'object' || p === null || !Array.isArray(p.sequence) || typeof p.support !== 'number' || !(p.support > 0 && p.support <= 1)) {
      invalidInput(['patterns', i], 'a pattern must be { sequence, count, support }', 'a sequential pattern', p);
    }
    support.set(key(p.sequence), p.support);
  });
  const rules: SequenceRule[] = [];
  patterns.forEach((p, i) => {
    if (p.sequence.length < 2) return;
    const ante = p.sequence.slice(0, -1);
    const cons = p.sequence.slice(-1);
    const sa = support.get(key(ante));
    const sc = support.get(key(cons));
    if (sa === undefined || sc === undefined) {
      invalidInput(['patterns', i], 'a prefix or last element of this pattern is missing: pass the full sequentialPatterns output');
    }
    const confidence = p.support / sa;
    if (confidence < minConfidence * (1 - 1e-12)) return;
    rules.push({ antecedent: ante.map((el: string[]) => [...el]), consequent: cons.map((el: string[]) => [...el]), support: p.support, confidence, lift: confidence / sc, count: p.count });
  });
  return rules.sort((x, y) => y.confidence - x.confidence || y.lift - x.lift || y.count - x.count);
}
