#!/usr/bin/env bash
# soak.sh [OPERATIONS] [SEED] - a long soak run of tests/reliability/tst_soak on every backend:
# random inserts, updates, deletes, queries, table-model edits, failing commits and rollbacks,
# each step checked against an in-memory oracle. Default 100000 operations per backend.
# Builds the tree in build/ if needed and starts throwaway servers (scripts/db-servers.sh).
set -euo pipefail
REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD=${QORM_BUILD_DIR:-$REPO/build}
export QORM_SOAK_OPS=${1:-100000} QORM_SOAK_SEED=${2:-20261129}
"$REPO/scripts/install-deps.sh"
cmake -S "$REPO" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" --target tst_soak
export QORM_SERVERS_DIR=${QORM_SERVERS_DIR:-$BUILD/db-servers}
trap '"$REPO/scripts/db-servers.sh" stop || true' EXIT
"$REPO/scripts/db-servers.sh" start >/dev/null
# shellcheck disable=SC1091
source "$QORM_SERVERS_DIR/env.sh"
QORM_REQUIRE_ALL_BACKENDS=1 QT_QPA_PLATFORM=offscreen "$BUILD/tests/tst_soak" -maxwarnings 0
