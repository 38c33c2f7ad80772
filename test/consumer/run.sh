#!/usr/bin/env bash
# Consumer type test (issue 16 item 1): pack the package as npm would publish it, install the
# tarball into a fresh fixture project (no optional peers), and compile test/consumer/pipeline.ts
# with skipLibCheck: false
#   - as ESM (.mts) and CJS (.cts) under module/moduleResolution nodenext,
#   - under module preserve + moduleResolution bundler,
# with the TypeScript this repo pins and with the newest one the registry serves, then run
# `deno check` on it. Any type error fails. Also prints the consumer install size (target <= 10 MB).
# Needs the build (runs it if dist/types is missing) and the npm registry.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
[ -f dist/types/index.d.ts ] || npm run build
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "packed $tarball ($(du -k "$work/$tarball" | cut -f1) KiB)"

app="$work/app"
mkdir -p "$app"
cd "$app"
echo '{ "name": "consumer-fixture", "private": true, "type": "module" }' > package.json
npm install --no-audit --no-fund --silent "$work/$tarball"
bytes=$(du -sb node_modules | cut -f1)
echo "consumer install without optional peers: $(npm ls --all --parseable 2>/dev/null | tail -n +2 | wc -l) packages, $bytes bytes ($(awk "BEGIN{printf \"%.2f\", $bytes/1048576}") MiB)"
for peer in vega vega-lite pg @clickhouse/client @duckdb/node-api; do
  if [ -e "node_modules/$peer" ]; then echo "optional peer $peer was installed" >&2; exit 1; fi
done
status=0
# Issue 16's install target (zod, 8.2 MB, is no longer a dependency): a miss fails.
if [ "$bytes" -gt $((10 * 1024 * 1024)) ]; then
  echo "consumer install target (<= 10 MB): MISSED" >&2; status=1
else
  echo "consumer install target (<= 10 MB): MET"
fi

pinned="$(node -p "require('$repo/package.json').devDependencies.typescript")"
typesNode="$(node -p "require('$repo/package.json').devDependencies['@types/node']")"
npm install --no-audit --no-fund --silent --no-save "ts-pinned@npm:typescript@$pinned" "ts-latest@npm:typescript@latest" "@types/node@$typesNode"

cp "$repo/test/consumer/pipeline.ts" pipeline.mts
cp "$repo/test/consumer/pipeline.ts" pipeline.cts
cp "$repo/test/consumer/pipeline.ts" pipeline.ts
strict='"strict": true, "noUncheckedIndexedAccess": true, "exactOptionalPropertyTypes": true, "skipLibCheck": false, "noEmit": true, "target": "ES2022", "lib": ["ES2022"], "types": ["node"]'
echo "{ \"compilerOptions\": { $strict, \"module\": \"nodenext\", \"moduleResolution\": \"nodenext\" }, \"files\": [\"pipeline.mts\", \"pipeline.cts\"] }" > tsconfig.nodenext.json
echo "{ \"compilerOptions\": { $strict, \"module\": \"preserve\", \"moduleResolution\": \"bundler\" }, \"files\": [\"pipeline.ts\"] }" > tsconfig.bundler.json

for ts in ts-pinned ts-latest; do
  bin="node_modules/$ts/$(node -p "const b=require('./node_modules/$ts/package.json').bin; typeof b==='string'?b:b.tsc")"
  version="$(node "$bin" --version)"
  for config in nodenext bundler; do
    if node "$bin" -p "tsconfig.$config.json"; then
      echo "ok: $version, $config (skipLibCheck false)"
    else
      echo "FAILED: $version, $config" >&2; status=1
    fi
  done
done

if npx --yes deno@2.9.6 check --quiet pipeline.ts; then echo "ok: deno check"; else echo "FAILED: deno check" >&2; status=1; fi
exit $status
