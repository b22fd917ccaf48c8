#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server (installing Debian's postgresql if missing) as a non-root
# user in a temporary folder on a free port, runs the given command with DATABASE_URL pointing at
# it, and stops the server again whatever the command's outcome.
#   scripts/with_postgres.sh .venv/bin/python -m pytest tests/reports
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root (or sudo) to run: $*" >&2; return 1
  fi
}

apt_install() {
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- PostgreSQL server binaries -----------------------------------------------------------------
find_pg_bin() {
  if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"; return
  fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}
PG_BIN=$(find_pg_bin)
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "Installing Debian's postgresql for the tests..."
  apt_install postgresql
  PG_BIN=$(find_pg_bin)
fi

# PostgreSQL refuses to run as root: use the 'postgres' system user, or create a throwaway one.
PG_USER=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  PG_USER=postgres
  id -u "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
fi
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi; }

PG_DIR=$(mktemp -d /tmp/vnaudit-pg.XXXXXX)
chmod 755 "$PG_DIR"
[ "$(id -u)" -eq 0 ] && chown "$PG_USER" "$PG_DIR"
PG_PORT=$($BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

cleanup() {
  run_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap cleanup EXIT

run_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-locale >/dev/null
run_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (throwaway, $PG_DIR)"

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
export DJANGO_SETTINGS_MODULE=config.settings

"$@"
