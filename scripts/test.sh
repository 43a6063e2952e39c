#!/usr/bin/env bash
# Runs every test on a fresh machine: installs what the tests need (Debian packages, a Python venv
# with Synapse and matrix-nio), starts a throwaway PostgreSQL, builds, runs all tests with the
# real-server suites required (not skipped), and stops every server it started, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SYNAPSE_VERSION=1.163.2
NIO_VERSION=0.26.0
VODOZEMAC_VERSION=0.10.0

log() { printf '==> %s\n' "$*" >&2; }

install_debian_packages() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
  [ -x /usr/sbin/ngircd ] || missing+=(ngircd)
  [ -x /usr/sbin/inspircd ] || missing+=(inspircd)
  [ -x /usr/bin/atheme-services ] || missing+=(atheme-services)
  [ -x /usr/bin/openssl ] || missing+=(openssl)
  [ -x /usr/sbin/bearerbox ] || missing+=(kannel)
  [ -x /usr/lib/kannel/test/fakesmsc ] || missing+=(kannel-extras)
  [ -f /usr/include/olm/olm.h ] || missing+=(libolm-dev)
  if ((${#missing[@]})); then
    log "installing Debian packages: ${missing[*]}"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

install_python_rig() {
  # nio's end-to-end encryption (the Olm machine, the SQLite key store) needs vodozemac, peewee,
  # atomicwrites and cachetools: importing both pieces fails on a venv made without [e2e].
  if .venv/bin/python -c "import synapse, sys; from nio.crypto import Olm; from nio.store import DefaultStore
sys.exit(synapse.__version__.split()[0] != '$SYNAPSE_VERSION')" 2>/dev/null; then
    return
  fi
  log "creating .venv with matrix-synapse $SYNAPSE_VERSION and matrix-nio[e2e] $NIO_VERSION"
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check \
    "matrix-synapse==$SYNAPSE_VERSION" "matrix-nio[e2e]==$NIO_VERSION" "vodozemac==$VODOZEMAC_VERSION"
}

cleanup() {
  local status=$?
  scripts/postgres.sh stop >/dev/null 2>&1 || true
  # Synapse launchers stop with their test process; this catches any left behind by a crash.
  pkill -f "$ROOT/Tests/rig/synapse_rig.py" 2>/dev/null || true
  pkill -f "$ROOT/.rig/tmp/synapse" 2>/dev/null || true
  pkill -f "$ROOT/.rig/tmp/(ngircd|inspircd|services)" 2>/dev/null || true
  # Kannel by its config under .rig/tmp; fakesmsc exits by itself once bearerbox is gone.
  pkill -f "(bearerbox|smsbox) .*$ROOT/.rig/tmp/kannel" 2>/dev/null || true
  # Scratch directories (bridge logs, configs) are kept when something failed, to look at.
  if [ "$status" -eq 0 ]; then rm -rf "$ROOT/.rig/tmp"; else log "kept scratch files in .rig/tmp"; fi
  exit $status
}
trap cleanup EXIT INT TERM

install_debian_packages
install_python_rig
log "starting PostgreSQL"
scripts/postgres.sh start
# shellcheck disable=SC1091
source .rig/postgres/env
export PONTOON_TEST_POSTGRES_URL
export PONTOON_REQUIRE_RIG=1
log "building"
swift build --build-tests
log "testing"
swift test --skip-build "$@"
