#!/usr/bin/env bash
# Runs every test: installs what is missing (Debian packages, pnpm, dependencies), lints,
# typechecks, builds the console, starts a throwaway PostgreSQL (or uses DATABASE_URL), and runs
# all vitest projects — database tests on PGlite and PostgreSQL, collector tests on a real
# VictoriaMetrics, browser tests on real Chromium. The last line is vitest's own count.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/postgres.sh"
cd "$ROOT"

set -e
ensure_debs curl ca-certificates victoria-metrics chromium fonts-noto-cjk postgresql poppler-utils
ensure_node_deps
set +e

static_ok=1
say "lint (eslint)"
pnpm exec eslint . || static_ok=0
say "typecheck (tsc / vue-tsc, every package)"
pnpm -r --parallel --no-bail --reporter=append-only run typecheck || static_ok=0
say "building the console for the browser tests"
(cd web && pnpm exec vite build --logLevel warn) || static_ok=0

start_test_postgres
trap stop_test_postgres EXIT

results="$ROOT/test/artifacts/vitest-results.json"
mkdir -p "$(dirname "$results")"
rm -f "$results"
say "vitest (all projects)"
NO_COLOR=1 pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$results" "$@"
vitest_rc=$?

[ $static_ok = 1 ] || printf 'lint, typecheck or the console build failed: see above\n'
if [ -s "$results" ]; then
  node "$ROOT/scripts/lib/vitest-count.mjs" "$results"
else
  echo "0 passed, 1 failed"
fi
[ $vitest_rc = 0 ] && [ $static_ok = 1 ]
