#!/usr/bin/env bash
# Installs the Debian package built by ./mvnw verify (deb/target/strongroom_*_amd64.deb) on this
# machine with dpkg, starts the installed start script as the service user the way the systemd
# unit does (CI has no systemd), checks health and file ownership, stops it, removes and purges the
# package, and checks the data directory was kept. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/jdk.sh
select_jdk >/dev/null

deb=$(ls deb/target/strongroom_*_amd64.deb)
fail() { echo "package-test: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || fail "needs root (dpkg -i)"
if dpkg -s strongroom >/dev/null 2>&1 || [[ -e /var/lib/strongroom ]]; then
  fail "strongroom is already installed here, or /var/lib/strongroom exists; not touching it"
fi

dpkg -i "$deb"
[[ -x /usr/bin/strongroom && -f /usr/share/strongroom/strongroom.jar && -f /lib/systemd/system/strongroom.service ]] \
  || fail "installed files missing"
[[ $(stat -c '%U:%G %a' /var/lib/strongroom) == "strongroom:strongroom 750" ]] || fail "data directory: $(stat -c '%U:%G %a' /var/lib/strongroom)"
[[ $(stat -c '%U:%G %a' /etc/strongroom/strongroom.env) == "root:strongroom 640" ]] || fail "settings file: $(stat -c '%U:%G %a' /etc/strongroom/strongroom.env)"
[[ $(getent passwd strongroom | cut -d: -f7) == /usr/sbin/nologin ]] || fail "the service user can log in"
if command -v systemd-analyze >/dev/null; then
  # the unit parses, and its sandbox rates "OK" or better (exposure at most 2.0 of 10)
  systemd-analyze verify /lib/systemd/system/strongroom.service
  systemd-analyze security --offline=true --threshold=20 /lib/systemd/system/strongroom.service | tail -1
fi

log=$(mktemp /tmp/strongroom-package-XXXXXX.log)
cleanup() {
  [[ -n "${app:-}" ]] && kill -TERM "$app" 2>/dev/null && wait "$app" 2>/dev/null || true
  dpkg --purge strongroom >/dev/null 2>&1 || true
  rm -rf /var/lib/strongroom
}
trap cleanup EXIT

# as the unit runs it: the service user, a clean environment, the settings file, JAVA_HOME for the script's search
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/var/lib/strongroom JAVA_HOME="$JAVA_HOME" \
  setpriv --reuid strongroom --regid strongroom --init-groups /usr/bin/strongroom > "$log" 2>&1 &
app=$!
for _ in $(seq 1 180); do
  if curl -s --cacert /var/lib/strongroom/tls/certificate.pem https://localhost:8443/actuator/health/readiness 2>/dev/null \
      | grep -q '"UP"'; then
    break
  fi
  kill -0 "$app" 2>/dev/null || { tail -40 "$log" >&2; fail "the service exited"; }
  sleep 1
done
curl -s --cacert /var/lib/strongroom/tls/certificate.pem https://localhost:8443/actuator/health/readiness | grep -q '"UP"' \
  || { tail -40 "$log" >&2; fail "not healthy within 180 s"; }
grep -q "is ready: open https://localhost:8443/" "$log" || fail "no ready line in the log"
[[ -z $(find /var/lib/strongroom ! -user strongroom -print -quit) ]] || fail "files not owned by strongroom: $(find /var/lib/strongroom ! -user strongroom | head -3)"
[[ $(stat -c '%a' /var/lib/strongroom/secrets/management-token) == 600 ]] || fail "management token readable by others"
[[ -d /var/lib/strongroom/tmp ]] || fail "temporary files not under the data directory"

kill -TERM "$app"
wait "$app" || true
app=""
grep -q "Graceful shutdown complete" "$log" || fail "no graceful shutdown"

dpkg -r strongroom
[[ ! -e /usr/bin/strongroom && ! -e /usr/share/strongroom/strongroom.jar ]] || fail "files left after removal"
[[ -d /var/lib/strongroom/postgres ]] || fail "removal deleted the data"
dpkg --purge strongroom
[[ ! -e /etc/strongroom ]] || fail "settings left after purge"
! getent passwd strongroom >/dev/null || fail "service user left after purge"
[[ -d /var/lib/strongroom/postgres ]] || fail "purge deleted the data"
echo "Debian package: installed, started as the service user, healthy, stopped, removed, purged (data kept)"
