/**
 * Loyalty types.
 * - Six types of the CRM textbooks (after Griffin, "Customer Loyalty", 1995/2002, as taught in the
 *   Chinese CRM texts): 垄断忠诚 monopoly, 亲缘忠诚 kinship, 利益忠诚 incentive (price),
 *   惰性忠诚 inertia, 信赖忠诚 trust, 潜在忠诚 latent; plus 'none' when neither attitude nor
 *   repeat purchase is high.
 * - Dick & Basu (1994), "Customer loyalty: toward an integrated conceptual framework",
 *   J. Academy of Marketing Science 22(2):99–113: relative attitude × repeat patronage →
 *   true loyalty (high, high), latent (high, low), spurious (low, high), no loyalty (low, low).
 */
import { invalidInput, readOptions, readProbability } from '../core/index.js';

/** What is known about one customer's loyalty (ratings normalised to [0, 1]). */
export interface LoyaltyProfile {
  /** Relative attitude toward us vs alternatives, 0..1 (e.g. a survey score rescaled). */
  attitude: number;
  /** Repeat patronage, 0..1 (repeat-purchase rate or share of wallet). */
  repeatPurchase: number;
  /** Number of viable alternative suppliers (0 = we are a monopoly for this customer). */
  alternatives: number;
  /** Share of purchases made on incentives (discounts, points), 0..1. Default 0. */
  incentiveShare?: number;
  /** Satisfaction, 0..1. Optional; when absent, trust loyalty is judged on attitude alone. */
  satisfaction?: number;
  /** Buys because of a tie (group member, employee, family, affiliated firm). Default false. */
  affiliation?: boolean;
}

/** Cut-offs: a rating at or above the cut is "high". */
export interface LoyaltyOptions {
  /** Default 0.5 (the scale midpoint). */
  highAttitude?: number;
  /** Default 0.5. */
  highRepeat?: number;
  /** Default 0.5 (most purchases on incentive). */
  highIncentiveShare?: number;
  /** Default 0.5. */
  highSatisfaction?: number;
}

/** The six textbook loyalty types, plus 'none'. */
export type LoyaltyType = 'monopoly' | 'kinship' | 'incentive' | 'inertia' | 'trust' | 'latent' | 'none';
/** Dick & Basu's four quadrants. */
export type DickBasuQuadrant = 'true-loyalty' | 'latent-loyalty' | 'spurious-loyalty' | 'no-loyalty';

/** Result of {@link loyaltyType}. */
export interface LoyaltyVerdict {
  type: LoyaltyType;
  typeZh: string;
  quadrant: DickBasuQuadrant;
  reasons: string[];
}

const ZH: Readonly<Record<LoyaltyType, string>> = Object.freeze({
  monopoly: '垄断忠诚',
  kinship: '亲缘忠诚',
  incentive: '利益忠诚',
  inertia: '惰性忠诚',
  trust: '信赖忠诚',
  latent: '潜在忠诚',
  none: '不忠诚',
});

function unit(v: unknown, path: (string | number)[], optional: boolean): number | undefined {
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) invalidInput(path, 'must be a share or rating normalised to [0, 1]', 'a number in [0, 1]', v);
  return v;
}

/**
 * Classify a customer's loyalty type (six textbook types) and Dick & Basu quadrant.
 * Rules, first match wins: repeat low → latent (attitude high) or none; repeat high →
 * monopoly (no alternatives), kinship (affiliation), incentive (incentive share high),
 * trust (attitude and satisfaction high), else inertia.
 *
 * @example
 * ```ts
 * import { loyaltyType } from 'crm-analytics/value';
 * loyaltyType({ attitude: 0.8, repeatPurchase: 0.9, alternatives: 4, satisfaction: 0.85 }).type; // 'trust'
 * loyaltyType({ attitude: 0.2, repeatPurchase: 0.9, alternatives: 3 }).quadrant; // 'spurious-loyalty'
 * ```
 */
export function loyaltyType(profile: LoyaltyProfile, options: LoyaltyOptions = {}): LoyaltyVerdict {
  const o = readOptions(options, ['highAttitude', 'highRepeat', 'highIncentiveShare', 'highSatisfaction'] as const);
  const cut = (k: keyof LoyaltyOptions) => readProbability(o[k], ['options', k], 0.5);
  const hA = cut('highAttitude');
  const hR = cut('highRepeat');
  const hI = cut('highIncentiveShare');
  const hS = cut('highSatisfaction');
  if (typeof profile !== 'object' || profile === null) invalidInput([], 'profile must be an object', '{ attitude, repeatPurchase, alternatives, ... }', profile);
  const attitude = unit(profile.attitude, ['attitude'], false) as number;
  const repeat = unit(profile.repeatPurchase, ['repeatPurchase'], false) as number;
  const alt = profile.alternatives;
  if (typeof alt !== 'number' || !Number.isInteger(alt) || alt < 0) invalidInput(['alternatives'], 'number of alternatives is invalid', 'an integer >= 0', alt);
  const incentive = unit(profile.incentiveShare, ['incentiveShare'], true) ?? 0;
  const sat = unit(profile.satisfaction, ['satisfaction'], true);
  const aff = profile.affiliation ?? false;
  if (typeof aff !== 'boolean') invalidInput(['affiliation'], 'affiliation must be a boolean', 'true or false', aff);

  const highA = attitude >= hA;
  const highR = repeat >= hR;
  const quadrant: DickBasuQuadrant = highA ? (highR ? 'true-loyalty' : 'latent-loyalty') : highR ? 'spurious-loyalty' : 'no-loyalty';
  const reasons = [
    `attitude ${attitude} ${highA ? '>=' : '<'} ${hA} (${highA ? 'high' : 'low'}), repeat purchase ${repeat} ${highR ? '>=' : '<'} ${hR} (${highR ? 'high' : 'low'}): Dick & Basu ${quadrant}`,
  ];
  let type: LoyaltyType;
  if (!highR) {
    type = highA ? 'latent' : 'none';
    reasons.push(highA ? 'likes us but rarely buys (constrained): latent' : 'neither attitude nor repeat purchase is high: no loyalty');
  } else if (alt === 0) {
    type = 'monopoly';
    reasons.push('repeat buyer with no alternative supplier: monopoly');
  } else if (aff) {
    type = 'kinship';
    reasons.push('repeat buyer tied by affiliation: kinship');
  } else if (incentive >= hI) {
    type = 'incentive';
    reasons.push(`repeat buyer with incentive share ${incentive} >= ${hI}: incentive (price) loyalty`);
  } else if (highA && (sat === undefined || sat >= hS)) {
    type = 'trust';
    reasons.push(sat === undefined ? 'repeat buyer with high attitude (no satisfaction given): trust' : `repeat buyer with high attitude and satisfaction ${sat} >= ${hS}: trust`);
  } else {
    type = 'inertia';
    reasons.push(
      !highA ? `repeat buyer out of habit: attitude ${attitude} < ${hA} with ${alt} alternative(s): inertia` : `repeat buyer with satisfaction ${sat} < ${hS}: inertia`,
    );
  }
  return { type, typeZh: ZH[type], quadrant, reasons };
}
