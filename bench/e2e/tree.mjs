// Whole process: the Telco churn data (7,043 customers), a depth-5 Gini tree on every column but the id.
// Imports the subpath it uses (`crm-analytics/churn`), as docs/performance.md recommends for scripts.
import { fitTree } from '../../dist/churn.js';
import { loadTelcoChurn } from '../../dist/datasets.js';
const rows = loadTelcoChurn().map(({ customerId, ...rest }) => rest);
const tree = fitTree(rows, { target: 'churn', maxDepth: 5 });
console.log(tree.nLeaves);
