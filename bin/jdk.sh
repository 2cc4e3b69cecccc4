# Sourced by bin/panamafuse and bin/check: finds a JDK >= 22.
# JAVA_HOME when it is >= 22, else the newest JDK installed; prints one clear line when none.

# Prints the feature version (e.g. 25) of the JDK in directory $1, or nothing.
jdk_version() {
  local dir=$1 v=""
  [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || return 0
  if [ -f "$dir/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$dir/release")
  fi
  if [ -z "$v" ]; then
    v=$("$dir/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
  fi
  printf '%s' "$v"
}

# Prints the home of a JDK >= 22 and returns 0, or prints why not to stderr and returns 1.
find_jdk() {
  local best="" best_v=0 dir v candidates=()
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(jdk_version "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge 22 ]; then
      printf '%s\n' "$JAVA_HOME"
      return 0
    fi
  fi
  candidates=(/usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*)
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for dir in "${candidates[@]}"; do
    [ -d "$dir" ] || continue
    v=$(jdk_version "$dir")
    if [ -n "$v" ] && [ "$v" -gt "$best_v" ]; then
      best=$dir
      best_v=$v
    fi
  done
  if [ "$best_v" -ge 22 ]; then
    printf '%s\n' "$(readlink -f "$best")"
    return 0
  fi
  echo "panamafuse: no JDK 22 or newer found (JAVA_HOME=${JAVA_HOME:-unset}, newest found: ${best:-none}${best:+ = $best_v}); install one, e.g. apt-get install openjdk-25-jdk, or set JAVA_HOME" >&2
  return 1
}
