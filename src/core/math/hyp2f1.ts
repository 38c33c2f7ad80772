/**
 * Gauss hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z < 1.
 *
 * - Power series Σ (a)ₙ(b)ₙ/((c)ₙ n!) zⁿ (Abramowitz & Stegun 15.1.1), summed with a running
 *   scale factor so that huge intermediate terms (heavy buyers: a, b ≈ 10⁴) never overflow; the
 *   result is available as a logarithm and a sign.
 * - z < 0: Pfaff's transformation ₂F₁(a,b;c;z) = (1−z)^(−a) ₂F₁(a, c−b; c; z/(z−1)) (A&S 15.3.4)
 *   maps the argument into [0, 1).
 * - z > 0.9: the 1 − z connection formula (A&S 15.3.6) with Γ of any sign, so z → 1 costs a
 *   few terms; when its two terms cancel, the better of it and the direct/Euler series is used.
 * - 0.5 < z ≤ 0.9 with a + b > c: Euler's transformation ₂F₁(a,b;c;z) = (1−z)^(c−a−b) ₂F₁(c−a, c−b; c; z)
 *   (A&S 15.3.3), whose series terms decay instead of growing polynomially as z → 1 (the fix
 *   lifetimes applies when the direct log is infinite, lifetimes #302/#442).
 * Throws `NUMERIC_DOMAIN` for z ≥ 1, c a non-positive integer, or a series that does not reach
 * double precision in `maxTerms` terms (only for z within ~1e-6 of 1).
 */
import { CrmError } from '../errors.js';
import { logGamma } from './log-gamma.js';

/** ln|₂F₁| and its sign (+1, −1, or 0 when the function is exactly 0). */
export interface LogHyp2f1 {
  log: number;
  sign: number;
  /**
   * Digits lost to cancellation in the series: log10(max |term| / |sum|) (0 when all terms share
   * a sign). Above ~8 the value has fewer than 8 correct digits; callers can switch to another
   * representation.
   */
  lostDigits: number;
}

// ~5 ms of work at most: with the 1 − z connection formula above z = 0.9, only a cancelling
// connection with z within ~1e-5 of 1 can need more (issue 18: no prediction over 10 ms).
const MAX_TERMS = 500_000;
const LOG_BIG = 575.6462732485114; // ln(1e250)
const BIG = 1e250;

function isNonPositiveInteger(v: number): boolean {
  return v <= 0 && Number.isInteger(v);
}

type Argument = 'a' | 'b' | 'c' | 'z';

const EXPECTED: Readonly<Record<Argument, string>> = {
  a: 'a finite number',
  b: 'a finite number',
  c: 'a finite number that is not 0, −1, −2, …',
  z: 'a finite number below 1',
};

/** The error names the argument that is out of range (issue 18: no anonymous "series" failures). */
function domainError(argument: Argument, message: string, received: unknown): never {
  throw new CrmError('NUMERIC_DOMAIN', `hyp2f1 argument ${argument}: ${message}`, { path: ['hyp2f1', argument], expected: EXPECTED[argument], received });
}

function euler(a: number, b: number, c: number, z: number): LogHyp2f1 {
  const inner = series(c - a, c - b, c, z);
  return { log: inner.log + (c - a - b) * Math.log1p(-z), sign: inner.sign, lostDigits: inner.lostDigits };
}

/** Direct power series, z in [0, 1) (or any z when the series terminates). */
function series(a: number, b: number, c: number, z: number): LogHyp2f1 {
  if (z === 0) return { log: 0, sign: 1, lostDigits: 0 };
  let term = 1;
  let sum = 1;
  let logScale = 0;
  let maxLog = 0; // ln max |term| (in absolute, unscaled terms)
  // (term may underflow to exactly 0 once it is negligible: the sum is then complete.)
  const terminatesAt = isNonPositiveInteger(a) ? -a : isNonPositiveInteger(b) ? -b : Number.POSITIVE_INFINITY;
  const done = (): LogHyp2f1 => {
    if (sum === 0) return { log: Number.NEGATIVE_INFINITY, sign: 0, lostDigits: Number.POSITIVE_INFINITY };
    const log = Math.log(Math.abs(sum)) + logScale;
    return { log, sign: Math.sign(sum), lostDigits: Math.max(0, (maxLog - log) / Math.LN10) };
  };
  // Terms may grow until n ≈ the point where |(a+n)(b+n) z / ((c+n)(n+1))| < 1.
  for (let n = 0; n < MAX_TERMS; n++) {
    if (n >= terminatesAt) break;
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    const at = Math.abs(term);
    if (at > 1 && Math.log(at) + logScale > maxLog) maxLog = Math.log(at) + logScale;
    if (Math.abs(sum) > BIG || Math.abs(term) > BIG) {
      sum /= BIG;
      term /= BIG;
      logScale += LOG_BIG;
    }
    if (term === 0) break;
    // Stop once terms are negligible and shrinking (ratio magnitude < 1 from here on:
    // past n > max(|a|,|b|,|c|) the ratio decreases monotonically towards z).
    if (Math.abs(term) <= 1e-17 * Math.abs(sum) && Math.abs(ratio) < 1 && n + 1 > Math.max(-a, -b, -c, 0)) {
      // The ratio tends to z monotonically from here, so q = max(next ratio, |z|) bounds the
      // rest geometrically: remaining ≤ |term|·q/(1−q).
      const nextRatio = Math.max(Math.abs(((a + n + 1) * (b + n + 1) * z) / ((c + n + 1) * (n + 2))), Math.abs(z));
      if (nextRatio < 1 && (Math.abs(term) * nextRatio) / (1 - nextRatio) <= 1e-16 * Math.abs(sum)) {
        return done();
      }
    }
  }
  if (terminatesAt !== Number.POSITIVE_INFINITY || term === 0) return done();
  return domainError('z', `z = ${z} is too close to 1 for the series with a = ${a}, b = ${b}, c = ${c} (no convergence in ${MAX_TERMS} terms)`, z);
}

/** ln|Γ(x)| and the sign of Γ(x) for any real x (reflection formula below 0; poles give sign 0). */
function logGammaSigned(x: number): { log: number; sign: number } {
  if (x > 0) return { log: logGamma(x), sign: 1 };
  if (Number.isInteger(x)) return { log: Number.POSITIVE_INFINITY, sign: 0 };
  // Γ(x) = π / (sin(πx) Γ(1−x))  (A&S 6.1.17)
  const sp = Math.sin(Math.PI * x);
  return { log: Math.log(Math.PI) - Math.log(Math.abs(sp)) - logGamma(1 - x), sign: Math.sign(sp) };
}

/**
 * The 1 − z connection formula (A&S 15.3.6) for z near 1. An integer c − a − b (where the formula
 * has cancelling poles) is handled by averaging c ± 2ε, error O(ε²).
 */
function connection(a: number, b: number, c: number, z: number): LogHyp2f1 {
  const d = c - a - b;
  // Near-integer c − a − b: average the values at c ± 2ε. The error is ~ε²·ln²(1−z) from the
  // average plus ~1e-16/ε from the cancelling poles, so ε balances the two.
  const lw = Math.log1p(-z);
  const eps = Math.min(1e-4, Math.max(1e-7, Math.cbrt(1e-16 / (1 + lw * lw))));
  if (Math.abs(d - Math.round(d)) < eps) {
    const lo = connection(a, b, c - 2 * eps, z);
    const hi = connection(a, b, c + 2 * eps, z);
    const v = (lo.sign * Math.exp(lo.log - hi.log) + hi.sign) / 2; // relative to |hi|
    return v === 0
      ? { log: Number.NEGATIVE_INFINITY, sign: 0, lostDigits: Number.POSITIVE_INFINITY }
      : { log: hi.log + Math.log(Math.abs(v)), sign: Math.sign(v), lostDigits: Math.max(lo.lostDigits, hi.lostDigits) + Math.log10(1 / eps) };
  }
  const w = 1 - z;
  const gc = logGammaSigned(c);
  const terms: Array<{ log: number; sign: number; lost: number }> = [];
  // Γ(c)Γ(c−a−b)/(Γ(c−a)Γ(c−b)) · F(a, b; a+b−c+1; 1−z)
  {
    const g1 = logGammaSigned(d);
    const g2 = logGammaSigned(c - a);
    const g3 = logGammaSigned(c - b);
    if (g2.sign !== 0 && g3.sign !== 0) {
      const f = series(a, b, 1 - d, w);
      if (f.sign !== 0) terms.push({ log: gc.log + g1.log - g2.log - g3.log + f.log, sign: gc.sign * g1.sign * g2.sign * g3.sign * f.sign, lost: f.lostDigits });
    }
  }
  // (1−z)^(c−a−b) Γ(c)Γ(a+b−c)/(Γ(a)Γ(b)) · F(c−a, c−b; c−a−b+1; 1−z)
  {
    const g1 = logGammaSigned(-d);
    const g2 = logGammaSigned(a);
    const g3 = logGammaSigned(b);
    if (g2.sign !== 0 && g3.sign !== 0) {
      const f = series(c - a, c - b, 1 + d, w);
      if (f.sign !== 0) terms.push({ log: d * Math.log(w) + gc.log + g1.log - g2.log - g3.log + f.log, sign: gc.sign * g1.sign * g2.sign * g3.sign * f.sign, lost: f.lostDigits });
    }
  }
  if (terms.length === 0) return { log: Number.NEGATIVE_INFINITY, sign: 0, lostDigits: 0 };
  const maxLog = Math.max(...terms.map((t) => t.log));
  let sum = 0;
  for (const t of terms) sum += t.sign * Math.exp(t.log - maxLog);
  if (sum === 0 || !Number.isFinite(sum)) return { log: Number.NEGATIVE_INFINITY, sign: 0, lostDigits: Number.POSITIVE_INFINITY };
  const log = maxLog + Math.log(Math.abs(sum));
  return { log, sign: Math.sign(sum), lostDigits: Math.max(0, (maxLog - log) / Math.LN10) + Math.max(...terms.map((t) => t.lost)) };
}

/**
 * ln|₂F₁(a, b; c; z)| and its sign, for z < 1. `options.euler: false` sums the direct series
 * where Euler's transformation would otherwise be applied (for callers that compare
 * representations by `lostDigits`).
 *
 * @example
 * ```ts
 * // ₂F₁(1, 1; 2; z) = −ln(1−z)/z
 * logHyp2f1(1, 1, 2, 0.5); // { log: Math.log(2 * Math.LN2), sign: 1, lostDigits: 0 }
 * ```
 */
export function logHyp2f1(a: number, b: number, c: number, z: number, options: { euler?: boolean } = {}): LogHyp2f1 {
  for (const [name, v] of [['a', a], ['b', b], ['c', c], ['z', z]] as const) if (!Number.isFinite(v)) domainError(name, 'must be a finite number', v);
  if (isNonPositiveInteger(c)) domainError('c', `c = ${c} is a non-positive integer (a pole of the series)`, c);
  if (z >= 1) domainError('z', `z = ${z} must be below 1 (the series diverges)`, z);
  if (z === 0 || a === 0 || b === 0) return { log: 0, sign: 1, lostDigits: 0 };
  if (z < 0) {
    // Pfaff: choose the parameter kept so that the new series terminates if possible.
    const w = z / (z - 1);
    const l1p = Math.log1p(-z);
    if (isNonPositiveInteger(c - b) || !isNonPositiveInteger(c - a)) {
      const inner = logHyp2f1(a, c - b, c, w);
      return { log: inner.log - a * l1p, sign: inner.sign, lostDigits: inner.lostDigits };
    }
    const inner = logHyp2f1(b, c - a, c, w);
    return { log: inner.log - b * l1p, sign: inner.sign, lostDigits: inner.lostDigits };
  }
  const polynomial = isNonPositiveInteger(a) || isNonPositiveInteger(b);
  if (z > 0.9 && !polynomial) {
    // Near 1 the power series needs ~1/(1−z) terms: use the 1 − z connection formula, unless
    // it cancels badly, in which case the better of the two representations wins.
    const conn = connection(a, b, c, z);
    if (conn.lostDigits <= 6) return conn;
    let direct: LogHyp2f1 | undefined;
    try {
      direct = a + b > c && options.euler !== false ? euler(a, b, c, z) : series(a, b, c, z);
    } catch {
      direct = undefined; // too slow to converge this close to 1: keep the connection formula's value
    }
    return direct !== undefined && direct.lostDigits < conn.lostDigits ? direct : conn;
  }
  if (options.euler !== false && a + b > c && !polynomial && z > 0.5) return euler(a, b, c, z);
  return series(a, b, c, z);
}

/**
 * ₂F₁(a, b; c; z) for z < 1. May return ±Infinity only when the value itself exceeds the double
 * range (use {@link logHyp2f1} then).
 *
 * @example
 * ```ts
 * hyp2f1(1, 1, 2, 0.5); // 1.3862943611198906 (= 2 ln 2)
 * hyp2f1(-2, 3, 4, 0.5); // 1 − 0.75 + 0.15 = 0.4 (a terminating polynomial)
 * ```
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  const r = logHyp2f1(a, b, c, z);
  return r.sign * Math.exp(r.log);
}
