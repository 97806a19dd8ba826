#!/bin/sh
# A throwaway PostgreSQL server for the redshiftpg module's tests, on 127.0.0.1 at a free port.
#
#   eval "$(sh firehose/redshiftpg/testdata/pg.sh start)"   # starts it; prints export KINESIM_PG_DSN=... and KINESIM_PG_DIR=...
#   sh firehose/redshiftpg/testdata/pg.sh env               # prints the exports again (needs KINESIM_PG_DIR)
#   sh firehose/redshiftpg/testdata/pg.sh stop              # stops it and removes its directory (needs KINESIM_PG_DIR)
#
# The server runs as the postgres OS user (it refuses to run as root); the data directory and the unix socket
# directory are in a temporary directory owned by that user. PGBIN overrides where initdb and pg_ctl are found
# (default: the newest /usr/lib/postgresql/*/bin, else PATH).
set -eu

pgbin() {
  if [ -n "${PGBIN:-}" ]; then echo "$PGBIN"; return; fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ]; then echo "$d"; return; fi
  done
  dirname "$(command -v initdb)"
}

# as runs a command as the server's OS user: directly when not root, else as postgres (created when missing).
as() {
  if [ "$(id -u)" != 0 ]; then "$@"; return; fi
  if ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres >/dev/null 2>&1 ||
      adduser --system --group --home /var/lib/postgresql postgres >/dev/null
  fi
  if command -v runuser >/dev/null 2>&1; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf "'%s' " "$@")"; fi
}

freeport() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
  else
    # no python3: a port from the ephemeral range that nothing listens on
    for p in $(seq 40000 40999); do
      if ! (ss -ltn 2>/dev/null || netstat -ltn 2>/dev/null) | grep -q "[:.]$p "; then echo "$p"; return; fi
    done
  fi
}

printenv_() {
  port=$(cat "$KINESIM_PG_DIR/port")
  echo "export KINESIM_PG_DIR='$KINESIM_PG_DIR'"
  echo "export KINESIM_PG_DSN='postgres://postgres@127.0.0.1:$port/kinesim?sslmode=disable'"
}

case "${1:-}" in
start)
  bin=$(pgbin)
  dir=$(mktemp -d /tmp/kinesim-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" = 0 ] && { as true; chown postgres "$dir"; }
  port=$(freeport)
  echo "$port" >"$dir/port.tmp" && mv "$dir/port.tmp" "$dir/port"
  [ "$(id -u)" = 0 ] && chown postgres "$dir/port"
  as "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  as "$bin/psql" -h "$dir" -p "$port" -U postgres -d postgres -qc 'CREATE DATABASE kinesim' >/dev/null
  KINESIM_PG_DIR=$dir printenv_
  ;;
env)
  : "${KINESIM_PG_DIR:?set KINESIM_PG_DIR (printed by start)}"
  printenv_
  ;;
stop)
  : "${KINESIM_PG_DIR:?set KINESIM_PG_DIR (printed by start)}"
  bin=$(pgbin)
  [ -d "$KINESIM_PG_DIR/data" ] && as "$bin/pg_ctl" -D "$KINESIM_PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$KINESIM_PG_DIR"
  ;;
*)
  echo "usage: $0 start|stop|env" >&2
  exit 2
  ;;
esac
