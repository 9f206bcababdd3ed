#!/usr/bin/env bash
# Load benchmark of GET /api/v1/me against a running `./pa up` (JWT auth, one grain call per request).
# usage: bench/me-load.sh [RATES...]   (default: 500 1000 2000 requests/s, 20 s each)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="${PA_URL:-http://127.0.0.1:${PA_HTTP_PORT:-8080}}"
RATES=("${@:-500 1000 2000}")
SECONDS_EACH="${BENCH_SECONDS:-20}"

curl -fsS -o /dev/null "$BASE/health/ready" || { echo "no ready gateway at $BASE: run ./pa up first" >&2; exit 1; }
source "$ROOT/bench/bench-user.sh"
token="$(bench_user_token "$BASE" "$ROOT/pa")"

dotnet build -c Release "$ROOT/bench/LoadGen/LoadGen.csproj" -nologo -v q -clp:ErrorsOnly >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for rate in ${RATES[@]}; do
  echo
  dotnet "$ROOT/bench/LoadGen/bin/Release/net10.0/PowerAutomation.LoadGen.dll" "$BASE/api/v1/me" "$rate" "$SECONDS_EACH" --token "$token"
done
