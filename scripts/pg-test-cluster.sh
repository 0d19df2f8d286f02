#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the API's tests and bench (nothing outside /tmp is touched):
#   eval "$(scripts/pg-test-cluster.sh start)"   # prints: export TEST_POSTGRES_URL=postgres://…
#   scripts/pg-test-cluster.sh stop              # stops it and removes its data directory
# Env: CV_PG_DIR (default /tmp/cv-pg-<uid>), CV_PG_PORT (default 54329), CV_PG_KEEP=1 (stop keeps the data).
# Uses Debian's PostgreSQL (apt-get install postgresql); as root, the server runs as user postgres.
set -euo pipefail

DIR="${CV_PG_DIR:-/tmp/cv-pg-$(id -u)}"
PORT="${CV_PG_PORT:-54329}"
BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
URL="postgres://postgres@127.0.0.1:${PORT}/postgres"

die() { echo "pg-test-cluster: $*" >&2; exit 1; }
[ -x "$BIN/initdb" ] || die "PostgreSQL binaries not found (install Debian's postgresql, or set PG_BIN)"

# Run a PostgreSQL binary as the cluster's owner (postgres refuses to run as root).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  if [ ! -f "$DIR/data/PG_VERSION" ]; then
    mkdir -p "$DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$DIR"
    chmod 700 "$DIR"
    # trust on loopback only: a throwaway test cluster with no password; C locale: bytewise text ordering.
    as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust --locale=C --encoding=UTF8 >"$DIR/initdb.log" 2>&1 ||
      die "initdb failed: $(tail -n 5 "$DIR/initdb.log")"
  fi
  if ! as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    # listen on 127.0.0.1 only; the unix socket lives in the cluster's own directory under /tmp.
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=200 -c fsync=${CV_PG_FSYNC:-on}" start >/dev/null ||
      die "pg_ctl start failed: $(tail -n 5 "$DIR/server.log")"
  fi
  echo "export TEST_POSTGRES_URL=$URL"
}

stop() {
  if [ -f "$DIR/data/PG_VERSION" ]; then
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  [ "${CV_PG_KEEP:-0}" = 1 ] || rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  *) die "usage: $0 start|stop|url" ;;
esac
