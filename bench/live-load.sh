#!/usr/bin/env bash
# Live editing load against a running `./pa up`: ack and broadcast latency over WebSockets.
# usage: bench/live-load.sh [DOCUMENTS EDITORS_PER_DOCUMENT OPS_PER_SECOND SECONDS]   (default 100 10 2 30)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="${PA_URL:-http://127.0.0.1:${PA_HTTP_PORT:-8080}}"
curl -fsS -o /dev/null "$BASE/health/ready" || { echo "no ready gateway at $BASE: run ./pa up first" >&2; exit 1; }
password="bench password 1"
login() {
  curl -fsS -X POST "$BASE/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$password\"}" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/'
}
email="live-$(date +%s)-$RANDOM@example.com"
admin="live-admin-$(date +%s)-$RANDOM@example.com"
curl -fsS -o /dev/null -X POST "$BASE/api/v1/auth/register" -H 'content-type: application/json' -d "{\"email\":\"$email\",\"password\":\"$password\"}"
"$ROOT/pa" admin bootstrap --email "$admin" --password "$password" >/dev/null
# Setting up documents takes more API calls than the community edition's 60 a minute.
curl -fsS -o /dev/null -X POST "$BASE/api/v1/admin/licenses" -H 'content-type: application/json' -H "Authorization: Bearer $(login "$admin")" \
  -d "{\"email\":\"$email\",\"edition\":\"enterprise\",\"maxDevices\":1,\"expiresAt\":\"2099-01-01T00:00:00Z\",\"limits\":{\"requestsPerMinute\":1000000}}"
dotnet build -c Release "$ROOT/bench/LiveLoad/LiveLoad.csproj" -nologo -v q -clp:ErrorsOnly >/dev/null
echo "machine: $(nproc) cores; one silo and one gateway (./pa up); editors on the same machine"
dotnet "$ROOT/bench/LiveLoad/bin/Release/net10.0/PowerAutomation.LiveLoad.dll" "$BASE" "$(login "$email")" "${1:-100}" "${2:-10}" "${3:-2}" "${4:-30}"
