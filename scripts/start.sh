#!/usr/bin/env bash
# Starts the whole console with the simulated province: VictoriaMetrics (unless VM_URL points
# elsewhere), the database (PGlite unless DATABASE_URL is set), the simulated CMPs, the
# collector and the GraphQL server with the built console. Safe to run again: it stops the
# previous run first and keeps the data. `pnpm stop` (scripts/stop.sh) stops it.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/processes.sh"
source "$ROOT/scripts/lib/victoria-metrics.sh"

PORT=${PORT:-4000}
SIM_CMP_PORT=${SIM_CMP_PORT:-4100}
# RFC 5424 syslog (UDP and TCP) from security platforms that cannot use the push API.
export GCC_SYSLOG_PORT=${GCC_SYSLOG_PORT:-5514}
VM_PORT=${VM_PORT:-8428}
GCC_SIM_SEED=${GCC_SIM_SEED:-2019}
GCC_BACKFILL_STEP=${GCC_BACKFILL_STEP:-6h}
COLLECT_INTERVAL_SECONDS=${COLLECT_INTERVAL_SECONDS:-30}
export GCC_DATA_DIR=$(mkdir -p "${GCC_DATA_DIR:-$ROOT/.data}" && cd "${GCC_DATA_DIR:-$ROOT/.data}" && pwd)
RUN_DIR="$GCC_DATA_DIR/run"
LOG_DIR="$GCC_DATA_DIR/logs"
mkdir -p "$RUN_DIR" "$LOG_DIR"
# The simulated CMPs' password: any value works, it only has to be the same on both sides.
export GCC_SIM_CMP_PASSWORD=${GCC_SIM_CMP_PASSWORD:-simulated-$(hostname | md5sum | cut -c1-12)}

stop_all
# Chromium and the CJK fonts: the server renders report PDFs with them (modules/reports).
ensure_debs curl ca-certificates chromium fonts-noto-cjk
# GCC_SKIP_INSTALL=1: the test suite, which has just installed and built, starts the system this way.
if [ "${GCC_SKIP_INSTALL:-}" != 1 ]; then
  ensure_node_deps
  say "building the console (web/dist)"
  (cd "$ROOT/web" && pnpm exec vite build --logLevel warn) || die "the console did not build: run 'pnpm --filter @gcc/web build' to see why"
fi

require_port_free "$PORT" PORT
require_port_free "$SIM_CMP_PORT" SIM_CMP_PORT
require_port_free "$GCC_SYSLOG_PORT" GCC_SYSLOG_PORT
if [ -n "${VM_URL:-}" ]; then
  say "using VictoriaMetrics at $VM_URL"
  curl -fsS -o /dev/null --max-time 5 "${VM_URL%/}/api/v1/query?query=vector(1)" \
    || die "VictoriaMetrics at VM_URL=$VM_URL does not answer queries: start it, fix VM_URL, or unset VM_URL to use the embedded one"
  VM_WRITE_URL=${VM_WRITE_URL:-$VM_URL}
else
  require_port_free "$VM_PORT" VM_PORT
  say "starting VictoriaMetrics on 127.0.0.1:$VM_PORT (data: $GCC_DATA_DIR/victoria-metrics)"
  start_embedded_vm "$VM_PORT" "$GCC_DATA_DIR/victoria-metrics" "$LOG_DIR/victoria-metrics.log"
  export VM_URL="http://127.0.0.1:$VM_PORT"
  VM_WRITE_URL=$VM_URL
fi
export VM_URL VM_WRITE_URL

if [ -n "${DATABASE_URL:-}" ]; then say "database: PostgreSQL from DATABASE_URL"; else say "database: embedded PGlite in $GCC_DATA_DIR/pglite"; fi
say "preparing the registry with the SIMULATED province (seed $GCC_SIM_SEED)"
(cd "$ROOT/server" && pnpm exec tsx src/cli/seed-demo.ts --seed "$GCC_SIM_SEED" \
  --cmp-url "http://127.0.0.1:$SIM_CMP_PORT" --vm-url "$VM_WRITE_URL" \
  --interval-seconds "$COLLECT_INTERVAL_SECONDS" --collector-config "$RUN_DIR/collectors.json" \
  --demo-tokens "$RUN_DIR/demo-tokens.env" --reference-date-out "$RUN_DIR/sim-reference-date")
# The simulated province's "now": the day this data was first seeded (kept in the registry), passed
# to every process that simulates it, so a restart serves the province its history was written for.
SIM_REFERENCE_DATE=$(cat "$RUN_DIR/sim-reference-date")
# DEMO tokens (derived from the seed, refused by a production server), among them the collector's.
source "$RUN_DIR/demo-tokens.env"
say "issuing the simulated security platforms' node tokens"
(cd "$ROOT/server" && pnpm exec tsx src/cli/security-demo-tokens.ts --seed "$GCC_SIM_SEED" --out "$RUN_DIR/security-platforms.json")

# Backfilling is idempotent (deduplication keeps one sample per interval) but takes a while:
# a marker per target VictoriaMetrics, seed, reference day and step skips it on the next start.
marker="$GCC_DATA_DIR/backfill-$(printf '%s' "$VM_WRITE_URL" | md5sum | cut -c1-8)-seed-$GCC_SIM_SEED-ref-$SIM_REFERENCE_DATE-step-$GCC_BACKFILL_STEP.done"
if [ -e "$marker" ]; then
  say "history already written ($(cat "$marker"))"
else
  say "writing the simulated history since each node's go-live (step $GCC_BACKFILL_STEP)"
  (cd "$ROOT/collectors" && pnpm exec tsx src/cli/backfill.ts --seed "$GCC_SIM_SEED" --reference-date "$SIM_REFERENCE_DATE" --vm-url "$VM_WRITE_URL" --step "$GCC_BACKFILL_STEP")
  date -u +"written %Y-%m-%dT%H:%M:%SZ" >"$marker"
fi

say "starting the simulated CMPs on 127.0.0.1:$SIM_CMP_PORT"
start_bg sim-cmp "$LOG_DIR/sim-cmp.log" env -C "$ROOT/collectors" pnpm exec tsx src/cli/sim-cmp.ts --seed "$GCC_SIM_SEED" --reference-date "$SIM_REFERENCE_DATE" --port "$SIM_CMP_PORT"
wait_http "http://127.0.0.1:$SIM_CMP_PORT/health" 30 "the simulated CMP (log: $LOG_DIR/sim-cmp.log)"

say "starting the collector (every ${COLLECT_INTERVAL_SECONDS}s)"
# Its token lets it read the registry's nodes and post inventories (an OPERATOR user's, DEMO here).
export GCC_COLLECTOR_TOKEN=$GCC_DEMO_COLLECTOR_TOKEN
start_bg collector "$LOG_DIR/collector.log" env -C "$ROOT/collectors" pnpm exec tsx src/cli/collect.ts --config "$RUN_DIR/collectors.json"

say "starting the GraphQL server and console on 127.0.0.1:$PORT"
start_bg server "$LOG_DIR/server.log" env -C "$ROOT/server" GCC_WEB_DIST="$ROOT/web/dist" PORT="$PORT" HOST="${HOST:-127.0.0.1}" pnpm exec tsx src/server.ts
wait_http "http://127.0.0.1:$PORT/health" 60 "the server (log: $LOG_DIR/server.log)"

say "starting the simulated security platforms (push API, and syslog on port $GCC_SYSLOG_PORT)"
start_bg sim-security "$LOG_DIR/sim-security.log" env -C "$ROOT/collectors" pnpm exec tsx src/cli/sim-security.ts --seed "$GCC_SIM_SEED" \
  --credentials "$RUN_DIR/security-platforms.json" --server-url "http://127.0.0.1:$PORT" --syslog-port "$GCC_SYSLOG_PORT"

# DEMO users and tokens (sourced above): the console works without a token here (GCC_AUTH=off in
# development); the links show what each role sees.
cat <<DONE

  全省一片云 Console is running — with the SIMULATED province (demo data, seed $GCC_SIM_SEED, as of $SIM_REFERENCE_DATE).

    Console (大屏/总览):  http://127.0.0.1:$PORT/
    GraphQL endpoint:     http://127.0.0.1:$PORT/graphql   (GraphiQL: http://127.0.0.1:$PORT/graphiql)
    VictoriaMetrics:      $VM_URL/vmui
    Simulated CMPs:       http://127.0.0.1:$SIM_CMP_PORT/
    Security push API:    http://127.0.0.1:$PORT/api/security/v1/events   syslog (RFC 5424): udp+tcp 127.0.0.1:$GCC_SYSLOG_PORT

  DEMO access (tokens derived from the seed; never valid in production):
    Kiosk big screen (read-only):      http://127.0.0.1:$PORT/screen?kiosk=1&token=$GCC_DEMO_KIOSK_TOKEN
    City bureau $GCC_DEMO_CITY_CODE (own city only): http://127.0.0.1:$PORT/city/$GCC_DEMO_CITY_CODE?token=$GCC_DEMO_CITY_TOKEN
    省局 admin bearer token:            $GCC_DEMO_PROVINCE_TOKEN
    省局 reviewer (bulletins, 4 eyes):  $GCC_DEMO_REVIEWER_TOKEN

  Logs: $LOG_DIR   Stop: pnpm stop
DONE
