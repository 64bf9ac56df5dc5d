# shellcheck shell=bash
# Shared helpers for ./lab and scripts/*.sh. Source it; do not run it.
L4LAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MAVEN_VERSION=3.9.16

# Colours only on a terminal (and unless NO_COLOR is set): CI logs stay plain text.
if [ -t 2 ] && [ -z "${NO_COLOR:-}" ]; then
  log() { printf '\033[1;34m[lab]\033[0m %s\n' "$*" >&2; }
  die() { printf '\033[1;31m[lab] %s\033[0m\n' "$*" >&2; exit 1; }
else
  log() { printf '[lab] %s\n' "$*" >&2; }
  die() { printf '[lab] %s\n' "$*" >&2; exit 1; }
fi

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
    if [ ! -f /var/lib/apt/lists/.l4lab-updated ] || [ -z "$(find /var/lib/apt/lists -mindepth 1 -maxdepth 1 ! -name '*lock*' ! -name '.*' -print -quit 2>/dev/null)" ]; then
      apt-get update -qq && touch /var/lib/apt/lists/.l4lab-updated
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    die "please install: ${missing[*]}"
  fi
}

# package_modules MODULE...: ./mvnw package (tests skipped) of the modules in one Maven run, then a stamp
# per module, target/.l4lab-packaged, dated when the build began: a source saved during the build is
# newer than the stamp, so the next build_if_stale builds again.
package_modules() {
  local m modules
  ensure_maven_wrapper
  for m in "$@"; do mkdir -p "$L4LAB_ROOT/$m/target" && touch "$L4LAB_ROOT/$m/target/.l4lab-packaging"; done
  modules=$(IFS=,; echo "$*")
  log "packaging $* (./mvnw package -DskipTests)"
  (cd "$L4LAB_ROOT" && ./mvnw -B -q package -DskipTests -pl "$modules") || die "packaging $* failed"
  for m in "$@"; do mv "$L4LAB_ROOT/$m/target/.l4lab-packaging" "$L4LAB_ROOT/$m/target/.l4lab-packaged"; done
}

# module_stale MODULE: true when MODULE has no packaged application, no stamp (package_modules never
# built it here), or a source file, its pom or the parent pom newer than its stamp.
module_stale() {
  local dir=$L4LAB_ROOT/$1
  local stamp=$dir/target/.l4lab-packaged
  [ -f "$dir/target/quarkus-app/quarkus-run.jar" ] && [ -f "$stamp" ] || return 0
  # Directories count too: deleting or renaming a file changes only its directory's time.
  [ -n "$(find "$dir/src" "$dir/pom.xml" "$L4LAB_ROOT/pom.xml" -newer "$stamp" -print -quit)" ]
}

# build_if_stale MODULE...: packages the modules that module_stale finds stale (in one Maven run).
build_if_stale() {
  local m stale=()
  for m in "$@"; do if module_stale "$m"; then stale+=("$m"); fi; done
  if [ ${#stale[@]} -eq 0 ]; then log "up to date, not rebuilt: $*"; return 0; fi
  package_modules "${stale[@]}"
}
