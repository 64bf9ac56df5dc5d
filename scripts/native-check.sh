#!/usr/bin/env bash
# lab: native-readiness check: every Quarkus native build step, without GraalVM
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$L4LAB_ROOT"
ensure_maven_wrapper
log "native-sources build of all services (-Dquarkus.native.sources-only=true)"
./mvnw -B package -DskipTests -Dquarkus.native.enabled=true -Dquarkus.native.sources-only=true "$@"
for m in echo-service lb-demo probe-service; do
  [ -f "$m/target/native-sources/native-image.args" ] || die "$m: no native-sources/native-image.args produced"
done
log "native-readiness check passed for echo-service, lb-demo and probe-service"
