#!/usr/bin/env bash
# run-demo.sh - installs what is missing, builds qorm and starts the Chinook demo.
#   scripts/run-demo.sh                   the bundled Chinook SQLite file (a writable copy in your data dir)
#   scripts/run-demo.sh URL               any database URL, e.g. postgresql://user:pass@127.0.0.1:5432/chinook?naming=snake_case
# Without a display (no $DISPLAY / $WAYLAND_DISPLAY) the demo runs offscreen and saves a screenshot.
set -euo pipefail
REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD=${QORM_BUILD_DIR:-$REPO/build}

"$REPO/scripts/install-deps.sh"
cmake -S "$REPO" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" --target qorm-demo

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    shot="$BUILD/qorm-demo.png"
    echo "[run-demo] no display: running offscreen, screenshot in $shot"
    QT_QPA_PLATFORM=offscreen exec "$BUILD/demo-app/qorm-demo" --screenshot "$shot" "$@"
fi
exec "$BUILD/demo-app/qorm-demo" "$@"
