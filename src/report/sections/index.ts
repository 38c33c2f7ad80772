// The model sections of the report, in order. A string instead of a step means the module is not
// available yet and the section is omitted with that note.
//
// Each step loads its section (and so its model module) when it runs, not when crm-analytics/report
// is imported: importing the report used to load every module up front (~50 ms, the import target
// of issue 23), though a caller that picks `sections` or only writes a built report needs few of them.
import type { RunContext, SectionStep } from '../context.js';

const lazy =
  <M>(load: () => Promise<M>, pick: (m: M) => SectionStep): SectionStep =>
  async (ctx: RunContext) =>
    pick(await load())(ctx);

export const MODEL_SECTIONS: ReadonlyArray<readonly [id: string, title: string, step: SectionStep | string]> = [
  ['rfm', 'RFM segments', lazy(() => import('./rfm.js'), (m) => m.rfmSection)],
  ['value', 'Value matrix and ABC / Pareto', lazy(() => import('./value.js'), (m) => m.valueSection)],
  ['clv', 'Customer lifetime value (BG/NBD + Gamma-Gamma)', lazy(() => import('./clv.js'), (m) => m.clvSection)],
  ['lifecycle', 'Lifecycle stages and early warnings', lazy(() => import('./lifecycle.js'), (m) => m.lifecycleSection)],
  ['cohort', 'Acquisition cohorts', lazy(() => import('./cohort.js'), (m) => m.cohortSection)],
  ['survival', 'Customer lifetimes (survival)', lazy(() => import('./survival.js'), (m) => m.survivalSection)],
  ['rules', 'Association rules', lazy(() => import('./rules.js'), (m) => m.rulesSection)],
  ['churn', 'Churn tree', lazy(() => import('./churn.js'), (m) => m.churnSection)],
];
