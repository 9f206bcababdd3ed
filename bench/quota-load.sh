#!/usr/bin/env bash
# Quota decisions/s and overshoot against a running `./pa up`, through the embedded cluster client.
# usage: bench/quota-load.sh [SECONDS] [PRINCIPALS] [CONCURRENCY]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PA_HOME="${PA_HOME:-$ROOT/.pa}"
[ -s "$PA_HOME/secrets/postgres-password" ] || { echo "no local system under $PA_HOME: run ./pa up first" >&2; exit 1; }
export Cluster__PostgresConnectionString="Host=127.0.0.1;Port=${PA_PG_PORT:-5544};Username=postgres;Password=$(cat "$PA_HOME/secrets/postgres-password");Database=powerautomation"
dotnet build -c Release "$ROOT/bench/QuotaLoad/QuotaLoad.csproj" -nologo -v q -clp:ErrorsOnly >/dev/null
echo "machine: $(nproc) cores; one silo (./pa up); client on the same machine"
dotnet "$ROOT/bench/QuotaLoad/bin/Release/net10.0/PowerAutomation.QuotaLoad.dll" "$@"
