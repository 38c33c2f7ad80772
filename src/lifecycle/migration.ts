/**
 * Stage migration between two dates: a Markov-style transition matrix (counts, row rates and
 * totals), as used for customer migration models (Dwyer 1989, "Customer lifetime valuation to
 * support marketing decision making", J. Direct Marketing 3(4); Pfeifer & Carraway 2000,
 * "Modeling customer relationships as Markov chains", J. Interactive Marketing 14(2)).
 */
import {
  dayToIsoDate,
  invalidInput,
  invalidOption,
  isTransactionTable,
  prepareTransactions,
  readAsOf,
  readOptions,
  type AfterAsOf,
  type DateInput,
  type Transaction,
  type TransactionTable,
} from '../core/index.js';
import { assemble } from './classify.js';
import { summarizeHistory } from './history.js';
import { readAsOfPolicy, readCustomerId, readProbabilityAlive, rowsAfterAsOf, type ProbabilityAliveInput } from './inputs.js';
import { resolveStageModel, type StageModel } from './stages.js';
import { resolveThresholds, type LifecycleThresholds } from './thresholds.js';

/** A customer's stage at one date (e.g. an entry of `classify(...).customers`). */
export interface StageRecord {
  customerId: string | number;
  stage: string;
}

/** Stages at the two dates, when they were computed elsewhere. */
export interface StagesAtTwoDates {
  from: readonly StageRecord[] | { customers: readonly StageRecord[] };
  to: readonly StageRecord[] | { customers: readonly StageRecord[] };
}

/** Options of {@link migrationMatrix}. */
export interface MigrationOptions {
  /** Start date. Required with transactions (stages are classified as of it, inclusive); a label with stages. */
  from?: DateInput;
  /** End date, after `from`, inclusive like every asOf. Required with transactions. */
  to?: DateInput;
  /** Transactions input: rows dated after `to` are an error (default) or `'exclude'`d (counted in `excludedAfterAsOf`). */
  afterAsOf?: AfterAsOf;
  /** Stage model (its stage names validate stage input). Default 'five-stage'. */
  model?: StageModel;
  /** Thresholds for classification (transactions input). */
  thresholds?: Partial<LifecycleThresholds>;
  /** P(alive) per customer as of each date (transactions input; optional). */
  probabilityAlive?: { from?: ProbabilityAliveInput; to?: ProbabilityAliveInput };
}

/** Result of {@link migrationMatrix}. */
export interface MigrationMatrix {
  /** Transactions input: rows left out as dated after `to` (`afterAsOf: 'exclude'`); otherwise 0. */
  excludedAfterAsOf: number;
  from: string | null;
  to: string | null;
  model: string;
  /** Row and column order. */
  stages: string[];
  /** counts[i][j]: customers in stages[i] at `from` and stages[j] at `to`. */
  counts: number[][];
  /** rates[i][j] = counts[i][j] / fromTotals[i]; a row with no customers is all 0. */
  rates: number[][];
  /** Customers per stage at `from` (= row sums). */
  fromTotals: number[];
  /** Customers per stage at `to` (= column sums). */
  toTotals: number[];
  /** Customers present at both dates. */
  total: number;
  /** Non-zero cells, in row-major stage order. */
  transitions: Array<{ from: string; to: string; count: number; rate: number }>;
  /** Stage input only: customers present only at `to` / only at `from`, per stage. */
  entered: Array<{ stage: string; count: number }>;
  exited: Array<{ stage: string; count: number }>;
}

function readStages(side: unknown, stageIndex: Map<string, number>, path: (string | number)[]): Map<string, number> {
  const list = Array.isArray(side) ? side : typeof side === 'object' && side !== null && Array.isArray((side as { customers?: unknown }).customers) ? (side as { customers: unknown[] }).customers : undefined;
  if (list === undefined) invalidInput(path, 'stages must be an array of { customerId, stage } or a classify() result', '{ customerId, stage }[]', side);
  const out = new Map<string, number>();
  list.forEach((r: unknown, i: number) => {
    if (typeof r !== 'object' || r === null) invalidInput([...path, i], 'stage record must be an object', '{ customerId, stage }', r);
    const rec = r as { customerId?: unknown; stage?: unknown };
    const id = readCustomerId(rec.customerId, [...path, i, 'customerId']);
    const s = typeof rec.stage === 'string' ? stageIndex.get(rec.stage) : undefined;
    if (s === undefined) invalidInput([...path, i, 'stage'], 'unknown stage name', `one of ${[...stageIndex.keys()].join(', ')}`, rec.stage);
    if (out.has(id)) invalidInput([...path, i, 'customerId'], 'customer listed twice', 'one record per customer', id);
    out.set(id, s);
  });
  return out;
}

/**
 * Count stage transitions between two dates. Given transactions, every customer is classified
 * as of `from` and as of `to` (a customer with no purchase yet at `from` is an acquisition-stage
 * prospect there). Given two stage lists, they are matched by customer id.
 *
 * @example
 * ```ts
 * import { migrationMatrix } from 'crm-analytics/lifecycle';
 * const m = migrationMatrix(
 *   { from: [{ customerId: 'a', stage: 'growth' }, { customerId: 'b', stage: 'growth' }],
 *     to: [{ customerId: 'a', stage: 'maturity' }, { customerId: 'b', stage: 'growth' }] },
 *   {},
 * );
 * m.rates[1]; // [0, 0.5, 0.5, 0, 0]
 * ```
 */
export function migrationMatrix(historyOrStages: readonly Transaction[] | TransactionTable | StagesAtTwoDates, options: MigrationOptions = {}): MigrationMatrix {
  const o = readOptions(options, ['from', 'to', 'afterAsOf', 'model', 'thresholds', 'probabilityAlive'] as const);
  const model = resolveStageModel(o.model, ['options', 'model']);
  let excluded = 0;
  const stageIndex = new Map(model.stages.map((s, i) => [s, i]));
  let fromMap: Map<string, number>;
  let toMap: Map<string, number>;
  let fromLabel: string | null = null;
  let toLabel: string | null = null;
  const isHistory = Array.isArray(historyOrStages) || isTransactionTable(historyOrStages);
  if (isHistory) {
    const from = readAsOf(o.from, ['options', 'from']);
    const to = readAsOf(o.to, ['options', 'to']);
    const policy = { ...readAsOfPolicy({ asOf: to * 86_400_000, afterAsOf: o.afterAsOf }), asOfDay: to };
    if (!(to > from)) invalidOption(['options', 'to'], 'to must be a later day than from', `a date after ${dayToIsoDate(from)}`, o.to);
    const thresholds = resolveThresholds(o.thresholds as MigrationOptions['thresholds'], ['options', 'thresholds']);
    const pa = readOptions(o.probabilityAlive, ['from', 'to'] as const, ['options', 'probabilityAlive']);
    const paFrom = readProbabilityAlive(pa.from, ['options', 'probabilityAlive', 'from']);
    const paTo = readProbabilityAlive(pa.to, ['options', 'probabilityAlive', 'to']);
    const table = prepareTransactions(historyOrStages as readonly Transaction[] | TransactionTable);
    excluded = rowsAfterAsOf(table, policy);
    const at = (day: number, p: Map<string, number> | undefined) =>
      assemble(table.customerIds, summarizeHistory(table, day, thresholds.trendPeriodDays, thresholds.trendWindows), day, model, thresholds, p, undefined);
    const toIdx = (c: ReturnType<typeof at>) => new Map(c.customers.map((r) => [r.customerId, stageIndex.get(r.stage) as number]));
    fromMap = toIdx(at(from, paFrom));
    toMap = toIdx(at(to, paTo));
    fromLabel = dayToIsoDate(from);
    toLabel = dayToIsoDate(to);
  } else {
    if (typeof historyOrStages !== 'object' || historyOrStages === null) {
      invalidInput([], 'expected transactions or { from, to } stage lists', 'an array, a TransactionTable or { from, to }', historyOrStages);
    }
    const st = historyOrStages as StagesAtTwoDates;
    fromMap = readStages(st.from, stageIndex, ['from']);
    toMap = readStages(st.to, stageIndex, ['to']);
    if (o.from !== undefined) fromLabel = dayToIsoDate(readAsOf(o.from, ['options', 'from']));
    if (o.to !== undefined) toLabel = dayToIsoDate(readAsOf(o.to, ['options', 'to']));
  }
  const k = model.stages.length;
  const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const entered = new Array<number>(k).fill(0);
  const exited = new Array<number>(k).fill(0);
  let total = 0;
  for (const [id, i] of fromMap) {
    const j = toMap.get(id);
    if (j === undefined) exited[i]! += 1;
    else {
      counts[i]![j]! += 1;
      total += 1;
    }
  }
  for (const [id, j] of toMap) if (!fromMap.has(id)) entered[j]! += 1;
  const fromTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const toTotals = model.stages.map((_, j) => counts.reduce((a, row) => a + (row[j]!), 0));
  const rates = counts.map((row, i) => row.map((c) => (fromTotals[i] === 0 ? 0 : c / (fromTotals[i]!))));
  const transitions: MigrationMatrix['transitions'] = [];
  counts.forEach((row, i) =>
    row.forEach((c, j) => {
      if (c > 0) transitions.push({ from: model.stages[i] as string, to: model.stages[j] as string, count: c, rate: rates[i]![j] as number });
    }),
  );
  return {
    excludedAfterAsOf: excluded,
    from: fromLabel,
    to: toLabel,
    model: model.name,
    stages: [...model.stages],
    counts,
    rates,
    fromTotals,
    toTotals,
    total,
    transitions,
    entered: model.stages.map((s, i) => ({ stage: s, count: entered[i]! })),
    exited: model.stages.map((s, i) => ({ stage: s, count: exited[i]! })),
  };
}
