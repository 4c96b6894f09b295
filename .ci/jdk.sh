# Sourced by .ci/run and bench/run.sh: selects a JDK 21+ even when the machine's default java is
# older (sets and exports JAVA_HOME and PATH).

java_major() { # prints the major version of the java binary $1
  "$1" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

select_jdk() {
  local candidates=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null && candidates+=("$(readlink -f "$(command -v java)")")
  if command -v update-alternatives >/dev/null; then
    while read -r alt; do candidates+=("$alt"); done < <(update-alternatives --list java 2>/dev/null || true)
  fi
  for dir in /usr/lib/jvm/*/; do candidates+=("${dir}bin/java"); done
  local best="" best_major=0 major
  for candidate in "${candidates[@]}"; do
    [[ -x "$candidate" ]] || continue
    major=$(java_major "$candidate" || echo 0)
    if [[ "$major" =~ ^[0-9]+$ ]] && (( major >= 21 && major > best_major )); then
      best="$candidate"; best_major=$major
    fi
  done
  if [[ -z "$best" ]]; then
    echo "No JDK 21 or newer found; install one (for example Temurin 21 or 25)." >&2
    exit 1
  fi
  JAVA_HOME="$(dirname "$(dirname "$best")")"
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
  echo "Using JDK $best_major at $JAVA_HOME"
}
