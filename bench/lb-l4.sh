#!/usr/bin/env bash
# lb-demo L4 vs HAProxy mode tcp and direct, side by side on loopback (results and method: bench/lb-l4.md).
# Installs HAProxy, iperf3, wrk and nginx (Debian) if missing. Usage: bench/lb-l4.sh [seconds per run] [rounds]
exec "$(dirname "$0")/../lab" bench-lb-l4 "$@"
