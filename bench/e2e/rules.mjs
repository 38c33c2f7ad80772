// Whole process: Groceries (9,835 baskets) rules at support 0.001, confidence 0.5 (arules' classic run).
// Imports the subpath it uses (`crm-analytics/basket`), as docs/performance.md recommends for scripts.
import { associationRules } from '../../dist/basket.js';
import { loadGroceries } from '../../dist/datasets.js';
const rules = associationRules(loadGroceries(), { minSupport: 0.001, minConfidence: 0.5 });
console.log(rules.length);
