# shellcheck shell=bash
# shellcheck disable=SC2034  # EARSHOT_STARTED_POSTGRES/REDIS and EARSHOT_KAFKA_STARTED are read by the callers
# Earshot infrastructure helpers, sourced by bin/earshot (not executed on their own).
#
#   ensure_postgres              PostgreSQL answering on 127.0.0.1:${EARSHOT_PG_PORT:-5432}; starts or installs it
#   ensure_redis                 Redis answering on 127.0.0.1:${EARSHOT_REDIS_PORT:-6379}; starts or installs it
#   ensure_databases NAME...     creates the PostgreSQL databases that do not exist yet
#   ensure_chromium              headless Chromium + chromedriver for the browser tests; installs Debian's packages
#   kafka_start NAME PORT        single-node KRaft broker+controller (PLAINTEXT on PORT, controller on PORT+1),
#                                state in .earshot/kafka/NAME, reused when already running
#   kafka_fresh NAME PORT        stop, delete NAME's data, start: an empty broker (for tests)
#   kafka_stop NAME              stop NAME's broker (if running)
#   kafka_status NAME            one line about NAME's broker; exit status 0 when it is running
#   wait_http URL SECONDS [PID]  poll URL until it answers 200 (gives up early when PID dies)
#
# Everything the helpers keep lives under $EARSHOT_STATE (.earshot/ in the repository root, gitignored).
# Settings (environment): EARSHOT_PG_PORT (5432), EARSHOT_REDIS_PORT (6379), EARSHOT_KAFKA_HEAP (512m),
# EARSHOT_KAFKA_OPTS (extra JVM options of the broker; default -XX:TieredStopAtLevel=1),
# EARSHOT_KAFKA_START_TIMEOUT (120 s), EARSHOT_PG_START_TIMEOUT (60 s), EARSHOT_REDIS_START_TIMEOUT (30 s).
#
# The helpers write progress to stderr and return non-zero (or exit through earshot_die) with a message saying
# what failed and where its log is.

EARSHOT_ROOT="${EARSHOT_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
EARSHOT_STATE="${EARSHOT_STATE:-$EARSHOT_ROOT/.earshot}"
EARSHOT_PG_HOST=127.0.0.1
EARSHOT_PG_PORT="${EARSHOT_PG_PORT:-5432}"
EARSHOT_REDIS_PORT="${EARSHOT_REDIS_PORT:-6379}"

# Set to 1 by ensure_postgres / ensure_redis when this process started the server itself.
EARSHOT_STARTED_POSTGRES=0
EARSHOT_STARTED_REDIS=0
# Set by kafka_start: 1 when it started a new broker, 0 when it reused a running one.
EARSHOT_KAFKA_STARTED=0

earshot_log() { printf '[earshot] %s\n' "$*" >&2; }
earshot_warn() { printf '[earshot] WARNING: %s\n' "$*" >&2; }
earshot_die() {
  printf '[earshot] ERROR: %s\n' "$*" >&2
  exit 1
}

# Runs a command as root: directly when we are root, through sudo otherwise.
_as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    earshot_die "need root (or sudo) to run: $*"
  fi
}

_EARSHOT_APT_UPDATED=0
# apt_install PACKAGE...: installs Debian packages (apt-get update once per run).
apt_install() {
  command -v apt-get >/dev/null 2>&1 || earshot_die "cannot install $* automatically: apt-get not found; install it by hand"
  if [ "$_EARSHOT_APT_UPDATED" -eq 0 ]; then
    earshot_log "apt-get update"
    _as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || earshot_die "apt-get update failed"
    _EARSHOT_APT_UPDATED=1
  fi
  earshot_log "apt-get install $*"
  _as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2 \
    || earshot_die "apt-get install $* failed"
}

# port_open PORT [HOST]: true when something accepts TCP connections there.
port_open() {
  local port="$1" host="${2:-127.0.0.1}"
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
}

_elapsed_since() { # _elapsed_since START_SECONDS_WITH_NANOS -> "1.23"
  awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'
}

# _proc_args PID: sets _PROC_CMD to " arg1 arg2 ... " (PID's command line, space-separated and padded; empty when
# there is no such process). Reads /proc without forking, so scanning all processes stays cheap.
_proc_args() {
  local -a args=()
  local IFS=' '
  _PROC_CMD=""
  { mapfile -d '' -t args <"/proc/$1/cmdline"; } 2>/dev/null || return 0
  if [ "${#args[@]}" -gt 0 ]; then _PROC_CMD=" ${args[*]} "; fi
  return 0
}

# _has_args ARG...: true when the command line in _PROC_CMD has every ARG as one whole argument.
_has_args() {
  local arg
  [ -n "$_PROC_CMD" ] || return 1
  for arg in "$@"; do
    [[ "$_PROC_CMD" == *" $arg "* ]] || return 1
  done
}

# tagged_pid PIDFILE ARG...: prints the PID in PIDFILE if that process has every ARG among its arguments, else the
# first process that has them (one whose pid file was lost); prints nothing when there is none. Callers pass our own
# tag (-Dearshot.kafka.name=NAME, -Dearshot.service=NAME) plus an absolute path inside this checkout, so only
# processes started from this checkout match (not those of another clone on the same machine).
tagged_pid() {
  local pidfile="$1" pid p
  shift
  if [ -f "$pidfile" ]; then
    pid="$(cat "$pidfile" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]]; then
      _proc_args "$pid"
      if _has_args "$@"; then
        echo "$pid"
        return 0
      fi
    fi
  fi
  for p in /proc/[0-9]*; do
    _proc_args "${p#/proc/}"
    if _has_args "$@"; then
      echo "${p#/proc/}"
      return 0
    fi
  done
  return 0
}

# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------------------------------------------

_pg_ready() {
  pg_isready -q -h "$EARSHOT_PG_HOST" -p "$EARSHOT_PG_PORT" -t 2 >/dev/null 2>&1
}

_pg_can_login() {
  psql -h "$EARSHOT_PG_HOST" -p "$EARSHOT_PG_PORT" -U postgres -w -d postgres -tAc 'SELECT 1' >/dev/null 2>&1
}

# Lets user postgres in over TCP from 127.0.0.1 and ::1 without a password (inserted above Debian's defaults).
_pg_trust_local_tcp() {
  local hba="$1"
  [ -f "$hba" ] || return 0
  if ! grep -Eq '^[[:space:]]*host[[:space:]]+all[[:space:]]+postgres[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$hba"; then
    earshot_log "allowing user postgres from 127.0.0.1 and ::1 without password in $hba"
    local tmp
    tmp="$(mktemp)"
    {
      echo "# added by Earshot (infra/lib.sh): local development/test access for user postgres"
      echo "host    all             postgres        127.0.0.1/32            trust"
      echo "host    all             postgres        ::1/128                 trust"
      cat "$hba"
    } >"$tmp"
    _as_root cp "$tmp" "$hba"
    rm -f "$tmp"
  fi
}

ensure_postgres() {
  if command -v pg_isready >/dev/null 2>&1 && _pg_ready; then
    _pg_can_login || earshot_die "PostgreSQL answers on $EARSHOT_PG_HOST:$EARSHOT_PG_PORT but user postgres cannot log in without a password; allow it (trust for 127.0.0.1 in pg_hba.conf) or set PGPASSWORD"
    return 0
  fi
  if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    earshot_log "PostgreSQL is not installed: installing it from Debian's packages"
    apt_install postgresql postgresql-client
  fi
  command -v pg_isready >/dev/null 2>&1 || apt_install postgresql-client

  # The cluster to start: the one configured for our port, else a new cluster "earshot" on that port.
  local ver name port status
  local found=""
  while read -r ver name port status _; do
    if [ "$port" = "$EARSHOT_PG_PORT" ]; then
      found="$ver $name $status"
      break
    fi
  done < <(pg_lsclusters -h 2>/dev/null || true)
  if [ -z "$found" ]; then
    ver="$(find /usr/lib/postgresql -maxdepth 1 -mindepth 1 -printf '%f\n' 2>/dev/null | sort -n | tail -n 1)"
    [ -n "$ver" ] || earshot_die "PostgreSQL binaries not found under /usr/lib/postgresql"
    if [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then name=main; else name=earshot; fi
    earshot_log "creating PostgreSQL cluster $ver/$name on port $EARSHOT_PG_PORT"
    _as_root pg_createcluster "$ver" "$name" --port "$EARSHOT_PG_PORT" >&2 \
      || earshot_die "pg_createcluster $ver $name failed"
    found="$ver $name down"
  fi
  read -r ver name status <<<"$found"
  _pg_trust_local_tcp "/etc/postgresql/$ver/$name/pg_hba.conf"
  # Debian's clusters listen on localhost (127.0.0.1 and ::1) by default, which is what we need.

  if [ "$status" = online ]; then
    # Running but not answering on 127.0.0.1 (e.g. starting up, or pg_hba just changed): reload and wait.
    _as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" reload >/dev/null 2>&1 || true
  else
    earshot_log "starting PostgreSQL cluster $ver/$name (runs as its owner, not root)"
    # pg_ctlcluster switches to the cluster's owner (user postgres) by itself when called as root.
    _as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >&2 \
      || earshot_die "pg_ctlcluster $ver $name start failed; see /var/log/postgresql/postgresql-$ver-$name.log"
    EARSHOT_STARTED_POSTGRES=1
  fi

  local timeout="${EARSHOT_PG_START_TIMEOUT:-60}" i
  for ((i = 0; i < timeout * 2; i++)); do
    _pg_ready && break
    sleep 0.5
  done
  _pg_ready || earshot_die "PostgreSQL did not answer on $EARSHOT_PG_HOST:$EARSHOT_PG_PORT within ${timeout}s; see /var/log/postgresql/postgresql-$ver-$name.log"
  _pg_can_login || earshot_die "PostgreSQL is up on $EARSHOT_PG_HOST:$EARSHOT_PG_PORT but user postgres cannot log in over TCP without a password; check /etc/postgresql/$ver/$name/pg_hba.conf"
  earshot_log "PostgreSQL ready on $EARSHOT_PG_HOST:$EARSHOT_PG_PORT"
}

# ensure_databases NAME...: creates the databases that do not exist yet (owner postgres).
ensure_databases() {
  local db exists
  for db in "$@"; do
    [[ "$db" =~ ^[a-z_][a-z0-9_]*$ ]] || earshot_die "not a valid database name: $db"
    exists="$(psql -h "$EARSHOT_PG_HOST" -p "$EARSHOT_PG_PORT" -U postgres -w -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$db'")" || earshot_die "cannot query PostgreSQL on $EARSHOT_PG_HOST:$EARSHOT_PG_PORT"
    if [ "$exists" != 1 ]; then
      if psql -h "$EARSHOT_PG_HOST" -p "$EARSHOT_PG_PORT" -U postgres -w -d postgres -q -c "CREATE DATABASE \"$db\"" >/dev/null 2>&1; then
        earshot_log "created database $db"
      else
        # Another run may have created it in the meantime; only a still-missing database is an error.
        exists="$(psql -h "$EARSHOT_PG_HOST" -p "$EARSHOT_PG_PORT" -U postgres -w -d postgres -tAc \
          "SELECT 1 FROM pg_database WHERE datname = '$db'")" || true
        [ "$exists" = 1 ] || earshot_die "could not create database $db"
      fi
    fi
  done
}

# PostgreSQL clusters of a test's own (fault injection stops and crashes them; the shared server is never touched).
# pg_own_fresh PORT: removes whatever an earlier run left of cluster <ver>/earshot_own_<PORT> (its config, its data,
# a postmaster still running from it), then creates it on 127.0.0.1:PORT (trust auth for local TCP, small settings)
# and starts it. A test calls this once at its start, so a killed earlier run cannot leave it a half-made cluster.
# pg_own_start PORT: starts the existing cluster as its owner (pg_ctlcluster switches from root to user postgres)
# and waits for it; a stale postmaster.pid left by a crash is removed when no postmaster of that cluster runs.
# pg_own_stop PORT [fast|immediate]: stops it (immediate = a crash: no checkpoint, recovery at the next start).
# pg_own_drop PORT: stops and removes it with its data.
# Each writes what it did, and on failure the tail of the server's log, to stderr.
_pg_own_name() { printf 'earshot_own_%s' "$1"; }
_pg_own_version() { find /usr/lib/postgresql -maxdepth 1 -mindepth 1 -printf '%f\n' 2>/dev/null | sort -n | tail -n 1; }
_pg_own_log() { printf '/var/log/postgresql/postgresql-%s-%s.log' "$1" "$2"; }

# _pg_own_postmasters DATADIR: PIDs of postgres processes started on DATADIR (-D DATADIR or config_file under it).
_pg_own_postmasters() {
  local datadir="$1" conf="$2" p
  for p in /proc/[0-9]*; do
    _proc_args "${p#/proc/}"
    [[ "$_PROC_CMD" == *postgres* ]] || continue
    if [[ "$_PROC_CMD" == *" -D $datadir "* || "$_PROC_CMD" == *"config_file=$conf/postgresql.conf"* ]]; then
      echo "${p#/proc/}"
    fi
  done
}

_pg_own_fail() { # _pg_own_fail VER NAME MESSAGE: prints the server log's tail, then dies with MESSAGE
  local log
  log="$(_pg_own_log "$1" "$2")"
  if [ -f "$log" ]; then
    echo "--- last lines of $log ---" >&2
    tail -n 30 "$log" >&2
  fi
  earshot_die "$3"
}

pg_own_fresh() {
  local port="$1" name ver pid
  name="$(_pg_own_name "$port")"
  ver="$(_pg_own_version)"
  [ -n "$ver" ] || earshot_die "PostgreSQL binaries not found under /usr/lib/postgresql (ensure_postgres installs them)"
  local conf="/etc/postgresql/$ver/$name" data="/var/lib/postgresql/$ver/$name"
  if [ -d "$conf" ] || [ -d "$data" ]; then
    earshot_log "removing what an earlier run left of PostgreSQL cluster $ver/$name"
    _as_root pg_dropcluster --stop "$ver" "$name" >&2 || true
    for pid in $(_pg_own_postmasters "$data" "$conf"); do
      earshot_log "killing postmaster $pid left running on $data"
      _as_root kill -9 "$pid" 2>/dev/null || true
    done
    _as_root rm -rf "$conf" "$data"
  fi
  if port_open "$port"; then
    earshot_die "something already listens on 127.0.0.1:$port; the fault-injection test needs that port for its own PostgreSQL (set -Dearshot.e2e.fault-pg-port)"
  fi
  earshot_log "creating PostgreSQL cluster $ver/$name on port $port"
  # C.UTF-8 exists on every Debian; a locale taken from the caller's environment may not be generated here.
  _as_root env LC_ALL=C.UTF-8 LANG=C.UTF-8 pg_createcluster --locale C.UTF-8 "$ver" "$name" --port "$port" -- --auth=trust >&2 \
    || _pg_own_fail "$ver" "$name" "pg_createcluster $ver $name failed"
  _pg_trust_local_tcp "$conf/pg_hba.conf"
  printf "listen_addresses = '127.0.0.1'\nmax_connections = 200\nshared_buffers = 64MB\nfsync = on\n" \
    | _as_root tee "$conf/conf.d/earshot.conf" >/dev/null
  pg_own_start "$port"
}

pg_own_start() {
  local port="$1" name ver
  name="$(_pg_own_name "$port")"
  ver="$(_pg_own_version)"
  local conf="/etc/postgresql/$ver/$name" data="/var/lib/postgresql/$ver/$name"
  [ -d "$conf" ] || earshot_die "PostgreSQL cluster $ver/$name does not exist (pg_own_fresh $port creates it)"
  if [ -f "$data/postmaster.pid" ] && [ -z "$(_pg_own_postmasters "$data" "$conf")" ]; then
    earshot_log "removing stale $data/postmaster.pid (no postmaster of $ver/$name runs)"
    _as_root rm -f "$data/postmaster.pid"
  fi
  earshot_log "starting PostgreSQL cluster $ver/$name on port $port"
  _as_root env LC_ALL=C.UTF-8 LANG=C.UTF-8 pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >&2 \
    || earshot_warn "pg_ctlcluster $ver $name start exited with $? (it may already run); waiting for it to answer"
  local i
  for ((i = 0; i < 120; i++)); do
    pg_isready -q -h 127.0.0.1 -p "$port" -t 1 >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  _pg_own_fail "$ver" "$name" "PostgreSQL cluster $ver/$name did not answer on 127.0.0.1:$port in 60 s"
}

pg_own_stop() {
  local port="$1" mode="${2:-fast}" ver
  ver="$(_pg_own_version)"
  earshot_log "stopping PostgreSQL cluster $ver/$(_pg_own_name "$port") (-m $mode)"
  _as_root pg_ctlcluster --skip-systemctl-redirect "$ver" "$(_pg_own_name "$port")" stop -m "$mode" >&2 || true
}

pg_own_drop() {
  local port="$1" ver
  ver="$(_pg_own_version)"
  [ -d "/etc/postgresql/$ver/$(_pg_own_name "$port")" ] || return 0
  earshot_log "dropping PostgreSQL cluster $ver/$(_pg_own_name "$port")"
  _as_root pg_dropcluster --stop "$ver" "$(_pg_own_name "$port")" >&2 || true
}

# ---------------------------------------------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------------------------------------------

_redis_ready() {
  [ "$(redis-cli -h 127.0.0.1 -p "$EARSHOT_REDIS_PORT" ping 2>/dev/null)" = PONG ]
}

ensure_redis() {
  if command -v redis-cli >/dev/null 2>&1 && _redis_ready; then
    return 0
  fi
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    earshot_log "Redis is not installed: installing it from Debian's packages"
    apt_install redis-server redis-tools
    # The package may have started its own server (on 6379) where an init system runs; then it is already there.
    local i
    for ((i = 0; i < 6; i++)); do
      _redis_ready && return 0
      sleep 0.5
    done
  fi
  if port_open "$EARSHOT_REDIS_PORT"; then
    earshot_die "something listens on 127.0.0.1:$EARSHOT_REDIS_PORT but does not answer a Redis PING"
  fi
  earshot_log "starting Redis on 127.0.0.1:$EARSHOT_REDIS_PORT (no persistence)"
  _as_root mkdir -p /var/lib/redis /var/log/redis
  _as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$EARSHOT_REDIS_PORT" --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/earshot.log >&2 \
    || earshot_die "redis-server failed to start; see /var/log/redis/earshot.log"
  EARSHOT_STARTED_REDIS=1
  local timeout="${EARSHOT_REDIS_START_TIMEOUT:-30}" i
  for ((i = 0; i < timeout * 4; i++)); do
    _redis_ready && break
    sleep 0.25
  done
  _redis_ready || earshot_die "Redis did not answer on 127.0.0.1:$EARSHOT_REDIS_PORT within ${timeout}s; see /var/log/redis/earshot.log"
  earshot_log "Redis ready on 127.0.0.1:$EARSHOT_REDIS_PORT"
}

# ---------------------------------------------------------------------------------------------------------------
# Chromium (browser tests of the web pages; the web module's Browser helper uses these two paths)
# ---------------------------------------------------------------------------------------------------------------

ensure_chromium() {
  local browser="${EARSHOT_CHROMIUM:-/usr/bin/chromium}" driver="${EARSHOT_CHROMEDRIVER:-/usr/bin/chromedriver}"
  if [ -x "$browser" ] && [ -x "$driver" ]; then
    return 0
  fi
  earshot_log "Chromium or chromedriver missing ($browser, $driver): installing Debian's chromium and chromium-driver"
  apt_install chromium chromium-driver
  [ -x "$browser" ] && [ -x "$driver" ] || earshot_die "chromium/chromedriver still not at $browser and $driver after installing"
}

# ---------------------------------------------------------------------------------------------------------------
# Kafka (single KRaft node, run straight from its Maven Central jars, see infra/kafka/pom.xml)
# ---------------------------------------------------------------------------------------------------------------

EARSHOT_KAFKA_HOME="$EARSHOT_STATE/kafka"
EARSHOT_KAFKA_LIB="$EARSHOT_KAFKA_HOME/lib"

_require_java() {
  command -v java >/dev/null 2>&1 || earshot_die "java not found on PATH (Java 17 is needed)"
}

# Resolves the broker's jars into .earshot/kafka/lib once (again when infra/kafka/pom.xml changes).
kafka_install() {
  _require_java
  local pom="$EARSHOT_ROOT/infra/kafka/pom.xml" stamp="$EARSHOT_KAFKA_LIB/.complete" sum
  sum="$(sha256sum "$pom" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    return 0
  fi
  earshot_log "resolving the Kafka broker's jars into $EARSHOT_KAFKA_LIB (once)"
  local tmp="$EARSHOT_KAFKA_HOME/lib.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$EARSHOT_KAFKA_HOME"
  if ! (cd "$EARSHOT_ROOT" && ./mvnw -B -q -f infra/kafka/pom.xml dependency:copy-dependencies \
    -DoutputDirectory="$tmp" -DincludeScope=runtime >&2); then
    rm -rf "$tmp"
    earshot_die "could not resolve the Kafka jars (./mvnw -f infra/kafka/pom.xml dependency:copy-dependencies)"
  fi
  ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || {
    rm -rf "$tmp"
    earshot_die "the Kafka jars were not resolved into $tmp"
  }
  echo "$sum" >"$tmp/.complete"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    rm -rf "$tmp" # another run resolved them meanwhile
    return 0
  fi
  rm -rf "$EARSHOT_KAFKA_LIB"
  mv -T "$tmp" "$EARSHOT_KAFKA_LIB" || earshot_die "could not move the Kafka jars into $EARSHOT_KAFKA_LIB"
}

_kafka_dir() { printf '%s/%s' "$EARSHOT_KAFKA_HOME" "$1"; }

_kafka_check_name() {
  [[ "${1:-}" =~ ^[A-Za-z0-9_-]+$ ]] || earshot_die "kafka: bad broker name '${1:-}'"
}

# PID of NAME's broker: from its pid file, or found by its command line (our tag -Dearshot.kafka.name=NAME and this
# checkout's server.properties), e.g. one whose pid file was lost. Prints nothing if none.
_kafka_pid() {
  local dir
  dir="$(_kafka_dir "$1")"
  tagged_pid "$dir/kafka.pid" "-Dearshot.kafka.name=$1" "$dir/server.properties"
}

_kafka_pid_port() { # port a running broker was started with (from its command line)
  _proc_args "$1"
  local rest="${_PROC_CMD#* -Dearshot.kafka.port=}"
  if [ "$rest" != "$_PROC_CMD" ]; then echo "${rest%% *}"; fi
}

# A Kafka cluster id: 16 random bytes, base64url without padding (as StorageTool random-uuid prints, without
# starting a JVM). Like Kafka's Uuid.randomUuid, never one that starts with "-".
_kafka_random_uuid() {
  local id
  while :; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    [[ "$id" == -* ]] || break
  done
  echo "$id"
}

kafka_status() {
  _kafka_check_name "${1:-}"
  local name="$1" pid port
  pid="$(_kafka_pid "$name")"
  if [ -n "$pid" ]; then
    port="$(_kafka_pid_port "$pid")"
    if port_open "$port"; then
      echo "kafka $name: running, pid $pid, bootstrap 127.0.0.1:$port, log $(_kafka_dir "$name")/kafka.log"
    else
      echo "kafka $name: process $pid alive but port $port not accepting connections, log $(_kafka_dir "$name")/kafka.log"
    fi
    return 0
  fi
  echo "kafka $name: stopped"
  return 1
}

kafka_stop() {
  _kafka_check_name "${1:-}"
  local name="$1" dir pid i
  dir="$(_kafka_dir "$name")"
  pid="$(_kafka_pid "$name")"
  if [ -n "$pid" ]; then
    earshot_log "stopping Kafka $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 120; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
      earshot_warn "Kafka $name did not stop within 30s: killing pid $pid"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
    fi
  fi
  rm -f "$dir/kafka.pid"
}

_kafka_write_config() {
  local name="$1" port="$2" dir="$3" cport=$(($2 + 1))
  cat >"$dir/server.properties" <<EOF
# Written by infra/lib.sh (kafka_start $name $port); rewritten at every start, edits are lost.
# Single-node KRaft: this one process is broker and controller.
node.id=1
process.roles=broker,controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
controller.quorum.voters=1@127.0.0.1:$cport
log.dirs=$dir/data
auto.create.topics.enable=true
num.partitions=4
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
# Small internal topics: fewer partitions to create on a 2-core machine, quicker first consumer group.
offsets.topic.num.partitions=10
transaction.state.log.num.partitions=10
share.coordinator.state.topic.num.partitions=5
delete.topic.enable=true
log.retention.hours=168
num.network.threads=2
num.io.threads=4
EOF
}

# kafka_start NAME PORT: starts (or reuses) NAME's broker on 127.0.0.1:PORT (controller on PORT+1) and waits
# until it is ready. Data persists in .earshot/kafka/NAME/data between runs.
kafka_start() {
  _kafka_check_name "${1:-}"
  [[ "${2:-}" =~ ^[0-9]+$ ]] || earshot_die "usage: kafka_start NAME PORT"
  local name="$1" port="$2" cport=$(($2 + 1)) dir pid
  dir="$(_kafka_dir "$name")"
  EARSHOT_KAFKA_STARTED=0

  pid="$(_kafka_pid "$name")"
  if [ -n "$pid" ]; then
    if [ "$(_kafka_pid_port "$pid")" = "$port" ] && port_open "$port"; then
      earshot_log "Kafka $name already running on 127.0.0.1:$port (pid $pid): reusing it"
      echo "$pid" >"$dir/kafka.pid"
      return 0
    fi
    earshot_log "Kafka $name is running with another port or is not answering: restarting it"
    kafka_stop "$name"
  fi
  local p
  for p in "$port" "$cport"; do
    port_open "$p" && earshot_die "port 127.0.0.1:$p is taken by another process; Kafka $name needs $port and $cport (free them or choose other ports)"
  done

  kafka_install
  mkdir -p "$dir"
  _kafka_write_config "$name" "$port" "$dir"
  local log="$dir/kafka.log"
  local -a jvm=(-Dlog4j2.configurationFile="$EARSHOT_ROOT/infra/kafka/log4j2.xml" -Dearshot.kafka.logfile="$log"
    -cp "$EARSHOT_KAFKA_LIB/*")

  if [ ! -f "$dir/data/meta.properties" ]; then
    [ -s "$dir/cluster.id" ] || _kafka_random_uuid >"$dir/cluster.id"
    local cid
    cid="$(cat "$dir/cluster.id")"
    [[ "$cid" =~ ^[A-Za-z0-9_-]{22}$ ]] || earshot_die "bad Kafka cluster id '$cid' in $dir/cluster.id"
    if ! java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC "${jvm[@]}" kafka.tools.StorageTool format -t "$cid" -c "$dir/server.properties" >>"$log" 2>&1; then
      tail -n 20 "$log" >&2
      earshot_die "formatting Kafka storage for $name failed; see $log"
    fi
  fi

  local heap="${EARSHOT_KAFKA_HEAP:-512m}" timeout="${EARSHOT_KAFKA_START_TIMEOUT:-120}" start offset
  start="$(date +%s.%N)"
  touch "$log"
  offset="$(stat -c %s "$log")"
  echo "===== $(date -u +%FT%TZ) starting Kafka $name on 127.0.0.1:$port =====" >>"$log"
  # setsid: the broker gets its own session, so a Ctrl-C in the terminal does not reach it; bin/earshot stops
  # it in order (kafka_stop). stdout/stderr are appended to the same log (JVM messages before log4j is up).
  local -a extra=()
  # C1 only by default: about 35% less CPU to start (measured: 5.0 s instead of 8.0 s of CPU on this 2-core
  # machine kind), which is what a local test broker needs; EARSHOT_KAFKA_OPTS="" gives the full JIT back.
  read -r -a extra <<<"${EARSHOT_KAFKA_OPTS--XX:TieredStopAtLevel=1}"
  setsid java -Xms128m -Xmx"$heap" -XX:+UseG1GC -Djava.awt.headless=true "${extra[@]}" -Dearshot.kafka.name="$name" \
    -Dearshot.kafka.port="$port" "${jvm[@]}" kafka.Kafka "$dir/server.properties" \
    </dev/null >>"$log" 2>&1 &
  pid=$!
  echo "$pid" >"$dir/kafka.pid"
  EARSHOT_KAFKA_STARTED=1

  local i
  for ((i = 0; i < timeout * 4; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$log" >&2
      rm -f "$dir/kafka.pid"
      earshot_die "Kafka $name exited during startup; see $log"
    fi
    # Ready = the broker logged "Kafka Server started" (KafkaRaftServer, after it is unfenced and RUNNING)
    # during this start, and its port accepts connections.
    if tail -c +"$((offset + 1))" "$log" | grep -q 'Kafka Server started' && port_open "$port"; then
      earshot_log "Kafka $name ready on 127.0.0.1:$port (pid $pid) in $(_elapsed_since "$start")s; log $log"
      return 0
    fi
    sleep 0.25
  done
  tail -n 30 "$log" >&2
  kafka_stop "$name"
  earshot_die "Kafka $name was not ready within ${timeout}s; see $log"
}

# kafka_fresh NAME PORT: an empty broker (stops NAME's broker, deletes all its data, starts it again).
kafka_fresh() {
  _kafka_check_name "${1:-}"
  [[ "${2:-}" =~ ^[0-9]+$ ]] || earshot_die "usage: kafka_fresh NAME PORT"
  kafka_stop "$1"
  rm -rf "$(_kafka_dir "$1")"
  kafka_start "$1" "$2"
}

# ---------------------------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------------------------

# wait_http URL SECONDS [PID]: true once URL answers 200; false after SECONDS, or as soon as process PID is gone.
wait_http() {
  local url="$1" seconds="$2" pid="${3:-}" deadline code
  command -v curl >/dev/null 2>&1 || apt_install curl ca-certificates
  deadline=$(($(date +%s) + seconds))
  while :; do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" 2>/dev/null || true)"
    [ "$code" = 200 ] && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 0.5
  done
}
