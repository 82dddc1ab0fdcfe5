#!/usr/bin/env bash
# db-servers.sh - throwaway PostgreSQL and MariaDB servers on loopback for the qorm test suite.
#
# Usage:
#   scripts/db-servers.sh start    # (re)create DIR, start both servers, load Chinook, write DIR/env.sh
#   scripts/db-servers.sh stop     # stop the servers this script started in DIR (safe if none run)
#   scripts/db-servers.sh status   # show what runs in DIR (exit 0 if both run, 3 otherwise)
#   scripts/db-servers.sh stop postgresql|mariadb     # stop one server, keep its data
#   scripts/db-servers.sh resume postgresql|mariadb   # start it again on that data (tests that
#                                                     # take a server away between commits)
#
# Typical use (e.g. in scripts/run-tests.sh):
#   trap 'scripts/db-servers.sh stop' EXIT INT TERM
#   scripts/db-servers.sh start && source build/db-servers/env.sh
#
# Environment:
#   QORM_SERVERS_DIR  throwaway directory      (default: <repo>/build/db-servers)
#   QORM_PG_PORT      PostgreSQL TCP port      (default: 55432)
#   QORM_MYSQL_PORT   MariaDB TCP port         (default: 53306)
#
# env.sh exports QORM_TEST_PSQL_URL, QORM_TEST_MYSQL_URL, QORM_CHINOOK_PSQL_URL and
# QORM_CHINOOK_MYSQL_URL (user/password qorm/qorm; databases qorm_test everywhere, Chinook in
# "chinook" on PostgreSQL and "Chinook" on MariaDB).
#
# Servers listen on 127.0.0.1 only and check passwords on TCP (PostgreSQL: scram-sha-256).
# Missing Debian packages (postgresql, mariadb-server and their clients) are installed with
# apt-get. PostgreSQL runs as user "postgres" when started by root.
# The script only ever stops servers it started itself, identified by the pid files in DIR.
# Both servers run with durability off (fsync etc.): the data is throwaway.

set -euo pipefail

SCRIPT_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd -- "$SCRIPT_DIR/.." && pwd -P)

DIR=${QORM_SERVERS_DIR:-$REPO/build/db-servers}
PG_PORT=${QORM_PG_PORT:-55432}
MY_PORT=${QORM_MYSQL_PORT:-53306}

MARKER=.qorm-db-servers          # marks directories this script created (and may delete)
PG_TRACKS=3503                   # expected row count of Chinook's track table

CHINOOK_PG_SQL=$REPO/chinook/data/Chinook_PostgreSql.sql
CHINOOK_MY_SQL=$REPO/chinook/data/Chinook_MySql.sql

# Keep the caller's client settings from leaking into our connections.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGOPTIONS PGPASSFILE \
      MYSQL_HOST MYSQL_TCP_PORT MYSQL_UNIX_PORT MYSQL_PWD
export PGCLIENTENCODING=UTF8 PGCONNECT_TIMEOUT=10
# TCP connections need a password (so that tests can check a wrong one is refused); the
# superuser connects over the server's Unix socket instead.
export PGPASSWORD=qorm
export DEBIAN_FRONTEND=noninteractive

log()  { printf '[db-servers] %s\n' "$*" >&2; }
die()  { printf '[db-servers] ERROR: %s\n' "$*" >&2; exit 1; }
now_ms() { date +%s%3N; }
secs_since() { local t0=$1 t1; t1=$(now_ms); printf '%d.%03ds' $(((t1 - t0) / 1000)) $(((t1 - t0) % 1000)); }

is_root() { [[ $EUID -eq 0 ]]; }

# --- locations inside DIR ---------------------------------------------------------------------
# PostgreSQL lives in PG_ROOT (owned by the server user): PG_ROOT/data and PG_ROOT/server.log.
# PG_ROOT is DIR/pg unless the user postgres cannot reach DIR, then a mktemp dir recorded in
# DIR/pg.root.
set_paths() {
    MY_ROOT=$DIR/mariadb
    MY_DATA=$MY_ROOT/data
    MY_SOCK=$MY_ROOT/mariadb.sock
    MY_PIDFILE=$MY_ROOT/mariadbd.pid        # written by mariadbd
    MY_LAUNCH_PIDFILE=$MY_ROOT/launch.pid   # written by us before exec'ing mariadbd
    MY_LOG=$MY_ROOT/server.log
}
set_paths

pg_root() {
    if [[ -f $DIR/pg.root ]]; then cat -- "$DIR/pg.root"; else printf '%s\n' "$DIR/pg"; fi
}

# --- tools ------------------------------------------------------------------------------------
pg_bindir() {
    local d dirs
    if [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
        printf '%s\n' /usr/lib/postgresql/15/bin
        return 0
    fi
    # Otherwise the newest installed major version.
    mapfile -t dirs < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r)
    for d in "${dirs[@]}"; do
        if [[ -x $d/initdb ]]; then printf '%s\n' "$d"; return 0; fi
    done
    return 1
}

find_tool() {  # find_tool NAME... -> first one found in PATH or /usr/sbin, /usr/bin
    local n
    for n in "$@"; do
        if command -v "$n" >/dev/null 2>&1; then command -v "$n"; return 0; fi
        if [[ -x /usr/sbin/$n ]]; then printf '%s\n' "/usr/sbin/$n"; return 0; fi
        if [[ -x /usr/bin/$n ]]; then printf '%s\n' "/usr/bin/$n"; return 0; fi
    done
    return 1
}

ensure_packages() {
    local missing=()
    pg_bindir >/dev/null || missing+=(postgresql)
    command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
    find_tool mariadbd >/dev/null || missing+=(mariadb-server)
    find_tool mariadb-install-db >/dev/null || missing+=(mariadb-server)
    command -v mariadb >/dev/null 2>&1 || missing+=(mariadb-client)
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    local sudo=()
    if ! is_root; then
        command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to install: ${missing[*]}"
        sudo=(sudo -n)
    fi
    log "installing missing packages: ${missing[*]}"
    local t0; t0=$(now_ms)
    timeout 600 "${sudo[@]}" apt-get update -q >/dev/null \
        || die "apt-get update failed"
    timeout 1200 "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q "${missing[@]}" >/dev/null \
        || die "apt-get install ${missing[*]} failed"
    log "packages installed in $(secs_since "$t0")"
    pg_bindir >/dev/null || die "initdb still missing after installing postgresql"
    find_tool mariadbd >/dev/null || die "mariadbd still missing after installing mariadb-server"
    find_tool mariadb-install-db >/dev/null || die "mariadb-install-db still missing after install"
    command -v psql >/dev/null 2>&1 || die "psql still missing after installing postgresql-client"
    command -v mariadb >/dev/null 2>&1 || die "mariadb still missing after installing mariadb-client"
}

# Run a command as the PostgreSQL server user (postgres when we are root).
as_pg() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

port_in_use() {  # port_in_use PORT -> 0 if something accepts connections on 127.0.0.1:PORT
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# pid_matches PID WORD...: the process exists and its command line contains every WORD.
pid_matches() {
    local pid=$1 cmd w
    shift
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    [[ -r /proc/$pid/cmdline ]] || return 1
    cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    for w in "$@"; do
        [[ $cmd == *"$w"* ]] || return 1
    done
}

# --- PostgreSQL -------------------------------------------------------------------------------
pg_running_pid() {  # prints the postmaster pid of OUR cluster if it runs
    local data pid
    data=$(pg_root)/data
    [[ -f $data/postmaster.pid ]] || return 1
    pid=$(head -n 1 -- "$data/postmaster.pid" 2>/dev/null) || return 1
    pid_matches "$pid" postgres "$data" || return 1
    printf '%s\n' "$pid"
}

pg_sql() {  # pg_sql DB [psql args...] - superuser connection over the Unix socket (trust auth)
    local db=$1
    shift
    psql -X -q -v ON_ERROR_STOP=1 -h "$(pg_root)/data" -p "$PG_PORT" -U postgres -d "$db" "$@"
}

pg_start() {
    local bindir root data t0 pid
    bindir=$(pg_bindir) || die "PostgreSQL binaries not found"
    root=$DIR/pg
    mkdir -p -- "$root"
    touch -- "$root/$MARKER"
    if is_root; then
        chown -R postgres:postgres -- "$root"
        chmod 700 -- "$root"
        if ! runuser -u postgres -- test -w "$root" 2>/dev/null; then
            # postgres cannot traverse DIR (e.g. the repo is under /root): use a private tmp dir.
            rm -rf -- "$root"
            root=$(mktemp -d "${TMPDIR:-/tmp}/qorm-pg.XXXXXX")
            touch -- "$root/$MARKER"
            chown -R postgres:postgres -- "$root"
            printf '%s\n' "$root" >"$DIR/pg.root"
            log "postgres cannot access $DIR; PostgreSQL data goes to $root"
        fi
    fi
    data=$root/data
    PG_LOG=$root/server.log
    local sock=$data/.s.PGSQL.$PG_PORT
    ((${#sock} < 100)) || die "unix socket path too long ($sock); set a shorter QORM_SERVERS_DIR"

    log "PostgreSQL: initdb ($bindir)"
    t0=$(now_ms)
    as_pg timeout 120 "$bindir/initdb" -D "$data" --auth-local=trust --auth-host=scram-sha-256 -U postgres -E UTF8 \
        --locale=C.UTF-8 --lc-collate=C --no-sync >"$DIR/pg-initdb.log" 2>&1 \
        || { tail -n 30 "$DIR/pg-initdb.log" >&2; die "initdb failed"; }
    log "PostgreSQL: initdb took $(secs_since "$t0")"

    pg_launch

    pg_sql postgres <<'SQL'
CREATE ROLE qorm WITH LOGIN CREATEDB PASSWORD 'qorm';
CREATE DATABASE qorm_test OWNER qorm;
CREATE DATABASE chinook OWNER qorm;
SQL
    log "PostgreSQL: role qorm, databases qorm_test and chinook created"
}

# Starts the server on the existing cluster in PG_ROOT/data and waits until it answers.
pg_launch() {
    local bindir data t0 pid i
    bindir=$(pg_bindir) || die "PostgreSQL binaries not found"
    data=$(pg_root)/data
    PG_LOG=$(pg_root)/server.log
    t0=$(now_ms)
    as_pg "$bindir/pg_ctl" -D "$data" -l "$PG_LOG" -w -t 60 start -o "-p $PG_PORT -k '$data' \
-c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >"$DIR/pg-ctl.log" 2>&1 \
        || { cat "$DIR/pg-ctl.log" >&2; die "pg_ctl start failed"; }
    for ((i = 0; i < 60; i++)); do
        if "$bindir/pg_isready" -q -h "$data" -p "$PG_PORT" -U postgres -d postgres -t 2; then break; fi
        sleep 1
    done
    ((i < 60)) || die "PostgreSQL did not become ready on 127.0.0.1:$PG_PORT"
    pid=$(pg_running_pid) || die "PostgreSQL started but no postmaster.pid in $data"
    log "PostgreSQL: running (pid $pid) on 127.0.0.1:$PG_PORT, start took $(secs_since "$t0")"
}

pg_stop() {
    local root data pid bindir i
    root=$(pg_root)
    data=$root/data
    if ! pid=$(pg_running_pid); then
        return 0
    fi
    log "PostgreSQL: stopping pid $pid ($data)"
    if bindir=$(pg_bindir); then
        as_pg "$bindir/pg_ctl" -D "$data" -w -t 30 stop -m fast >/dev/null 2>&1 \
            || as_pg "$bindir/pg_ctl" -D "$data" -w -t 10 stop -m immediate >/dev/null 2>&1 \
            || true
    fi
    for ((i = 0; i < 10; i++)); do
        pid_matches "$pid" postgres "$data" || break
        if ((i == 0)); then kill -TERM "$pid" 2>/dev/null || true; fi
        sleep 1
    done
    if pid_matches "$pid" postgres "$data"; then
        log "PostgreSQL: pid $pid still alive, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 1
    fi
    pid_matches "$pid" postgres "$data" && die "could not stop PostgreSQL pid $pid"
    log "PostgreSQL: stopped"
}

# --- MariaDB ----------------------------------------------------------------------------------
# Client command line for our server over TCP; append -u USER [--password=...] [args...].
MY_CLIENT=(mariadb --no-defaults --protocol=TCP -h 127.0.0.1 -P "$MY_PORT"
           --default-character-set=utf8mb4 --connect-timeout=5)
my_root() { "${MY_CLIENT[@]}" -u root "$@"; }
my_qorm() { "${MY_CLIENT[@]}" -u qorm --password=qorm "$@"; }

my_running_pid() {  # prints the pid of OUR mariadbd if it runs
    local f pid
    for f in "$MY_PIDFILE" "$MY_LAUNCH_PIDFILE"; do
        [[ -f $f ]] || continue
        pid=$(head -n 1 -- "$f" 2>/dev/null) || continue
        if pid_matches "$pid" mariadbd "--datadir=$MY_DATA"; then
            printf '%s\n' "$pid"
            return 0
        fi
    done
    return 1
}

my_start() {
    local mariadbd installdb t0 i user=()
    mariadbd=$(find_tool mariadbd) || die "mariadbd not found"
    installdb=$(find_tool mariadb-install-db) || die "mariadb-install-db not found"
    ((${#MY_SOCK} < 100)) || die "unix socket path too long ($MY_SOCK); set a shorter QORM_SERVERS_DIR"
    is_root && user=(--user=root)
    mkdir -p -- "$MY_ROOT"
    touch -- "$MY_ROOT/$MARKER"

    log "MariaDB: mariadb-install-db"
    t0=$(now_ms)
    timeout 180 "$installdb" --no-defaults --datadir="$MY_DATA" "${user[@]}" \
        --auth-root-authentication-method=normal --skip-test-db --skip-name-resolve \
        >"$MY_ROOT/install-db.log" 2>&1 \
        || { tail -n 30 "$MY_ROOT/install-db.log" >&2; die "mariadb-install-db failed"; }
    log "MariaDB: install-db took $(secs_since "$t0")"

    my_launch

    my_root <<'SQL'
CREATE USER IF NOT EXISTS 'qorm'@'127.0.0.1' IDENTIFIED BY 'qorm';
CREATE USER IF NOT EXISTS 'qorm'@'localhost' IDENTIFIED BY 'qorm';
GRANT ALL PRIVILEGES ON *.* TO 'qorm'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO 'qorm'@'localhost';
CREATE DATABASE qorm_test CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
CREATE DATABASE Chinook CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci;
FLUSH PRIVILEGES;
SQL
    log "MariaDB: user qorm, databases qorm_test and Chinook created"
}

# Starts mariadbd on the existing data directory MY_DATA and waits until it answers.
my_launch() {
    local mariadbd t0 i user=()
    mariadbd=$(find_tool mariadbd) || die "mariadbd not found"
    is_root && user=(--user=root)
    t0=$(now_ms)
    # setsid detaches the server from the caller's terminal/process group; the inner shell writes
    # its own pid (= mariadbd's after exec) so that we can stop it even before mariadbd writes
    # its pid file.
    # shellcheck disable=SC2016  # $$, $1 and $@ belong to the inner shell
    setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$MY_LAUNCH_PIDFILE" \
        "$mariadbd" --no-defaults --datadir="$MY_DATA" "${user[@]}" \
        --port="$MY_PORT" --bind-address=127.0.0.1 --socket="$MY_SOCK" --pid-file="$MY_PIDFILE" \
        --skip-name-resolve --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
        --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --innodb-buffer-pool-size=128M --max-allowed-packet=256M \
        </dev/null >>"$MY_LOG" 2>&1 &
    for ((i = 0; i < 120; i++)); do
        if my_root -e 'select 1' >/dev/null 2>&1; then break; fi
        if ((i > 4)) && ! my_running_pid >/dev/null; then
            die "mariadbd exited during startup"
        fi
        sleep 0.5
    done
    ((i < 120)) || die "MariaDB did not answer on 127.0.0.1:$MY_PORT within 60 s"
    log "MariaDB: running (pid $(my_running_pid || echo '?')) on 127.0.0.1:$MY_PORT, start took $(secs_since "$t0")"
}

my_stop() {
    local pid i
    if ! pid=$(my_running_pid); then
        return 0
    fi
    log "MariaDB: stopping pid $pid ($MY_DATA)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 60; i++)); do
        pid_matches "$pid" mariadbd "--datadir=$MY_DATA" || break
        sleep 0.5
    done
    if pid_matches "$pid" mariadbd "--datadir=$MY_DATA"; then
        log "MariaDB: pid $pid still alive after 30 s, sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        sleep 1
    fi
    pid_matches "$pid" mariadbd "--datadir=$MY_DATA" && die "could not stop MariaDB pid $pid"
    rm -f -- "$MY_LAUNCH_PIDFILE"
    log "MariaDB: stopped"
}

# --- Chinook ----------------------------------------------------------------------------------
# The upstream scripts start with DROP DATABASE / CREATE DATABASE / \c (PostgreSQL) or USE
# (MariaDB) for their own database; we create the databases ourselves (owned by qorm), so those
# lines are filtered out and the scripts run inside the target database.
load_chinook() {
    local t0 pg_sql_file my_sql_file n
    [[ -r $CHINOOK_PG_SQL ]] || die "missing $CHINOOK_PG_SQL"
    [[ -r $CHINOOK_MY_SQL ]] || die "missing $CHINOOK_MY_SQL"
    pg_sql_file=$DIR/chinook-pg.sql
    my_sql_file=$DIR/chinook-mysql.sql
    # Statements only (they end with ';'), not the "Drop database if it exists" comments.
    local db_stmt='^[[:space:]]*(DROP|CREATE)[[:space:]]+DATABASE[[:space:]].*;[[:space:]]*$'
    local use_stmt='^[[:space:]]*USE[[:space:]]+[^[:space:]]+[[:space:]]*;[[:space:]]*$'
    local psql_c='^[[:space:]]*\\(c|connect)([[:space:]]|;|$)'
    sed -E -e "/$db_stmt/Id" -e "/$psql_c/d" "$CHINOOK_PG_SQL" >"$pg_sql_file"
    sed -E -e "/$db_stmt/Id" -e "/$use_stmt/Id" "$CHINOOK_MY_SQL" >"$my_sql_file"
    if grep -qiE "$db_stmt|$use_stmt|$psql_c" "$pg_sql_file" "$my_sql_file"; then
        die "Chinook scripts still switch databases after filtering"
    fi
    log "Chinook: removed $(($(wc -l <"$CHINOOK_PG_SQL") - $(wc -l <"$pg_sql_file"))) (PostgreSQL)" \
        "and $(($(wc -l <"$CHINOOK_MY_SQL") - $(wc -l <"$my_sql_file"))) (MariaDB) database-switching lines"

    log "Chinook: loading into PostgreSQL database chinook"
    t0=$(now_ms)
    timeout 300 psql -X -q -v ON_ERROR_STOP=1 --single-transaction -h 127.0.0.1 -p "$PG_PORT" \
        -U qorm -d chinook -f "$pg_sql_file" >"$DIR/chinook-pg.log" 2>&1 \
        || { tail -n 20 "$DIR/chinook-pg.log" >&2; die "loading Chinook into PostgreSQL failed"; }
    n=$(psql -X -qAt -h 127.0.0.1 -p "$PG_PORT" -U qorm -d chinook -c 'select count(*) from track')
    [[ $n == "$PG_TRACKS" ]] || die "PostgreSQL chinook: track has '$n' rows, expected $PG_TRACKS"
    log "Chinook: PostgreSQL loaded in $(secs_since "$t0") (track = $n rows)"

    log "Chinook: loading into MariaDB database Chinook"
    t0=$(now_ms)
    timeout 300 "${MY_CLIENT[@]}" -u qorm --password=qorm Chinook <"$my_sql_file" >"$DIR/chinook-mysql.log" 2>&1 \
        || { tail -n 20 "$DIR/chinook-mysql.log" >&2; die "loading Chinook into MariaDB failed"; }
    n=$(my_qorm Chinook -N -B -e 'select count(*) from Track')
    [[ $n == "$PG_TRACKS" ]] || die "MariaDB Chinook: Track has '$n' rows, expected $PG_TRACKS"
    log "Chinook: MariaDB loaded in $(secs_since "$t0") (Track = $n rows)"

    # The upstream server scripts give the keys no generator (SQLite's INTEGER PRIMARY KEY is
    # one); the demo and the tests add rows, so every key column generates its value when none is
    # given, continuing after the loaded rows — as in the SQLite file.
    local table key pg_alter='' my_alter='SET foreign_key_checks = 0;'
    for table in Artist Album Track Genre MediaType Playlist Customer Employee Invoice InvoiceLine; do
        key=${table}Id
        local pg_table pg_key
        pg_table=$(sed -E 's/([a-z])([A-Z])/\1_\2/g' <<<"$table" | tr '[:upper:]' '[:lower:]')
        pg_key=${pg_table}_id
        pg_alter+="ALTER TABLE $pg_table ALTER COLUMN $pg_key ADD GENERATED BY DEFAULT AS IDENTITY;"
        pg_alter+="SELECT setval(pg_get_serial_sequence('$pg_table', '$pg_key'), (SELECT max($pg_key) FROM $pg_table));"
        my_alter+="ALTER TABLE \`$table\` MODIFY \`$key\` INT NOT NULL AUTO_INCREMENT;"
    done
    my_alter+='SET foreign_key_checks = 1;'
    psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U qorm -d chinook -c "$pg_alter" >>"$DIR/chinook-pg.log" 2>&1 \
        || { tail -n 5 "$DIR/chinook-pg.log" >&2; die "PostgreSQL chinook: adding identity keys failed"; }
    my_qorm Chinook -e "$my_alter" >>"$DIR/chinook-mysql.log" 2>&1 \
        || { tail -n 5 "$DIR/chinook-mysql.log" >&2; die "MariaDB Chinook: adding AUTO_INCREMENT keys failed"; }
    log "Chinook: keys generate their values on both servers"
}

# --- commands ---------------------------------------------------------------------------------
write_env() {
    local f=$DIR/env.sh
    cat >"$f" <<EOF
# Generated by scripts/db-servers.sh start - source this file.
export QORM_TEST_PSQL_URL='postgresql://qorm:qorm@127.0.0.1:$PG_PORT/qorm_test'
export QORM_TEST_MYSQL_URL='mysql://qorm:qorm@127.0.0.1:$MY_PORT/qorm_test'
export QORM_CHINOOK_PSQL_URL='postgresql://qorm:qorm@127.0.0.1:$PG_PORT/chinook?naming=snake_case'
export QORM_CHINOOK_MYSQL_URL='mysql://qorm:qorm@127.0.0.1:$MY_PORT/Chinook?naming=pascal_case'
EOF
    printf 'PG_PORT=%s\nMY_PORT=%s\n' "$PG_PORT" "$MY_PORT" >"$DIR/ports"
    printf '%s\n' "$f"
}

# Remove DIR (and a tmp PostgreSQL root) - only if this script created them.
wipe_dir() {
    local root
    [[ -e $DIR ]] || return 0
    [[ -d $DIR ]] || die "$DIR exists and is not a directory"
    if [[ ! -e $DIR/$MARKER ]] && [[ -n $(ls -A -- "$DIR") ]]; then
        die "$DIR is not empty and was not created by this script; refusing to delete it"
    fi
    root=$(pg_root)
    if [[ $root != "$DIR/pg" && -e $root/$MARKER ]]; then
        rm -rf -- "$root"
    fi
    rm -rf -- "$DIR"
}

cmd_stop() {
    [[ -d $DIR ]] || { log "nothing to stop ($DIR does not exist)"; return 0; }
    if ! pg_running_pid >/dev/null && ! my_running_pid >/dev/null; then
        log "nothing running in $DIR"
        return 0
    fi
    local rc=0
    (pg_stop) || rc=1
    (my_stop) || rc=1
    if ((rc == 0)); then log "stopped (servers in $DIR)"; fi
    return "$rc"
}

cmd_status() {
    local pid rc=0 pgp=$PG_PORT myp=$MY_PORT
    if [[ -f $DIR/ports ]]; then
        pgp=$(sed -n 's/^PG_PORT=//p' "$DIR/ports")
        myp=$(sed -n 's/^MY_PORT=//p' "$DIR/ports")
    fi
    if [[ -d $DIR ]] && pid=$(pg_running_pid); then
        log "PostgreSQL: running, pid $pid, 127.0.0.1:$pgp, data $(pg_root)/data"
    else
        log "PostgreSQL: not running"
        rc=3
    fi
    if [[ -d $DIR ]] && pid=$(my_running_pid); then
        log "MariaDB:    running, pid $pid, 127.0.0.1:$myp, data $MY_DATA"
    else
        log "MariaDB:    not running"
        rc=3
    fi
    [[ -f $DIR/env.sh ]] && log "env file:   $DIR/env.sh"
    return "$rc"
}

START_DONE=0
on_start_exit() {
    local rc=$?
    trap - EXIT INT TERM
    if ((START_DONE == 0)); then
        ((rc != 0)) || rc=1
        log "start FAILED (exit $rc); server log tails follow"
        local f
        for f in "${PG_LOG:-$(pg_root)/server.log}" "$MY_LOG"; do
            if [[ -f $f ]]; then
                printf '[db-servers] ---- %s (last 30 lines) ----\n' "$f" >&2
                tail -n 30 -- "$f" >&2 || true
            fi
        done
        cmd_stop || true
    fi
    exit "$rc"
}

cmd_start() {
    local t_all t0
    t_all=$(now_ms)
    [[ $PG_PORT =~ ^[0-9]+$ && $MY_PORT =~ ^[0-9]+$ ]] || die "ports must be numeric"
    [[ $PG_PORT != "$MY_PORT" ]] || die "QORM_PG_PORT and QORM_MYSQL_PORT must differ"
    ensure_packages

    # Stale state from an earlier run: stop what we started there, then wipe it.
    if [[ -d $DIR ]]; then
        cmd_stop
        wipe_dir
    fi
    port_in_use "$PG_PORT" && die "127.0.0.1:$PG_PORT is already in use (not by us); set QORM_PG_PORT"
    port_in_use "$MY_PORT" && die "127.0.0.1:$MY_PORT is already in use (not by us); set QORM_MYSQL_PORT"

    mkdir -p -- "$DIR"
    DIR=$(cd -- "$DIR" && pwd -P)
    set_paths
    touch -- "$DIR/$MARKER"
    chmod 755 -- "$DIR"

    trap on_start_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    t0=$(now_ms); pg_start; log "PostgreSQL ready in $(secs_since "$t0")"
    t0=$(now_ms); my_start; log "MariaDB ready in $(secs_since "$t0")"
    load_chinook
    write_env
    START_DONE=1
    trap - EXIT INT TERM
    log "all up in $(secs_since "$t_all"); env file: $DIR/env.sh"
}

# Stops one server (postgresql | mariadb) and keeps its data, for tests that take a server away.
cmd_stop_one() {
    case ${1:-} in
        postgresql) pg_stop ;;
        mariadb)    my_stop ;;
        *) die "stop: unknown server '${1:-}' (postgresql or mariadb)" ;;
    esac
}

# Starts one stopped server (postgresql | mariadb) again on its existing data: the tables and
# users stay as they were, only the connections are gone.
cmd_resume() {
    [[ -f $DIR/env.sh ]] || die "resume: no servers were started in $DIR"
    if [[ -f $DIR/ports ]]; then
        PG_PORT=$(sed -n 's/^PG_PORT=//p' "$DIR/ports")
        MY_PORT=$(sed -n 's/^MY_PORT=//p' "$DIR/ports")
        MY_CLIENT=(mariadb --no-defaults --protocol=TCP -h 127.0.0.1 -P "$MY_PORT"
                   --default-character-set=utf8mb4 --connect-timeout=5)
    fi
    case ${1:-} in
        postgresql) pg_running_pid >/dev/null || pg_launch ;;
        mariadb)    my_running_pid >/dev/null || my_launch ;;
        *) die "resume: unknown server '${1:-}' (postgresql or mariadb)" ;;
    esac
}

main() {
    # Normalise DIR for stop/status too (pid file checks compare the absolute datadir).
    if [[ -d $DIR ]]; then
        DIR=$(cd -- "$DIR" && pwd -P)
        set_paths
    fi
    case ${1:-} in
        start)  cmd_start ;;
        stop)   if [[ -n ${2:-} ]]; then cmd_stop_one "$2"; else cmd_stop; fi ;;
        resume) cmd_resume "${2:-}" ;;
        status) cmd_status ;;
        -h|--help|help) sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" ;;
        *) printf 'usage: %s start | stop [postgresql|mariadb] | resume postgresql|mariadb | status\n' "$0" >&2; exit 2 ;;
    esac
}

main "$@"
