#!/usr/bin/env bash
# lab: make sure a Docker engine answers (installs docker.io and starts dockerd when root and none runs)
# Usage: ./lab docker-engine          start one if needed, print the engine version
#        ./lab docker-engine --stop   stop the dockerd that this script started (pid in /run/l4lab-dockerd.pid)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/docker.sh"

if [ "${1:-}" = "--stop" ]; then
  stop_docker_engine
  exit 0
fi
ensure_docker_engine
log "Docker engine $(docker version --format '{{.Server.Version}}' 2>/dev/null) answers; compose: ${COMPOSE[*]}"
