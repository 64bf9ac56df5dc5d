#!/usr/bin/env bash
# lab: stop the lab and remove its containers and network (images stay; ./lab docker-engine --stop stops dockerd)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/docker.sh"
docker_answers || { log "no Docker engine answers: nothing to stop"; exit 0; }
detect_compose
compose down --remove-orphans --timeout 5
log "lab stopped"
