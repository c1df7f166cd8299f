#!/usr/bin/env bash
# Stops what scripts/start.sh started; the data stays in GCC_DATA_DIR.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$ROOT/scripts/lib/processes.sh"
GCC_DATA_DIR=${GCC_DATA_DIR:-$ROOT/.data}
RUN_DIR="$GCC_DATA_DIR/run"
mkdir -p "$RUN_DIR"
stop_all
say "stopped (data kept in $GCC_DATA_DIR)"
