import { defineConfig, type Options } from 'tsup';

/** One entry per public subpath; keep in sync with package.json "exports". */
export const entries = {
  index: 'src/index.ts',
  // Every model namespace in one import (the root carries core, rfm and clv only).
  all: 'src/all.ts',
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

const { index, all, ...subpaths } = entries;

/** `./rfm/index.js` (from src/index.ts) -> the built subpath `./rfm.js` / `./rfm.cjs`, external. */
const rootToSubpaths: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'root-imports-built-subpaths',
  setup(build) {
    const ext = build.initialOptions.format === 'cjs' ? '.cjs' : '.js';
    build.onResolve({ filter: /^\.\/[a-z]+\/index\.js$/ }, (args) => {
      const name = args.path.slice(2, -'/index.js'.length);
      return name in subpaths ? { path: `./${name}${ext}`, external: true } : undefined;
    });
  },
};

const common: Options = {
  format: ['esm', 'cjs'],
  // Declarations come from tsc, one file per source file (npm run build:types): bundled .d.ts turned
  // type-only names into values (issue 16 item 1).
  dts: false,
  // No source maps in the package: dist is unminified, readable ES2022, and the maps (with sources) were 3.8 MB
  // of a consumer install whose target is <= 10 MB (issue 16 item 6).
  sourcemap: false,
  target: 'es2022',
  // import.meta.url is used by datasets to find the bundled data; tsup shims it for CJS.
  shims: true,
  // Both builds run at once, so neither cleans: `npm run build` empties dist/ first.
  clean: false,
};

export default defineConfig([
  // The subpaths (and the bin), sharing chunks so each class (CrmError, …) exists once.
  { ...common, entry: subpaths, splitting: true },
  // The root re-exports the BUILT subpaths (`import * as rfm from './rfm.js'`) instead of bundling
  // them again: a namespace object built inside a shared chunk (`__export(core_exports, …)`) cannot
  // be tree-shaken by a consumer's bundler, so `crm-analytics/rfm` carried all of core (issue 16
  // item 6); and the root and the subpaths stay one copy of the code.
  // `crm-analytics/all` is built the same way.
  { ...common, entry: { index, all }, splitting: false, esbuildPlugins: [rootToSubpaths] },
]);
