#!/usr/bin/env bash
# A PostgreSQL cluster for one test run: made in a temporary folder, listening only on a Unix
# socket in that folder, run by an unprivileged user, and gone when the test ends.
#
#   throwaway_postgres.sh start FOLDER [OWNER_PID]   prints the socket folder once it is up
#                                                    (FOLDER may exist, empty; its parent
#                                                    must be open to all, like /tmp)
#   throwaway_postgres.sh stop FOLDER
#
# With OWNER_PID, a watchdog stops the cluster and removes FOLDER when that process exits,
# so a test that crashes leaves nothing running. As root the cluster runs as "nobody"
# (PostgreSQL refuses to run as root); the database user is always "ptmcp", trusted on the
# socket only. fsync is off (a test's data needs to outlive a killed ptmcp, never a power
# cut); PTMCP_PG_FSYNC=on turns it on, for figures that wait for the disk as a clinic's would.
set -euo pipefail

bindir="${PTMCP_PG_BINDIR:-}"
if [ -z "$bindir" ]; then
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && bindir="$d"; done
fi
[ -n "$bindir" ] && [ -x "$bindir/initdb" ] || {
  echo "throwaway_postgres: no PostgreSQL server binaries (apt-get install postgresql)" >&2
  exit 69
}

command="${1:-}"
folder="${2:-}"
[ -n "$folder" ] || { echo "usage: $0 start|stop FOLDER [OWNER_PID]" >&2; exit 64; }

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  as_owner=(setpriv --reuid=65534 --regid=65534 --clear-groups)
fi

case "$command" in
  start)
    mkdir -p "$folder"
    folder="$(cd "$folder" && pwd)"
    [ "$(id -u)" -eq 0 ] && chown 65534:65534 "$folder"
    chmod 700 "$folder"
    "${as_owner[@]}" "$bindir/initdb" -D "$folder/data" -U ptmcp -A trust -E UTF8 --locale=C \
      --no-sync >"$folder/initdb.log" 2>&1 || { cat "$folder/initdb.log" >&2; exit 1; }
    # Only the socket: nothing listens on the network.
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
      -o "-k $folder -c listen_addresses= -c fsync=${PTMCP_PG_FSYNC:-off} -c max_connections=200" start \
      >/dev/null || { cat "$folder/server.log" >&2; exit 1; }
    # The socket folder must be reachable by the tests (root reaches it anyway).
    chmod 711 "$folder"
    if [ -n "${3:-}" ]; then
      owner="$3"
      setsid bash -c '
        while kill -0 "$1" 2>/dev/null; do sleep 1; done
        '"${as_owner[*]:-}"' "$2/pg_ctl" -D "$3/data" -m immediate stop >/dev/null 2>&1
        rm -rf "$3"' watchdog "$owner" "$bindir" "$folder" </dev/null >/dev/null 2>&1 &
    fi
    echo "$folder"
    ;;
  stop)
    if [ -d "$folder/data" ]; then
      "${as_owner[@]}" "$bindir/pg_ctl" -D "$folder/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$folder"
    ;;
  *)
    echo "usage: $0 start|stop FOLDER [OWNER_PID]" >&2
    exit 64
    ;;
esac
