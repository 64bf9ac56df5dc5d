#!/usr/bin/env bash
# lab: JVM fast start: first-request time and RSS of each service image, with and without AppCDS
# Usage: ./lab bench-startup [RUNS]   (needs ./lab images first; see bench/startup.md)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
exec bash "$L4LAB_ROOT/bench/startup.sh" "$@"
