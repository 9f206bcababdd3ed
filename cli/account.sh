# ./pa admin bootstrap, login, whoami, logout: the Client program.

pa_command admin "admin bootstrap --email E [--password P]" "creates an administrator, or promotes an existing account, through the embedded cluster client"
pa_command login "login [--url URL]" "signs this machine in as a user through the browser (device flow) and keeps the refresh token"
pa_command whoami "whoami" "shows who this machine is signed in as"
pa_command logout "logout" "ends this machine's session and forgets its credentials"

help_admin() {
  cat <<HELP
Needs the system up (./pa up). Without --password the password is asked for without echo (or read from stdin when
that is a pipe: echo "\$PW" | ./pa admin bootstrap --email E), so it never shows in the process list; --password P
still works but is visible to every user of this machine while the command runs. An existing account keeps its password.
HELP
}

help_login() { echo "Prints a /device link and a code; approve it in the browser. Credentials: \${XDG_CONFIG_HOME:-~/.config}/powerautomation/credentials.json (0600)."; }

cmd_admin() {
  [ "${1:-}" = bootstrap ] || die "usage: ./pa admin bootstrap --email E [--password P]"
  shift
  mkdir -p "$LOGS"
  export_cluster_env
  build Client
  dotnet "$ROOT/src/Client/bin/$CONFIGURATION/net10.0/PowerAutomation.Client.dll" admin bootstrap "$@"
}

# login / whoami / logout: the Client program over HTTP to the gateway (default the local one); no cluster settings.
cmd_account() {
  mkdir -p "$LOGS"
  build Client
  PA_HTTP_PORT="$PA_HTTP_PORT" dotnet "$ROOT/src/Client/bin/$CONFIGURATION/net10.0/PowerAutomation.Client.dll" "$@"
}

cmd_login() { cmd_account login "$@"; }
cmd_whoami() { cmd_account whoami "$@"; }
cmd_logout() { cmd_account logout "$@"; }
