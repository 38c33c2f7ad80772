/** Facts about one bundled dataset. */
export interface DatasetInfo {
  /** Loader function name. */
  loader: string;
  /** File in the package's `data/` folder. */
  file: string;
  /** Rows (records, baskets or customers) the loader returns with default options. */
  rows: number;
  /** Where the data comes from. */
  source: string;
  /** Licence of the data as published by the source. */
  license: string;
}

const CATALOG: readonly DatasetInfo[] = [
  {
    loader: 'loadOnlineRetailInvoices',
    file: 'online_retail_II_2009_2010_invoices.csv.gz',
    rows: 19_213,
    source: 'UCI Online Retail II (id 502, doi:10.24432/C5CG6D), sheet 2009-2010, cleaned and aggregated per invoice; Chen, Sain & Guo (2012)',
    license: 'CC BY 4.0',
  },
  {
    loader: 'loadCdnowSummary',
    file: 'cdnow_customers_summary.csv.gz',
    rows: 2_357,
    source: 'CDNOW 1/10 sample calibration summary (Fader & Hardie), from CamDavidsonPilon/lifetimes datasets',
    license: 'MIT (lifetimes repository)',
  },
  {
    loader: 'loadCdnowTransactions',
    file: 'CDNOW_sample.txt.gz',
    rows: 6_919,
    source: 'CDNOW 1/10 sample transactions 1997-01..1998-06 (Fader & Hardie), from CamDavidsonPilon/lifetimes datasets',
    license: 'MIT (lifetimes repository)',
  },
  {
    loader: 'loadGroceries',
    file: 'groceries.csv.gz',
    rows: 9_835,
    source: 'Groceries (Hahsler, Hornik & Reutterer 2006, R arules), copy from stedy/Machine-Learning-with-R-datasets',
    license: 'public domain per that repository; arules data GPL-3',
  },
  {
    loader: 'loadTelcoChurn',
    file: 'telco_customer_churn.csv.gz',
    rows: 7_043,
    source: 'IBM Telco Customer Churn sample, from IBM/telco-customer-churn-on-icp4d',
    license: 'Apache-2.0',
  },
];

/**
 * The bundled datasets with their files, sizes, sources and licences (a fresh copy each call).
 *
 * @example
 * ```ts
 * import { listDatasets } from 'crm-analytics/datasets';
 * listDatasets().map((d) => `${d.loader}: ${d.rows} rows, ${d.license}`);
 * ```
 */
export function listDatasets(): DatasetInfo[] {
  return CATALOG.map((d) => ({ ...d }));
}
