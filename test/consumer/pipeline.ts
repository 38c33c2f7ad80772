// The consumer type test's pipeline (issue 16 item 1): compiled by test/consumer/run.sh against the
// PACKED package (npm pack + install) with skipLibCheck: false, as ESM and CJS under module nodenext,
// under module preserve + moduleResolution bundler, with the pinned and the newest TypeScript, and by
// `deno check`. It uses each namespace's main types the README way (`rfm.RfmSummary`) and by
// subpath. Not run by vitest (this folder has no *.test.ts); run.sh copies it to .mts/.cts/.ts.
// The root's values are core, rfm and clv; every other namespace is a type namespace there, and its
// functions come from `crm-analytics/all` (one import) or the subpath (0.5.0).
import { rfm, clv, core, CrmError, TransactionSchema, prepareTransactions } from 'crm-analytics';
import type { lifecycle, value, trust, basket, churn, charts, survival, cohort, survey } from 'crm-analytics';
import * as all from 'crm-analytics/all';
import { associationRules } from 'crm-analytics/basket';
import type { KaplanMeierCurve } from 'crm-analytics/survival';
import type { CohortTable } from 'crm-analytics/cohort';
import type { NetPromoterScore } from 'crm-analytics/survey';
import type { BuildReportOptions, BuiltReport } from 'crm-analytics/report';
import type { Transaction, TransactionTable, CrmErrorCode } from 'crm-analytics';
import type { RfmSummary } from 'crm-analytics/rfm';
import type { FitResult, BtydSummaryRow } from 'crm-analytics/clv';
import type { Classification } from 'crm-analytics/lifecycle';
import type { TrustScore } from 'crm-analytics/trust';
import type { Rule, Itemset } from 'crm-analytics/basket';
import type { ChurnRow } from 'crm-analytics/churn';
import type { VegaLiteSpec } from 'crm-analytics/charts';
import type { DeliveredValue } from 'crm-analytics/value';
import type { TimeUnit } from 'crm-analytics/core';
import { readTransactionsCsv } from 'crm-analytics/io';
import type { SqlDialect } from 'crm-analytics/io';
import { loadCdnowSummary } from 'crm-analytics/datasets';
import type { CdnowSummaryRow } from 'crm-analytics/datasets';

const rows: core.Transaction[] = [
  { customerId: 'a', date: '2024-01-03', amount: 20, orderId: 'o1', item: 'milk' },
  { customerId: 'a', date: '2024-02-10', amount: 35, orderId: 'o2', item: 'bread' },
  { customerId: 'b', date: '2024-01-20', amount: 12, orderId: 'o3', item: 'milk' },
];
const checked: Transaction = TransactionSchema.parse(rows[0]);
const table: TransactionTable = prepareTransactions([checked, ...rows.slice(1)]);
const table2: core.TransactionTable = table;
const unit: TimeUnit = 'week';
const unit2: core.TimeUnit = unit;

// rfm
const summaries: rfm.RfmSummary[] = rfm.summarize(table2, { asOf: '2024-03-01' });
const sameSummaries: RfmSummary[] = summaries;
const scores: rfm.RfmScore[] = rfm.score(sameSummaries);
const segments: rfm.RfmSegment[] = rfm.segment(scores);

// clv
const btyd: clv.BtydSummaryRow[] = clv.btydSummary(table, { asOf: '2024-03-01', unit: unit2 });
const btyd2: BtydSummaryRow[] = btyd;
type BgFit = clv.FitResult<clv.BgParams>;
const describeFit = (fit: FitResult<clv.BgParams>): number => fit.params.r + fit.logLikelihood;
const fitOf = (f: BgFit): number => describeFit(f);

// lifecycle, value, trust
const stages: lifecycle.Classification = all.lifecycle.classify(rows, { asOf: '2024-03-01' });
const stages2: Classification = stages;
const offer: value.DeliveredValue | undefined = undefined as DeliveredValue | undefined;
const t: trust.TrustScore | TrustScore | undefined = undefined;

// basket
const itemsets: basket.Itemset[] = all.basket.frequentItemsets([['milk', 'bread'], ['milk']], { minSupport: 0.5 });
const rules: basket.Rule[] = associationRules(itemsets as Itemset[], { minConfidence: 0.5 });
const rules2: Rule[] = rules;

// churn
const churnRows: churn.ChurnRow[] = all.churn.churnDataset(rows, { cutoff: '2024-02-01', horizon: { value: 30, unit: 'day' } });
const churnRows2: ChurnRow[] = churnRows;

// charts, io, datasets
const spec: charts.VegaLiteSpec = all.charts.segmentSizesChart([{ segment: 'Champions', customers: 3 }] as Parameters<typeof charts.segmentSizesChart>[0]);
const spec2: VegaLiteSpec = spec;
const dialect: SqlDialect = 'postgres';
const loadRows: () => CdnowSummaryRow[] = loadCdnowSummary as () => CdnowSummaryRow[];
const readCsv: typeof readTransactionsCsv = readTransactionsCsv;

// survival, cohort, survey (types the README way and by subpath)
const km: survival.KaplanMeierCurve | KaplanMeierCurve | undefined = undefined;
const cohorts: cohort.CohortTable | CohortTable | undefined = undefined;
const nps: survey.NetPromoterScore | NetPromoterScore | undefined = undefined;
// the report subpath (Node only) by its types
const reportOptions: BuildReportOptions = { asOf: '2010-12-09' };
const built: BuiltReport | undefined = undefined;

function codeOf(e: unknown): CrmErrorCode | undefined {
  return e instanceof CrmError ? e.code : undefined;
}

export const used = [km, cohorts, nps, reportOptions, built, segments, btyd2, fitOf, stages2, offer, t, rules2, churnRows2, spec2, dialect, loadRows, readCsv, codeOf] as const;
