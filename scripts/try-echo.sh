#!/usr/bin/env bash
# Tries the echo bridge in one command: a throwaway Synapse, pontoon-echo on SQLite, a demo user.
#   scripts/try-echo.sh            run until Ctrl-C and use it from any Matrix client
#   scripts/try-echo.sh --script   play a short conversation through the bridge and print it
set -euo pipefail
cd "$(dirname "$0")/.."
SYNAPSE_VERSION=1.163.2
NIO_VERSION=0.26.0
VODOZEMAC_VERSION=0.10.0

# The bridge links libolm; the rig's matrix-nio needs [e2e] (vodozemac, peewee, ...) for encryption.
missing=()
[ -f /usr/include/olm/olm.h ] || missing+=(libolm-dev)
rig_ready() {
  .venv/bin/python -c "import synapse, sys; from nio.crypto import Olm; from nio.store import DefaultStore
sys.exit(synapse.__version__.split()[0] != '$SYNAPSE_VERSION')" 2>/dev/null
}
if ! rig_ready; then python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv); fi
if ((${#missing[@]})); then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "==> installing Debian packages: ${missing[*]}" >&2
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! rig_ready; then
  echo "==> creating .venv with matrix-synapse $SYNAPSE_VERSION and matrix-nio[e2e] $NIO_VERSION" >&2
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check \
    "matrix-synapse==$SYNAPSE_VERSION" "matrix-nio[e2e]==$NIO_VERSION" "vodozemac==$VODOZEMAC_VERSION"
fi
echo "==> building pontoon-echo" >&2
swift build --product pontoon-echo >&2
exec .venv/bin/python Tests/rig/echo_demo.py --bridge "$(swift build --show-bin-path)/pontoon-echo" "$@"
