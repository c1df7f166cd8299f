# The embedded VictoriaMetrics single node, from the Debian package, with its own data directory.
# Sourced by scripts/start.sh.

# Retention long enough for the province's whole history (nodes went live in 2019).
VM_RETENTION=${VM_RETENTION:-100y}
# Samples within one collection interval are one sample: a replayed or doubly-sent batch stores once.
VM_DEDUP_INTERVAL=${VM_DEDUP_INTERVAL:-10s}

start_embedded_vm() {
  local port=$1 data=$2 log=$3
  ensure_debs victoria-metrics
  mkdir -p "$data"
  setsid victoria-metrics \
    -storageDataPath="$data" \
    -httpListenAddr="127.0.0.1:$port" \
    -retentionPeriod="$VM_RETENTION" \
    -dedup.minScrapeInterval="$VM_DEDUP_INTERVAL" \
    -search.latencyOffset=5s \
    -loggerLevel=WARN >"$log" 2>&1 &
  echo $! >"$RUN_DIR/victoria-metrics.pid"
  wait_http "http://127.0.0.1:$port/health" 30 "VictoriaMetrics (log: $log)"
}
