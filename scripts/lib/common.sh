# Shared helpers for ./lab and scripts/*.sh. Source it; do not run it.
L4LAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MAVEN_VERSION=3.9.16

log() { printf '\033[1;34m[lab]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[lab] %s\033[0m\n' "$*" >&2; exit 1; }

# The Maven wrapper is generated on first use: its properties file names a registry host,
# so it is never committed.
ensure_maven_wrapper() {
  if [ ! -x "$L4LAB_ROOT/mvnw" ] || [ ! -f "$L4LAB_ROOT/.mvn/wrapper/maven-wrapper.properties" ]; then
    # Any Maven generates the wrapper once; as root on Debian, install the distribution's.
    command -v mvn >/dev/null || ensure_packages maven:mvn
    log "generating the Maven $MAVEN_VERSION wrapper"
    (cd "$L4LAB_ROOT" && mvn -q -B -N org.apache.maven.plugins:maven-wrapper-plugin:3.3.2:wrapper -Dmaven="$MAVEN_VERSION")
  fi
}

# ensure_packages PKG:CMD ... installs each Debian package whose command is missing
# (root with apt-get only; otherwise it names what to install).
ensure_packages() {
  local missing=() spec pkg cmd
  for spec in "$@"; do
    pkg=${spec%%:*}; cmd=${spec#*:}
    if [[ "$cmd" == /* ]]; then [ -e "$cmd" ] && continue; else command -v "$cmd" >/dev/null && continue; fi
    missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing Debian packages: ${missing[*]}"
    if [ ! -f /var/lib/apt/lists/.l4lab-updated ] || [ -z "$(ls /var/lib/apt/lists 2>/dev/null | grep -v lock)" ]; then
      apt-get update -qq && touch /var/lib/apt/lists/.l4lab-updated
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    die "please install: ${missing[*]}"
  fi
}
