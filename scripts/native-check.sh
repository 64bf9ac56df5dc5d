#!/usr/bin/env bash
# lab: native-readiness check: every Quarkus native build step (no GraalVM needed) plus a lint of what would break native-image
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$L4LAB_ROOT"
ensure_maven_wrapper
modules=(echo-service lb-demo probe-service gateway)
failed=0
for m in "${modules[@]}"; do
  log "native-sources build of $m (-Dquarkus.native.sources-only=true)"
  logfile="$m/target/native-check.log"
  mkdir -p "$m/target"
  if ! ./mvnw -B -pl "$m" package -DskipTests -Dquarkus.native.enabled=true -Dquarkus.native.sources-only=true "$@" > "$logfile" 2>&1; then
    tail -40 "$logfile" >&2
    die "$m: native-sources build failed (full log: $logfile)"
  fi
  python3 scripts/tools/native-lint.py "$m" "$logfile" || failed=1
done
[ "$failed" = 0 ] || die "native-readiness check failed"
log "native-readiness check passed for ${modules[*]}"
