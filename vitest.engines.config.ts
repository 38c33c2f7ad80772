import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

// The engine suite (test/engines) needs the servers .ci/engines.sh starts: run it with
// `npm run test:engines`. One file at a time: the files share the PostgreSQL and ClickHouse servers.
export default defineConfig({
  resolve: base.resolve,
  test: {
    include: ['test/engines/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
