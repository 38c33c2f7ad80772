// Whole process: load the CDNOW summary (2,357 customers) and fit BG/NBD, as a user's script would.
// Imports the subpath it uses (`crm-analytics/clv`), as docs/performance.md recommends for scripts.
import { bgNbd } from '../../dist/clv.js';
import { loadCdnowSummary } from '../../dist/datasets.js';
const rows = loadCdnowSummary();
const fit = bgNbd.fit(rows.map((r) => ({ frequency: r.frequency, recency: r.recency, T: r.T })));
console.log(JSON.stringify(fit.params));
