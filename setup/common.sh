# shellcheck shell=bash
# Shared by setup/run and setup/test: find Odoo 19.0, install our Python requirements, bring up
# PostgreSQL (the one named by PG* variables, or a private cluster under .run/) and write the
# Odoo configuration file. Source it; it defines functions and variables only.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUN_DIR="$ROOT/.run"
# ODOO_PYTHON, when set, is the Python to use; otherwise require_odoo picks one (see there).
ODOO_PYTHON_GIVEN=${ODOO_PYTHON:-}
ODOO_PYTHON=${ODOO_PYTHON:-python3}
BASE_PYTHON=${GUEST_REVISIT_BASE_PYTHON:-python3}
VENV_DIR="$ROOT/.venv"
ALL_ADDONS=guest_revisit,guest_revisit_survey,guest_revisit_expense,guest_revisit_helpdesk
ODOO_INSTALL_DOC="https://www.odoo.com/documentation/19.0/administration/on_premise/source.html"
PG_DB_ROLE=${GUEST_REVISIT_PG_ROLE:-odoo}
PG_STARTED_HERE=0

say() { printf '[%s] %s\n' "$(basename "$0")" "$*"; }
die() { printf '[%s] ERROR: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# The Odoo series ("19.0") importable from the Python $1, empty when none.
odoo_series() {
    "$1" -c 'import odoo.release as r; print("%s.%s" % r.version_info[:2])' 2>/dev/null || true
}

# Sets ODOO_PYTHON to a Python with Odoo 19.0: ODOO_PYTHON when given (it must have it), else
# $GUEST_REVISIT_BASE_PYTHON (python3) when it has it, else the virtualenv .venv/, built from
# ODOO_SOURCE by setup/odoo-venv when missing or when ODOO_SOURCE is given.
require_odoo() {
    local version
    if [ -n "$ODOO_PYTHON_GIVEN" ]; then
        command -v "$ODOO_PYTHON" >/dev/null 2>&1 \
            || die "Python interpreter '$ODOO_PYTHON' not found (set ODOO_PYTHON to the Python that has Odoo 19.0, or unset it to build .venv/ from ODOO_SOURCE)."
        version=$(odoo_series "$ODOO_PYTHON")
        [ -n "$version" ] \
            || die "Odoo is not importable from ODOO_PYTHON='$ODOO_PYTHON'. Install Odoo 19.0 Community into that Python (see $ODOO_INSTALL_DOC), or unset ODOO_PYTHON to build .venv/ from ODOO_SOURCE."
        [ "$version" = 19.0 ] \
            || die "ODOO_PYTHON='$ODOO_PYTHON' has Odoo $version, these addons need Odoo 19.0 Community (see $ODOO_INSTALL_DOC)."
        return 0
    fi
    if [ -z "${ODOO_SOURCE:-}" ] && command -v "$BASE_PYTHON" >/dev/null 2>&1 \
        && [ "$(odoo_series "$BASE_PYTHON")" = 19.0 ]; then
        ODOO_PYTHON=$BASE_PYTHON
        return 0
    fi
    if [ -n "${ODOO_SOURCE:-}" ] || [ "$(odoo_series "$VENV_DIR/bin/python")" != 19.0 ]; then
        [ -n "${ODOO_SOURCE:-}" ] || say "no Odoo 19.0 in $BASE_PYTHON: building the virtualenv $VENV_DIR from Odoo's repository (or set ODOO_SOURCE, ODOO_PYTHON)"
        "$ROOT/setup/odoo-venv" || exit 1
    fi
    ODOO_PYTHON="$VENV_DIR/bin/python"
    say "using $ODOO_PYTHON (Odoo 19.0 in .venv/)"
}

# pip install requirements.txt (the addons') and setup/requirements.txt (these tools') into the
# Odoo Python, skipped when nothing changed since last time.
install_requirements() {
    mkdir -p "$RUN_DIR"
    local stamp="$RUN_DIR/requirements.stamp" want
    want="$("$ODOO_PYTHON" -c 'import sys; print(sys.executable)') $(cat "$ROOT/requirements.txt" "$ROOT/setup/requirements.txt" | sha256sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    say "installing Python requirements (requirements.txt, setup/requirements.txt) into $ODOO_PYTHON"
    "$ODOO_PYTHON" -m pip install --quiet --disable-pip-version-check \
        -r "$ROOT/requirements.txt" -r "$ROOT/setup/requirements.txt" \
        || die "pip could not install requirements.txt and setup/requirements.txt"
    echo "$want" > "$stamp"
}

# PostgreSQL server binaries (initdb, pg_ctl), version 13 or newer.
find_pg_bindir() {
    local candidate best="" best_version=0 version
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null) \
                     "$(pg_config --bindir 2>/dev/null)" \
                     "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/x)")"; do
        [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ] || continue
        version=$("$candidate/initdb" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)*.*/\1/')
        if [ "$version" -ge 13 ] 2>/dev/null && [ "$version" -gt "$best_version" ]; then
            best=$candidate best_version=$version
        fi
    done
    echo "$best"
}

free_port() {
    "$ODOO_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Run a command as the cluster's OS owner: initdb and postgres refuse root.
as_pg_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u "$PG_OS_USER" -- "$@"
    else
        "$@"
    fi
}

# An empty data directory $1 for a cluster of PG_OS_USER.
empty_cluster_dir() {
    rm -rf "$1" && mkdir -p "$1" && chown "$PG_OS_USER" "$1" && chmod 700 "$1"
}

# Starts the cluster of data directory $2 (server binaries in $1) on 127.0.0.1:$3 only, no
# Unix socket, logging to $4, with the further server options $5 -- unless it runs
# already: then it returns 1.
start_cluster() {
    local bindir=$1 dir=$2 port=$3 log=$4 options=$5
    as_pg_owner "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1 && return 1
    touch "$log" && chown "$PG_OS_USER" "$log"
    as_pg_owner "$bindir/pg_ctl" -D "$dir" -l "$log" -w \
        -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='' $options" start >/dev/null \
        || die "PostgreSQL in $dir did not start, see $log"
}

# Sets PGHOST/PGPORT/PGUSER/PGPASSWORD for Odoo: the caller's server when PGHOST is set, else a
# private cluster in .run/pgdata listening on 127.0.0.1 only (trust auth: loopback, this user's
# development data).
ensure_postgres() {
    if [ -n "${PGHOST:-}" ]; then
        export PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-$PG_DB_ROLE} PGPASSWORD=${PGPASSWORD:-}
        say "using PostgreSQL at $PGHOST:$PGPORT as $PGUSER (from PG* variables)"
        psql_cmd -d postgres -c 'select 1' >/dev/null 2>&1 \
            || die "cannot connect to PostgreSQL at $PGHOST:$PGPORT as $PGUSER (check PGHOST/PGPORT/PGUSER/PGPASSWORD)"
        return 0
    fi
    local bindir data="$RUN_DIR/pgdata" port_file="$RUN_DIR/pg.port" port
    bindir=$(find_pg_bindir)
    [ -n "$bindir" ] || die "no PostgreSQL server binaries (initdb, pg_ctl >= 13) found on this machine: install them (Debian: apt-get install postgresql) or point PGHOST/PGPORT/PGUSER/PGPASSWORD at an existing server."
    PG_OS_USER=$(id -un)
    if [ "$(id -u)" = 0 ]; then
        PG_OS_USER=postgres
        id "$PG_OS_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_OS_USER"
    fi
    mkdir -p "$RUN_DIR"
    if [ ! -f "$data/PG_VERSION" ]; then
        say "creating a private PostgreSQL cluster in $data ($bindir)"
        empty_cluster_dir "$data"
        as_pg_owner "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$RUN_DIR/initdb.log" 2>&1 \
            || die "initdb failed, see $RUN_DIR/initdb.log"
        free_port > "$port_file"
    fi
    port=$(cat "$port_file")
    if start_cluster "$bindir" "$data" "$port" "$RUN_DIR/postgres.log" \
        "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"; then
        PG_STARTED_HERE=1
        say "private PostgreSQL running on 127.0.0.1:$port"
    fi
    export PGHOST=127.0.0.1 PGPORT=$port PGUSER=$PG_DB_ROLE PGPASSWORD=""
    if ! PGUSER=postgres psql_cmd -d postgres -tAc "select 1 from pg_roles where rolname = '$PG_DB_ROLE'" | grep -q 1; then
        PGUSER=postgres psql_cmd -d postgres -c "create role \"$PG_DB_ROLE\" login createdb" >/dev/null \
            || die "could not create the database role $PG_DB_ROLE"
    fi
    # Dropping a test database WITH (FORCE) must also end an autovacuum worker on it.
    PGUSER=postgres psql_cmd -d postgres -c "grant pg_signal_backend to \"$PG_DB_ROLE\"" >/dev/null 2>&1 || true
}

stop_private_postgres() {
    local bindir data="$RUN_DIR/pgdata"
    [ -f "$data/PG_VERSION" ] || { say "no private PostgreSQL cluster in $data"; return 0; }
    bindir=$(find_pg_bindir)
    PG_OS_USER=$(stat -c %U "$data")
    as_pg_owner "$bindir/pg_ctl" -D "$data" -m fast stop >/dev/null 2>&1 && say "private PostgreSQL stopped" \
        || say "private PostgreSQL was not running"
}

psql_cmd() {
    PGOPTIONS="-c client_min_messages=warning" psql -X -q -v ON_ERROR_STOP=1 "$@"
}

db_exists() {
    [ "$(psql_cmd -d postgres -tAc "select 1 from pg_database where datname = '$1'")" = 1 ]
}

drop_database() {
    local attempt
    # A worker that has just finished with the database may still hold it a moment.
    for attempt in 1 2 3 4 5; do
        psql_cmd -d postgres -c "drop database if exists \"$1\" with (force)" >/dev/null && break
        [ "$attempt" = 5 ] && return 1
        sleep 2
    done
    rm -rf "$RUN_DIR/data/filestore/$1"
}

# What the addons are now: a digest of every file of theirs (not their caches), so that a
# database made from other addons is updated before it is served.
addons_fingerprint() {
    (cd "$ROOT" && find ${ALL_ADDONS//,/ } -type f ! -name '*.pyc' ! -path '*/__pycache__/*' -print0 \
        | sort -z | xargs -0 sha1sum | sha1sum | cut -d' ' -f1)
}

# The Odoo configuration shared by run and test: our repo is the addons path (Odoo adds its own).
write_odoo_config() {
    local conf="$1" http_port="${2:-8069}"
    mkdir -p "$RUN_DIR/data"
    cat > "$conf" <<CONF
[options]
addons_path = $ROOT
data_dir = $RUN_DIR/data
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_password = ${PGPASSWORD:-}
http_interface = 127.0.0.1
http_port = $http_port
list_db = False
CONF
}

# Install all addons with zh_CN, then their demo data. Odoo loads an addon's translations
# after its demo data: the demo is loaded last (as Odoo's "Load demo data" does), so that its
# records, and the mails they send to Chinese guests, meet every addon's Chinese terms. Odoo
# only warns when demo data fails to load and goes on without it: that is a failure here.
install_with_demo() {
    local conf="$1" db="$2" log="$RUN_DIR/install-$2.log"
    shift 2
    {
        "$ODOO_PYTHON" -m odoo -c "$conf" -d "$db" -i "$ALL_ADDONS" --load-language=zh_CN \
            --stop-after-init --log-level=warn "$@" \
        && "$ODOO_PYTHON" -m odoo shell -c "$conf" -d "$db" --log-level=warn "$@" \
            < "$ROOT/setup/load_demo.py"
    } 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    if [ "$rc" != 0 ] || grep -q "demo data failed to install" "$log"; then
        return 1
    fi
}

# The load test's tools (locust, odoolocust) in a virtualenv of their own: they pin gevent and
# Flask versions that Odoo's Python may not share. Sets LOCUST_PYTHON.
LOCUST_VENV="$RUN_DIR/locust-venv"
ensure_locust_venv() {
    local requirements="$ROOT/tests/benchmarks/load/requirements.txt"
    local stamp="$LOCUST_VENV/requirements.stamp" want
    want=$(sha256sum < "$requirements" | cut -d' ' -f1)
    LOCUST_PYTHON="$LOCUST_VENV/bin/python"
    if [ -x "$LOCUST_PYTHON" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
        return 0
    fi
    say "installing locust and odoolocust into $LOCUST_VENV"
    [ -x "$LOCUST_PYTHON" ] || "$BASE_PYTHON" -m venv "$LOCUST_VENV" \
        || die "could not create the virtualenv $LOCUST_VENV"
    "$LOCUST_PYTHON" -m pip install --quiet --disable-pip-version-check -r "$requirements" \
        || die "pip could not install $requirements into $LOCUST_VENV"
    echo "$want" > "$stamp"
}

# A streaming hot-standby replica of the private cluster in .run/pgreplica, on a port of its
# own (REPLICA_PORT): the primary gets a replication role and its pg_hba line (loopback
# only), the replica is a pg_basebackup of it that follows its WAL. Odoo sends read-only
# requests there with db_replica_host/db_replica_port. Only for the private cluster: the
# primary's configuration is changed.
REPLICA_DIR="$RUN_DIR/pgreplica"
REPLICA_ROLE=replicator
# The primary keeps the WAL a stopped replica still has to replay in this slot.
REPLICA_SLOT=guest_revisit_replica
ensure_replica() {
    [ -f "$RUN_DIR/pgdata/PG_VERSION" ] && [ "$PGPORT" = "$(cat "$RUN_DIR/pg.port")" ] \
        || die "the read replica follows the private cluster in $RUN_DIR/pgdata: unset PGHOST/PGPORT"
    local bindir data="$RUN_DIR/pgdata" port_file="$RUN_DIR/pgreplica.port" wal_level
    bindir=$(find_pg_bindir)
    PG_OS_USER=$(stat -c %U "$data")
    wal_level=$(PGUSER=postgres psql_cmd -d postgres -tAc "show wal_level")
    [ "$wal_level" != minimal ] \
        || die "the primary has wal_level=minimal: set wal_level=replica in $data/postgresql.conf and restart it"
    if ! PGUSER=postgres psql_cmd -d postgres -tAc "select 1 from pg_roles where rolname = '$REPLICA_ROLE'" | grep -q 1; then
        PGUSER=postgres psql_cmd -d postgres -c "create role $REPLICA_ROLE replication login" >/dev/null \
            || die "could not create the replication role $REPLICA_ROLE"
    fi
    if ! grep -q "^host replication $REPLICA_ROLE 127.0.0.1/32" "$data/pg_hba.conf"; then
        echo "host replication $REPLICA_ROLE 127.0.0.1/32 trust" >> "$data/pg_hba.conf"
        as_pg_owner "$bindir/pg_ctl" -D "$data" reload >/dev/null
    fi
    if [ ! -f "$REPLICA_DIR/PG_VERSION" ]; then
        say "copying the primary into the replica $REPLICA_DIR (pg_basebackup)"
        empty_cluster_dir "$REPLICA_DIR"
        PGUSER=postgres psql_cmd -d postgres -tAc "select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = '$REPLICA_SLOT'" >/dev/null
        as_pg_owner "$bindir/pg_basebackup" -h 127.0.0.1 -p "$PGPORT" -U "$REPLICA_ROLE" \
            -D "$REPLICA_DIR" -R -X stream -C -S "$REPLICA_SLOT" -c fast >"$RUN_DIR/pgreplica-basebackup.log" 2>&1 \
            || die "pg_basebackup failed, see $RUN_DIR/pgreplica-basebackup.log"
        free_port > "$port_file"
    fi
    REPLICA_PORT=$(cat "$port_file")
    # hot_standby_feedback: the primary's vacuum keeps the rows a long read of the
    # replica still needs, instead of the replica cancelling that read.
    if start_cluster "$bindir" "$REPLICA_DIR" "$REPLICA_PORT" "$RUN_DIR/pgreplica.log" \
        "-c hot_standby=on -c hot_standby_feedback=on -c fsync=off"; then
        say "read replica running on 127.0.0.1:$REPLICA_PORT"
    fi
    [ "$(PGUSER=postgres psql_cmd -p "$REPLICA_PORT" -d postgres -tAc 'select pg_is_in_recovery()')" = t ] \
        || die "the server on port $REPLICA_PORT is not a standby"
}

# Wait until the replica has replayed everything the primary has written so far.
wait_replica_caught_up() {
    local target attempt
    target=$(PGUSER=postgres psql_cmd -d postgres -tAc "select pg_current_wal_lsn()")
    for attempt in $(seq 600); do
        [ "$(PGUSER=postgres psql_cmd -p "$REPLICA_PORT" -d postgres -tAc "select pg_last_wal_replay_lsn() >= '$target'::pg_lsn")" = t ] && return 0
        sleep 1
    done
    die "the replica did not catch up with the primary in 10 minutes"
}

stop_replica() {
    [ -f "$REPLICA_DIR/PG_VERSION" ] || return 0
    local bindir
    bindir=$(find_pg_bindir)
    PG_OS_USER=$(stat -c %U "$REPLICA_DIR")
    as_pg_owner "$bindir/pg_ctl" -D "$REPLICA_DIR" -m fast stop >/dev/null 2>&1 && say "read replica stopped" || true
}
