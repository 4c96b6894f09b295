#!/usr/bin/env bash
# Runs the shell blocks of README.md's "First steps with the API" exactly as written, in one shell
# and in order, against the packaged application started on its embedded defaults in a fresh
# directory (as a new user would, port 8443). Every curl must succeed: the blocks run with a curl
# that fails on any HTTP error (--fail-with-body) and errexit/pipefail on.
# Needs app/target/strongroom.jar (./mvnw verify or package builds it), curl, jq and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source .ci/jdk.sh
select_jdk >/dev/null

jar="$root/app/target/strongroom.jar"
[[ -f "$jar" ]] || { echo "readme-api: $jar is missing (run ./mvnw package first)" >&2; exit 1; }

work=$(mktemp -d /tmp/strongroom-readme-XXXXXX)
script="$work/walkthrough.sh"
python3 - "$root/README.md" "$script" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
section = text.split("## First steps with the API", 1)[1].split("\n## ", 1)[0]
blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
if len(blocks) < 3:
    sys.exit("readme-api: expected the walkthrough's sh blocks in README.md, found %d" % len(blocks))
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("set -euo pipefail\n")
    out.write('curl() { command curl --silent --show-error --fail-with-body "$@"; echo; }\n')
    for i, block in enumerate(blocks, 1):
        out.write("echo '--- README block %d' >&2\n%s\n" % (i, block))
PY

cd "$work"
"$JAVA_HOME/bin/java" -jar "$jar" > "$work/strongroom.log" 2>&1 &
app=$!
stop() {
  kill -TERM "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
}
trap stop EXIT

for _ in $(seq 1 180); do
  if curl -ks https://localhost:8443/actuator/health/readiness | grep -q '"UP"'; then
    break
  fi
  if ! kill -0 "$app" 2>/dev/null; then
    echo "readme-api: the application exited; its log:" >&2
    tail -50 "$work/strongroom.log" >&2
    exit 1
  fi
  sleep 1
done

if bash "$script"; then
  echo "README API walkthrough: every command ran"
  stop
  trap - EXIT
  rm -rf "$work"
else
  echo "readme-api: the README walkthrough failed; the application's log ends:" >&2
  tail -30 "$work/strongroom.log" >&2
  exit 1
fi
