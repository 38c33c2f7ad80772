/**
 * The trust equation of Maister, Green & Galford (2000), "The Trusted Advisor", ch. 8:
 *   T = (C + R + I) / S
 * credibility C, reliability R, intimacy I, self-orientation S, each rated on a common scale.
 */
import { CrmError, invalidInput, invalidOption, readOptions, type CrmErrorPath } from '../core/index.js';

/** The four components, each on the rating scale. */
export interface TrustComponents {
  credibility: number;
  reliability: number;
  intimacy: number;
  selfOrientation: number;
}

/** Options of {@link trustScore}. */
export interface TrustOptions {
  /** Rating scale [min, max], min > 0 (S is a divisor). Default [1, 10] (Green's trust quotient). */
  scale?: readonly [number, number];
}

/** One lever: the gain in T from a one-point improvement of a component (capped at the scale). */
export interface TrustLever {
  component: keyof TrustComponents;
  /** T after the improvement minus T now (0 when already at the scale's best end). */
  gain: number;
}

/** Result of {@link trustScore}. */
export interface TrustScore {
  components: TrustComponents;
  scale: [number, number];
  /** (C + R + I) / S. */
  score: number;
  /** Lowest and highest possible score on the scale: 3·min/max and 3·max/min. */
  range: [number, number];
  /** (score − range min) / (range max − range min), in [0, 1]. */
  normalized: number;
  /** All four levers, best first (ties: the lower component first, then C, R, I, S order). */
  levers: TrustLever[];
  /** The component whose one-point improvement raises T most, or null when all are at best. */
  weakestLever: keyof TrustComponents | null;
  reasons: string[];
}

const ORDER: ReadonlyArray<keyof TrustComponents> = ['credibility', 'reliability', 'intimacy', 'selfOrientation'];

/** Validate the scale option. */
export function readScale(scale: unknown, path: CrmErrorPath): [number, number] {
  if (scale === undefined) return [1, 10];
  if (!Array.isArray(scale) || scale.length !== 2) invalidOption(path, 'scale must be [min, max]', '[min, max] with 0 < min < max', scale);
  const [lo, hi] = scale as unknown[];
  if (typeof lo !== 'number' || !Number.isFinite(lo) || lo <= 0) {
    invalidOption([...path, 0], 'scale minimum must be positive (self-orientation is a divisor)', 'a finite number > 0', lo);
  }
  if (typeof hi !== 'number' || !Number.isFinite(hi) || hi <= lo) invalidOption([...path, 1], 'scale maximum must exceed the minimum', `a finite number > ${lo}`, hi);
  // T ranges over [3·min/max, 3·max/min]; a scale whose range (or C + R + I) overflows a double
  // would report ±Infinity (issue 22), so it is refused here, naming the option.
  if (!Number.isFinite((3 * hi) / lo) || !Number.isFinite(3 * hi) || (3 * lo) / hi === 0) {
    throw new CrmError('NUMERIC_DOMAIN', `scale [${lo}, ${hi}] is too wide: the trust range 3·max/min overflows a double; use a rating scale such as [1, 10]`, { path, received: [lo, hi] });
  }
  return [lo, hi];
}

/** Validate the four components against the scale. */
export function readComponents(input: unknown, scale: [number, number], path: CrmErrorPath): TrustComponents {
  if (typeof input !== 'object' || input === null) invalidInput(path, 'trust components must be an object', '{ credibility, reliability, intimacy, selfOrientation }', input);
  const rec = input as Record<string, unknown>;
  const out = {} as TrustComponents;
  for (const k of ORDER) {
    const v = rec[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < scale[0] || v > scale[1]) {
      invalidInput([...path, k], k === 'selfOrientation' && v === 0 ? 'self-orientation 0 would divide by zero' : `${k} is outside the scale`, `a number in [${scale[0]}, ${scale[1]}]`, v);
    }
    out[k] = v;
  }
  return out;
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * Trust score T = (C + R + I) / S with its normalised value on the scale and the weakest lever.
 *
 * @example
 * ```ts
 * import { trustScore } from 'crm-analytics/trust';
 * const t = trustScore({ credibility: 7, reliability: 8, intimacy: 5, selfOrientation: 4 });
 * t.score; // 5   ((7 + 8 + 5) / 4)
 * t.weakestLever; // 'selfOrientation' (20/3 − 5 = 1.667 > 1/4)
 * ```
 */
export function trustScore(components: TrustComponents, options: TrustOptions = {}): TrustScore {
  const o = readOptions(options, ['scale'] as const);
  const scale = readScale(o.scale, ['options', 'scale']);
  const c = readComponents(components, scale, []);
  const [lo, hi] = scale;
  const sum = c.credibility + c.reliability + c.intimacy;
  const score = sum / c.selfOrientation;
  const min = (3 * lo) / hi;
  const max = (3 * hi) / lo;
  const normalized = (score - min) / (max - min);
  const levers: TrustLever[] = ORDER.map((k) => {
    if (k === 'selfOrientation') {
      const s2 = Math.max(lo, c.selfOrientation - 1);
      return { component: k, gain: sum / s2 - score };
    }
    const up = Math.min(hi, c[k] + 1) - c[k];
    return { component: k, gain: up / c.selfOrientation };
  });
  const rank = new Map(ORDER.map((k, i) => [k, i]));
  // Ties: the component with more room (lower value; for S the higher value) first, then C, R, I, S.
  const room = (k: keyof TrustComponents) => (k === 'selfOrientation' ? c.selfOrientation - lo : hi - c[k]);
  levers.sort((a, b) => b.gain - a.gain || room(b.component) - room(a.component) || (rank.get(a.component) as number) - (rank.get(b.component) as number));
  const best = levers[0] as TrustLever;
  const weakestLever = best.gain > 0 ? best.component : null;
  const reasons = [
    `T = (C + R + I) / S = (${c.credibility} + ${c.reliability} + ${c.intimacy}) / ${c.selfOrientation} = ${r4(score)}`,
    `normalised on scale [${lo}, ${hi}]: (${r4(score)} − ${r4(min)}) / (${r4(max)} − ${r4(min)}) = ${r4(normalized)}`,
    weakestLever === null
      ? 'every component is already at the best end of the scale'
      : `weakest lever: ${weakestLever} (+${r4(best.gain)} for one point ${weakestLever === 'selfOrientation' ? 'lower' : 'higher'})`,
  ];
  return { components: c, scale: [lo, hi], score, range: [min, max], normalized, levers, weakestLever, reasons };
}
