#!/usr/bin/env bash
# Gateway overhead on AI calls: open-loop load straight at a fake OpenAI-protocol upstream and through the gateway
# (licence, edition, quota reservation and settlement in micro-USD, routing, relaying), non-streamed and streamed
# (time to first byte), for /v1/chat/completions and /v1/responses; then a budgeted user is sent twice the calls its
# ai_spend budget pays for, and the spend must end exactly at the answered calls' cost, never past the budget.
# It restarts the local system (./pa down; ./pa up) with one priced provider pointing at the bench upstream.
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
trap 'kill $upstream 2>/dev/null || true; "$ROOT/pa" down >/dev/null 2>&1 || true' EXIT

export Ai__Providers__0__Name=bench Ai__Providers__0__Kind=openai-compatible
export Ai__Providers__0__BaseUrl="http://127.0.0.1:$UPSTREAM_PORT/v1" Ai__Providers__0__Models__0=bench-model
# 1,000 USD per million tokens both ways: the upstream's 8 + 6 tokens cost 14,000 micro-USD a call.
# (A name with '-' cannot be exported by bash; env(1) passes it on, and bash hands it to its children untouched.)
prices=('Ai__Prices__bench-model__InputPerMillion=1000' 'Ai__Prices__bench-model__OutputPerMillion=1000')
CALL_COST=14000 BUDGET_CALLS="${BENCH_BUDGET_CALLS:-1000}"
"$ROOT/pa" down >/dev/null 2>&1 || true
env "${prices[@]}" "$ROOT/pa" up

source "$ROOT/bench/bench-user.sh"
token="$(bench_user_token "$BASE" "$ROOT/pa" '{"requestsPerMinute":1000000000,"aiRequestsPerDay":1000000000,"aiTokensPerDay":1000000000,"aiSpendPerDay":1000000000000}')"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for rate in ${RATES[@]}; do
  budget=$((BUDGET_CALLS * CALL_COST))
  budgeted="$(bench_user_token "$BASE" "$ROOT/pa" "{\"requestsPerMinute\":1000000000,\"aiRequestsPerDay\":1000000000,\"aiTokensPerDay\":1000000000,\"aiSpendPerDay\":$budget}")"
  dotnet "$AILOAD" measure "$BASE/v1" "http://127.0.0.1:$UPSTREAM_PORT/v1" "$token" "$rate" "$SECONDS_EACH" "$budgeted" "$budget" "$CALL_COST"
done
