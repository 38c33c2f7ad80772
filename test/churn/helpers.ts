/** Shared test/bench helpers: the bundled Telco data, one-hot encoded like pandas.get_dummies (issue 8). */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Read a gzip CSV from the repo's data/ folder (no quoted fields in the files used here). */
export function readDataCsv(name: string): { header: string[]; rows: string[][] } {
  const text = gunzipSync(readFileSync(`${root}data/${name}`)).toString('utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = (lines[0] as string).split(',');
  return { header, rows: lines.slice(1).map((l) => l.split(',')) };
}

export function readFixture<T>(name: string): T {
  return JSON.parse(readFileSync(`${root}test/fixtures/churn/${name}`, 'utf8')) as T;
}

export interface TelcoMatrix {
  columns: string[];
  /** One object per customer: one-hot columns plus numeric ones and `Churn` (0/1). */
  rows: Array<Record<string, number>>;
  /** Raw (not one-hot) rows with categorical strings, for native categorical splits. */
  raw: Array<Record<string, string | number>>;
}

/**
 * Telco with TotalCharges blank → 0, customerID dropped, every categorical level one-hot (columns named
 * `${column}_${level}`, levels sorted, numeric columns first: the pandas.get_dummies layout).
 */
export function loadTelco(): TelcoMatrix {
  const { header, rows } = readDataCsv('telco_customer_churn.csv.gz');
  const numeric = new Set(['SeniorCitizen', 'tenure', 'MonthlyCharges', 'TotalCharges']);
  const cats = header.filter((h) => h !== 'customerID' && h !== 'Churn' && !numeric.has(h));
  const levels = new Map<string, string[]>();
  for (const c of cats) {
    const j = header.indexOf(c);
    levels.set(c, [...new Set(rows.map((r) => r[j] as string))].sort());
  }
  const columns = [...header.filter((h) => numeric.has(h)), ...cats.flatMap((c) => (levels.get(c) as string[]).map((l) => `${c}_${l}`))];
  const out: Array<Record<string, number>> = [];
  const raw: Array<Record<string, string | number>> = [];
  for (const r of rows) {
    const o: Record<string, number> = {};
    const w: Record<string, string | number> = {};
    header.forEach((h, j) => {
      const v = r[j] as string;
      if (h === 'customerID') return;
      if (h === 'Churn') {
        o.Churn = v === 'Yes' ? 1 : 0;
        w.Churn = v;
        return;
      }
      if (numeric.has(h)) {
        const x = v.trim() === '' ? 0 : Number(v);
        o[h] = x;
        w[h] = x;
        return;
      }
      for (const l of levels.get(h) as string[]) o[`${h}_${l}`] = v === l ? 1 : 0;
      w[h] = v;
    });
    out.push(o);
    raw.push(w);
  }
  return { columns, rows: out, raw };
}
