#!/usr/bin/env bash
# MCP read_document p99 under open-loop load against a running `./pa up`, beside the REST read of the same document
# at the same rate in the same run: one enterprise user, one project, one 4 KiB document, a few MCP sessions.
# usage: bench/mcp-load.sh [RATES...]   (default: 500 1000 calls/s, 20 s each)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="${PA_URL:-http://127.0.0.1:${PA_HTTP_PORT:-8080}}"
RATES=("${@:-500 1000}")
SECONDS_EACH="${BENCH_SECONDS:-20}"

curl -fsS -o /dev/null "$BASE/health/ready" || { echo "no ready gateway at $BASE: run ./pa up first" >&2; exit 1; }
source "$ROOT/bench/bench-user.sh"
token="$(bench_user_token "$BASE" "$ROOT/pa")"
project="$(curl -fsS -X POST "$BASE/api/v1/projects" -H 'content-type: application/json' -H "Authorization: Bearer $token" \
  -d '{"name":"mcp-load"}' | sed -E 's/.*"projectId":"([^"]+)".*/\1/')"
content="$(head -c 4096 /dev/zero | tr '\0' 'x')"
document="$(curl -fsS -X POST "$BASE/api/v1/projects/$project/documents" -H 'content-type: application/json' -H "Authorization: Bearer $token" \
  -d "{\"path\":\"load.txt\",\"content\":\"$content\"}" | sed -E 's/.*"documentId":"([^"]+)".*/\1/')"

dotnet build -c Release "$ROOT/bench/LoadGen/LoadGen.csproj" -nologo -v q -clp:ErrorsOnly >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for rate in ${RATES[@]}; do
  echo
  dotnet "$ROOT/bench/LoadGen/bin/Release/net10.0/PowerAutomation.LoadGen.dll" mcp-read "$BASE" "$document" "$rate" "$SECONDS_EACH" --token "$token"
done
