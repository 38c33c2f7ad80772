import type { TransactionTable } from '../core/index.js';
import type { Cell } from './escape.js';
import type { ReportSection } from './types.js';

/** Per-customer facts every section can read (from the profile step). */
export interface CustomerProfile {
  customerId: string;
  /** Distinct orders (order column) or rows (no order column). */
  orders: number;
  revenue: number;
  firstDay: number;
  lastDay: number;
}

/**
 * The short, machine-readable outcome of a report run (what `npm run demo` prints and what
 * `--json` carries next to the report).
 */
export interface ReportSummary {
  file: string;
  rows: number;
  customers: number;
  rejectedRows: number;
  firstDate: string;
  lastDate: string;
  asOf: string;
  revenue: number;
  topSegments: Array<{ segment: string; customers: number }>;
  totalClv: number | null;
  clvHorizon: string | null;
  topRules: string[];
  sections: Array<{ id: string; title: string; omitted: boolean; note?: string }>;
}

/** What each section step receives. Sections add per-customer columns through `addCustomerColumn`. */
export interface RunContext {
  /** The transactions on or before the as-of date (every line; association rules read this). */
  table: TransactionTable;
  /**
   * The same transactions with the lines of each order merged (see `collapseOrders`): what the
   * model sections read. It is `table` itself when the data has no order column or is already
   * one row per order.
   */
  orders: TransactionTable;
  /** ISO date of the analysis: the last day observed, inclusive (docs/glossary.md), the same for every section. */
  asOf: string;
  /** Its day number (whole days since 1970-01-01). */
  asOfDay: number;
  hasOrder: boolean;
  hasItem: boolean;
  customers: CustomerProfile[];
  /** Index of a customer id in `customers` (= `table.customerIds`). */
  customerIndex: Map<string, number>;
  summary: ReportSummary;
  /** P(alive) per customer id, set by the CLV section when the BG/NBD fit ran (used by lifecycle). */
  probabilityAlive?: Map<string, number>;
  /** Add a column to the all-customers table (values indexed like `customers`). */
  addCustomerColumn(name: string, values: Cell[]): void;
  /** Print a line for the user (stderr in the CLI). */
  log(line: string): void;
}

/** A section step: returns the finished section (or throws a CrmError, which the runner turns into an omitted section). */
export type SectionStep = (ctx: RunContext) => ReportSection | Promise<ReportSection>;
