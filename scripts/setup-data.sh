#!/usr/bin/env bash
# Bring the development database up to date: migrate, load the country's regions and the indicator systems, build the
# demo county.
#
# `make setup` runs this. Every step is idempotent; the regions (≈3,200 rows) and the townships (≈38,000 rows,
# about 2 s on SQLite) are loaded again only for a new database or a newer regions or townships file, so that a
# second `make run` starts in seconds. The demo command is quick when the county is in place, and prints the demo
# log-ins each time.
#
# The terminal gets one line per step; the commands' whole output goes to var/log/setup.log (under
# FAZHI_VAR_DIR), which a failed step points to.
set -euo pipefail
cd "$(dirname "$0")/.."

fazhi=${FAZHI:-.venv/bin/fazhi}
var=${FAZHI_VAR_DIR:-var}
state=var/.setup
mkdir -p "$state" "$var/log" "${FAZHI_STATIC_ROOT:-$var/static}"
log=$var/log/setup.log
: >"$log"

# Run a step with its output in the log; on failure show the log's end and stop.
quietly() {
    printf '\n$ %s\n' "$*" >>"$log"
    if ! "$@" >>"$log" 2>&1; then
        echo "fazhi: '$*' failed. The end of $log:" >&2
        tail -n 30 "$log" >&2
        exit 1
    fi
}

# One stamp per database: the database URL (or the SQLite file under FAZHI_VAR_DIR) names it.
key=$(printf '%s|%s' "${DATABASE_URL:-}" "${FAZHI_VAR_DIR:-}" | md5sum | cut -c1-12)
regions_stamp=$state/regions-$key
if [[ -z ${DATABASE_URL:-} && ! -e $var/fazhi.sqlite3 ]]; then
    rm -f "$regions_stamp"  # the SQLite file is new: load everything again
    # The audit anchors of the database that was deleted would read as a trail cut short: set them aside.
    anchors=${FAZHI_AUDIT_ANCHOR_FILE:-${FAZHI_VAR_DIR:-var}/audit-anchors.jsonl}
    if [[ -e $anchors ]]; then
        mv "$anchors" "$anchors.old-$(date +%Y%m%d-%H%M%S)"
    fi
fi

before=$(wc -l <"$log")
quietly "$fazhi" migrate --noinput
applied=$(tail -n +"$((before + 1))" "$log" | grep -c '^  Applying ' || true)
if [[ $applied -gt 0 ]]; then
    echo "数据库：已应用 ${applied} 项数据库迁移。 Database: ${applied} migrations applied."
else
    echo "数据库：已是最新。 Database: up to date."
fi

regions_file=src/fazhi/org/data/regions_gbt2260.csv
townships_file=src/fazhi/org/data/townships.csv.gz
if [[ ! -e $regions_stamp || $regions_file -nt $regions_stamp || $townships_file -nt $regions_stamp ]]; then
    quietly "$fazhi" load_regions  # the country file, then the townships
    grep -v '^\$ ' "$log" | tail -n 2
    touch "$regions_stamp"
fi
quietly "$fazhi" load_indicator_systems  # idempotent: a system unchanged or in use is left alone
"$fazhi" demo
echo "详细输出见 $log。 Full output: $log"
