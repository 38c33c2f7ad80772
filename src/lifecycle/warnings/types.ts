/**
 * The types of the early warnings (客户预警): inputs, thresholds, and `EarlyWarning`, a union on
 * `kind` whose `metrics` are typed per kind.
 */
import type { AfterAsOf, DateInput, Transaction, TransactionTable } from '../../core/index.js';
import type { ProbabilityAliveInput } from '../inputs.js';

/** A credit limit per customer. */
export interface CreditLimitRecord { customerId: string | number; limit: number }
/** An outstanding receivable (records of one customer are summed). */
export interface ReceivableRecord { customerId: string | number; amount: number }
/** A purchase plan (target) for a period [start, end). */
export interface PlanRecord { customerId: string | number; start: DateInput; end: DateInput; target: number }
/** Sales expense spent on a customer in a period [start, end), with an optional budget. */
export interface ExpenseRecord { customerId: string | number; start: DateInput; end: DateInput; amount: number; budget?: number }

/** Input of `earlyWarnings`. */
export interface EarlyWarningInput {
  transactions: readonly Transaction[] | TransactionTable;
  creditLimits?: readonly CreditLimitRecord[];
  receivables?: readonly ReceivableRecord[];
  plans?: readonly PlanRecord[];
  expenses?: readonly ExpenseRecord[];
  probabilityAlive?: ProbabilityAliveInput;
}

/** Thresholds of the warnings. */
export interface WarningThresholds {
  /** Receivable / limit at or above which the warning is high (above 1 it is medium). Default 1.25. */
  receivablesHighRatio: number;
  /** Warn when actual / pro-rata plan < 1 − planTolerance. Default 0.1. */
  planTolerance: number;
  /** High when actual / pro-rata plan < this. Default 0.5. */
  planHighProgress: number;
  /** High when expense exceeds budget by this fraction or more (above budget it is medium). Default 0.2. */
  expenseHighOverrun: number;
  /** Significance level of the rising-expense and falling-spend t-tests. Default 0.1. */
  trendAlpha: number;
  /** Churn: warn when recency > k × usual gap. Default 2. */
  churnGapMultiple: number;
  /** Churn: high when recency > this × usual gap. Default 3. */
  churnHighGapMultiple: number;
  /** Churn: usual gap floored at this many days. Default 7. */
  minGapDays: number;
  /** Churn with one purchase day: warn when recency > this. Default 90 (Abe 2004: "three months"). */
  noReorderDays: number;
  /** Churn: warn when P(alive) < this. Default 0.5. */
  pAliveThreshold: number;
  /** Churn: high when P(alive) < this. Default 0.2. */
  pAliveHigh: number;
  /** Spend decline: the most recent months (30.4375-day windows ending at asOf) in the customer's trend. Default 6. */
  spendDeclineWindows: number;
  /** Spend decline: high when the fitted spend fell by this share or more over the windows. Default 0.5. */
  spendDeclineHighDrop: number;
}

/** Options of `earlyWarnings`. */
export interface EarlyWarningOptions {
  /** The last day of observation, inclusive (docs/glossary.md): transactions dated on it count. Required. */
  asOf: DateInput;
  /** Transactions dated after asOf: `'error'` (default) or `'exclude'` (counted in `excludedAfterAsOf`). */
  afterAsOf?: AfterAsOf;
  thresholds?: Partial<WarningThresholds>;
}

/** The warning kinds: the four textbook ones and the customer's own falling spend. */
export type WarningKind = 'receivables' | 'sales-progress' | 'sales-expense' | 'churn' | 'spend-decline';
/** Severity of a warning. */
export type Severity = 'medium' | 'high';

/** The numbers behind a `receivables` warning. */
export interface ReceivablesMetrics {
  receivables: number;
  creditLimit: number;
  /** receivables / creditLimit, or null with a limit of 0. */
  ratio: number | null;
}

/** The numbers behind a `sales-progress` warning. */
export interface SalesProgressMetrics {
  planStart: string;
  /** The plan's end (exclusive). */
  planEnd: string;
  target: number;
  /** Share of the plan period run by the end of the asOf day, in [0, 1]. */
  elapsedShare: number;
  expectedToDate: number;
  actual: number;
  progress: number;
}

/** The numbers behind a `sales-expense` warning. */
export interface SalesExpenseMetrics {
  latestPeriodStart: string;
  latestExpense: number;
  latestBudget: number | null;
  /** latestExpense / latestBudget − 1 when over budget; null when within budget, without one, or with a budget of 0. */
  overrun: number | null;
  /** OLS slope of the expense per period (null with fewer than 3 periods) and its p-value. */
  expenseSlope: number | null;
  expenseSlopeP: number | null;
  /** Expense / sales of the latest period, or null when a period had no sales. */
  latestExpenseToSales: number | null;
  /** OLS slope of the expense-to-sales ratio per period and its p-value (null as above). */
  expenseToSalesSlope: number | null;
  expenseToSalesSlopeP: number | null;
}

/** The numbers behind a `churn` warning. */
export interface ChurnMetrics {
  recencyDays: number;
  usualGapDays: number | null;
  lastPurchase: string;
  probabilityAlive: number | null;
}

/** The numbers behind a `spend-decline` warning. */
export interface SpendDeclineMetrics {
  /** Net spend per 30.4375-day window ending at asOf, oldest first. */
  spendPerPeriod: number[];
  /** OLS slope per period, its p-value. */
  slope: number;
  pValue: number;
  /** Fitted spend at the oldest and the latest window, and the fitted change latest/oldest − 1. */
  fittedFirst: number;
  fittedLast: number;
  fittedChange: number | null;
}

/** The fields every warning has; `metrics` is typed per `kind`. */
export interface WarningOf<K extends WarningKind, M> {
  customerId: string;
  kind: K;
  severity: Severity;
  reasons: string[];
  /** The numbers behind it. */
  metrics: M;
}

/** One warning: a union on `kind`, each with its own typed `metrics`. */
export type EarlyWarning =
  | WarningOf<'receivables', ReceivablesMetrics>
  | WarningOf<'sales-progress', SalesProgressMetrics>
  | WarningOf<'sales-expense', SalesExpenseMetrics>
  | WarningOf<'churn', ChurnMetrics>
  | WarningOf<'spend-decline', SpendDeclineMetrics>;

/** Result of `earlyWarnings`. */
export interface EarlyWarningReport {
  asOf: string;
  /** Transactions left out because they were dated after asOf (`afterAsOf: 'exclude'`); otherwise 0. */
  excludedAfterAsOf: number;
  thresholds: WarningThresholds;
  /** Sorted by customerId, then kind. */
  warnings: EarlyWarning[];
  summary: {
    evaluated: Record<WarningKind, boolean>;
    /** Why a kind (or part of one) was not evaluated. */
    notes: string[];
    counts: Array<{ kind: WarningKind; medium: number; high: number; total: number }>;
    customersWarned: number;
  };
}

/** What one warning kind found. */
export interface KindResult {
  /** false when the kind's input was absent. */
  evaluated: boolean;
  warnings: EarlyWarning[];
  notes: string[];
}
