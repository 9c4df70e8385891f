#!/usr/bin/env bash
# Run a command (default: the whole test suite) against PostgreSQL.
#
#   scripts/test-postgres.sh [COMMAND [ARG...]]
#
# With DATABASE_URL set, the command runs against that server (pytest-django creates and drops its own
# test_* databases there, so the role needs CREATEDB). Otherwise this starts Debian's PostgreSQL on
# 127.0.0.1 on a free port in a throwaway data directory under var/, creates a database, runs the command
# with DATABASE_URL pointing at it, and always stops the server and removes the directory afterwards.
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if [[ $# -eq 0 ]]; then
    set -- scripts/run-tests.sh
fi

if [[ -n ${DATABASE_URL:-} ]]; then
    case $DATABASE_URL in
        postgres://* | postgresql://* | pgsql://*) ;;
        *) echo "fazhi: DATABASE_URL is set but is not a postgres:// URL; unset it to use a throwaway server." >&2
           exit 2 ;;
    esac
    echo "fazhi: running on the PostgreSQL server that DATABASE_URL names."
    exec "$@"
fi

find_pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl ]]; then
        echo "$dir"
    fi
}
pg_bin=$(find_pg_bin)
if [[ -z $pg_bin ]]; then
    scripts/apt-install.sh "make test-postgres" postgresql
    pg_bin=$(find_pg_bin)
    [[ -n $pg_bin ]] || { echo "fazhi: PostgreSQL's initdb is still missing under /usr/lib/postgresql." >&2; exit 1; }
fi

# As root, run the server as the postgres system user.
as_server_user=()
if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || { echo "fazhi: the postgres system user is missing (package postgresql-common)." >&2; exit 1; }
    as_server_user=(runuser -u postgres --)
fi

mkdir -p var
base=$(mktemp -d "$root/var/pg-test.XXXXXX")
if [[ ${#as_server_user[@]} -gt 0 ]]; then
    chown postgres: "$base"
    if ! "${as_server_user[@]}" test -w "$base"; then
        # The checkout lies where the postgres user cannot reach (e.g. under /root): use /tmp instead.
        rmdir "$base"
        base=$(mktemp -d /tmp/fazhi-pg-test.XXXXXX)
        chown postgres: "$base"
    fi
fi
data=$base/data
log=$base/server.log
started=0

cleanup() {
    local status=$?
    if [[ $started -eq 1 ]]; then
        "${as_server_user[@]}" "$pg_bin/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$base"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

"${as_server_user[@]}" "$pg_bin/initdb" -D "$data" -U fazhi --auth=trust -E UTF8 --no-locale --no-sync \
    >"$base/initdb.log" 2>&1 || { cat "$base/initdb.log" >&2; exit 1; }
# A throwaway server for tests: no durability, TCP on loopback only, no Unix socket.
"${as_server_user[@]}" tee -a "$data/postgresql.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 40
# A module of tests on the demo year replaces every table's rows inside one transaction (org/tests/world.py,
# _pg_load), holding a lock on each table and index until it ends, beside pg_restore in another worker.
max_locks_per_transaction = 512
CONF
started=1
if ! "${as_server_user[@]}" "$pg_bin/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null; then
    echo "fazhi: PostgreSQL did not start; its log:" >&2
    cat "$log" >&2 || true
    exit 1
fi
"$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U fazhi fazhi

version=$("$pg_bin/postgres" --version)
echo "fazhi: throwaway $version on 127.0.0.1:$port (data in $base)."
status=0
DATABASE_URL="postgres://fazhi@127.0.0.1:$port/fazhi" "$@" || status=$?
exit "$status"
