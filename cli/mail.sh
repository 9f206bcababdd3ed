# ./pa mail [show N]: the mail the system wrote as .eml files.

pa_command mail "mail [show N]" "lists the mail the system wrote (newest first), or prints the N-th"

help_mail() { echo "While no Email:Smtp:Host is configured the silo writes each mail as an .eml file under \${Email__MailDirectory:-PA_HOME/mail}."; }

mail_header() { # mail_header FILE NAME: one header's value (first line; folded lines joined)
  awk -v name="$2" 'BEGIN { IGNORECASE = 1 } /^\r?$/ { exit } found && /^[ \t]/ { sub(/^[ \t]+/, " "); value = value $0; next }
    found { exit } tolower($0) ~ "^" tolower(name) ":" { found = 1; value = substr($0, length(name) + 2); sub(/^[ \t]+/, "", value) }
    END { gsub(/\r/, "", value); print value }' "$1"
}

cmd_mail() { # ./pa mail: the .eml files, newest first; ./pa mail show N: the N-th of that list
  local dir="${Email__MailDirectory:-$PA_HOME/mail}" files=()
  [ -d "$dir" ] && mapfile -t files < <(find "$dir" -maxdepth 1 -name '*.eml' -printf '%f\n' | sort -r)
  if [ "${1:-}" = show ]; then
    local n="${2:-1}"
    [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le "${#files[@]}" ] || die "no mail number '$n' (./pa mail lists ${#files[@]})"
    cat "$dir/${files[$((n - 1))]}"; return
  fi
  [ -n "${1:-}" ] && die "usage: ./pa mail | ./pa mail show N"
  [ ${#files[@]} -eq 0 ] && { echo "no mail in $dir"; return; }
  printf '%-4s %-31s %-36s %s\n' N DATE TO SUBJECT
  local i=0 file
  for file in "${files[@]}"; do
    i=$((i + 1))
    printf '%-4s %-31s %-36s %s\n' "$i" "$(mail_header "$dir/$file" Date)" "$(mail_header "$dir/$file" To)" "$(mail_header "$dir/$file" Subject)"
  done
}

