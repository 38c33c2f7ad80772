/**
 * Seeded pseudo-random numbers. Everything random in crm-analytics takes a `seed` and draws from
 * here, so results are bit-identical across runs and runtimes.
 * Generator: xoshiro128** (Blackman & Vigna 2018), seeded through splitmix32.
 */
import { invalidOption } from './errors.js';
import { logGamma } from './math/log-gamma.js';

/** A seeded random source. `next()` is uniform in [0, 1). */
export interface Random {
  /** Uniform in [0, 1), 32 bits of randomness. */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller, no caching so streams stay aligned). */
  normal(): number;
  /** Exponential with the given rate. */
  exponential(rate: number): number;
  /** Gamma(shape, scale = 1) — Marsaglia & Tsang (2000). */
  gamma(shape: number, scale?: number): number;
  /** Beta(a, b) via two gammas. */
  beta(a: number, b: number): number;
  /** Poisson(mean) — inversion for small means, PTRS (Hörmann 1993) for large. */
  poisson(mean: number): number;
  /** A new array with the elements in random order (Fisher–Yates); the input is not changed. */
  shuffle<T>(values: readonly T[]): T[];
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Create a seeded random source.
 *
 * @example
 * ```ts
 * const rng = createRandom(42);
 * rng.next(); // same value on every run
 * ```
 */
export function createRandom(seed: number): Random {
  if (typeof seed !== 'number' || !Number.isFinite(seed)) {
    invalidOption(['seed'], 'seed must be a finite number', 'a finite number', seed);
  }
  // Fold the whole double (including fractional part and sign) into 32 bits.
  const mixed = (Math.floor(seed) ^ Math.floor((seed - Math.floor(seed)) * 2 ** 32) ^ Math.floor(seed / 2 ** 32)) >>> 0;
  const sm = splitmix32(mixed);
  let a = sm();
  let b = sm();
  let c = sm();
  let d = sm();
  if ((a | b | c | d) === 0) a = 1;

  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const next = (): number => nextU32() / 4294967296;
  const normal = (): number => {
    let u = next();
    while (u === 0) u = next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  const gamma = (shape: number, scale = 1): number => {
    if (shape < 1) {
      // Boost: Gamma(a) = Gamma(a + 1) * U^(1/a).
      let u = next();
      while (u === 0) u = next();
      return gamma(shape + 1, scale) * Math.pow(u, 1 / shape);
    }
    const dd = shape - 1 / 3;
    const cc = 1 / Math.sqrt(9 * dd);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + cc * x;
      } while (v <= 0);
      v = v * v * v;
      const u = next();
      if (u < 1 - 0.0331 * x * x * x * x) return dd * v * scale;
      if (u > 0 && Math.log(u) < 0.5 * x * x + dd * (1 - v + Math.log(v))) return dd * v * scale;
    }
  };
  const poisson = (mean: number): number => {
    if (mean <= 0) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    }
    // PTRS, Hörmann (1993), "The transformed rejection method for generating Poisson random variables".
    const slam = Math.sqrt(mean);
    const loglam = Math.log(mean);
    const bb = 0.931 + 2.53 * slam;
    const aa = -0.059 + 0.02483 * bb;
    const invalpha = 1.1239 + 1.1328 / (bb - 3.4);
    const vr = 0.9277 - 3.6224 / (bb - 2);
    for (;;) {
      const u = next() - 0.5;
      const v = next();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * aa) / us + bb) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(aa / (us * us) + bb) <= -mean + k * loglam - logFactorial(k)) return k;
    }
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    normal,
    exponential: (rate: number) => {
      let u = next();
      while (u === 0) u = next();
      return -Math.log(u) / rate;
    },
    gamma,
    beta: (a: number, b: number) => {
      const x = gamma(a);
      const y = gamma(b);
      return x / (x + y);
    },
    poisson,
    shuffle<T>(values: readonly T[]): T[] {
      const out = [...values];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = out[i] as T;
        out[i] = out[j] as T;
        out[j] = tmp;
      }
      return out;
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function logFactorial(k: number): number {
  return logGamma(k + 1);
}
