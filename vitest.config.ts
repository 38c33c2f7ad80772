import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests and examples may import the package by its public name; resolve it to the sources so
    // `npm test` works on a fresh clone before any build (tsconfig "paths" does the same for tsx/tsc).
    alias: [
      { find: /^crm-analytics$/, replacement: src('index.ts') },
      { find: /^crm-analytics\/(.+)$/, replacement: src('$1/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The engine suite needs PostgreSQL and ClickHouse servers: npm run test:engines.
    exclude: ['**/node_modules/**', 'test/engines/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
