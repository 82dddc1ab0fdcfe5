#!/usr/bin/env bash
# run-tests.sh - the whole test suite, as CI runs it:
#   1. installs missing Debian packages, builds with -Wall -Wextra -Wpedantic -Werror;
#   2. starts throwaway PostgreSQL and MariaDB servers on 127.0.0.1 (scripts/db-servers.sh) and
#      stops them at the end, also on failure or Ctrl-C;
#   3. runs every test on SQLite (file and :memory:), PostgreSQL and MariaDB - nothing skipped;
#      then again with QORM_SQLITE_NATIVE=0, so SQLite's native and QtSql read paths both pass;
#   4. installs qorm into a temporary prefix and builds and runs tests/consumer against it, through
#      FetchContent and through pkg-config (scripts/check-package.sh);
#   5. builds the API reference (cmake --build build --target docs): any doxygen warning fails;
#   6. builds again with clang, AddressSanitizer + UndefinedBehaviorSanitizer, and runs the suite
#      again (so every change also compiles warning-free with clang), plus the libFuzzer targets
#      in fuzz/ for a bounded number of inputs each;
#   7. builds the threading tests with clang and ThreadSanitizer and runs them (any report fails);
#   8. prints how many test functions ran per backend.
# Set QORM_SKIP_SANITIZERS=1 to skip steps 6 and 7 locally.
set -euo pipefail
REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD=${QORM_BUILD_DIR:-$REPO/build}
ASAN_BUILD=${QORM_ASAN_BUILD_DIR:-$REPO/build-asan-clang}
TSAN_BUILD=${QORM_TSAN_BUILD_DIR:-$REPO/build-tsan}
cd "$REPO"

"$REPO/scripts/install-deps.sh"

cmake -S "$REPO" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQORM_WERROR=ON
cmake --build "$BUILD"

export QORM_SERVERS_DIR=${QORM_SERVERS_DIR:-$BUILD/db-servers}
trap '"$REPO/scripts/db-servers.sh" stop || true' EXIT
trap 'exit 130' INT TERM
"$REPO/scripts/db-servers.sh" start >/dev/null
# shellcheck disable=SC1091
source "$QORM_SERVERS_DIR/env.sh"
export QORM_REQUIRE_ALL_BACKENDS=1 QT_QPA_PLATFORM=offscreen

logs=()
status=0
ctest --test-dir "$BUILD" --output-on-failure --timeout 900 || status=1
logs+=("$BUILD/Testing/Temporary/LastTest.log")
# SQLite has two read paths (native through the sqlite3 handle, and QtSql): the same tests on both.
echo "[run-tests] the suite again with QORM_SQLITE_NATIVE=0 (SQLite rows through QtSql)"
cp "$BUILD/Testing/Temporary/LastTest.log" "$BUILD/Testing/Temporary/LastTest-native.log"
QORM_SQLITE_NATIVE=0 ctest --test-dir "$BUILD" --output-on-failure --timeout 900 || status=1
logs+=("$BUILD/Testing/Temporary/LastTest.log")
logs[0]="$BUILD/Testing/Temporary/LastTest-native.log"

"$REPO/scripts/check-package.sh" "$BUILD" || status=1

echo "[run-tests] API reference (doxygen, warnings are errors)"
if ! cmake --build "$BUILD" --target docs; then
    cat "$BUILD/docs/doxygen-warnings.log" >&2 || true
    status=1
fi

if [ "${QORM_SKIP_SANITIZERS:-0}" != 1 ]; then
    CC=clang CXX=clang++ cmake -S "$REPO" -B "$ASAN_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DQORM_SANITIZE=ON -DQORM_WERROR=ON \
        -DQORM_BUILD_BENCHMARKS=OFF -DQORM_BUILD_FUZZERS=ON
    cmake --build "$ASAN_BUILD"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
    LSAN_OPTIONS=suppressions=$REPO/tests/lsan.supp:print_suppressions=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "$ASAN_BUILD" --output-on-failure --timeout 1800 || status=1
    logs+=("$ASAN_BUILD/Testing/Temporary/LastTest.log")

    # The tests that exist to run threads, under ThreadSanitizer: they hand results back through
    # std::thread::join(), which TSan sees (docs/RELIABILITY.md); tests/tsan.supp covers Debian's
    # uninstrumented Qt and client libraries only.
    CC=clang CXX=clang++ cmake -S "$REPO" -B "$TSAN_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DQORM_SANITIZE_THREAD=ON -DQORM_WERROR=ON -DQORM_BUILD_BENCHMARKS=OFF -DQORM_BUILD_DEMO=OFF -DQORM_INSTALL=OFF
    cmake --build "$TSAN_BUILD" --target tst_concurrency tst_regressions
    TSAN_OPTIONS="suppressions=$REPO/tests/tsan.supp:halt_on_error=1:second_deadlock_stack=1" \
        ctest --test-dir "$TSAN_BUILD" -R '^(tst_concurrency|tst_regressions)$' --output-on-failure --timeout 1800 || status=1
    logs+=("$TSAN_BUILD/Testing/Temporary/LastTest.log")
fi

echo
echo "Reliability figures (tests/reliability, fuzz/):"
cat "${logs[@]}" | grep -E "^QINFO +: tst_(Soak|Faults|Concurrency|Hostile)::" | sed -E 's/^QINFO +: /  /' || true
cat "${logs[@]}" | grep -E "^(stat::number_of_executed_units|Done [0-9]+ runs)" | sed 's/^/  fuzz: /' || true

echo
echo "Test functions executed per backend (each build counted; a data row counts once per function):"
for backend in sqlite-file sqlite-memory postgresql mariadb; do
    lines=$(cat "${logs[@]}" | grep -E "^(PASS|FAIL!|XFAIL|XPASS|SKIP) +: [^ ]+\(${backend}(:[^)]*)?\)" || true)
    n=$(printf '%s\n' "$lines" | grep -cE '^(PASS|FAIL!|XFAIL|XPASS)' || true)
    f=$(printf '%s\n' "$lines" | grep -E '^(PASS|FAIL!|XFAIL|XPASS)' | sed -E 's/^[A-Z!]+ +: ([^(]+)\(.*/\1/' | sort -u | grep -c . || true)
    s=$(printf '%s\n' "$lines" | grep -cE '^SKIP' || true)
    printf '  %-14s %4d test functions, %5d executions, %d skipped\n' "$backend" "$f" "$n" "$s"
    if [ "$n" -eq 0 ] || [ "$s" -ne 0 ]; then
        echo "  $backend: no test ran or some were skipped" >&2
        status=1
    fi
done
exit $status
