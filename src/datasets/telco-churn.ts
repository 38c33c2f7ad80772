import { CrmError, readOneOf, readOptions } from '../core/index.js';
import { CompactColumns, loadCompact, type CompactRecords } from './compact.js';
import { corrupt, parseBundledNumber, parseBundledCsv } from './locate.js';

/** An add-on that needs internet service. */
export type InternetAddOn = 'Yes' | 'No' | 'No internet service';

/** One IBM Telco customer, with typed fields (original column name in brackets). */
export interface TelcoCustomer {
  /** [customerID] */
  customerId: string;
  /** [gender] */
  gender: 'Female' | 'Male';
  /** [SeniorCitizen] 1 → true. */
  seniorCitizen: boolean;
  /** [Partner] Yes → true. */
  partner: boolean;
  /** [Dependents] */
  dependents: boolean;
  /** [tenure] months with the company (0..72). */
  tenure: number;
  /** [PhoneService] */
  phoneService: boolean;
  /** [MultipleLines] */
  multipleLines: 'Yes' | 'No' | 'No phone service';
  /** [InternetService] */
  internetService: 'DSL' | 'Fiber optic' | 'No';
  /** [OnlineSecurity] */
  onlineSecurity: InternetAddOn;
  /** [OnlineBackup] */
  onlineBackup: InternetAddOn;
  /** [DeviceProtection] */
  deviceProtection: InternetAddOn;
  /** [TechSupport] */
  techSupport: InternetAddOn;
  /** [StreamingTV] */
  streamingTV: InternetAddOn;
  /** [StreamingMovies] */
  streamingMovies: InternetAddOn;
  /** [Contract] */
  contract: 'Month-to-month' | 'One year' | 'Two year';
  /** [PaperlessBilling] */
  paperlessBilling: boolean;
  /** [PaymentMethod] */
  paymentMethod: 'Electronic check' | 'Mailed check' | 'Bank transfer (automatic)' | 'Credit card (automatic)';
  /** [MonthlyCharges] USD. */
  monthlyCharges: number;
  /** [TotalCharges] USD; blank in the source for the 11 customers with tenure 0 → see `blankTotalCharges`. */
  totalCharges: number | null;
  /** [Churn] Yes → true (1,869 of 7,043). */
  churn: boolean;
}

/** Options of {@link loadTelcoChurn}. */
export interface LoadTelcoChurnOptions {
  /**
   * The 11 blank `TotalCharges` (all tenure 0, i.e. not billed yet): `'null'` (default) keeps them
   * as `null`; `'zero'` sets 0 (what most tutorials do); `'drop'` removes those customers (7,032 left).
   */
  blankTotalCharges?: 'null' | 'zero' | 'drop';
}

const FILE = 'telco_customer_churn.csv.gz';
const HEADER =
  'customerID,gender,SeniorCitizen,Partner,Dependents,tenure,PhoneService,MultipleLines,InternetService,OnlineSecurity,OnlineBackup,DeviceProtection,TechSupport,StreamingTV,StreamingMovies,Contract,PaperlessBilling,PaymentMethod,MonthlyCharges,TotalCharges,Churn';

function oneOf<T extends string>(line: number, column: string, value: string | undefined, allowed: readonly T[]): T {
  if (value !== undefined && (allowed as readonly string[]).includes(value)) return value as T;
  return corrupt(FILE, line, `${column}: expected one of ${allowed.join(' | ')}`, value);
}

function yesNo(line: number, column: string, value: string | undefined): boolean {
  return oneOf(line, column, value, ['Yes', 'No'] as const) === 'Yes';
}

const ADDON = ['Yes', 'No', 'No internet service'] as const;

/**
 * The IBM Telco Customer Churn sample (7,043 customers, 26.54 % churn; Apache-2.0) as typed rows
 * with camelCase keys, booleans for Yes/No and 0/1 columns, and numbers for tenure and charges.
 *
 * @example
 * ```ts
 * import { loadTelcoChurn } from 'crm-analytics/datasets';
 * const customers = loadTelcoChurn({ blankTotalCharges: 'zero' });
 * customers.filter((c) => c.churn).length; // 1869
 * ```
 */
export function loadTelcoChurn(options: LoadTelcoChurnOptions = {}): TelcoCustomer[] {
  // core's options reader, not zod: zod cost ~0.2 s of this subpath's import (issue 23 item 1).
  const opts = readOptions(options, ['blankTotalCharges']);
  const blank = readOneOf(opts.blankTotalCharges, ['options', 'blankTotalCharges'], ['null', 'zero', 'drop'] as const, 'null');
  const rows = loadCompact('telco-churn', () => parseTelcoChurnCsv('null'), decodeTelco);
  // A blank TotalCharges is the only source of null there (see parseTelcoChurnCsv).
  if (blank === 'drop') return rows.filter((r) => r.totalCharges !== null);
  if (blank === 'zero') for (const r of rows) if (r.totalCharges === null) r.totalCharges = 0;
  return rows;
}

/** Rows from the compact columns: one object literal per row (one shape, no keyed stores). */
function decodeTelco(data: CompactRecords): TelcoCustomer[] {
  const c = new CompactColumns(data);
  const customerId = c.get<string>('customerId');
  const gender = c.dictionary<TelcoCustomer['gender']>('gender');
  const seniorCitizen = c.flags('seniorCitizen');
  const partner = c.flags('partner');
  const dependents = c.flags('dependents');
  const tenure = c.get<number>('tenure');
  const phoneService = c.flags('phoneService');
  const multipleLines = c.dictionary<TelcoCustomer['multipleLines']>('multipleLines');
  const internetService = c.dictionary<TelcoCustomer['internetService']>('internetService');
  const onlineSecurity = c.dictionary<InternetAddOn>('onlineSecurity');
  const onlineBackup = c.dictionary<InternetAddOn>('onlineBackup');
  const deviceProtection = c.dictionary<InternetAddOn>('deviceProtection');
  const techSupport = c.dictionary<InternetAddOn>('techSupport');
  const streamingTV = c.dictionary<InternetAddOn>('streamingTV');
  const streamingMovies = c.dictionary<InternetAddOn>('streamingMovies');
  const contract = c.dictionary<TelcoCustomer['contract']>('contract');
  const paperlessBilling = c.flags('paperlessBilling');
  const paymentMethod = c.dictionary<TelcoCustomer['paymentMethod']>('paymentMethod');
  const monthlyCharges = c.get<number>('monthlyCharges');
  const totalCharges = c.get<number | null>('totalCharges');
  const churn = c.flags('churn');
  const out: TelcoCustomer[] = new Array(c.n);
  for (let i = 0; i < c.n; i++) {
    out[i] = {
      customerId: customerId[i] as string,
      gender: gender.dictionary[gender.codes.charCodeAt(i) - 0x30] as TelcoCustomer['gender'],
      seniorCitizen: seniorCitizen.charCodeAt(i) === 0x31,
      partner: partner.charCodeAt(i) === 0x31,
      dependents: dependents.charCodeAt(i) === 0x31,
      tenure: tenure[i]!,
      phoneService: phoneService.charCodeAt(i) === 0x31,
      multipleLines: multipleLines.dictionary[multipleLines.codes.charCodeAt(i) - 0x30] as TelcoCustomer['multipleLines'],
      internetService: internetService.dictionary[internetService.codes.charCodeAt(i) - 0x30] as TelcoCustomer['internetService'],
      onlineSecurity: onlineSecurity.dictionary[onlineSecurity.codes.charCodeAt(i) - 0x30] as InternetAddOn,
      onlineBackup: onlineBackup.dictionary[onlineBackup.codes.charCodeAt(i) - 0x30] as InternetAddOn,
      deviceProtection: deviceProtection.dictionary[deviceProtection.codes.charCodeAt(i) - 0x30] as InternetAddOn,
      techSupport: techSupport.dictionary[techSupport.codes.charCodeAt(i) - 0x30] as InternetAddOn,
      streamingTV: streamingTV.dictionary[streamingTV.codes.charCodeAt(i) - 0x30] as InternetAddOn,
      streamingMovies: streamingMovies.dictionary[streamingMovies.codes.charCodeAt(i) - 0x30] as InternetAddOn,
      contract: contract.dictionary[contract.codes.charCodeAt(i) - 0x30] as TelcoCustomer['contract'],
      paperlessBilling: paperlessBilling.charCodeAt(i) === 0x31,
      paymentMethod: paymentMethod.dictionary[paymentMethod.codes.charCodeAt(i) - 0x30] as TelcoCustomer['paymentMethod'],
      monthlyCharges: monthlyCharges[i]!,
      totalCharges: totalCharges[i] as number | null,
      churn: churn.charCodeAt(i) === 0x31,
    };
  }
  return out;
}

/** The CSV parse behind {@link loadTelcoChurn} (internal: the source of truth of the compact form). */
export function parseTelcoChurnCsv(blank: 'null' | 'zero' | 'drop'): TelcoCustomer[] {
  const records = parseBundledCsv(FILE);
  const head = records[0]?.join(',');
  if (head !== HEADER) corrupt(FILE, 1, 'unexpected header', head);
  const out: TelcoCustomer[] = [];
  for (let i = 1; i < records.length; i++) {
    const r = records[i] as string[];
    const line = i + 1;
    if (r.length !== 21) corrupt(FILE, line, 'expected 21 columns', r.length);
    const senior = r[2];
    if (senior !== '0' && senior !== '1') corrupt(FILE, line, 'SeniorCitizen: expected 0 or 1', senior);
    const totalText = (r[19] ?? '').trim();
    let totalCharges: number | null;
    if (totalText === '') {
      if (blank === 'drop') continue;
      totalCharges = blank === 'zero' ? 0 : null;
    } else {
      totalCharges = parseBundledNumber(FILE, line, totalText);
    }
    const customerId = (r[0] ?? '').trim();
    if (customerId === '') throw new CrmError('IO_ERROR', 'missing customerID', { path: ['data', FILE, line] });
    out.push({
      customerId,
      gender: oneOf(line, 'gender', r[1], ['Female', 'Male'] as const),
      seniorCitizen: senior === '1',
      partner: yesNo(line, 'Partner', r[3]),
      dependents: yesNo(line, 'Dependents', r[4]),
      tenure: parseBundledNumber(FILE, line, r[5]),
      phoneService: yesNo(line, 'PhoneService', r[6]),
      multipleLines: oneOf(line, 'MultipleLines', r[7], ['Yes', 'No', 'No phone service'] as const),
      internetService: oneOf(line, 'InternetService', r[8], ['DSL', 'Fiber optic', 'No'] as const),
      onlineSecurity: oneOf(line, 'OnlineSecurity', r[9], ADDON),
      onlineBackup: oneOf(line, 'OnlineBackup', r[10], ADDON),
      deviceProtection: oneOf(line, 'DeviceProtection', r[11], ADDON),
      techSupport: oneOf(line, 'TechSupport', r[12], ADDON),
      streamingTV: oneOf(line, 'StreamingTV', r[13], ADDON),
      streamingMovies: oneOf(line, 'StreamingMovies', r[14], ADDON),
      contract: oneOf(line, 'Contract', r[15], ['Month-to-month', 'One year', 'Two year'] as const),
      paperlessBilling: yesNo(line, 'PaperlessBilling', r[16]),
      paymentMethod: oneOf(line, 'PaymentMethod', r[17], ['Electronic check', 'Mailed check', 'Bank transfer (automatic)', 'Credit card (automatic)'] as const),
      monthlyCharges: parseBundledNumber(FILE, line, r[18]),
      totalCharges,
      churn: yesNo(line, 'Churn', r[20]),
    });
  }
  return out;
}
