#!/usr/bin/env bash
# Strongroom benchmarks: builds what it needs, starts Strongroom (embedded PostgreSQL, HTTPS,
# default settings) and Keycloak, runs the scenarios, stops everything it started, writes
# bench/results/<timestamp>.json and appends a table to docs/performance.md.
#
#   bench/run.sh                      every scenario, full length (about 25 minutes on 2 cores)
#   bench/run.sh read update          only these (signin refresh read update sessions tokens scale encryption backup timeoff lifecycle);
#                                     partial runs write bench/results only, never docs/
#   bench/run.sh --smoke              every scenario for about two seconds (no docs change)
#   bench/run.sh --round 30 --rounds 5 --warmup 15   longer rounds
#   bench/run.sh --profile read       also record JFR profiles of Strongroom into bench/target/profiles
#
# Keycloak's distribution comes from Maven Central through Maven (local repository) and is
# unpacked into ${STRONGROOM_BENCH_CACHE:-~/.cache/strongroom-bench}; nothing of it enters the project.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)

source .ci/jdk.sh
select_jdk

keycloak_version=$(sed -n 's:.*<keycloak.version>\([0-9.]*\)</keycloak.version>.*:\1:p' bench/pom.xml | head -1)
export MAVEN_ARGS="${MAVEN_ARGS:-} --batch-mode --no-transfer-progress"

echo "[run.sh] building the application and the benchmarks"
# (the bench module depends on Keycloak's distribution zip, so this also fetches it into the local repository)
./mvnw -q -pl bench -am package -DskipTests
m2=$(./mvnw -q help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null | tail -1)
zip="$m2/org/keycloak/keycloak-quarkus-dist/${keycloak_version}/keycloak-quarkus-dist-${keycloak_version}.zip"

mkdir -p bench/results
exec "$JAVA_HOME/bin/java" \
  -Dstrongroom.jar="$root/app/target/strongroom.jar" \
  -Dkeycloak.zip="$zip" \
  -Dkeycloak.version="$keycloak_version" \
  -Dbench.cache="${STRONGROOM_BENCH_CACHE:-$HOME/.cache/strongroom-bench}" \
  -Dbench.results="$root/bench/results" \
  -Dbench.doc="$root/docs/performance.md" \
  -cp "$root/bench/target/strongroom-bench.jar:$root/bench/target/lib/*" \
  io.strongroom.bench.BenchMain "$@"
