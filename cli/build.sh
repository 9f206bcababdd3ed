# Building: npm installs keyed by lock file, the web app, the .NET projects, starting a built host.

npm_install() { # npm_install DIR: npm ci when the lock file changed since the last install
  local dir="$ROOT/$1" stamp="$ROOT/$1/node_modules/.pa-lock"
  local want; want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  [ -s "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && return
  with_progress "installing npm packages in $1" "$LOGS/npm-${1//\//-}.log" in_dir "$dir" npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
}

in_dir() { local dir="$1"; shift; (cd "$dir" && exec "$@"); } # in_dir DIR COMMAND...: runs COMMAND in DIR

build_web() {
  mkdir -p "$LOGS"
  npm_install clients/typescript
  npm_install web
  with_progress "building the web app" "$LOGS/build-web.log" in_dir "$ROOT/web" node build.mjs
  ok "$(tail -1 "$LOGS/build-web.log")"
}

build() {
  with_progress "building $1 ($CONFIGURATION)" "$LOGS/build-$1.log" dotnet build "$ROOT/src/$1/$1.csproj" -c "$CONFIGURATION" -nologo -v q -clp:ErrorsOnly
}

start_dotnet() { # start_dotnet NAME PROJECT URL
  local dll="$ROOT/src/$2/bin/$CONFIGURATION/net10.0/PowerAutomation.$2.dll"
  # Run from the build output so the host finds its appsettings.json (logging levels, defaults).
  (cd "$(dirname "$dll")" && exec nohup dotnet "$dll" --urls "$3" >"$LOGS/$1.log" 2>&1) &
  echo $! >"$RUN/$1.pid"
}

