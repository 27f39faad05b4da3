#!/usr/bin/env bash
# The history store's cost (docs/history.md, docs/performance.md): a N-account `vitals sample` book
# scored as two periods through `vitals score --store`, against the same book without a store.
# Prints the wall time and peak RSS of each run (/usr/bin/time) and the store's size on disk, then
# times `vitals diff` of the two periods.
#   bash bench/history_store.sh BUILD_DIR [ACCOUNTS]
set -euo pipefail
build=${1:?usage: history_store.sh BUILD_DIR [ACCOUNTS]}
n=${2:-1000000}
vitals=$(realpath "$build/src/cli/vitals")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
"$vitals" sample --accounts "$n" --seed 1 --out book.csv --no-progress
echo "book: $n accounts, $(stat -c %s book.csv) bytes of CSV; load average $(cut -d' ' -f1-3 /proc/loadavg)"
run() {  # run LABEL ARGS...
    local label=$1
    shift
    /usr/bin/time -f "$label: %e s wall, %M KB peak RSS" "$vitals" score book.csv --as-of 2026-11-30 -q --no-progress --timing "$@" \
        2>&1 | grep -v '^vitals: note:'
}
run "no store" --out plain.csv
run "period 1 (empty store)" --out p1.csv --store h.db --period 2026-10
echo "store after period 1: $(stat -c %s h.db) bytes"
run "period 2 (reads period 1)" --out p2.csv --store h.db --period 2026-11
echo "store after period 2: $(stat -c %s h.db) bytes"
run "period 2 again (replaces it)" --out p3.csv --store h.db --period 2026-11
echo "store after re-running period 2: $(stat -c %s h.db) bytes"
cmp p2.csv p3.csv && echo "the re-run wrote the same scores"
/usr/bin/time -f "diff of the two periods: %e s wall, %M KB peak RSS" "$vitals" diff --store h.db --from 2026-10 --to 2026-11 \
    --format csv > diff.csv
echo "diff: $(($(wc -l < diff.csv) - 1)) accounts"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
