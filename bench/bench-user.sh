# Sourced by the load scripts: bench_user_token BASE PA_SCRIPT [LIMITS_JSON] prints an access token for a fresh
# user with an enterprise licence, issued by a fresh administrator (created through `pa admin bootstrap`).
# Every API call counts against requests_per_minute (60 for community), so the default limits are out of reach.
bench_user_token() {
  local base="$1" pa="$2" limits='{"requestsPerMinute":1000000000,"aiRequestsPerDay":1000000000,"aiTokensPerDay":1000000000}'
  [ -n "${3:-}" ] && limits="$3"
  local stamp; stamp="$(date +%s)-$RANDOM"
  local email="bench-$stamp@example.com" admin="bench-admin-$stamp@example.com" password="bench password 1"
  curl -fsS -o /dev/null -X POST "$base/api/v1/auth/register" -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\"}"
  "$pa" admin bootstrap --email "$admin" --password "$password" >/dev/null
  curl -fsS -o /dev/null -X POST "$base/api/v1/admin/licenses" -H 'content-type: application/json' \
    -H "Authorization: Bearer $(_bench_login "$base" "$admin" "$password")" \
    -d "{\"email\":\"$email\",\"edition\":\"enterprise\",\"maxDevices\":1,\"expiresAt\":\"2099-01-01T00:00:00Z\",\"limits\":$limits}"
  _bench_login "$base" "$email" "$password"
}

_bench_login() {
  curl -fsS -X POST "$1/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$2\",\"password\":\"$3\"}" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/'
}
