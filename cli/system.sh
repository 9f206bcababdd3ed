# ./pa up | down | status: the local system under PA_HOME.

pa_command up "up [--monitoring]" "starts PostgreSQL, Redis, a silo and a gateway under PA_HOME (installing what is missing) and prints the URL"
pa_command down "down" "stops everything ./pa up started; the data stays in PA_HOME"
pa_command status "status" "shows each component's state, versions and the database's migration level; exits 1 when anything is down"

# Features add functions here that ./pa up (after the gateway is ready, with the up options), down and status call.
PA_UP_HOOKS=()
PA_DOWN_HOOKS=()
PA_STATUS_HOOKS=()
PA_UP_OPTIONS=()

help_up() {
  cat <<HELP
Installs postgresql, redis-server and the build tools with apt when they are missing (as root, or with sudo),
initialises PostgreSQL in $PGDATA (password in PA_HOME/secrets, 0600), starts Redis with append-only
persistence, builds and starts one silo (which migrates the schema) and one gateway, waits until both answer
/health/ready, and prints the gateway's URL. Running it again while up only prints the URL.

Options:
  --monitoring   also starts Prometheus scraping the silo and the gateway, with the alert rules of ops/prometheus
                 (on PA_PROMETHEUS_PORT, default 9090)

Logs: $LOGS (./pa logs follows them). Ports: PA_HTTP_PORT ($PA_HTTP_PORT), PA_PG_PORT ($PA_PG_PORT),
PA_REDIS_PORT ($PA_REDIS_PORT), PA_SILO_PORT ($PA_SILO_PORT), PA_SILO_GATEWAY_PORT ($PA_SILO_GATEWAY_PORT), PA_SILO_HTTP_PORT ($PA_SILO_HTTP_PORT).
HELP
}

help_down() { echo "Stops the gateway, the silo (each given 20 s to finish), Redis and PostgreSQL. ./pa up starts them again on the same data."; }

help_status() { echo "One line per component (postgresql, redis, silo, gateway, and prometheus when started), then the versions: commit, .NET, PostgreSQL, Redis, and the schema migration the database is at."; }

cmd_up() {
  local arg
  for arg in "$@"; do
    case "$arg" in
      --monitoring) PA_UP_OPTIONS+=(monitoring) ;;
      *) die "unknown option '$arg' for up; ./pa up --help lists them" ;;
    esac
  done
  mkdir -p "$RUN" "$LOGS"
  if pid_alive gateway && curl -fsS -o /dev/null "http://127.0.0.1:$PA_HTTP_PORT/health/ready" 2>/dev/null; then
    run_hooks "${PA_UP_HOOKS[@]}"
    echo "http://127.0.0.1:$PA_HTTP_PORT"; return
  fi
  install_packages
  start_postgres
  start_redis
  export_cluster_env
  if ! pid_alive silo; then
    build Silo
    say "starting silo (silo port $PA_SILO_PORT, gateway port $PA_SILO_GATEWAY_PORT; model workers: GPUs found + one CPU worker)"
    # A CPU model worker by default, so /v1/embeddings and search work on a machine without a GPU.
    Silo__SiloPort=$PA_SILO_PORT Silo__GatewayPort=$PA_SILO_GATEWAY_PORT ModelWorkers__CpuWorker="${PA_CPU_WORKER:-true}" \
      Security__DataKeyPath="$(data_key)" Workflows__SecretsKeyPath="$(secrets_key)" \
      start_dotnet silo Silo "http://127.0.0.1:$PA_SILO_HTTP_PORT"
    wait_http "http://127.0.0.1:$PA_SILO_HTTP_PORT/health/ready" 120 "silo" silo
    ok "silo ready (schema migrated)"
  fi
  if ! pid_alive gateway; then
    build_web
    build Gateway
    say "starting gateway on port $PA_HTTP_PORT"
    WebApp__RootPath="$ROOT/web/dist" start_dotnet gateway Gateway "http://127.0.0.1:$PA_HTTP_PORT"
  fi
  wait_http "http://127.0.0.1:$PA_HTTP_PORT/health/ready" 120 "gateway" gateway
  ok "gateway ready; logs in $LOGS"
  run_hooks "${PA_UP_HOOKS[@]}"
  ok "open the URL below in a browser: register, create a project, edit with a colleague"
  echo "http://127.0.0.1:$PA_HTTP_PORT"
}

stop_pid() { # stop_pid NAME: TERM, then KILL after 20 s
  pid_alive "$1" || { rm -f "$RUN/$1.pid"; return; }
  local pid; pid="$(cat "$RUN/$1.pid")"
  say "stopping $1 (pid $pid)"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 80); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  rm -f "$RUN/$1.pid"
}

run_hooks() { local hook; for hook in "$@"; do "$hook"; done; }

cmd_down() {
  run_hooks "${PA_DOWN_HOOKS[@]}"
  stop_pid gateway
  stop_pid silo
  if pid_alive redis; then say "stopping Redis"; redis-cli -p "$PA_REDIS_PORT" shutdown >/dev/null 2>&1 || stop_pid redis; fi
  rm -f "$RUN/redis.pid"
  local bin
  if bin="$(pg_bin)" && [ -s "$PGDATA/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    say "stopping PostgreSQL"; as_pg "$bin/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null
  fi
  ok "stopped; data kept in $PA_HOME"
}

cmd_status() {
  local bin state rc=0
  printf '%-12s %-9s %-28s %s\n' COMPONENT STATE ADDRESS DETAIL
  if bin="$(pg_bin)" && [ -s "$PGDATA/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then state=up; else state=down; rc=1; fi
  printf '%-12s %-9s %-28s %s\n' postgresql "$state" "127.0.0.1:$PA_PG_PORT" "$PGDATA"
  if redis-cli -p "$PA_REDIS_PORT" ping 2>/dev/null | grep -q PONG; then state=up; else state=down; rc=1; fi
  printf '%-12s %-9s %-28s %s\n' redis "$state" "127.0.0.1:$PA_REDIS_PORT" ""
  for item in "silo:$PA_SILO_HTTP_PORT" "gateway:$PA_HTTP_PORT"; do
    local name="${item%%:*}" port="${item##*:}" detail
    if ! pid_alive "$name"; then state=down; detail=""; rc=1
    elif curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$port/health/ready" 2>/dev/null; then state=healthy; detail="ready, pid $(cat "$RUN/$name.pid")"
    else
      state=unhealthy; rc=1
      detail="failing: $(curl -sS --max-time 5 "http://127.0.0.1:$port/health/ready" 2>&1 | grep -oE '"name":"[a-z]+","healthy":false' | cut -d'"' -f4 | paste -sd, -)"
    fi
    printf '%-12s %-9s %-28s %s\n' "$name" "$state" "http://127.0.0.1:$port" "$detail"
  done
  local hook
  for hook in "${PA_STATUS_HOOKS[@]}"; do "$hook" || rc=1; done
  echo
  show_versions
  return $rc
}


show_versions() { # the commit, the runtimes and the schema level, each "unknown" when it cannot be read
  local commit pg redis migration
  commit="$(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
  pg="$(PGPASSWORD="$(secret postgres-password)" psql -h 127.0.0.1 -p "$PA_PG_PORT" -U postgres -d "$DB_NAME" -tAc 'SHOW server_version' 2>/dev/null || echo unknown)"
  migration="$(PGPASSWORD="$(secret postgres-password)" psql -h 127.0.0.1 -p "$PA_PG_PORT" -U postgres -d "$DB_NAME" -tAc \
    "SELECT max(version) || ' (' || count(*) || ' applied, latest ' || to_char(max(applied_at), 'YYYY-MM-DD HH24:MI') || ')' FROM schema_migrations" 2>/dev/null || echo unknown)"
  redis="$(redis-cli -p "$PA_REDIS_PORT" info server 2>/dev/null | grep -oE 'redis_version:[^[:space:]]+' | cut -d: -f2 || true)"
  printf '%-12s %s\n' commit "$commit" dotnet "$(dotnet --version 2>/dev/null || echo unknown)" postgresql "${pg:-unknown}" \
    redis "${redis:-unknown}" schema "${migration:-unknown} of $(find "$ROOT/sql" -name '*.sql' | wc -l) in sql/"
}
