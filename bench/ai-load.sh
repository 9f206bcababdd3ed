#!/usr/bin/env bash
# Gateway overhead on AI calls: open-loop load straight at a fake OpenAI-protocol upstream and through the gateway
# (licence, edition, quota checks, routing, relaying), non-streamed and streamed (time to first byte).
# It restarts the local system (./pa down; ./pa up) with one provider pointing at the bench upstream.
# usage: bench/ai-load.sh [RATES...]   (default: 200 1000 requests/s, 15 s each)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="http://127.0.0.1:${PA_HTTP_PORT:-8080}"
UPSTREAM_PORT="${BENCH_UPSTREAM_PORT:-18090}"
RATES=("${@:-200 1000}")
SECONDS_EACH="${BENCH_SECONDS:-15}"

dotnet build -c Release "$ROOT/bench/AiLoad/AiLoad.csproj" -nologo -v q -clp:ErrorsOnly >/dev/null
AILOAD="$ROOT/bench/AiLoad/bin/Release/net10.0/PowerAutomation.AiLoad.dll"
dotnet "$AILOAD" serve "$UPSTREAM_PORT" &
upstream=$!
trap 'kill $upstream 2>/dev/null || true' EXIT

export Ai__Providers__0__Name=bench Ai__Providers__0__Kind=openai-compatible
export Ai__Providers__0__BaseUrl="http://127.0.0.1:$UPSTREAM_PORT/v1" Ai__Providers__0__Models__0=bench-model
"$ROOT/pa" down >/dev/null 2>&1 || true
"$ROOT/pa" up

source "$ROOT/bench/bench-user.sh"
token="$(bench_user_token "$BASE" "$ROOT/pa")"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for rate in ${RATES[@]}; do
  dotnet "$AILOAD" measure "$BASE/v1" "http://127.0.0.1:$UPSTREAM_PORT/v1" "$token" "$rate" "$SECONDS_EACH"
done
