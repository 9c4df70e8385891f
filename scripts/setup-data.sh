#!/usr/bin/env bash
# Bring the development database up to date: migrate, load the country's regions, build the demo county.
#
# `make setup` runs this. Every step is idempotent; the regions (≈3,200 rows) are loaded again only for a
# new database or a newer regions file, so that a second `make run` starts in seconds. The demo command
# is quick when the county is in place, and prints the demo log-ins each time.
set -euo pipefail
cd "$(dirname "$0")/.."

fazhi=${FAZHI:-.venv/bin/fazhi}
state=var/.setup
mkdir -p "$state"

# One stamp per database: the database URL (or the SQLite file under FAZHI_VAR_DIR) names it.
key=$(printf '%s|%s' "${DATABASE_URL:-}" "${FAZHI_VAR_DIR:-}" | md5sum | cut -c1-12)
regions_stamp=$state/regions-$key
if [[ -z ${DATABASE_URL:-} && ! -e ${FAZHI_VAR_DIR:-var}/fazhi.sqlite3 ]]; then
    rm -f "$regions_stamp"  # the SQLite file is new: load everything again
    # The audit anchors of the database that was deleted would read as a trail cut short: set them aside.
    anchors=${FAZHI_AUDIT_ANCHOR_FILE:-${FAZHI_VAR_DIR:-var}/audit-anchors.jsonl}
    if [[ -e $anchors ]]; then
        mv "$anchors" "$anchors.old-$(date +%Y%m%d-%H%M%S)"
    fi
fi

"$fazhi" migrate --noinput
regions_file=src/fazhi/org/data/regions_gbt2260.csv
if [[ ! -e $regions_stamp || $regions_file -nt $regions_stamp ]]; then
    "$fazhi" load_regions
    touch "$regions_stamp"
fi
"$fazhi" demo
