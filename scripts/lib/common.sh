# Shared helpers for scripts/start.sh and scripts/test.sh. Sourced, not run.
# Every failure is one line that names the fix.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ROOT

say() { printf '\033[1;36m==>\033[0m %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Run as root directly, through sudo otherwise; without either, say what to install by hand.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

# ensure_debs PKG... : install the Debian packages that are missing (apt-get update once).
ensure_debs() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "missing packages ${missing[*]} and no apt-get: install them with your system's package manager"
  say "installing Debian packages: ${missing[*]} (one-time, about a minute)"
  as_root true 2>/dev/null || die "missing Debian packages ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' or run this command as root"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed: check the machine's Debian package sources"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" \
    | grep -E --line-buffered '^(Unpacking|Setting up)' || true
  for p in "${missing[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || die "Debian package $p did not install: run 'apt-get install -y $p' to see why"
  done
}

# ensure_node_deps: pnpm itself (bootstrapped with npm, as corepack cannot verify here), the
# workspace's dependencies from the lockfile, and the generated Prisma client.
ensure_node_deps() {
  command -v node >/dev/null 2>&1 || die "Node.js is missing: install Node 20 (https://nodejs.org) and run again"
  local major; major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || die "Node.js $(node -v) is too old: install Node 20 or newer"
  if ! command -v pnpm >/dev/null 2>&1; then
    say "installing pnpm with npm"
    npm install -g pnpm@12 >/dev/null 2>&1 || as_root npm install -g pnpm@12 >/dev/null || die "could not install pnpm: run 'npm install -g pnpm@12'"
  fi
  say "installing workspace dependencies (pnpm install --frozen-lockfile)"
  (cd "$ROOT" && pnpm install --frozen-lockfile --reporter=append-only 2>&1 | grep -v -E '^(Progress|\+|$)' | tail -5) \
    || die "pnpm install failed: see the lines above"
  say "generating the Prisma client"
  (cd "$ROOT/prisma" && pnpm exec prisma generate --schema schema.prisma >/dev/null) || die "prisma generate failed: run 'cd prisma && pnpm exec prisma generate' to see why"
}

# free_port: a free TCP port on loopback.
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# wait_http URL SECONDS WHAT : poll until URL answers 2xx.
wait_http() {
  local url=$1 secs=$2 what=$3 i
  for ((i = 0; i < secs * 10; i++)); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  die "$what did not answer at $url within ${secs}s"
}
