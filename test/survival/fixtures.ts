// The R survival package's lung and veteran data and R's results (test/fixtures/survival).
import { readFileSync } from 'node:fs';

const dir = new URL('../fixtures/survival/', import.meta.url);

function readCsv(name: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(new URL(name, dir), 'utf8').trim().split('\n');
  const keys = head!.split(',').map((k) => k.replaceAll('"', ''));
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i]!, v.replaceAll('"', '')])));
}

const num = (v: string | undefined): number | null => (v === undefined || v === '' ? null : Number(v));

/** lung: time, event (0/1), age, sex, ph.ecog (null where R has NA). */
export const lung = readCsv('lung.csv').map((r) => ({
  duration: num(r.time)!,
  event: num(r.event) as 0 | 1,
  age: num(r.age),
  sex: num(r.sex),
  ecog: num(r['ph.ecog']),
}));

/** veteran: time, status, trt, celltype, karno, diagtime, age, prior. */
export const veteran = readCsv('veteran.csv').map((r) => ({
  duration: num(r.time)!,
  event: num(r.status) as 0 | 1,
  trt: num(r.trt)!,
  celltype: r.celltype!,
  karno: num(r.karno)!,
  diagtime: num(r.diagtime)!,
  age: num(r.age)!,
  prior: num(r.prior)!,
}));

type Num = number | null;
export interface KmRef {
  time: number[]; nRisk: number[]; nEvent: number[]; nCensor: number[]; survival: number[];
  stdErr: Num[]; lower: Num[]; upper: Num[]; median: Num; medianLower: Num; medianUpper: Num;
}
export interface LogRankRef { chiSquare: number; df: number; pValue: number; groups: string[]; n: number[]; observed: number[]; expected: number[] }
export interface CoxRef {
  coefficients: number[]; names: string[]; stdErr: number[]; z: number[]; p: number[];
  hazardRatio: number[]; lower: number[]; upper: number[]; logLikelihood: number[]; n: number; events: number;
  likelihoodRatio: number[]; wald: number[]; score: number[];
}
export const reference = JSON.parse(readFileSync(new URL('reference.json', dir), 'utf8')) as {
  lung: { kmLog: KmRef; kmLogLog: KmRef; kmPlain: KmRef; kmFemale90: KmRef; logRankSex: LogRankRef; coxEfron: CoxRef; coxBreslow: CoxRef };
  veteran: { km: KmRef; logRankCelltype: LogRankRef; coxEfron: CoxRef };
};

/** |a − b| ≤ tol · max(1, |b|), nulls equal only to nulls. */
export function close(a: number | null | undefined, b: number | null | undefined, tol = 1e-6): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));
}

export interface CoxPredictRef {
  baseTime: number[]; baseHazard: number[]; time: number[]; surv: number[]; rows: number;
  times: number[]; survAtTimes: number[];
  /** survfit's std.err (of the cumulative hazard), lower, upper; time-major like surv. */
  stdErr: number[]; lower: (number | null)[]; upper: (number | null)[];
  /** Per row: summary(survfit)$table's median and its interval (null for NA). */
  median: (number | null)[]; medianLower: (number | null)[]; medianUpper: (number | null)[];
  /** concordant, discordant, tied.x, tied.y, tied.xy, concordance, std (R's fit$concordance). */
  concordance: number[];
}
export interface ZphRef { names: string[]; chisq: number[]; df: number[]; p: number[]; x: number[]; time: number[]; y: number[] }
/** R's survfit.coxph / basehaz / concordance / cox.zph (make-cox-predict.R). */
export const predictReference = JSON.parse(readFileSync(new URL('cox-predict.json', dir), 'utf8')) as {
  lungNew: Record<'age' | 'sex' | 'ph.ecog', number[]>;
  vetNew: Record<'trt' | 'karno' | 'diagtime' | 'age' | 'prior', number[]>;
  lungEfron: CoxPredictRef; lungBreslow: CoxPredictRef; vetEfron: CoxPredictRef; lungEfronLogLog90: CoxPredictRef; vetEfronPlain: CoxPredictRef;
  lungZph: ZphRef; vetZph: ZphRef; lungBreslowZph: ZphRef; lungZphIdentity: ZphRef; lungZphRank: ZphRef; vetZphLog: ZphRef;
  concLungAge: number[]; concVetKarno: number[]; concVetCelltypeLike: number[];
};
