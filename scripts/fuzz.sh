#!/usr/bin/env bash
# fuzz.sh [RUNS] [TARGET...] - long libFuzzer runs of the targets in fuzz/ (default: 1000000
# inputs each, all targets), built with clang, ASan and UBSan in build-fuzz/. New interesting
# inputs go to build-fuzz/fuzz/corpus-<target>; crashes to build-fuzz/fuzz/crash-*. Prints each
# target's final stats.
set -euo pipefail
REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD=${QORM_FUZZ_BUILD_DIR:-$REPO/build-fuzz}
RUNS=${1:-1000000}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(decimal url expr errortext classinfo)
"$REPO/scripts/install-deps.sh"
CC=clang CXX=clang++ cmake -S "$REPO" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQORM_SANITIZE=ON \
    -DQORM_BUILD_FUZZERS=ON -DQORM_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$BUILD" --target "${TARGETS[@]/#/fuzz_}"
cd "$BUILD/fuzz"
for t in "${TARGETS[@]}"; do
    mkdir -p "corpus-$t"
    cp -rn "$REPO/fuzz/corpus/$t/." "corpus-$t/"
    dict=()
    [ -f "$REPO/fuzz/dict/$t.dict" ] && dict=(-dict="$REPO/fuzz/dict/$t.dict")
    echo "== fuzz_$t: $RUNS inputs"
    QT_QPA_PLATFORM=offscreen "./fuzz_$t" -runs="$RUNS" -max_len=4096 -rss_limit_mb=4096 -print_final_stats=1 "${dict[@]}" "corpus-$t" 2>&1 \
        | grep -E '^(stat::|==|SUMMARY|#[0-9]+ +DONE)' || true
done
