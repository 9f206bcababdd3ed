#!/usr/bin/env bash
# Embeddings through the running system: callers each sending one sentence at a time to /v1/embeddings, so the
# only batching is the model worker's dynamic batching across callers. Run twice: with batching off
# (ModelWorkers:MaxBatchSize=1) and on (the default 32 sentences / 5 ms), restarting ./pa each time.
# usage: bench/embed-load.sh [CONCURRENCY...]   (default: 1 8 32 64 callers, 20 s each)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="http://127.0.0.1:${PA_HTTP_PORT:-8080}"
LEVELS=("${@:-1 8 32 64}")
SECONDS_EACH="${BENCH_SECONDS:-20}"

dotnet build -c Release "$ROOT/bench/EmbedLoad/EmbedLoad.csproj" -nologo -v q -clp:ErrorsOnly >/dev/null
EMBEDLOAD="$ROOT/bench/EmbedLoad/bin/Release/net10.0/PowerAutomation.EmbedLoad.dll"
source "$ROOT/bench/bench-user.sh"

run() { # run MAX_BATCH
  "$ROOT/pa" down >/dev/null 2>&1 || true
  ModelWorkers__MaxBatchSize="$1" "$ROOT/pa" up >/dev/null
  local token
  token="$(bench_user_token "$BASE" "$ROOT/pa")"
  echo "== ModelWorkers:MaxBatchSize=$1 ($(nproc) cores, $(grep -m1 "model name" /proc/cpuinfo | cut -d: -f2 | xargs))"
  dotnet "$EMBEDLOAD" "$BASE" "$token" "$SECONDS_EACH" ${LEVELS[@]}
}

run 1
run 32
"$ROOT/pa" down >/dev/null
