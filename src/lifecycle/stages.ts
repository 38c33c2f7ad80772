/**
 * The three lifecycle stage models and the mapping between them, exported as data.
 *
 * - Five-stage model of the Chinese CRM textbooks (客户生命周期五阶段): 潜在获取期, 成长期, 成熟期, 衰退期, 终止期.
 * - Four-stage model (客户关系生命周期四阶段): 识别期 (exploration), 发展形成期, 稳定期, 衰退期.
 * - Telecom ABCDE model: Acquisition, Build-up, Climax, Decline, Exit.
 * - Dwyer, Schurr & Oh (1987, J. Marketing 51(2):11–27) relationship phases are given for reference:
 *   awareness, exploration, expansion, commitment, dissolution.
 * The five-stage model is the canonical one: classification computes it, the others are mapped
 * from it (ABCDE one-to-one; the four-stage model has no exit, so termination → decline).
 */
import { invalidOption, type CrmErrorPath } from '../core/index.js';

/**
 * Canonical five-stage names, in lifecycle order.
 *
 * @example
 * ```ts
 * FIVE_STAGES[0]; // 'acquisition'
 * ```
 */
export const FIVE_STAGES = ['acquisition', 'growth', 'maturity', 'decline', 'termination'] as const;
/**
 * Four-stage names, in lifecycle order.
 *
 * @example
 * ```ts
 * FOUR_STAGES.length; // 4
 * ```
 */
export const FOUR_STAGES = ['identification', 'development', 'stability', 'decline'] as const;
/**
 * Telecom ABCDE names, in lifecycle order.
 *
 * @example
 * ```ts
 * ABCDE_STAGES.at(-1); // 'exit'
 * ```
 */
export const ABCDE_STAGES = ['acquisition', 'build-up', 'climax', 'decline', 'exit'] as const;

/** A canonical five-stage name. */
export type FiveStage = (typeof FIVE_STAGES)[number];
/** A four-stage name. */
export type FourStage = (typeof FOUR_STAGES)[number];
/** A telecom ABCDE stage name. */
export type AbcdeStage = (typeof ABCDE_STAGES)[number];
/** The built-in model names. */
export type BuiltInStageModel = 'five-stage' | 'four-stage' | 'abcde';

/** One row of the stage mapping table. */
export interface StageMappingRow {
  fiveStage: FiveStage;
  fiveStageZh: string;
  fourStage: FourStage;
  fourStageZh: string;
  abcde: AbcdeStage;
  /** The closest Dwyer, Schurr & Oh (1987) relationship phase. */
  dwyerPhase: string;
}

/**
 * How the three models line up, one row per five-stage stage (frozen data).
 *
 * @example
 * ```ts
 * import { STAGE_MAPPING } from 'crm-analytics/lifecycle';
 * STAGE_MAPPING.find((r) => r.fiveStage === 'termination')?.fourStage; // 'decline'
 * ```
 */
export const STAGE_MAPPING: readonly StageMappingRow[] = Object.freeze([
  Object.freeze({ fiveStage: 'acquisition', fiveStageZh: '潜在获取期', fourStage: 'identification', fourStageZh: '识别期', abcde: 'acquisition', dwyerPhase: 'awareness / exploration' }),
  Object.freeze({ fiveStage: 'growth', fiveStageZh: '成长期', fourStage: 'development', fourStageZh: '发展形成期', abcde: 'build-up', dwyerPhase: 'expansion' }),
  Object.freeze({ fiveStage: 'maturity', fiveStageZh: '成熟期', fourStage: 'stability', fourStageZh: '稳定期', abcde: 'climax', dwyerPhase: 'commitment' }),
  Object.freeze({ fiveStage: 'decline', fiveStageZh: '衰退期', fourStage: 'decline', fourStageZh: '衰退期', abcde: 'decline', dwyerPhase: 'dissolution (beginning)' }),
  Object.freeze({ fiveStage: 'termination', fiveStageZh: '终止期', fourStage: 'decline', fourStageZh: '衰退期', abcde: 'exit', dwyerPhase: 'dissolution' }),
] as StageMappingRow[]);

/**
 * A user-defined stage model: its stage names in order, and which of its stages each canonical
 * five-stage stage becomes. Every five-stage name must be mapped, to a name listed in `stages`.
 */
export interface CustomStageModel {
  name: string;
  stages: readonly string[];
  fromFiveStage: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
}

/** A stage model as accepted by `classify` and `migrationMatrix`. */
export type StageModel = BuiltInStageModel | CustomStageModel;

/** A validated model: its name, stage order, and the map from canonical stages. */
export interface ResolvedStageModel {
  name: string;
  stages: readonly string[];
  map: ReadonlyMap<FiveStage, string>;
}

const FIVE_SET: ReadonlySet<string> = new Set(FIVE_STAGES);

/** Is this a canonical five-stage name? */
export function isFiveStage(value: unknown): value is FiveStage {
  return typeof value === 'string' && FIVE_SET.has(value);
}

/**
 * Validate a stage model (built-in name or custom mapping) and return its stage order and map.
 * Unknown five-stage names, unmapped stages or targets not in `stages` throw `CrmError`
 * (`INVALID_OPTION`) naming the field.
 *
 * @example
 * ```ts
 * resolveStageModel('four-stage').map.get('termination'); // 'decline'
 * resolveStageModel({ name: 'simple', stages: ['active', 'lapsed'],
 *   fromFiveStage: { acquisition: 'active', growth: 'active', maturity: 'active', decline: 'lapsed', termination: 'lapsed' } }).stages;
 * ```
 */
export function resolveStageModel(model: unknown, path: CrmErrorPath = ['options', 'model']): ResolvedStageModel {
  if (model === undefined || model === 'five-stage') {
    return { name: 'five-stage', stages: FIVE_STAGES, map: new Map(STAGE_MAPPING.map((r) => [r.fiveStage, r.fiveStage])) };
  }
  if (model === 'four-stage') {
    return { name: 'four-stage', stages: FOUR_STAGES, map: new Map(STAGE_MAPPING.map((r) => [r.fiveStage, r.fourStage])) };
  }
  if (model === 'abcde') {
    return { name: 'abcde', stages: ABCDE_STAGES, map: new Map(STAGE_MAPPING.map((r) => [r.fiveStage, r.abcde])) };
  }
  if (typeof model !== 'object' || model === null || Array.isArray(model)) {
    invalidOption(path, 'unknown stage model', "'five-stage', 'four-stage', 'abcde' or { name, stages, fromFiveStage }", model);
  }
  const m = model as Partial<CustomStageModel>;
  if (typeof m.name !== 'string' || m.name.length === 0) invalidOption([...path, 'name'], 'custom model needs a name', 'a non-empty string', m.name);
  if (!Array.isArray(m.stages) || m.stages.length === 0) invalidOption([...path, 'stages'], 'custom model needs its stage names', 'a non-empty array of strings', m.stages);
  const stages: string[] = [];
  const stageSet = new Set<string>();
  m.stages.forEach((s: unknown, i: number) => {
    if (typeof s !== 'string' || s.length === 0) invalidOption([...path, 'stages', i], 'stage name must be a non-empty string', 'a non-empty string', s);
    if (stageSet.has(s)) invalidOption([...path, 'stages', i], 'duplicate stage name', 'distinct names', s);
    stageSet.add(s);
    stages.push(s);
  });
  const raw = m.fromFiveStage;
  if (typeof raw !== 'object' || raw === null) invalidOption([...path, 'fromFiveStage'], 'custom model needs fromFiveStage', 'a Map or record from five-stage names to stage names', raw);
  const entries: Array<[string, unknown]> = raw instanceof Map ? [...(raw as Map<string, unknown>).entries()] : Object.entries(raw);
  const map = new Map<FiveStage, string>();
  for (const [key, target] of entries) {
    if (!isFiveStage(key)) {
      invalidOption([...path, 'fromFiveStage', key], 'unknown five-stage name', `one of ${FIVE_STAGES.join(', ')}`, key);
    }
    if (typeof target !== 'string' || !stageSet.has(target)) {
      invalidOption([...path, 'fromFiveStage', key], 'maps to a stage not listed in stages', `one of ${stages.join(', ')}`, target);
    }
    map.set(key, target);
  }
  for (const s of FIVE_STAGES) {
    if (!map.has(s)) invalidOption([...path, 'fromFiveStage', s], 'five-stage name not mapped', `a stage name for '${s}'`, undefined);
  }
  return { name: m.name, stages, map };
}
