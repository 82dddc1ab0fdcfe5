#!/usr/bin/env bash
# check-package.sh BUILD_DIR - uses qorm as a user's project would, from the build in BUILD_DIR:
#   1. installs it into a temporary prefix (cmake --install);
#   2. builds and runs tests/consumer against that prefix (find_package(QOrm CONFIG REQUIRED));
#   3. builds and runs tests/consumer again with qorm pulled in by FetchContent from this checkout;
#   4. compiles and runs tests/consumer/pkgconfig_main.cpp with only `pkg-config qorm-core`.
# Called by scripts/run-tests.sh; exits non-zero on the first failure.
set -euo pipefail
REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD=$(cd -- "${1:?usage: check-package.sh BUILD_DIR}" && pwd -P)
WORK=$BUILD/package-check
rm -rf -- "$WORK"
mkdir -p -- "$WORK"
PREFIX=$WORK/prefix
log() { printf '[check-package] %s\n' "$*"; }

log "install into $PREFIX"
cmake --install "$BUILD" --prefix "$PREFIX" >"$WORK/install.log"
for f in include/qorm/session.h include/qorm/version.h include/qorm/qorm_core_export.h \
         include/qorm/entitytablemodel.h include/qorm/qorm_adapters_export.h \
         lib/cmake/QOrm/QOrmConfig.cmake lib/cmake/QOrm/QOrmConfigVersion.cmake lib/pkgconfig/qorm-core.pc; do
    [[ -e $PREFIX/$f ]] || { log "missing after install: $f"; exit 1; }
done
if find "$PREFIX/include" -name '*_p.h' | grep -q .; then
    log "private headers were installed"; exit 1
fi

log "consumer via find_package(QOrm)"
cmake -S "$REPO/tests/consumer" -B "$WORK/find-package" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$PREFIX" >"$WORK/find-package.log"
cmake --build "$WORK/find-package" >>"$WORK/find-package.log"
LD_LIBRARY_PATH="$PREFIX/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$WORK/find-package/qorm_consumer"

log "consumer via FetchContent (SOURCE_DIR $REPO)"
cmake -S "$REPO/tests/consumer" -B "$WORK/fetchcontent" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DQORM_FETCH_SOURCE_DIR="$REPO" >"$WORK/fetchcontent.log"
cmake --build "$WORK/fetchcontent" >>"$WORK/fetchcontent.log"
"$WORK/fetchcontent/qorm_consumer"

log "consumer via pkg-config"
export PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
# shellcheck disable=SC2046  # pkg-config prints several words on purpose
c++ -o "$WORK/pkgconfig_main" "$REPO/tests/consumer/pkgconfig_main.cpp" -fPIC $(pkg-config --cflags --libs qorm-core)
LD_LIBRARY_PATH="$PREFIX/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$WORK/pkgconfig_main"
log "all consumers built and ran"
