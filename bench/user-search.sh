#!/usr/bin/env bash
# Admin user search on 100,000 users against a running `./pa up`: seeds synthetic rows into the `users` read model
# (once; they are marked @bench.invalid), then times the prefix search the API runs (index scans, 0009) against the
# substring scan it replaced, in PostgreSQL (EXPLAIN ANALYZE, median of 5), and end to end over HTTP.
# usage: bench/user-search.sh [USERS]   (default 100000)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PA_HOME="${PA_HOME:-$ROOT/.pa}"
BASE="${PA_URL:-http://127.0.0.1:${PA_HTTP_PORT:-8080}}"
USERS="${1:-100000}"
export PGPASSWORD; PGPASSWORD="$(cat "$PA_HOME/secrets/postgres-password")"
PSQL=(psql -h 127.0.0.1 -p "${PA_PG_PORT:-5544}" -U postgres -d powerautomation -qAtX)

curl -fsS -o /dev/null "$BASE/health/ready" || { echo "no ready gateway at $BASE: run ./pa up first" >&2; exit 1; }
have="$("${PSQL[@]}" -c "SELECT count(*) FROM users WHERE email LIKE '%@bench.invalid'")"
if [ "$have" -lt "$USERS" ]; then
  echo "seeding $((USERS - have)) users …"
  "${PSQL[@]}" -c "INSERT INTO users (user_id, email, display_name, roles, created_at)
    SELECT gen_random_uuid(), 'u' || md5(i::text) || '@bench.invalid', initcap(substr(md5((i * 7)::text), 1, 8)) || ' Bench',
           '{member}', now() - make_interval(secs => i)
    FROM generate_series($have + 1, $USERS) AS i"
  "${PSQL[@]}" -c "ANALYZE users"
fi
echo "users: $("${PSQL[@]}" -c "SELECT count(*) FROM users")"

median_ms() { # median_ms SQL: median execution time of 5 EXPLAIN ANALYZE runs
  for _ in 1 2 3 4 5; do
    "${PSQL[@]}" -c "EXPLAIN (ANALYZE, FORMAT JSON) $1" | grep -oE '"Execution Time": [0-9.]+' | grep -oE '[0-9.]+$'
  done | sort -n | sed -n 3p
}

columns="user_id, email, display_name, roles, mfa_enabled, created_at, email_verified, disabled"
order="ORDER BY created_at DESC, user_id DESC LIMIT 51"
printf '\n%-28s %14s %14s %8s\n' "query" "prefix (ms)" "substring (ms)" "ratio"
for term in ua3f ub u zzzz; do
  prefix=$(median_ms "SELECT $columns FROM users WHERE (email_normalized LIKE '$term%' OR lower(display_name) LIKE '$term%') $order")
  substring=$(median_ms "SELECT $columns FROM users WHERE (strpos(email_normalized, '$term') > 0 OR strpos(lower(display_name), '$term') > 0) $order")
  printf '%-28s %14s %14s %7.1fx\n' "'$term'" "$prefix" "$substring" "$(awk -v a="$substring" -v b="$prefix" 'BEGIN { print a / b }')"
done

source "$ROOT/bench/bench-user.sh"
stamp="$(date +%s)-$RANDOM"; admin="bench-admin-$stamp@example.com"
"$ROOT/pa" admin bootstrap --email "$admin" --password "bench password 1" >/dev/null
token="$(_bench_login "$BASE" "$admin" "bench password 1")"
echo
echo "HTTP GET /api/v1/admin/users (50 a page, each user's edition from its grain), median of 5:"
for query in "query=ua3f" "query=u" ""; do
  times=$(for _ in 1 2 3 4 5; do curl -fsS -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" "$BASE/api/v1/admin/users?$query"; done | sort -n | sed -n 3p)
  printf '  %-14s %6.1f ms\n' "${query:-(no query)}" "$(awk -v t="$times" 'BEGIN { print t * 1000 }')"
done
