// The pipeline the browser test runs twice — in Node (from src) and in headless Chromium (bundled
// by esbuild for the browser) — and compares: RFM, BG/NBD + Gamma-Gamma CLV, association rules
// and a churn tree. Plain data in, plain numbers out; no Node APIs (the bundle would not build).
import { associationRules, topRules } from 'crm-analytics/basket';
import { fitTree, predictProba } from 'crm-analytics/churn';
import { bgNbd, btydSummary, customerLifetimeValue, gammaGamma } from 'crm-analytics/clv';
import type { Transaction } from 'crm-analytics/core';
import { score, summarize } from 'crm-analytics/rfm';

export interface PipelineInput {
  transactions: Transaction[];
  baskets: string[][];
  telco: Array<Record<string, string | number | boolean | null>>;
}

export function pipeline(input: PipelineInput) {
  const summaries = summarize(input.transactions, { asOf: '1998-06-30' });
  const scores = score(summaries, { bins: 5 });
  const btyd = btydSummary(input.transactions, { asOf: '1998-06-30', unit: 'week' });
  const bg = bgNbd.fit(btyd);
  const gg = gammaGamma.fit(btyd.filter((r) => r.frequency > 0));
  const clv = customerLifetimeValue({
    transactionModel: { model: 'bgNbd', params: bg.params, unit: 'week' },
    spendModel: { params: gg.params },
    customers: btyd,
    horizon: { value: 12, unit: 'month' },
    discountRate: { rate: 0.1, per: 'year' },
  });
  const rules = associationRules(input.baskets, { minSupport: 0.01, minConfidence: 0.3 });
  const best = topRules(rules, { by: 'lift', k: 5 });
  const tree = fitTree(input.telco, { target: 'churn', maxDepth: 4 });
  const proba = predictProba(tree, input.telco.slice(0, 50));
  return {
    rfm: { customers: summaries.length, first: summaries[0], scores: scores.slice(0, 20).map((s) => s.rfm) },
    bgNbd: { params: bg.params, logLikelihood: bg.logLikelihood },
    gammaGamma: { params: gg.params },
    clv: { total: clv.total, first: clv.customers.slice(0, 5).map((c) => c.clv) },
    rules: { count: rules.length, best: best.map((r) => ({ antecedent: r.antecedent, consequent: r.consequent, lift: r.lift, confidence: r.confidence })) },
    tree: { leaves: tree.nLeaves, depth: tree.depth, proba },
  };
}
