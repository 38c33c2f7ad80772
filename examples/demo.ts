/**
 * `npm run demo`: load the bundled Online Retail II invoices and print a readable summary.
 * Small on purpose; the CLI's full report replaces it later.
 */
import { dayToIsoDate, prepareTransactions } from '../src/core/index.js';
import { loadOnlineRetailInvoices } from '../src/datasets/index.js';

const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
const int = new Intl.NumberFormat('en-GB');

const invoices = loadOnlineRetailInvoices();
const table = prepareTransactions(invoices);

let first = Number.POSITIVE_INFINITY;
let last = Number.NEGATIVE_INFINITY;
let revenue = 0;
const perCustomer = new Float64Array(table.customerIds.length);
const ordersPerCustomer = new Int32Array(table.customerIds.length);
for (let i = 0; i < table.length; i++) {
  const d = table.day[i] as number;
  if (d < first) first = d;
  if (d > last) last = d;
  const a = table.amount[i] as number;
  revenue += a;
  const c = table.customer[i] as number;
  perCustomer[c] = (perCustomer[c] as number) + a;
  ordersPerCustomer[c] = (ordersPerCustomer[c] as number) + 1;
}

const customers = table.customerIds.length;
const ranked = Array.from(perCustomer.keys()).sort((x, y) => (perCustomer[y] as number) - (perCustomer[x] as number));
const top10 = ranked.slice(0, 10).reduce((s, c) => s + (perCustomer[c] as number), 0);
const onceOnly = ordersPerCustomer.filter((n) => n === 1).length;

console.log('crm-analytics demo: UCI Online Retail II, 2009-12-01 .. 2010-12-09 (CC BY 4.0)\n');
console.log(`  invoices         ${int.format(table.length)}`);
console.log(`  customers        ${int.format(customers)}  (${int.format(onceOnly)} bought once, ${((100 * onceOnly) / customers).toFixed(1)} %)`);
console.log(`  date range       ${dayToIsoDate(first)} .. ${dayToIsoDate(last)}  (${Math.floor(last) - Math.floor(first) + 1} days)`);
console.log(`  revenue          ${money.format(revenue)}`);
console.log(`  per invoice      ${money.format(revenue / table.length)} on average`);
console.log(`  per customer     ${money.format(revenue / customers)} on average, ${(table.length / customers).toFixed(2)} invoices`);
console.log(`  top 10 customers ${((100 * top10) / revenue).toFixed(1)} % of revenue\n`);
console.log('  rank  customer  invoices       revenue');
ranked.slice(0, 10).forEach((c, k) => {
  console.log(
    `  ${String(k + 1).padStart(4)}  ${(table.customerIds[c] as string).padEnd(8)}  ${String(ordersPerCustomer[c]).padStart(8)}  ${money.format(perCustomer[c] as number).padStart(12)}`,
  );
});
