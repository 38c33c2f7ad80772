// Whole process: Groceries (9,835 baskets) rules at support 0.001, confidence 0.5 (arules' classic run).
import { basket } from '../../dist/index.js';
import { loadGroceries } from '../../dist/datasets.js';
const rules = basket.associationRules(loadGroceries(), { minSupport: 0.001, minConfidence: 0.5 });
console.log(rules.length);
