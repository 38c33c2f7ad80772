#!/usr/bin/env bash
# npm run test:engines: start PostgreSQL and a two-shard ClickHouse cluster (.ci/engines.sh), run the
# engine suite (test/engines) against them, stop the servers on exit, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=engines.sh
source .ci/engines.sh
engines_start
npx vitest run --config vitest.engines.config.ts "$@"
