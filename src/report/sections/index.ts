// The model sections of the report, in order. A string instead of a step means the module is not
// available yet and the section is omitted with that note.
import type { SectionStep } from '../context.js';
import { churnSection } from './churn.js';
import { clvSection } from './clv.js';
import { cohortSection } from './cohort.js';
import { lifecycleSection } from './lifecycle.js';
import { rfmSection } from './rfm.js';
import { rulesSection } from './rules.js';
import { survivalSection } from './survival.js';
import { valueSection } from './value.js';

export const MODEL_SECTIONS: ReadonlyArray<readonly [id: string, title: string, step: SectionStep | string]> = [
  ['rfm', 'RFM segments', rfmSection],
  ['value', 'Value matrix and ABC / Pareto', valueSection],
  ['clv', 'Customer lifetime value (BG/NBD + Gamma-Gamma)', clvSection],
  ['lifecycle', 'Lifecycle stages and early warnings', lifecycleSection],
  ['cohort', 'Acquisition cohorts', cohortSection],
  ['survival', 'Customer lifetimes (survival)', survivalSection],
  ['rules', 'Association rules', rulesSection],
  ['churn', 'Churn tree', churnSection],
];
