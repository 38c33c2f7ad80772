/** The transaction fields the report needs from a CSV, and the optional ones. */
export type ReportField = 'customerId' | 'date' | 'amount' | 'orderId' | 'item' | 'quantity' | 'price';

/**
 * Common header names per field, in order of preference, compared after lower-casing and
 * dropping everything but letters and digits ("Customer ID" = "customer_id" = "CustomerID").
 * Unit-price columns ("Price", "UnitPrice") are deliberately not amount candidates: summing
 * unit prices would silently give wrong revenue. They are price candidates: with a quantity
 * column, amount = quantity × price (line-level files such as UCI Online Retail).
 */
export const COLUMN_CANDIDATES: Readonly<Record<ReportField, readonly string[]>> = {
  customerId: ['customerid', 'customer', 'custid', 'customerno', 'customernumber', 'clientid', 'client', 'userid', 'user', 'memberid', 'accountid', 'buyerid', 'id'],
  date: ['invoicedate', 'orderdate', 'transactiondate', 'purchasedate', 'date', 'datetime', 'timestamp', 'time', 'createdat', 'orderedat'],
  amount: ['amount', 'revenue', 'sales', 'totalamount', 'total', 'ordervalue', 'ordertotal', 'value', 'monetary', 'spend', 'netamount', 'grossamount', 'linetotal', 'price_total'],
  orderId: ['invoice', 'invoiceno', 'invoiceid', 'invoicenumber', 'orderid', 'order', 'orderno', 'ordernumber', 'transactionid', 'receipt', 'receiptid', 'basketid'],
  item: ['item', 'itemname', 'product', 'productname', 'description', 'stockcode', 'sku', 'productid', 'itemid', 'article'],
  quantity: ['quantity', 'qty', 'units', 'quantityordered', 'unitssold', 'count'],
  price: ['price', 'unitprice', 'priceeach', 'itemprice', 'unitcost', 'listprice'],
};

/**
 * Header names that match a field only loosely (a bare "id" may be a row number, "time" a time of
 * day, "value" or "total" a count, "count" a number of lines). A guess that rests on one of them is
 * low-confidence: the CLI stops and asks for the flag instead of building a report on it (issue 20).
 */
export const WEAK_CANDIDATES: Readonly<Record<ReportField, readonly string[]>> = {
  customerId: ['id', 'user'],
  date: ['time'],
  amount: ['value', 'total'],
  orderId: [],
  item: [],
  quantity: ['count', 'units'],
  price: [],
};

/** Lower-case and keep letters and digits only. */
export function normaliseHeader(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Pick the header that matches a field's candidates best (earliest candidate wins; among equal
 * candidates the leftmost column). Returns `undefined` when nothing matches.
 *
 * @example
 * ```ts
 * guessColumn(['Invoice', 'InvoiceDate', 'Customer ID'], 'customerId'); // 'Customer ID'
 * ```
 */
export function guessColumn(headers: ReadonlyArray<string>, field: ReportField, taken: ReadonlySet<string> = new Set()): string | undefined {
  return guessColumnDetail(headers, field, taken)?.column;
}

/**
 * {@link guessColumn} with the candidate that matched and whether it is one of the
 * {@link WEAK_CANDIDATES} (a low-confidence guess).
 *
 * @example
 * ```ts
 * guessColumnDetail(['id', 'date', 'amount'], 'customerId'); // { column: 'id', candidate: 'id', weak: true }
 * ```
 */
export function guessColumnDetail(headers: ReadonlyArray<string>, field: ReportField, taken: ReadonlySet<string> = new Set()): { column: string; candidate: string; weak: boolean } | undefined {
  const normalised = headers.map(normaliseHeader);
  for (const cand of COLUMN_CANDIDATES[field]) {
    const c = normaliseHeader(cand);
    const i = normalised.findIndex((h, k) => h === c && !taken.has(headers[k] as string));
    if (i >= 0) return { column: headers[i] as string, candidate: cand, weak: WEAK_CANDIDATES[field].includes(cand) };
  }
  return undefined;
}
