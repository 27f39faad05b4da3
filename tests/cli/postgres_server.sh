#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests (the ctest fixture `postgres`):
#
#   postgres_server.sh start DIR   initdb a cluster in a fresh temporary folder, owned by an
#                                  unprivileged user (vitals-pg, created when missing: the server
#                                  refuses to run as root), start it on 127.0.0.1 on a free port,
#                                  create the role `vitals` with a password and its database
#                                  `vitals`, and write the role's URI to DIR/uri
#   postgres_server.sh stop DIR    stop that server and remove its cluster
#
# Each build folder passes its own DIR, so two builds' tests (ci and asan) run side by side. When
# the PostgreSQL server binaries are absent this fails, loudly: CI installs them (.ci/setup).
set -euo pipefail

cmd="${1:-}"
dir="${2:-}"
if [ -z "$cmd" ] || [ -z "$dir" ]; then
    echo "usage: $0 start|stop DIR" >&2
    exit 2
fi
run_user="vitals-pg"
password="Vitals-s3cret-PG"  # the tests check that no message shows it

# Runs a command as the server's user (when we are root; else as ourselves).
as_server() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$run_user" -- "$@"; else "$@"; fi
}

find_bin() {  # find_bin NAME: PATH, then pg_config --bindir, then Debian's versioned folders
    local name="$1" d
    if command -v "$name" > /dev/null 2>&1; then command -v "$name"; return 0; fi
    if command -v pg_config > /dev/null 2>&1; then
        d="$(pg_config --bindir)"
        if [ -x "$d/$name" ]; then echo "$d/$name"; return 0; fi
    fi
    for d in $(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V -r); do
        if [ -x "$d/$name" ]; then echo "$d/$name"; return 0; fi
    done
    return 1
}

stop_server() {
    if [ -f "$dir/datadir" ]; then
        local data
        data="$(cat "$dir/datadir")"
        if [ -d "$data/cluster" ]; then
            as_server "$(find_bin pg_ctl)" -D "$data/cluster" -m fast -w stop > /dev/null 2>&1 || true
        fi
        rm -rf "$data"
        rm -f "$dir/datadir" "$dir/uri"
    fi
}

case "$cmd" in
stop)
    stop_server
    echo "postgres test server in $dir stopped"
    ;;
start)
    missing=""
    for b in initdb pg_ctl psql; do
        find_bin "$b" > /dev/null || missing="$missing $b"
    done
    if [ -n "$missing" ]; then
        echo "ERROR: PostgreSQL server binaries not found:$missing." >&2
        echo "ERROR: the PostgreSQL tests need a real server: apt-get install postgresql (see .ci/setup)." >&2
        exit 1
    fi
    initdb="$(find_bin initdb)"
    pg_ctl="$(find_bin pg_ctl)"
    psql="$(find_bin psql)"
    mkdir -p "$dir"
    stop_server  # a server left over from an interrupted run

    if [ "$(id -u)" -eq 0 ] && ! id "$run_user" > /dev/null 2>&1; then
        useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$run_user"
    fi
    data="$(mktemp -d "${TMPDIR:-/tmp}/vitals-pg.XXXXXX")"
    echo "$data" > "$dir/datadir"
    if [ "$(id -u)" -eq 0 ]; then chown "$run_user" "$data"; fi
    chmod 700 "$data"
    printf '%s\n' "$password" > "$data/pwfile"
    if [ "$(id -u)" -eq 0 ]; then chown "$run_user" "$data/pwfile"; fi
    if ! as_server "$initdb" -D "$data/cluster" -U vitals_admin --auth-local=trust --auth-host=scram-sha-256 \
        --pwfile="$data/pwfile" -E UTF8 --locale=C > "$data/initdb.log" 2>&1; then
        cat "$data/initdb.log" >&2
        echo "ERROR: initdb failed" >&2
        exit 1
    fi
    rm -f "$data/pwfile"
    # A free port: the kernel's choice; another server may take it first, so try a few.
    started=""
    for attempt in 1 2 3 4 5; do
        port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
        if as_server "$pg_ctl" -D "$data/cluster" -l "$data/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$data -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start > /dev/null 2>&1; then
            started=yes
            break
        fi
        echo "postgres did not start on port $port (attempt $attempt); server log:" >&2
        tail -n 5 "$data/server.log" >&2 || true
    done
    if [ -z "$started" ]; then
        echo "ERROR: could not start the PostgreSQL test server" >&2
        exit 1
    fi
    as_server "$psql" -X -q -v ON_ERROR_STOP=1 -h "$data" -p "$port" -U vitals_admin -d postgres \
        -c "CREATE ROLE vitals LOGIN PASSWORD '$password'" \
        -c "CREATE DATABASE vitals OWNER vitals" > /dev/null
    uri="postgresql://vitals:$password@127.0.0.1:$port/vitals"
    # The URI works with the password over TCP (scram-sha-256), as the tests will use it.
    PGCONNECT_TIMEOUT=10 "$psql" -X -q -v ON_ERROR_STOP=1 "$uri" -c "SELECT 1" > /dev/null
    echo "$uri" > "$dir/uri"
    echo "postgres test server running on 127.0.0.1:$port (cluster $data/cluster); URI in $dir/uri"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
