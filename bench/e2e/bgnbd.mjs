// Whole process: load the CDNOW summary (2,357 customers) and fit BG/NBD, as a user's script would.
import { clv } from '../../dist/index.js';
import { loadCdnowSummary } from '../../dist/datasets.js';
const rows = loadCdnowSummary();
const fit = clv.bgNbd.fit(rows.map((r) => ({ frequency: r.frequency, recency: r.recency, T: r.T })));
console.log(JSON.stringify(fit.params));
