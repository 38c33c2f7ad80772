/**
 * "Did you mean" suggestions for misspelt option keys and choices: the closest candidate by
 * Levenshtein distance (case-insensitive), if it is close enough to be a plausible typo.
 */

/** Levenshtein edit distance (insert, delete, substitute; Wagner & Fischer 1974), two rows. */
function editDistance(a: string, b: string): number {
  let prev = new Array<number>(b.length + 1);
  let next = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    next[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      next[j] = Math.min(prev[j]! + 1, next[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, next] = [next, prev];
  }
  return prev[b.length]!;
}

/**
 * The candidate closest to `word`, or `undefined` when none is within a typo's distance
 * (at most 2 edits, or a third of the word's length for long words).
 *
 * @example
 * ```ts
 * didYouMean('bin', ['bins', 'convention']); // 'bins'
 * didYouMean('zzz', ['bins', 'convention']); // undefined
 * ```
 */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
