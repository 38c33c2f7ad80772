/**
 * Sequential patterns over per-customer ordered baskets with SPADE's semantics and timing
 * constraints (Zaki 2001, "SPADE: an efficient algorithm for mining frequent sequences", Machine
 * Learning 42; constraints as in cSPADE / R arulesSequences' `cspade`): a sequence supports a
 * pattern ⟨E1, …, Ek⟩ when it has events at times t1 < … < tk with Ei ⊆ items(ti), every gap
 * `minGap ≤ t(i+1) − ti ≤ maxGap`, and `tk − t1 ≤ maxWindow`. Support = supporting sequences / N.
 *
 * The search grows patterns by one item (a new element, or an item added to the last element),
 * which is anti-monotone even with maxGap (an embedding of the longer pattern contains one of
 * its prefix). Per supporting sequence it keeps the events where the last element can end and,
 * for maxWindow, the latest start of an embedding ending there (a later start dominates), so
 * support counts are exact without re-scanning embeddings (the vertical id-lists of SPADE,
 * grown depth-first as in PrefixSpan, Pei et al. 2001).
 */
import { budgetExceeded, CrmError, readBudget, readInteger, readNumber, readOptions, readProbability, toId } from '../core/index.js';
import type { ItemLabel } from './encode.js';
import { checkMinSupport, minCountFor } from './itemsets.js';

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

interface Seq {
  times: Float64Array;
  /** Items of event e: codes[off[e] .. off[e+1]), ascending. */
  off: Int32Array;
  codes: Int32Array;
}

/** Per supporting sequence: event indices where the pattern's last element ends, and the latest start of an embedding ending there. */
interface Occ {
  seq: number;
  ends: Int32Array;
  starts: Float64Array;
}

function readSequences(input: unknown): { seqs: Seq[]; labels: string[] } {
  if (!Array.isArray(input)) throw new CrmError('INVALID_INPUT', 'sequences must be an array of sequences', { path: [], expected: 'an array of arrays of { time, items }', received: input });
  const dict = new Map<string, number>();
  const raw: { times: number[]; items: string[][] }[] = [];
  input.forEach((seq: unknown, s: number) => {
    if (!Array.isArray(seq)) throw new CrmError('INVALID_INPUT', 'a sequence must be an array of events', { path: [s], expected: 'an array of { time, items }', received: seq });
    const times: number[] = [];
    const items: string[][] = [];
    seq.forEach((ev: unknown, e: number) => {
      if (typeof ev !== 'object' || ev === null) throw new CrmError('INVALID_INPUT', 'an event must be { time, items }', { path: [s, e], expected: 'an object', received: ev });
      const { time, items: its } = ev as { time?: unknown; items?: unknown };
      if (typeof time !== 'number' || !Number.isFinite(time)) throw new CrmError('INVALID_INPUT', 'an event time must be a finite number', { path: [s, e, 'time'], expected: 'a finite number', received: time });
      if (e > 0 && !(time > (times[e - 1] as number))) {
        throw new CrmError('INVALID_INPUT', `event times must increase within a sequence (${time} after ${times[e - 1]}); merge events with the same time into one`, { path: [s, e, 'time'], expected: `a number > ${times[e - 1]}`, received: time });
      }
      if (!Array.isArray(its)) throw new CrmError('INVALID_INPUT', 'event items must be an array', { path: [s, e, 'items'], expected: 'an array of item labels', received: its });
      const labels = its.map((x: unknown, k: number) => {
        const id = toId(x);
        if (id === undefined) throw new CrmError('INVALID_INPUT', 'an item must be a non-empty string or a finite number', { path: [s, e, 'items', k], expected: 'a string', received: x });
        if (!dict.has(id)) dict.set(id, dict.size);
        return id;
      });
      times.push(time);
      items.push([...new Set(labels)]);
    });
    raw.push({ times, items });
  });
  // code order = label order
  const labels = [...dict.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  labels.forEach((l, c) => dict.set(l, c));
  const seqs = raw.map(({ times, items }) => {
    const off = new Int32Array(items.length + 1);
    items.forEach((it, e) => (off[e + 1] = (off[e] as number) + it.length));
    const codes = new Int32Array(off[items.length] as number);
    items.forEach((it, e) => codes.set(it.map((l) => dict.get(l) as number).sort((a, b) => a - b), off[e] as number));
    return { times: Float64Array.from(times), off, codes };
  });
  return { seqs, labels };
}

function has(sq: Seq, e: number, code: number): boolean {
  for (let k = sq.off[e] as number; k < (sq.off[e + 1] as number); k++) {
    const c = sq.codes[k] as number;
    if (c === code) return true;
    if (c > code) return false;
  }
  return false;
}

/**
 * The occurrences that hold item `c` at their candidate event: for each sequence, the candidate
 * events (with their window starts) whose element contains `c`. Shared by itemset extension
 * (candidates = the pattern's last events) and sequence extension (candidates = later events).
 */
function occurrencesWith(seqs: readonly Seq[], candidates: readonly { seq: number; events: ArrayLike<number>; starts: ArrayLike<number> }[], c: number): Occ[] {
  const next: Occ[] = [];
  for (const v of candidates) {
    const sq = seqs[v.seq] as Seq;
    const ends: number[] = [];
    const starts: number[] = [];
    for (let k = 0; k < v.events.length; k++) {
      const j = v.events[k] as number;
      if (has(sq, j, c)) {
        ends.push(j);
        starts.push(v.starts[k] as number);
      }
    }
    if (ends.length > 0) next.push({ seq: v.seq, ends: Int32Array.from(ends), starts: Float64Array.from(starts) });
  }
  return next;
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
  const read = readSequences(sequences);
  const labels = read.labels;
  const n = read.seqs.length;
  const minCount = minCountFor(minSupport, minCountOpt, n);
  const m = labels.length;
  // infrequent items can be in no frequent pattern: drop them (and events left empty, which can
  // match nothing; times stay, so gaps are unchanged) before the search scans events
  const seqCount = new Int32Array(m);
  for (const sq of read.seqs) {
    const seen = new Set<number>();
    for (const c of sq.codes) seen.add(c);
    for (const c of seen) seqCount[c] = (seqCount[c] as number) + 1;
  }
  const seqs = read.seqs.map((sq) => {
    const times: number[] = [];
    const off: number[] = [0];
    const codes: number[] = [];
    for (let e = 0; e < sq.times.length; e++) {
      const before = codes.length;
      for (let k = sq.off[e] as number; k < (sq.off[e + 1] as number); k++) if ((seqCount[sq.codes[k] as number] as number) >= minCount) codes.push(sq.codes[k] as number);
      if (codes.length === before) continue;
      times.push(sq.times[e] as number);
      off.push(codes.length);
    }
    return { times: Float64Array.from(times), off: Int32Array.from(off), codes: Int32Array.from(codes) };
  });
  const out: SequencePattern[] = [];
  const emit = (pattern: number[][], count: number): void => {
    if (out.length >= maxPatterns) throw budgetExceeded({ code: 'BUDGET_EXCEEDED', option: ['options', 'maxPatterns'], limit: maxPatterns, what: 'sequential patterns' });
    out.push({ sequence: pattern.map((el) => el.map((c) => labels[c] as string)), count, support: count / n });
  };
  // scratch: per item, the sequence last counted (so a sequence counts once per item)
  const lastSeq = new Int32Array(m).fill(-1);
  const cnt = new Int32Array(m);

  const grow = (pattern: number[][], occ: Occ[]): void => {
    const last = pattern[pattern.length - 1] as number[];
    const lastItem = last[last.length - 1] as number;
    // 1. itemset extension: an item above the last element's largest, in an end event
    if (last.length < maxSize) {
      const touched: number[] = [];
      for (const oc of occ) {
        const sq = seqs[oc.seq] as Seq;
        for (const e of oc.ends) {
          for (let k = sq.off[e] as number; k < (sq.off[e + 1] as number); k++) {
            const c = sq.codes[k] as number;
            if (c <= lastItem || lastSeq[c] === oc.seq) continue;
            if (cnt[c] === 0) touched.push(c);
            lastSeq[c] = oc.seq;
            cnt[c] = (cnt[c] as number) + 1;
          }
        }
      }
      const frequent = touched.filter((c) => (cnt[c] as number) >= minCount).sort((a, b) => a - b);
      for (const c of touched) {
        cnt[c] = 0;
        lastSeq[c] = -1;
      }
      const lastEvents = occ.map((oc) => ({ seq: oc.seq, events: oc.ends, starts: oc.starts }));
      for (const c of frequent) {
        const next = occurrencesWith(seqs, lastEvents, c);
        const p = [...pattern.slice(0, -1), [...last, c]];
        emit(p, next.length);
        grow(p, next);
      }
    }
    // 2. sequence extension: a new element {c} at a later event within the gaps and the window
    if (pattern.length < maxLength) {
      const valid: { seq: number; events: number[]; starts: number[] }[] = [];
      const touched: number[] = [];
      for (const oc of occ) {
        const sq = seqs[oc.seq] as Seq;
        const events: number[] = [];
        const starts: number[] = [];
        // best start among the ends i with minGap ≤ t(j) − t(i) ≤ maxGap: without maxGap a running
        // maximum over the ends passed so far (times increase), with it a scan of the window
        let ptr = 0;
        let running = -Infinity;
        for (let j = (oc.ends[0] as number) + 1; j < sq.times.length; j++) {
          const tj = sq.times[j] as number;
          let best = -Infinity;
          if (maxGap === Infinity) {
            while (ptr < oc.ends.length && (oc.ends[ptr] as number) < j && tj - (sq.times[oc.ends[ptr] as number] as number) >= minGap) {
              if ((oc.starts[ptr] as number) > running) running = oc.starts[ptr] as number;
              ptr++;
            }
            best = running;
          } else {
            for (let k = 0; k < oc.ends.length; k++) {
              const i = oc.ends[k] as number;
              if (i >= j) break;
              const gap = tj - (sq.times[i] as number);
              if (gap >= minGap && gap <= maxGap && (oc.starts[k] as number) > best) best = oc.starts[k] as number;
            }
          }
          if (best === -Infinity || tj - best > maxWindow) continue;
          events.push(j);
          starts.push(best);
          for (let k = sq.off[j] as number; k < (sq.off[j + 1] as number); k++) {
            const c = sq.codes[k] as number;
            if (lastSeq[c] === oc.seq) continue;
            if (cnt[c] === 0) touched.push(c);
            lastSeq[c] = oc.seq;
            cnt[c] = (cnt[c] as number) + 1;
          }
        }
        if (events.length > 0) valid.push({ seq: oc.seq, events, starts });
      }
      const frequent = touched.filter((c) => (cnt[c] as number) >= minCount).sort((a, b) => a - b);
      for (const c of touched) {
        cnt[c] = 0;
        lastSeq[c] = -1;
      }
      for (const c of frequent) {
        const next = occurrencesWith(seqs, valid, c);
        const p = [...pattern, [c]];
        emit(p, next.length);
        grow(p, next);
      }
    }
  };

  // single items
  const byItem: Occ[][] = Array.from({ length: m }, () => []);
  seqs.forEach((sq, s) => {
    const ends = new Map<number, number[]>();
    for (let e = 0; e < sq.times.length; e++) {
      for (let k = sq.off[e] as number; k < (sq.off[e + 1] as number); k++) {
        const c = sq.codes[k] as number;
        const list = ends.get(c);
        if (list === undefined) ends.set(c, [e]);
        else list.push(e);
      }
    }
    for (const [c, es] of ends) (byItem[c] as Occ[]).push({ seq: s, ends: Int32Array.from(es), starts: Float64Array.from(es.map((e) => sq.times[e] as number)) });
  });
  for (let c = 0; c < m; c++) {
    const occ = byItem[c] as Occ[];
    if (occ.length < minCount) continue;
    emit([[c]], occ.length);
    grow([[c]], occ);
  }
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
  if (!Array.isArray(patterns)) throw new CrmError('INVALID_INPUT', 'patterns must be an array', { path: ['patterns'], expected: 'sequentialPatterns output', received: patterns });
  const key = (els: readonly (readonly string[])[]): string => els.map((el) => [...el].sort().join('\u0001')).join('\u0000');
  const support = new Map<string, number>();
  patterns.forEach((p, i) => {
    if (typeof p !== 'object' || p === null || !Array.isArray(p.sequence) || typeof p.support !== 'number' || !(p.support > 0 && p.support <= 1)) {
      throw new CrmError('INVALID_INPUT', 'a pattern must be { sequence, count, support }', { path: ['patterns', i], expected: 'a sequential pattern', received: p });
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
      throw new CrmError('INVALID_INPUT', 'a prefix or last element of this pattern is missing: pass the full sequentialPatterns output', { path: ['patterns', i] });
    }
    const confidence = p.support / sa;
    if (confidence < minConfidence * (1 - 1e-12)) return;
    rules.push({ antecedent: ante.map((el: string[]) => [...el]), consequent: cons.map((el: string[]) => [...el]), support: p.support, confidence, lift: confidence / sc, count: p.count });
  });
  return rules.sort((x, y) => y.confidence - x.confidence || y.lift - x.lift || y.count - x.count);
}
