# ./pa help [COMMAND] and ./pa COMMAND --help: every command, its usage and what it does.

pa_command help "help [COMMAND]" "lists the commands, or explains one"

cmd_help() {
  if [ -n "${1:-}" ]; then show_command_help "$1"; return; fi
  echo "usage: ./pa COMMAND [OPTIONS]      (PA_HOME=$PA_HOME)"
  echo
  # The order an operator meets them in; a command not named here comes after these.
  local order=(up down status logs backup restore monitoring admin login whoami logout mail test help) name listed=() width=26
  for name in "${order[@]}"; do [ -n "${PA_SUMMARY[$name]+set}" ] && listed+=("$name"); done
  for name in "${PA_COMMANDS[@]}"; do [[ " ${order[*]} " == *" $name "* ]] || listed+=("$name"); done
  for name in "${listed[@]}"; do
    if [ ${#PA_USAGE[$name]} -le $width ]; then printf '  %-*s  %s\n' "$width" "${PA_USAGE[$name]}" "${PA_SUMMARY[$name]}"
    else printf '  %s\n  %-*s  %s\n' "${PA_USAGE[$name]}" "$width" "" "${PA_SUMMARY[$name]}"; fi
  done
  echo
  echo "./pa COMMAND --help explains one. Ports and paths come from PA_HOME, PA_HTTP_PORT, PA_PG_PORT, PA_REDIS_PORT,"
  echo "PA_SILO_PORT, PA_SILO_GATEWAY_PORT and PA_SILO_HTTP_PORT (see README.md)."
}

show_command_help() {
  [ -n "${PA_SUMMARY[$1]+set}" ] || die "no command '$1'; ./pa help lists them"
  echo "usage: ./pa ${PA_USAGE[$1]}"
  echo
  echo "${PA_SUMMARY[$1]^}."
  if declare -F "help_$1" >/dev/null; then echo; "help_$1"; fi
}

pa_main() {
  local name="${1:-help}"
  [ $# -gt 0 ] && shift
  case "$name" in -h|--help) name=help ;; esac
  if [ -z "${PA_SUMMARY[$name]+set}" ]; then
    printf '\033[1;31merror:\033[0m no command %s\n\n' "'$name'" >&2
    cmd_help >&2
    exit 2
  fi
  local arg
  for arg in "$@"; do
    case "$arg" in -h|--help) show_command_help "$name"; return ;; esac
  done
  "cmd_$name" "$@"
}
