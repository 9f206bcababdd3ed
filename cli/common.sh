# Shared helpers of ./pa: output, root, package installs, secrets and keys, PostgreSQL connection, process control.

say()  { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
ok()   { printf '\033[1;32m ok\033[0m %s\n' "$*"; }
die()  { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# The command registry behind ./pa help: pa_command NAME USAGE SUMMARY, in the order help lists them.
# A command NAME runs cmd_NAME; help_NAME, when defined, prints its details for ./pa NAME --help.
PA_COMMANDS=()
declare -A PA_USAGE=() PA_SUMMARY=()
pa_command() { PA_COMMANDS+=("$1"); PA_USAGE[$1]="$2"; PA_SUMMARY[$1]="$3"; }
PA_TEST_REQUIRES=()

# with_progress LABEL LOG COMMAND...: runs a long step with its output in LOG, showing the elapsed time as it goes
# (a ticking line on a terminal, a line every 30 s otherwise), then ok with the time taken, or LOG's tail and exit.
with_progress() {
  local label="$1" log="$2" started=$SECONDS pid rc=0
  shift 2
  mkdir -p "$(dirname "$log")"
  "$@" >"$log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    if [ -t 1 ]; then printf '\r\033[1;34m==>\033[0m %s … %ds ' "$label" $((SECONDS - started))
    elif [ $(( (SECONDS - started) % 30 )) -eq 29 ]; then say "$label … $((SECONDS - started + 1)) s so far"; fi
    sleep 1
  done
  wait "$pid" || rc=$?
  [ -t 1 ] && printf '\r\033[K'
  if [ $rc -ne 0 ]; then tail -n 40 "$log" >&2; die "$label failed after $((SECONDS - started)) s; the whole output is in $log"; fi
  ok "$label ($((SECONDS - started)) s)"
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && { echo "$dir"; return; }; done
  return 1
}

# Runs a PostgreSQL server tool as the postgres user when we are root (initdb and postgres refuse root).
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

install_packages() {
  local missing=()
  pg_bin >/dev/null || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v curl >/dev/null || missing+=(curl)
  # TorchSharp's native library is patched in the build output on older libstdc++ (src/Inference/Native).
  command -v patchelf >/dev/null || missing+=(patchelf)
  command -v g++ >/dev/null || missing+=(g++)
  # Schedule triggers read time zones (IANA names) from the system's zone database.
  [ -d /usr/share/zoneinfo/Europe ] || missing+=(tzdata)
  # The web app and the TypeScript client build with Node.js and npm (esbuild comes from npm).
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  # What only the tests need (Chromium for browser tests, promtool for alert-rule tests, …): "COMMAND PACKAGE" pairs
  # that the cli/*.sh files add to PA_TEST_REQUIRES.
  local requirement
  if [ "${1:-}" = test ]; then
    for requirement in "${PA_TEST_REQUIRES[@]}"; do
      command -v "${requirement%% *}" >/dev/null || missing+=("${requirement##* }")
    done
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    command -v apt-get >/dev/null || die "missing ${missing[*]}; install them with your package manager"
    mkdir -p "$LOGS"
    with_progress "apt-get update" "$LOGS/apt.log" as_root apt-get update -qq
    with_progress "installing ${missing[*]} with apt" "$LOGS/apt.log" as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
  command -v dotnet >/dev/null || die "the .NET 10 SDK is required (https://dot.net); dotnet is not on PATH"
}

secret() { # secret NAME: a random value kept in PA_HOME/secrets with 0600 permissions
  local file="$PA_HOME/secrets/$1"
  if [ ! -s "$file" ]; then
    mkdir -p "$PA_HOME/secrets" && chmod 700 "$PA_HOME/secrets"
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$file")
  fi
  cat "$file"
}

data_key() { # the AES-256 key sealing secrets at rest (TOTP seeds): 32 random bytes in base64, 0600
  local file="$PA_HOME/keys/data-aes256.key"
  if [ ! -s "$file" ]; then
    mkdir -p "$PA_HOME/keys" && chmod 700 "$PA_HOME/keys"
    (umask 077; head -c 32 /dev/urandom | base64 > "$file")
  fi
  echo "$file"
}

secrets_key() { # the AES-256 key sealing workflow secrets ({{secrets.NAME}}): 32 random bytes in base64, 0600
  local file="$PA_HOME/keys/workflow-secrets-aes256.key"
  if [ ! -s "$file" ]; then
    mkdir -p "$PA_HOME/keys" && chmod 700 "$PA_HOME/keys"
    (umask 077; head -c 32 /dev/urandom | base64 > "$file")
  fi
  echo "$file"
}

pg_connection() {
  echo "Host=127.0.0.1;Port=$PA_PG_PORT;Username=postgres;Password=$(secret postgres-password);Database=$DB_NAME;Maximum Pool Size=50"
}

export_cluster_env() {
  export Cluster__PostgresConnectionString="$(pg_connection)"
  export Cluster__RedisConnectionString="127.0.0.1:$PA_REDIS_PORT"
  # Links in e-mails and sign-in redirects point here; both the silo and the gateway read it.
  export Gateway__PublicUrl="${PA_PUBLIC_URL:-http://127.0.0.1:$PA_HTTP_PORT}"
  # Without Email__Smtp__Host (in the environment or PA_CONFIG) the silo writes mail as .eml files here; ./pa mail reads them.
  export Email__MailDirectory="${Email__MailDirectory:-$PA_HOME/mail}"
}

pid_alive() { [ -s "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

wait_http() { # wait_http URL SECONDS WHAT PID_NAME
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    [ -n "${4:-}" ] && ! pid_alive "$4" && die "$3 exited; see $LOGS/$4.log"
    [ $SECONDS -ge $deadline ] && die "$3 not ready after $2 s; see $LOGS"
    sleep 0.5
  done
}

start_postgres() {
  local bin; bin="$(pg_bin)" || die "PostgreSQL server binaries not found"
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    say "initialising PostgreSQL in $PGDATA"
    mkdir -p "$PGDATA" "$RUN/pg"
    local pwfile="$RUN/pg/pwfile"
    (umask 077; secret postgres-password > "$pwfile")
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres: "$PGDATA" "$RUN/pg" "$pwfile"
      runuser -u postgres -- test -x "$PGDATA" || die "the postgres user cannot reach $PGDATA; set PA_HOME to a directory it can traverse"
    fi
    as_pg "$bin/initdb" -D "$PGDATA" -U postgres --pwfile="$pwfile" --auth=scram-sha-256 -E UTF8 >"$LOGS/initdb.log" 2>&1 \
      || die "initdb failed; see $LOGS/initdb.log"
    rm -f "$pwfile"
  fi
  if as_pg "$bin/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then ok "PostgreSQL already running"; return; fi
  mkdir -p "$RUN/pg"; [ "$(id -u)" -eq 0 ] && chown postgres: "$RUN/pg" "$LOGS"
  say "starting PostgreSQL on 127.0.0.1:$PA_PG_PORT"
  as_pg "$bin/pg_ctl" -D "$PGDATA" -l "$LOGS/postgres.log" -w -t 60 \
    -o "-p $PA_PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=$RUN/pg -c max_connections=300" start >/dev/null \
    || die "PostgreSQL did not start; see $LOGS/postgres.log"
  PGPASSWORD="$(secret postgres-password)" psql -h 127.0.0.1 -p "$PA_PG_PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" | grep -q 1 \
    || PGPASSWORD="$(secret postgres-password)" psql -h 127.0.0.1 -p "$PA_PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE $DB_NAME" \
    || die "could not create database $DB_NAME"
  ok "PostgreSQL ready"
}

start_redis() {
  if pid_alive redis; then ok "Redis already running"; return; fi
  say "starting Redis on 127.0.0.1:$PA_REDIS_PORT"
  mkdir -p "$PA_HOME/redis"
  # Append-only persistence: reminders must survive a restart of the local system.
  redis-server --port "$PA_REDIS_PORT" --bind 127.0.0.1 --daemonize yes --pidfile "$RUN/redis.pid" \
    --logfile "$LOGS/redis.log" --dir "$PA_HOME/redis" --appendonly yes --save '' >/dev/null
  local deadline=$((SECONDS + 15))
  until redis-cli -p "$PA_REDIS_PORT" ping 2>/dev/null | grep -q PONG; do
    [ $SECONDS -ge $deadline ] && die "Redis did not start; see $LOGS/redis.log"; sleep 0.2
  done
  ok "Redis ready"
}

