# A throwaway PostgreSQL cluster for the test suite (initdb + pg_ctl in a temp directory), or the
# server DATABASE_URL names. Sourced by scripts/test.sh; exports GCC_TEST_PG_URL.

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return 0; }; done
  return 1
}

start_test_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then
    export GCC_TEST_PG_URL="$DATABASE_URL"
    say "PostgreSQL tests use DATABASE_URL (a fresh database per test is created and dropped there)"
    return 0
  fi
  pg_bin >/dev/null || ensure_debs postgresql
  local bin; bin=$(pg_bin) || die "PostgreSQL server binaries not found after install: run 'apt-get install -y postgresql'"
  PG_DIR="${TMPDIR:-/tmp}/gcc-test-pg-$$"
  PG_PORT=$(free_port)
  mkdir -p "$PG_DIR"
  # PostgreSQL refuses to run as root: as root, run it as the 'postgres' user the package created.
  local run=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "no 'postgres' user to run the test database: run 'apt-get install -y postgresql'"
    chown postgres "$PG_DIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || die "initdb failed: see $PG_DIR/initdb.log"
  "${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
    || die "PostgreSQL did not start: see $PG_DIR/server.log"
  export GCC_TEST_PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
  PG_RUN=("${run[@]}") PG_BINDIR="$bin"
  say "test PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT"
}

stop_test_postgres() {
  [ -n "${PG_DIR:-}" ] || return 0
  "${PG_RUN[@]}" "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
