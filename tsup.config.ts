import { defineConfig } from 'tsup';

/** One entry per public subpath; keep in sync with package.json "exports". */
export const entries = {
  index: 'src/index.ts',
  core: 'src/core/index.ts',
  rfm: 'src/rfm/index.ts',
  clv: 'src/clv/index.ts',
  lifecycle: 'src/lifecycle/index.ts',
  value: 'src/value/index.ts',
  trust: 'src/trust/index.ts',
  basket: 'src/basket/index.ts',
  churn: 'src/churn/index.ts',
  charts: 'src/charts/index.ts',
  survival: 'src/survival/index.ts',
  cohort: 'src/cohort/index.ts',
  survey: 'src/survey/index.ts',
  io: 'src/io/index.ts',
  report: 'src/report/index.ts',
  datasets: 'src/datasets/index.ts',
  // The `crm-analytics` bin (Node-only; not a public subpath).
  cli: 'src/cli/main.ts',
};

export default defineConfig({
  entry: entries,
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  // import.meta.url is used by datasets to find the bundled data; tsup shims it for CJS.
  shims: true,
  splitting: true,
});
