# ./pa test: installs what the tests need and runs the whole suite.

pa_command test "test [dotnet test options]" "installs what the tests need, builds, and runs the whole suite (CI runs exactly this)"

PA_TEST_REQUIRES+=("chromium chromium") # browser tests drive Debian's Chromium (no browser download)

help_test() {
  cat <<HELP
Installs the test tools with apt when missing (${PA_TEST_REQUIRES[*]%% *}), the npm packages of the web app and the
test peers, then runs dotnet test on the solution; options go to dotnet test, for example
  ./pa test --filter "FullyQualifiedName~Workflows"
The output is also in $LOGS/test.log; the last line is "tests: N passed, N failed, N skipped".
HELP
}

cmd_test() {
  install_packages test
  build_web
  npm_install tests/oidc-provider # the real OIDC provider of the sign-in tests
  npm_install tests/ai-sdks # the official OpenAI and Anthropic Node SDKs, as clients of the gateway
  npm_install tests/mcp-clients # the official MCP TypeScript SDK and the AG-UI client, as clients of /mcp and /api/v1/agent
  say "running the test suite"
  local log="$LOGS/test.log" rc
  mkdir -p "$LOGS"
  set +e
  dotnet test "$ROOT/PowerAutomation.sln" -c "$CONFIGURATION" -nologo "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  # One plain closing line that any CI reads: "N passed, N failed, N skipped".
  local passed failed skipped
  sum() { grep -oE "$1: +[0-9]+" "$log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}'; }
  passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
  echo "tests: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
  return "$rc"
}

