#!/usr/bin/env bash
# The load test, run as ./setup/bench --load [options] (see ./setup/bench --help).
# Odoo in production mode on the private cluster: 2 HTTP workers, one cron worker
# (--max-cron-threads 1), 127.0.0.1 only. locust runs the desks of scenario.py over JSON-2:
# a warm-up, a one-user baseline, then N users; with --replica the N users again with Odoo
# sending its read-only requests to a streaming replica, then the routing check and the
# dashboard's time on each server. Our crons run every minute during the load.
set -euo pipefail
source "$(dirname "$0")/../../../setup/common.sh"
LOAD_DIR="$ROOT/tests/benchmarks/load"

users=20 minutes=5 baseline=2 replica=0 complaints=10000 db="" keep=0 skip_load=0
while [ $# -gt 0 ]; do
    case "$1" in
        --users) users=$2; shift ;;
        --minutes) minutes=$2; shift ;;
        --baseline-minutes) baseline=$2; shift ;;
        --complaints) complaints=$2; shift ;;
        --db) db=$2; keep=1; shift ;;
        --replica) replica=1 ;;
        --keep) keep=1 ;;
        --skip-load) skip_load=1 ;;
        -h|--help) sed -n '2,20p' "$ROOT/setup/bench"; exit 0 ;;
        *) die "unknown option $1 (see ./setup/bench --help)" ;;
    esac
    shift
done
[ -z "${PGHOST:-}" ] \
    || die "the load test runs Odoo on the private cluster in $RUN_DIR/pgdata: unset PGHOST/PGPORT/PGUSER"

require_odoo
install_requirements
ensure_postgres
ensure_locust_venv
db=${db:-grload_$(date +%Y%m%d_%H%M%S)_$$}
HTTP_PORT=${GUEST_REVISIT_LOAD_PORT:-8072}
HTTP_PORT2=${GUEST_REVISIT_LOAD_PORT2:-8082}
OUT="$RUN_DIR/load-$db"
STATE="$RUN_DIR/load-state-$db.json"
CONF="$OUT/odoo.conf"
CONF_REPLICA="$OUT/odoo-replica.conf"
mkdir -p "$OUT"
write_odoo_config "$CONF" "$HTTP_PORT"
ODOO_PIDS=() REPLICA_STARTED_HERE=0 CRONS_SAVED=""

cleanup() {
    local pid
    for pid in "${ODOO_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${ODOO_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    [ -n "$CRONS_SAVED" ] && restore_crons
    [ "$REPLICA_STARTED_HERE" = 1 ] && stop_replica
    if [ "$keep" = 0 ]; then
        drop_database "$db" 2>/dev/null
        rm -f "$STATE"
    fi
    [ "$PG_STARTED_HERE" = 1 ] && stop_private_postgres >/dev/null
    return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! db_exists "$db"; then
    rm -f "$STATE"
    say "installing $ALL_ADDONS without demo data into $db"
    "$ODOO_PYTHON" -m odoo -c "$CONF" -d "$db" -i "$ALL_ADDONS" --stop-after-init \
        --log-level=warn --no-http || die "installing the addons failed"
fi
say "$db: the benchmarks' people, API keys and $complaints complaints (tests/benchmarks/dataset.py)"
"$ODOO_PYTHON" "$LOAD_DIR/prepare.py" -c "$CONF" -d "$db" --state "$STATE" --complaints "$complaints" \
    || die "preparing $db failed"
[ "$keep" = 1 ] && say "the load test database $db is kept"

# The script that starts Odoo: in production mode its master starts the websocket server
# as `python <script> gevent`, which `python -m odoo` cannot serve as (its __main__.py
# is no script). Odoo's installed `odoo` script, else a source tree's odoo-bin.
odoo_script() {
    "$ODOO_PYTHON" - <<'EOF'
import os
import sysconfig

import odoo

for script in (
    os.path.join(sysconfig.get_path("scripts"), "odoo"),
    os.path.join(os.path.dirname(list(odoo.__path__)[0]), "odoo-bin"),
):
    if os.path.isfile(script):
        print(script)
        break
EOF
}
ODOO_SCRIPT=$(odoo_script)
[ -n "$ODOO_SCRIPT" ] || die "neither Odoo's odoo script nor odoo-bin found for $ODOO_PYTHON"

# Starts Odoo in production mode and returns once it answers; its pid joins ODOO_PIDS.
start_odoo() {
    local conf=$1 port=$2 crons=$3 log=$4 pid attempt gevent_port
    # The websocket server listens on gevent_port (8072 unless told): on a port taken, it
    # fails to bind and the master starts it again and again, each time loading Odoo anew.
    gevent_port=$(free_port)
    # A worker drops a client that has not read its response within the socket timeout
    # (2 s by default). locust shares the CPUs with Odoo here and is sometimes that client;
    # in production a proxy on its own CPUs reads at once.
    ODOO_HTTP_SOCKET_TIMEOUT=${ODOO_HTTP_SOCKET_TIMEOUT:-10} "$ODOO_PYTHON" "$ODOO_SCRIPT" -c "$conf" -d "$db" --db-filter="^$db\$" --http-port "$port" \
        --gevent-port "$gevent_port" --workers 2 --max-cron-threads "$crons" --limit-time-real 1200 --limit-time-cpu 600 \
        --log-level=warn --logfile "$log" >/dev/null 2>&1 &
    pid=$!
    ODOO_PIDS+=("$pid")
    for attempt in $(seq 120); do
        # Both servers, the HTTP workers' and the websocket one, must answer.
        curl -sf "http://127.0.0.1:$port/web/health" >/dev/null 2>&1 \
            && curl -sf "http://127.0.0.1:$gevent_port/web/health" >/dev/null 2>&1 && return 0
        kill -0 "$pid" 2>/dev/null || die "Odoo did not start, see $log"
        sleep 0.5
    done
    die "Odoo did not answer on ports $port and $gevent_port in 60 s, see $log"
}

stop_odoo() {
    local pid
    for pid in "${ODOO_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${ODOO_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    ODOO_PIDS=()
}

# Our crons every minute during the load, due at once; their schedule is put back after.
OUR_CRONS="select res_id from ir_model_data where model = 'ir.cron' and module like 'guest_revisit%'"
crons_every_minute() {
    CRONS_SAVED=$(psql_cmd -d "$db" -tAc "select string_agg(format('(%s,%s,%L,%L)', id, interval_number, interval_type, nextcall), ',') from ir_cron where id in ($OUR_CRONS)")
    psql_cmd -d "$db" -c "update ir_cron set interval_number = 1, interval_type = 'minutes', nextcall = now() at time zone 'utc' where id in ($OUR_CRONS)"
}
restore_crons() {
    psql_cmd -d "$db" -c "update ir_cron c set interval_number = v.n, interval_type = v.t, nextcall = v.c::timestamp from (values $CRONS_SAVED) v(id, n, t, c) where c.id = v.id" || true
    CRONS_SAVED=""
}
cron_runs_since() {
    psql_cmd -d "$db" -tAc "select count(*) || ' of ' || (select count(*) from ir_cron where active and id in ($OUR_CRONS)) from ir_cron where active and id in ($OUR_CRONS) and lastcall >= '$1'"
}

snapshot() {  # server (primary|replica) file; the primary's with the Odoo server's CPU
    local dir=$RUN_DIR/pgdata port=$PGPORT odoo=(--odoo-pid "${ODOO_PIDS[0]}")
    [ "$1" = replica ] && dir=$REPLICA_DIR port=$REPLICA_PORT odoo=()
    "$ODOO_PYTHON" "$LOAD_DIR/pgload.py" --data-dir "$dir" --port "$port" --db "$db" "${odoo[@]}" > "$2"
}

# One locust run: name users minutes [cycle]. Users arrive two a second, as people sign in;
# with cycle=1 each user takes the actions in rounds (every action early, in proportion).
locust_run() {
    local name=$1 n=$2 run_minutes=$3 cycle=${4:-0} seconds
    seconds=$(awk "BEGIN { print int($run_minutes * 60) }")
    say "locust: $name, $n user(s) for $run_minutes min"
    LOAD_STATE="$STATE" LOAD_DB="$db" LOAD_PORT="$HTTP_PORT" LOAD_TAG="$name-$$" \
        LOAD_CYCLE="$cycle" LOAD_SUMMARY="$OUT/$name.json" \
        "$LOCUST_VENV/bin/locust" -f "$LOAD_DIR/locustfile.py" --headless \
        --users "$n" --spawn-rate 2 --run-time "${seconds}s" --stop-timeout 0 \
        --only-summary --loglevel WARNING > "$OUT/$name.locust.log" 2>&1 \
        || say "locust reported failures (see $OUT/$name.locust.log)"
    [ -f "$OUT/$name.json" ] || die "locust wrote no summary, see $OUT/$name.locust.log"
}

# The load phase, against the Odoo now running: snapshots of the servers around it.
load_phase() {
    local name=$1 started
    started=$(date -u '+%Y-%m-%d %H:%M:%S')
    snapshot primary "$OUT/$name.primary.before"
    [ "$name" = load-replica ] && snapshot replica "$OUT/$name.replica.before"
    locust_run "$name" "$users" "$minutes"
    snapshot primary "$OUT/$name.primary.after"
    [ "$name" = load-replica ] && snapshot replica "$OUT/$name.replica.after"
    cron_runs_since "$started" > "$OUT/$name.crons"
}

rm -f "$OUT"/*.json "$OUT"/*.before "$OUT"/*.after "$OUT"/*.crons "$OUT"/replica.md
if [ "$skip_load" = 0 ]; then
    crons_every_minute
    start_odoo "$CONF" "$HTTP_PORT" 1 "$OUT/odoo.log"
    locust_run warmup 2 0.25
    locust_run baseline 1 "$baseline" 1
    load_phase load
    stop_odoo
fi
if [ "$replica" = 1 ]; then
    bindir=$(find_pg_bindir)
    [ -f "$REPLICA_DIR/PG_VERSION" ] && as_pg_owner "$bindir/pg_ctl" -D "$REPLICA_DIR" status >/dev/null 2>&1 \
        || REPLICA_STARTED_HERE=1
    ensure_replica
    say "waiting for the replica to replay the primary's WAL"
    wait_replica_caught_up
    write_odoo_config "$CONF_REPLICA" "$HTTP_PORT"
    printf 'db_replica_host = 127.0.0.1\ndb_replica_port = %s\n' "$REPLICA_PORT" >> "$CONF_REPLICA"
    if [ "$skip_load" = 0 ]; then
        start_odoo "$CONF_REPLICA" "$HTTP_PORT" 1 "$OUT/odoo-replica.log"
        load_phase load-replica
        stop_odoo
        restore_crons
    fi
    wait_replica_caught_up
    # Two servers on the same database, no cron threads: nothing else reads meanwhile.
    start_odoo "$CONF" "$HTTP_PORT" 0 "$OUT/odoo-probe.log"
    start_odoo "$CONF_REPLICA" "$HTTP_PORT2" 0 "$OUT/odoo-probe-replica.log"
    "$ODOO_PYTHON" "$LOAD_DIR/replica.py" --db "$db" --state "$STATE" \
        --primary-port "$PGPORT" --replica-port "$REPLICA_PORT" \
        --url-primary "http://127.0.0.1:$HTTP_PORT" --url-replica "http://127.0.0.1:$HTTP_PORT2" \
        --json "$OUT/replica.json" > "$OUT/replica.md" \
        || die "the replica figures failed (see $OUT/odoo-probe-replica.log)"
    stop_odoo
fi
[ -n "$CRONS_SAVED" ] && restore_crons
"$ODOO_PYTHON" "$LOAD_DIR/report.py" --dir "$OUT" --db "$db" --users "$users" --minutes "$minutes"
