#!/usr/bin/env bash
# Load benchmark of GET /api/v1/me against a running `./pa up` (JWT auth, one grain call per request).
# usage: bench/me-load.sh [RATES...]   (default: 500 1000 2000 requests/s, 20 s each)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="${PA_URL:-http://127.0.0.1:${PA_HTTP_PORT:-8080}}"
RATES=("${@:-500 1000 2000}")
SECONDS_EACH="${BENCH_SECONDS:-20}"

curl -fsS -o /dev/null "$BASE/health/ready" || { echo "no ready gateway at $BASE: run ./pa up first" >&2; exit 1; }
email="bench-$(date +%s)-$RANDOM@example.com"
password="bench password 1"
curl -fsS -o /dev/null -X POST "$BASE/api/v1/auth/register" -H 'content-type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}"
login() {
  curl -fsS -X POST "$BASE/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$password\"}" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/'
}

# Every API call counts against requests_per_minute (60 for community): the bench user gets a licence whose
# per-minute allowance the load cannot reach, issued by a bench administrator.
admin="bench-admin-$(date +%s)-$RANDOM@example.com"
"$ROOT/pa" admin bootstrap --email "$admin" --password "$password" >/dev/null
curl -fsS -o /dev/null -X POST "$BASE/api/v1/admin/licenses" -H 'content-type: application/json' -H "Authorization: Bearer $(login "$admin")" \
  -d "{\"email\":\"$email\",\"edition\":\"enterprise\",\"maxDevices\":1,\"expiresAt\":\"2099-01-01T00:00:00Z\",\"limits\":{\"requestsPerMinute\":1000000000}}"
token=$(login "$email")

dotnet build -c Release "$ROOT/bench/LoadGen/LoadGen.csproj" -nologo -v q -clp:ErrorsOnly >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for rate in ${RATES[@]}; do
  echo
  dotnet "$ROOT/bench/LoadGen/bin/Release/net10.0/PowerAutomation.LoadGen.dll" "$BASE/api/v1/me" "$rate" "$SECONDS_EACH" --token "$token"
done
