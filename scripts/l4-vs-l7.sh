#!/usr/bin/env bash
# lab: run lb-demo's L4-versus-L7 experiment (POST /experiments/l4-vs-l7) and print the table
# Usage: ./lab l4-vs-l7 [--requests N] [--concurrency C] [--no-keepalive] [--proxy-protocol] [--json]
#        ./lab l4-vs-l7 --h2c [--streams N] [--connections C] [--json]   (many HTTP/2 streams, few connections)
#                       [--admin URL]   (default $LB_ADMIN or http://localhost:8080, the lab's lb admin port)
# The LB drives the traffic itself (through its own 8001 L4 and 8000 L7 frontends); this script only asks.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

admin=${LB_ADMIN:-http://localhost:8080}
requests=300 concurrency=4 keepalive=true proxy=false format=text
h2c=false streams=120 connections=2
while [ $# -gt 0 ]; do
  case $1 in
    --h2c) h2c=true; shift ;;
    --streams) streams=${2:?--streams needs a number}; shift 2 ;;
    --connections) connections=${2:?--connections needs a number}; shift 2 ;;
    --requests) requests=${2:?--requests needs a number}; shift 2 ;;
    --concurrency) concurrency=${2:?--concurrency needs a number}; shift 2 ;;
    --no-keepalive) keepalive=false; shift ;;
    --keepalive) keepalive=true; shift ;;
    --proxy-protocol) proxy=true; shift ;;
    --json) format=json; shift ;;
    --admin) admin=${2:?--admin needs a URL}; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (try --help)" ;;
  esac
done
[[ "$requests" =~ ^[0-9]+$ ]] || die "--requests must be a number, got '$requests'"
[[ "$concurrency" =~ ^[0-9]+$ ]] || die "--concurrency must be a number, got '$concurrency'"
[[ "$streams" =~ ^[0-9]+$ ]] || die "--streams must be a number, got '$streams'"
[[ "$connections" =~ ^[0-9]+$ ]] || die "--connections must be a number, got '$connections'"
ensure_packages curl:curl

if [ "$h2c" = true ]; then
  url="$admin/experiments/l4-vs-l7?protocol=h2c&streams=$streams&connections=$connections&format=$format"
else
  url="$admin/experiments/l4-vs-l7?requests=$requests&concurrency=$concurrency&keepAlive=$keepalive&proxyProtocol=$proxy&format=$format"
fi
log "POST $url"
body=$(mktemp); trap 'rm -f "$body"' EXIT
# The server caps a run at lb.experiment.max-duration (30 s by default); allow for that plus start-up.
code=$(curl -sS -X POST -o "$body" -w '%{http_code}' --max-time 60 "$url") \
  || die "cannot reach the lb-demo admin API at $admin (is the lab up? ./lab up)"
if [ "$code" != 200 ]; then
  cat "$body" >&2; echo >&2
  die "the experiment answered HTTP $code"
fi
if [ "$format" = json ] && command -v jq >/dev/null; then jq . "$body"; else cat "$body"; fi
