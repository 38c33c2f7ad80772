/**
 * Value and trust example (issue 6): customer-delivered value of two offers (Kotler), satisfaction
 * C = b/a (Oliver), an importance–satisfaction matrix (Martilla & James), share of wallet,
 * loyalty types (textbook six types + Dick & Basu), satisfaction indicators on the bundled
 * Online Retail II invoices, and the trust equation with survey aggregation (Maister et al.).
 * Run: npx tsx examples/value-and-trust.ts
 */
import { prepareTransactions } from '../src/core/index.js';
import { loadOnlineRetailInvoices } from '../src/datasets/index.js';
import { aggregateTrust, trustScore } from '../src/trust/index.js';
import { deliveredValue, importanceSatisfactionMatrix, loyaltyType, satisfaction, satisfactionIndicators, shareOfWallet } from '../src/value/index.js';

// ---- Customer-delivered value: our offer vs a competitor's ----
const offers = deliveredValue([
  { id: 'ours', value: { product: 40, service: 20, personnel: 10, image: 10 }, cost: { monetary: 50, time: 5, energy: 3, physical: 2 } },
  { id: 'rival', value: { product: 35, service: 30, personnel: 15, image: 5 }, cost: { monetary: 45, time: 10, energy: 4, physical: 1 } },
]);
for (const o of offers.offers) console.log(`${o.id}: rank ${o.rank}; ${o.reasons.join('; ')}`);

// ---- Satisfaction and the importance–satisfaction matrix ----
for (const [b, a] of [[6, 8], [8.3, 8], [9, 8]] as const) console.log(`satisfaction(${b}, ${a}): ${satisfaction(b, a).reasons.join('; ')}`);
const ipa = importanceSatisfactionMatrix([
  { name: 'price', importance: 9, satisfaction: 5 },
  { name: 'quality', importance: 8, satisfaction: 8 },
  { name: 'packaging', importance: 3, satisfaction: 4 },
  { name: 'parking', importance: 4, satisfaction: 7 },
]);
for (const a of ipa.attributes) console.log(`  ${a.name}: ${a.quadrant} (${a.quadrantZh}) — ${a.reasons.join(', ')}`);

// ---- Share of wallet and loyalty ----
console.log(`share of wallet 300 / 1200 = ${shareOfWallet(300, 1200).share}`);
for (const p of [
  { attitude: 0.8, repeatPurchase: 0.9, alternatives: 4, satisfaction: 0.85 },
  { attitude: 0.3, repeatPurchase: 0.8, alternatives: 3 },
  { attitude: 0.9, repeatPurchase: 0.2, alternatives: 2 },
]) {
  const v = loyaltyType(p);
  console.log(`loyalty ${JSON.stringify(p)} → ${v.type} (${v.typeZh}), ${v.quadrant}`);
}

// ---- Satisfaction indicators on Online Retail II ----
const table = prepareTransactions(loadOnlineRetailInvoices());
const ind = satisfactionIndicators(table, { asOf: '2010-12-10' });
const t = ind.purchaseAmountTrend!;
console.log(`Online Retail II: repeat rate ${(100 * ind.repeatRate).toFixed(1)}%; monthly revenue trend ${t.direction} (slope ${t.slope.toFixed(0)} GBP/month, p = ${t.pValue?.toFixed(3)}, ${t.periods} months)`);
console.log(`  ${ind.reasons.join('; ')}`);

// ---- Trust ----
const one = trustScore({ credibility: 7, reliability: 8, intimacy: 5, selfOrientation: 4 });
console.log(`trust: ${one.reasons.join('; ')}`);
const agg = aggregateTrust([
  { subjectId: 'ann', credibility: 8, reliability: 8, intimacy: 6, selfOrientation: 4 },
  { subjectId: 'ann', credibility: 6, reliability: 7, intimacy: 5, selfOrientation: 3 },
  { subjectId: 'ann', credibility: 9, reliability: 9, intimacy: 8, selfOrientation: 5 },
  { subjectId: 'bob', credibility: 5, reliability: 6, intimacy: 4, selfOrientation: 6 },
  { subjectId: 'bob', credibility: 6, reliability: 6, intimacy: 5, selfOrientation: 5 },
]);
for (const s of agg) {
  const ci = s.confidenceInterval;
  console.log(`  ${s.subjectId}: n ${s.respondents}, mean T ${s.meanScore.toFixed(3)}${ci ? `, 95% CI [${ci.lower.toFixed(3)}, ${ci.upper.toFixed(3)}]` : ''}`);
}
