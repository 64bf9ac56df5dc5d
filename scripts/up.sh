#!/usr/bin/env bash
# lab: start the lab: build what is needed (jars, images), docker compose up, wait until healthy (Prometheus: every target up)
# Usage: ./lab up [--native] [--no-build]
#   --native    run native images (l4lab/*:native, built by `./lab images --native`; see docs/docker.md)
#   --no-build  use the images as they are
# Prerequisites: Docker (with Compose v2 or docker-compose v1.29) and a JDK 17+. As root on Debian,
# a missing Docker is installed and started.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/docker.sh"

build=1 image_args=()
for arg in "$@"; do
  case "$arg" in
    --native) export L4LAB_NATIVE=1; image_args+=(--native) ;;
    --no-build) build=0 ;;
    *) die "up: unknown argument '$arg' (usage: ./lab up [--native] [--no-build])" ;;
  esac
done

started=$(date +%s)
ensure_docker_engine
[ "$build" = 0 ] || bash "$L4LAB_ROOT/scripts/images.sh" "${image_args[@]}"

log "starting the lab (${COMPOSE[*]} up -d)"
up_started=$(date +%s)
if ! compose up -d --no-build --remove-orphans; then
  print_unhealthy_logs
  die "the lab did not start (logs above); ./lab down cleans up"
fi
if ! wait_lab_healthy "${L4LAB_UP_TIMEOUT:-240}"; then
  print_unhealthy_logs
  die "the lab is not healthy (logs above); ./lab down cleans up"
fi
# Prometheus is up once its rules are loaded and it has scraped every target (the probes included).
if ! prom=$(wait_prometheus_ready "${L4LAB_PROMETHEUS_TIMEOUT:-90}"); then
  printf '%s\n' "$prom" >&2
  die "Prometheus does not see every target up (above); ./lab down cleans up"
fi
log "Prometheus: ${prom%%$'\n'*}"
log "lab healthy: compose up took $(( $(date +%s) - up_started )) s, everything $(( $(date +%s) - started )) s"
print_ports_table
