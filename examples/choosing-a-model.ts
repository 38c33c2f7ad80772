/**
 * Choosing a CLV model (issue 18 item 6): every transaction model fitted on the same calibration
 * data, compared by log-likelihood, AIC/BIC and holdout error with `compareModels`, on two data
 * sets: CDNOW (FHL 2005a: 39 weeks calibration, 39 weeks holdout) and the Online Retail II
 * 2009–2010 invoices (UCI, CC BY 4.0: 39 weeks calibration, the last 14 weeks holdout).
 * docs/clv.md "Choosing a model" quotes this output.
 * Run: npx tsx examples/choosing-a-model.ts
 */
import {
  bgCnbdK,
  bgNbd,
  btydSummary,
  calibrationHoldoutSplit,
  compareModels,
  ggomNbd,
  modifiedBgCnbdK,
  modifiedBgNbd,
  paretoNbd,
  type CalibrationHoldoutRow,
  type ComparableFit,
} from '../src/clv/index.js';
import type { Transaction } from '../src/core/index.js';
import { loadCdnowTransactions, loadOnlineRetailInvoices } from '../src/datasets/index.js';

interface Study {
  name: string;
  transactions: readonly Transaction[];
  calibrationEnd: string;
  asOf: string;
}

const studies: Study[] = [
  { name: 'CDNOW (2,357 customers)', transactions: loadCdnowTransactions(), calibrationEnd: '1997-09-30', asOf: '1998-06-30' },
  { name: 'Online Retail II 2009–2010', transactions: loadOnlineRetailInvoices(), calibrationEnd: '2010-08-31', asOf: '2010-12-09' },
];

const fmt = (v: number, d = 1) => v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

for (const study of studies) {
  const split: CalibrationHoldoutRow[] = calibrationHoldoutSplit(study.transactions, { calibrationEnd: study.calibrationEnd, asOf: study.asOf, unit: 'week' });
  // Litt (Σ ln inter-purchase times) lets the CNBD-k models estimate regularity k.
  const withLitt = btydSummary(study.transactions, { asOf: study.calibrationEnd, unit: 'week', regularity: true, afterAsOf: 'exclude' });
  const fits: Record<string, ComparableFit> = {
    'BG/NBD': bgNbd.fit(split),
    'MBG/NBD': modifiedBgNbd.fit(split),
    'Pareto/NBD': paretoNbd.fit(split),
    'GGom/NBD': ggomNbd.fit(split),
    'BG/CNBD-k': bgCnbdK.fit(withLitt),
    'MBG/CNBD-k': modifiedBgCnbdK.fit(withLitt),
  };
  const table = compareModels(fits, { holdout: split });
  const holdoutDuration = split[0]?.durationHoldout ?? 0;
  console.log(`\n${study.name}: ${split.length} customers, calibration to ${study.calibrationEnd}, holdout ${fmt(holdoutDuration)} weeks`);
  console.log('model       | k | ln L        | ΔAIC   | ΔBIC   | holdout MAE | RMSE  | aggregate error | note');
  for (const m of table.models) {
    const h = table.holdout?.find((r) => r.name === m.name);
    const params = fits[m.name]?.params as Record<string, number>;
    const k = 'k' in params ? ` (k = ${params.k})` : '';
    const note = m.boundary !== null ? 'boundary' : m.converged === false ? 'not converged' : '';
    console.log(
      `${m.name.padEnd(11)} | ${m.parameters} | ${fmt(m.logLikelihood, 2).padStart(11)} | ${fmt(m.deltaAic).padStart(6)} | ${fmt(m.deltaBic).padStart(6)} | ${fmt(h?.mae ?? NaN, 3).padStart(11)} | ${fmt(h?.rmse ?? NaN, 3)} | ${fmt(100 * (h?.aggregateError ?? NaN))} % | ${note}${k}`,
    );
  }
  const best = [...table.models].sort((a, b) => a.bic - b.bic)[0];
  const bestHoldout = [...(table.holdout ?? [])].sort((a, b) => a.mae - b.mae)[0];
  console.log(`lowest BIC: ${best?.name}; lowest holdout MAE: ${bestHoldout?.name}`);
}
