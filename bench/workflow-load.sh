#!/usr/bin/env bash
# Workflow runs completed/s and start-to-finish latency against a running `./pa up`, through the HTTP API.
# MODE: three-step (default), foreach (10 elements), webhook (signed deliveries start the runs; delivery-to-started p99),
# schedule (CONCURRENCY every-minute schedules fire for SECONDS; lateness p99, missing and doubled fires).
# usage: bench/workflow-load.sh [SECONDS] [CONCURRENCY] [MODE]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PA_HOME="${PA_HOME:-$ROOT/.pa}"
[ -s "$PA_HOME/secrets/postgres-password" ] || { echo "no local system under $PA_HOME: run ./pa up first" >&2; exit 1; }
export Cluster__PostgresConnectionString="Host=127.0.0.1;Port=${PA_PG_PORT:-5544};Username=postgres;Password=$(cat "$PA_HOME/secrets/postgres-password");Database=powerautomation"
dotnet build -c Release "$ROOT/bench/WorkflowLoad/WorkflowLoad.csproj" -nologo -v q -clp:ErrorsOnly >/dev/null
echo "machine: $(nproc) cores; one silo and one gateway (./pa up), PostgreSQL and Redis local; client on the same machine"
dotnet "$ROOT/bench/WorkflowLoad/bin/Release/net10.0/PowerAutomation.WorkflowLoad.dll" "http://127.0.0.1:${PA_HTTP_PORT:-8080}" "$@"
