#!/usr/bin/env bash
# Live editing load against a running `./pa up`: ack and broadcast latency over WebSockets.
# usage: bench/live-load.sh [DOCUMENTS EDITORS_PER_DOCUMENT OPS_PER_SECOND SECONDS]   (default 100 10 2 30)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="${PA_URL:-http://127.0.0.1:${PA_HTTP_PORT:-8080}}"
curl -fsS -o /dev/null "$BASE/health/ready" || { echo "no ready gateway at $BASE: run ./pa up first" >&2; exit 1; }
# Setting up documents takes more API calls than the community edition's 60 a minute.
source "$ROOT/bench/bench-user.sh"
token="$(bench_user_token "$BASE" "$ROOT/pa")"
dotnet build -c Release "$ROOT/bench/LiveLoad/LiveLoad.csproj" -nologo -v q -clp:ErrorsOnly >/dev/null
echo "machine: $(nproc) cores; one silo and one gateway (./pa up); editors on the same machine"
dotnet "$ROOT/bench/LiveLoad/bin/Release/net10.0/PowerAutomation.LiveLoad.dll" "$BASE" "$token" "${1:-100}" "${2:-10}" "${3:-2}" "${4:-30}"
