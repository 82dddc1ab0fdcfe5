#!/usr/bin/env bash
# benchmarks/run.sh - qorm against raw QSqlQuery, the sqlite3 C API and QSqlTableModel, in one run.
#
#   benchmarks/run.sh            build (Release, build-bench/), run everything, print one markdown table
#
# 1. installs missing Debian packages (scripts/install-deps.sh), configures and builds the target
#    qorm_bench in a Release tree (default build-bench/, next to build/ of the tests);
# 2. writes the fixtures once (100k and 1M rows, fixed-seed generator, sqlite3 C API) so that no
#    load workload times its own setup;
# 3. runs every (workload, implementation) in its own process - peak RSS is that process's
#    getrusage() maximum - once with TZ unset and once with TZ=UTC; each process does >= 5 timed
#    repetitions and reports the median;
# 3b. counts the instructions of W1-W4, W6 and W7 in their timed region under callgrind (Debian valgrind), the steady
#    figure on a noisy machine;
# 4. times compiling benchmarks/compiletime/{qorm,raw}_tu.cpp (-O0 -g and -O2, median of 3) with
#    the exact command line CMake records in compile_commands.json;
# 5. prints the table on stdout and saves it to build-bench/results.md (raw lines: results.txt).
#
# Environment: QORM_BENCH_BUILD_DIR (default <repo>/build-bench), QORM_BENCH_REPS (default 5),
# QORM_BENCH_BUILD_JOBS (default: all cores), QORM_BENCH_ONLY (a regex over "W2/qorm"-style names
# to run a subset, e.g. 'W[23]/'). Takes about 5-6 minutes on 2 cores, plus the first build.
set -euo pipefail

REPO=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)
BUILD=${QORM_BENCH_BUILD_DIR:-$REPO/build-bench}
REPS=${QORM_BENCH_REPS:-5}
JOBS=${QORM_BENCH_BUILD_JOBS:-$(nproc)}
ONLY=${QORM_BENCH_ONLY:-.}
FIXTURES=$BUILD/bench-fixtures
WORK=$BUILD/bench-work
RESULTS=$BUILD/results.txt
TABLE=$BUILD/results.md

log() { printf '[bench] %s\n' "$*" >&2; }
now_ns() { date +%s%N; }

if ((REPS < 5)); then
    log "QORM_BENCH_REPS=$REPS: the table reports medians of at least 5 repetitions"
    exit 64
fi

# --- 1. build -----------------------------------------------------------------------------------
t_start=$(now_ns)
"$REPO/scripts/install-deps.sh" >&2
if ! command -v valgrind >/dev/null 2>&1 && [[ $EUID -eq 0 ]]; then
    log "installing valgrind (instruction counts)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q valgrind >&2 || log "valgrind could not be installed"
fi
log "configuring $BUILD (Release)"
cmake -S "$REPO" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DQORM_BUILD_BENCHMARKS=ON >/dev/null
log "building qorm_bench"
nice -n 10 cmake --build "$BUILD" -j"$JOBS" --target qorm_bench qorm_bench_compiletime >&2
BENCH=$BUILD/benchmarks/qorm_bench
"$BENCH" --check-ddl >/dev/null || { log "qorm's CREATE TABLE differs from the benchmark's: $("$BENCH" --check-ddl)"; exit 1; }

# --- 2. fixtures --------------------------------------------------------------------------------
mkdir -p "$FIXTURES"
rm -rf "$WORK"
mkdir -p "$WORK"
F100K=$FIXTURES/people-100k.db
F1M=$FIXTURES/people-1m.db
log "writing fixtures (100k and 1M rows)"
"$BENCH" --prepare "$F100K" --rows 100000
"$BENCH" --prepare "$F1M" --rows 1000000

# --- 3. workloads -------------------------------------------------------------------------------
# workload impl rows fixture digest-group
plan=(
    "W1 raw 100000 - w1"
    "W1 sqlite3 100000 - w1"
    "W1 qorm 100000 - w1"
    "W1 tablemodel 4000 - -"          # QSqlTableModel::insertRecord + submitAll is quadratic: 4k rows only
    "W2 raw 100000 $F100K w2"
    "W2 sqlite3 100000 $F100K w2"
    "W2 qorm 100000 $F100K w2"
    "W2 tablemodel 100000 $F100K w2"
    "W3 raw 100000 $F100K w3"
    "W3 sqlite3 100000 $F100K w3"
    "W3 qorm 100000 $F100K w3"
    "W3 tablemodel 100000 $F100K w3"
    "W4 raw 1000 $F100K w4a"
    "W4 sqlite3 1000 $F100K w4a"
    "W4 qorm 1000 $F100K w4a"
    "W4 tablemodel 1000 $F100K w4a"   # submitAll of many updated rows is quadratic: 1k rows only
    "W4 raw 10000 $F100K w4b"
    "W4 sqlite3 10000 $F100K w4b"
    "W4 qorm 10000 $F100K w4b"
    "W4 raw 100000 $F100K w4c"
    "W4 sqlite3 100000 $F100K w4c"
    "W4 qorm 100000 $F100K w4c"
    "W5 qorm 1000000 $F1M w5a"
    "W5 tablemodel 1000000 $F1M w5a"
    "W5 tablemodel-all 1000000 $F1M w5a"
    "W5 raw-all 1000000 $F1M w5b"
    "W5 qorm-all 1000000 $F1M w5b"
    "W6 qorm 100000 $F100K w6"
    "W6 tablemodel 100000 $F100K w6"
    "W7 qorm 100000 $F100K w7"
    "W7 tablemodel 100000 $F100K w7"
)

: >"$RESULTS"
for tz in unset UTC; do
    for entry in "${plan[@]}"; do
        read -r workload impl rows fixture group <<<"$entry"
        [[ "$workload/$impl" =~ $ONLY ]] || continue
        args=(--workload "$workload" --impl "$impl" --rows "$rows" --reps "$REPS" --workdir "$WORK")
        [[ $fixture != - ]] && args+=(--fixture "$fixture")
        log "TZ=$tz $workload $impl rows=$rows"
        if [[ $tz == unset ]]; then
            line=$(env -u TZ "$BENCH" "${args[@]}" | grep '^RESULT ') || line="RESULT workload=$workload impl=$impl rows=$rows failed=1"
        else
            line=$(TZ=$tz "$BENCH" "${args[@]}" | grep '^RESULT ') || line="RESULT workload=$workload impl=$impl rows=$rows failed=1"
        fi
        echo "$line tz=$tz group=$group" >>"$RESULTS"
    done
done

# --- 3b. instruction counts (callgrind) --------------------------------------------------------
# The timed region only (Stopwatch toggles collection), one repetition, W1-W4 and the model
# workloads W6-W7 (against QSqlTableModel): the steady figure to decide by on a noisy machine. Rows as in the timing plan (W4: 10k updates).
if command -v valgrind >/dev/null 2>&1; then
    counted=(
        "W1 raw 100000 -" "W1 sqlite3 100000 -" "W1 qorm 100000 -"
        "W2 raw 100000 $F100K" "W2 sqlite3 100000 $F100K" "W2 qorm 100000 $F100K"
        "W3 raw 100000 $F100K" "W3 sqlite3 100000 $F100K" "W3 qorm 100000 $F100K"
        "W4 raw 10000 $F100K" "W4 sqlite3 10000 $F100K" "W4 qorm 10000 $F100K"
        "W6 tablemodel 100000 $F100K" "W6 qorm 100000 $F100K"
        "W7 tablemodel 100000 $F100K" "W7 qorm 100000 $F100K"
    )
    for entry in "${counted[@]}"; do
        read -r workload impl rows fixture <<<"$entry"
        [[ "$workload/$impl" =~ $ONLY ]] || continue
        args=(--workload "$workload" --impl "$impl" --rows "$rows" --reps 1 --workdir "$WORK")
        [[ $fixture != - ]] && args+=(--fixture "$fixture")
        log "callgrind $workload $impl rows=$rows"
        out=$WORK/callgrind.out
        rm -f "$out"
        if TZ=UTC valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$out" "$BENCH" "${args[@]}" >/dev/null 2>&1; then
            ir=$(awk '/^(totals|summary):/ { print $2; exit }' "$out")
            echo "CALLGRIND workload=$workload impl=$impl rows=$rows ir=${ir:-0}" >>"$RESULTS"
        else
            echo "CALLGRIND workload=$workload impl=$impl rows=$rows failed=1" >>"$RESULTS"
        fi
    done
else
    log "valgrind not found: no instruction counts"
fi

# --- 4. compile time ----------------------------------------------------------------------------
# The command CMake uses for FILE, from compile_commands.json ("command" precedes "file").
compile_command() {
    awk -v f="$1" '
        /"command":/ { cmd = $0; sub(/^[^:]*: *"/, "", cmd); sub(/",? *$/, "", cmd); gsub(/\\"/, "\"", cmd); gsub(/\\\\/, "\\", cmd) }
        /"file":/ && index($0, "\"" f "\"") { print cmd; exit }
    ' "$BUILD/compile_commands.json"
}
# time_compile FILE OPTFLAGS... -> seconds of one `c++ -c`
time_compile() {
    local file=$1
    shift
    local cmd words=() out=() skip=0 w t0 t1
    cmd=$(compile_command "$file")
    [[ -n $cmd ]] || { log "no compile command for $file"; return 1; }
    read -ra words <<<"$cmd"
    for w in "${words[@]}"; do
        if ((skip)); then skip=0; continue; fi
        case $w in
            -O*|-g|-g[0-9]|-ggdb*) ;;
            -o|-MF|-MT|-MQ) skip=1; [[ $w == -o ]] && out+=(-o "$WORK/ct.o") ;;
            -MD|-MMD) ;;
            *) out+=("$w") ;;
        esac
    done
    out+=("$@")
    t0=$(now_ns)
    (cd "$BUILD" && "${out[@]}")
    t1=$(now_ns)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }'
}
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }

if [[ "CT/qorm" =~ $ONLY || "CT/raw" =~ $ONLY ]]; then
    for opt in "-O0 -g" "-O2"; do
        q=() r=()
        log "compile time ($opt)"
        for _ in 1 2 3; do
            # shellcheck disable=SC2086
            q+=("$(time_compile "$REPO/benchmarks/compiletime/qorm_tu.cpp" $opt)")
            # shellcheck disable=SC2086
            r+=("$(time_compile "$REPO/benchmarks/compiletime/raw_tu.cpp" $opt)")
        done
        echo "COMPILE opt=${opt// /_} impl=qorm median_s=$(median3 "${q[@]}") samples=$(IFS=,; echo "${q[*]}")" >>"$RESULTS"
        echo "COMPILE opt=${opt// /_} impl=raw median_s=$(median3 "${r[@]}") samples=$(IFS=,; echo "${r[*]}")" >>"$RESULTS"
    done
fi
rm -rf "$WORK"

# --- 5. the table -------------------------------------------------------------------------------
elapsed=$(( ($(now_ns) - t_start) / 1000000000 ))
qt_version=$(dpkg-query -W -f='${Version}' libqt6core6 2>/dev/null || echo '?')
sqlite_version=$(dpkg-query -W -f='${Version}' libsqlite3-0 2>/dev/null || echo '?')
cpu=$(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //')
mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
{
    echo "qorm benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$REPO" diff --quiet 2>/dev/null || echo '+local changes')"
    echo "Machine: $(nproc) x $cpu, $mem RAM; Debian $(cat /etc/debian_version 2>/dev/null || echo '?'); Qt $qt_version; SQLite $sqlite_version; $(c++ --version | head -1)"
    echo "SQLite file database, default pragmas, Release build. Times: median of $REPS repetitions per process; RSS: peak of that process."
    echo
    awk -f "$REPO/benchmarks/table.awk" "$RESULTS"
    echo
    if grep -q '^CALLGRIND ' "$RESULTS"; then
        echo "Instructions in the timed region (callgrind, 1 repetition, TZ=UTC); ratio to raw QSqlQuery (W6, W7: to QSqlTableModel, in the raw column):"
        echo
        echo "| workload | rows | raw | sqlite3 | qorm | qorm / raw | per row (qorm) |"
        echo "| --- | --- | --- | --- | --- | --- | --- |"
        awk '/^CALLGRIND / {
                 for (i = 2; i <= NF; ++i) { split($i, kv, "="); f[kv[1]] = kv[2] }
                 key = f["workload"]; rows[key] = f["rows"]; ir[key, f["impl"]] = f["ir"]; if (!(key in seen)) { order[++n] = key; seen[key] = 1 }
             }
             END {
                 for (k = 1; k <= n; ++k) {
                     w = order[k]; r = ir[w, "raw"]; q = ir[w, "qorm"]; s = ir[w, "sqlite3"]
                     if (r == "") r = ir[w, "tablemodel"] # the model workloads compare with QSqlTableModel
                     printf "| %s | %s | %.1fM | %.1fM | %.1fM | %s | %.0f |\n", w, rows[w], r / 1e6, s / 1e6, q / 1e6,
                            (r > 0 ? sprintf("%.2f", q / r) : "?"), (rows[w] > 0 ? q / rows[w] : 0)
                 }
             }' "$RESULTS"
        echo
    fi
    echo "run.sh took ${elapsed} s."
} | tee "$TABLE"
