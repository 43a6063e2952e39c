#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests, in the git-ignored .rig/postgres.
#
#   scripts/postgres.sh start    start it (initdb on first use), print the URL, write .rig/postgres/env
#   scripts/postgres.sh stop     stop it and delete its files
#   scripts/postgres.sh status   exit 0 when it runs
#
# It listens on 127.0.0.1 only (a free port chosen at start) and on a unix socket inside its own
# folder, with trust auth: it is for tests, never for data anyone wants to keep. `start` is
# idempotent: a running cluster is reused. After `start`:
#   source .rig/postgres/env   # exports PONTOON_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:PORT/pontoon_test?sslmode=disable
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ENV_DIR="$ROOT/.rig/postgres"
ENV_FILE="$ENV_DIR/env"
if [ "$(id -u)" -eq 0 ]; then
  # The server then runs as user postgres, which can't reach into a private checkout (a mktemp -d
  # folder, a home folder): keep the cluster under /tmp, named after this checkout.
  RIG="/tmp/pontoon-postgres-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
else
  RIG="$ENV_DIR"
fi
DATA="$RIG/data"
SOCKET="$RIG/socket"
LOG_FILE="$RIG/server.log"
DATABASE=pontoon_test

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'postgres.sh: %s\n' "$*" >&2; exit 1; }

# The Debian server binaries are not on PATH; take the newest installed major version.
find_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && printf '%s' "$dir"
}

install_postgres() {
  log "installing the Debian postgresql package"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
}

# initdb and postgres refuse to run as root: as root, run the server as the `postgres` OS user.
as_server_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_server_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  getent passwd postgres >/dev/null && return 0
  log "creating the postgres OS user"
  useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
}

# Running means answering on its socket: after a crash the pid file can name a dead or zombie process.
is_running() {
  [ -f "$DATA/PG_VERSION" ] && [ -f "$RIG/port" ] && [ -n "${BIN:-}" ] \
    && "$BIN/pg_isready" -q -h "$SOCKET" -p "$(cat "$RIG/port")" -d postgres -U postgres >/dev/null 2>&1
}

# The postmaster of this cluster, if it is a live process (not gone, not a zombie).
postmaster_pid() {
  local pid state
  pid=$(head -n 1 "$DATA/postmaster.pid" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != "Z" ] && printf '%s' "$pid"
}

stop_server() {
  local pid
  if is_running; then
    as_server_user "$BIN/pg_ctl" stop -D "$DATA" -m fast -w -t 30 >/dev/null 2>&1 || true
  fi
  # Whatever is left (a hung or half-crashed server) holds only throwaway data.
  if pid=$(postmaster_pid); then
    kill -9 "$pid" 2>/dev/null || true
  fi
}

# A loopback port nobody listens on (connecting fails). The start below retries if we lose a race.
pick_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      printf '%s' "$port"
      return 0
    fi
  done
  die "no free loopback port found"
}

init_cluster() {
  rm -rf "$RIG"
  mkdir -p "$RIG" "$SOCKET"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres:postgres "$RIG"
    # The server user must reach the folder; a repository under /root is not reachable.
    runuser -u postgres -- test -w "$RIG" || die "user postgres cannot write $RIG (is a parent folder private?)"
  fi
  # The socket path must fit in sun_path (108 bytes) with "/.s.PGSQL.NNNNN" appended.
  [ ${#SOCKET} -le 90 ] || die "socket folder path too long for a unix socket: $SOCKET"
  log "initdb in $DATA"
  as_server_user "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C \
    --no-sync >"$RIG/initdb.log" 2>&1 || { cat "$RIG/initdb.log" >&2; die "initdb failed"; }
  # Throwaway test data: trade durability for speed.
  cat >>"$DATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$SOCKET'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
}

start_server() {
  local port attempt
  for attempt in 1 2 3; do
    port=$(pick_port)
    # 9>&-: the server must not inherit (and hold forever) the lock of this script.
    if as_server_user "$BIN/pg_ctl" start -D "$DATA" -w -t 30 -l "$LOG_FILE" -o "-p $port" >/dev/null 2>&1 9>&-; then
      printf '%s' "$port" >"$RIG/port"
      return 0
    fi
    log "start on port $port failed (attempt $attempt)"
  done
  tail -n 20 "$LOG_FILE" >&2 || true
  die "PostgreSQL did not start; log: $LOG_FILE"
}

ensure_database() {
  local port; port=$(cat "$RIG/port")
  local psql=(as_server_user "$BIN/psql" -X -q -h "$SOCKET" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1)
  if [ "$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'")" != "1" ]; then
    "${psql[@]}" -c "CREATE DATABASE $DATABASE"
  fi
}

write_env() {
  local port; port=$(cat "$RIG/port")
  local url="postgres://postgres@127.0.0.1:$port/$DATABASE?sslmode=disable"
  mkdir -p "$ENV_DIR"
  printf "export PONTOON_TEST_POSTGRES_URL='%s'\n" "$url" >"$ENV_FILE"
  printf 'PONTOON_TEST_POSTGRES_URL=%s\n' "$url"
}

cmd_start() {
  BIN=$(find_bin_dir) || true
  if [ -z "${BIN:-}" ]; then
    install_postgres
    BIN=$(find_bin_dir) || die "initdb not found under /usr/lib/postgresql after installing postgresql"
  fi
  ensure_server_user
  if is_running; then
    write_env
    return 0
  fi
  # A cluster that does not answer crashed or was left by a reboot: it holds nothing worth keeping.
  stop_server
  init_cluster
  start_server
  ensure_database
  write_env
}

cmd_stop() {
  BIN=$(find_bin_dir) || true
  stop_server
  rm -rf "$RIG" "$ENV_DIR"
}

cmd_status() {
  BIN=$(find_bin_dir) || true
  if is_running; then
    printf 'running on 127.0.0.1:%s\n' "$(cat "$RIG/port" 2>/dev/null || echo '?')"
  else
    echo "stopped"
    return 1
  fi
}

# One start/stop at a time (parallel test runs may race).
mkdir -p "$ROOT/.rig"
exec 9>"$ROOT/.rig/postgres.lock"
flock 9

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
