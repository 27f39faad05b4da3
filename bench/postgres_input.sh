#!/usr/bin/env bash
# The PostgreSQL input beside CSV and SQLite (issue 18): `vitals score` on the same N-account book
# (`vitals sample`) read from a CSV file, from a SQLite table and from a PostgreSQL table through
# the cursor, each run REPS times under /usr/bin/time -v (wall time and peak RSS), then PostgreSQL
# at a small and a large --chunk-rows. It checks that the three outputs are byte-identical.
#
#   bash bench/postgres_input.sh build/ci [N=1000000] [REPS=3]
#
# The server is the tests' (tests/cli/postgres_server.sh: initdb in a temporary folder, loopback, a
# free port), started and stopped here. No thresholds: it prints what it measured.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$(cd "${1:?usage: $0 BUILD_DIR [N] [REPS]}" && pwd)"
n="${2:-1000000}"
reps="${3:-3}"
vitals="$build/src/cli/vitals"
work="$(mktemp -d "${TMPDIR:-/tmp}/vitals-pg-bench.XXXXXX")"
server="$work/server"
cleanup() {
    bash "$root/tests/cli/postgres_server.sh" stop "$server" > /dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

bash "$root/tests/cli/postgres_server.sh" start "$server" > /dev/null
uri="$(cat "$server/uri")"
cd "$work"
"$vitals" sample --accounts "$n" --out book.csv --no-progress
psql -X -q -v ON_ERROR_STOP=1 "$uri" \
    -c "CREATE TABLE accounts (account_id text, arr numeric, licensed_seats int, active_users int,
        logins_trend float8, training_completion float8, tickets_per_seat float8, ticket_sentiment float8,
        nps int, days_late int, tenure_months int, contact_tenure_days int, executive_sponsor int,
        seat_change_pct float8, churned_next_quarter int)" \
    -c "\\copy accounts FROM 'book.csv' WITH (FORMAT csv, HEADER)" -c "VACUUM ANALYZE accounts"
sqlite3 book.db ".import --csv book.csv accounts"
echo "book: $n accounts, CSV $(stat -c %s book.csv) bytes; load average $(cut -d' ' -f1-3 /proc/loadavg)"

measure() {  # measure LABEL ARGS...: REPS runs; prints wall seconds and peak RSS of each
    local label="$1" i
    shift
    for i in $(seq "$reps"); do
        /usr/bin/time -v -o time.txt "$vitals" score "$@" --format csv --out "out-$label.csv" -q --no-progress
        printf '%-22s run %d: %6.2f s wall, %7d KB peak RSS\n' "$label" "$i" \
            "$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, t, ":"); s = 0; for (k = 1; k <= n; k++) s = s * 60 + t[k]; print s}' time.txt)" \
            "$(awk -F': ' '/Maximum resident set size/ {print $2}' time.txt)"
    done
}
query="SELECT * FROM accounts ORDER BY account_id"
measure csv book.csv
measure sqlite --sqlite book.db --query "$query"
measure postgres --postgres "$uri" --query "$query"
measure postgres-chunk-1024 --postgres "$uri" --query "$query" --chunk-rows 1024
measure postgres-chunk-262144 --postgres "$uri" --query "$query" --chunk-rows 262144
for other in sqlite postgres postgres-chunk-1024 postgres-chunk-262144; do
    if cmp -s out-csv.csv "out-$other.csv"; then echo "out-$other.csv: identical to CSV's"; else echo "out-$other.csv: DIFFERS from CSV's"; exit 1; fi
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
