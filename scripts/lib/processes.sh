# Background processes of a running console: started in their own session (setsid), recorded in
# $RUN_DIR/*.pid, stopped as whole process groups. Sourced by start.sh and stop.sh.

start_bg() { # NAME LOGFILE CMD...
  local name=$1 log=$2; shift 2
  setsid "$@" >"$log" 2>&1 < /dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

stop_all() {
  local f pid pids=()
  for f in "$RUN_DIR"/*.pid; do
    [ -e "$f" ] || continue
    pid=$(cat "$f")
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
    rm -f "$f"
  done
  # Let them flush (VictoriaMetrics and PGlite write on shutdown); after 10 s, insist.
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

require_port_free() { # PORT VARIABLE
  port_free "$1" || die "port $1 is in use by another program: stop it, or set $2 to a free port (e.g. $2=$(free_port))"
}
