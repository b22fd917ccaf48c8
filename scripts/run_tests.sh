#!/usr/bin/env bash
# Runs the whole test suite against a throwaway PostgreSQL server and a headless Chromium.
#
# On a fresh machine it installs what is missing (Debian's postgresql and chromium packages),
# starts PostgreSQL as a non-root user in a temporary folder on a free port, runs the checks and
# the tests, and stops the server again, whether the tests pass or fail.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root (or sudo) to run: $*" >&2; return 1
  fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- Chromium for the browser tests ------------------------------------------------------------
CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "Installing Debian's chromium for the browser tests..."
  apt_install chromium
fi
export CHROMIUM_PATH

# --- Checks, then the tests against a throwaway PostgreSQL --------------------------------------
$BIN/ruff check .
$BIN/ruff format --check .
export DJANGO_SETTINGS_MODULE=config.settings
exec bash scripts/with_postgres.sh bash -c '
  set -euo pipefail
  .venv/bin/python manage.py check
  .venv/bin/python manage.py makemigrations --check --dry-run
  .venv/bin/python -m pytest "$@"
  # Peer statistics compute in PostgreSQL above and in Python on SQLite: the same tests on both.
  DATABASE_URL=sqlite:///:memory: .venv/bin/python -m pytest -q tests/reports/test_benchmark_queries.py
' run-tests "$@"
