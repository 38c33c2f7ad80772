// Issue 19.7: the report gains a cohort section and a survival section when the data allows, at the
// report's one asOf, and omits them with the reason when it does not.
import { describe, expect, it } from 'vitest';
import { loadOnlineRetailInvoices } from '../../src/datasets/index.js';
import { cohortTable } from '../../src/cohort/index.js';
import { buildReport } from '../../src/report/index.js';
import { MODEL_SECTIONS } from '../../src/report/sections/index.js';

const rows = loadOnlineRetailInvoices();
const ONLY = MODEL_SECTIONS.filter(([id]) => id === 'cohort' || id === 'survival');

describe('cohort and survival sections', () => {
  it('run on Online Retail II: the cohort table matches cohortTable at the report asOf, and the survival curve is drawn', async () => {
    const built = await buildReport(rows, { asOf: '2010-12-09', sections: ONLY });
    const cohort = built.sections.find((s) => s.id === 'cohort')!;
    const survival = built.sections.find((s) => s.id === 'survival')!;
    expect(cohort.omitted).toBeUndefined();
    expect(survival.omitted).toBeUndefined();
    const table = cohortTable(rows, { asOf: '2010-12-09' });
    const first = cohort.tables![0]!.rows[0]!;
    expect(first[0]).toBe(table.cohorts[0]!.cohort.slice(0, 7));
    expect(first[1]).toBe(table.cohorts[0]!.size);
    expect(first[2]).toBeCloseTo(table.cohorts[0]!.cells[1]!.retention!, 12);
    expect(cohort.charts).toHaveLength(2);
    expect(survival.charts).toHaveLength(1);
    expect(survival.bullets?.[0]).toMatch(/log-rank χ² = [\d.]+ on 1 df/);
  });
  it('are omitted with the reason on data that does not allow them', async () => {
    const tiny = [
      { customerId: 'a', date: '2024-01-02', amount: 5 },
      { customerId: 'b', date: '2024-01-03', amount: 7 },
    ];
    const built = await buildReport(tiny, { asOf: '2024-01-31', sections: ONLY });
    expect(built.sections.filter((s) => s.omitted).map((s) => [s.id, s.note?.includes('at least two different months') || s.note?.includes('too few')])).toEqual([
      ['cohort', true],
      ['survival', true],
    ]);
  });
});
