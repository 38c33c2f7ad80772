// Whole process: the Telco churn data (7,043 customers), a depth-5 Gini tree on every column but the id.
import { churn } from '../../dist/index.js';
import { loadTelcoChurn } from '../../dist/datasets.js';
const rows = loadTelcoChurn().map(({ customerId, ...rest }) => rest);
const tree = churn.fitTree(rows, { target: 'churn', maxDepth: 5 });
console.log(tree.nLeaves);
