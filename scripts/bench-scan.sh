#!/usr/bin/env bash
# lab: benchmark probe-service Scan (TCP 1-65535 on loopback) against nmap -sT, side by side
# Usage: ./lab bench-scan [ROUNDS]   (default 3 rounds; needs root for a private network namespace)
# Runs inside a fresh network namespace (unshare --net) so other processes' listeners cannot change
# the open-port sets between the two scanners. Results: stdout and bench/results/scan-*.txt.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$L4LAB_ROOT"

ROUNDS=${1:-3}
[[ "$ROUNDS" =~ ^[1-9][0-9]?$ ]] || die "ROUNDS must be 1-99, got '$ROUNDS'"
ensure_packages nmap:nmap iproute2:ss util-linux:unshare curl:curl bc:bc \
  python3-grpcio:/usr/lib/python3/dist-packages/grpc \
  python3-grpc-tools:/usr/lib/python3/dist-packages/grpc_tools
[ "$(id -u)" = 0 ] || die "bench-scan needs root for 'unshare --net' (a private loopback)"

build_if_stale probe-service
JAR=probe-service/target/quarkus-app/quarkus-run.jar

mkdir -p bench/results
OUT="bench/results/scan-$(date -u +%Y%m%dT%H%M%SZ).txt"
log "running in a private network namespace; output also in $OUT"
unshare --net bash bench/scan-netns.sh "$JAR" "$ROUNDS" | tee "$OUT"
