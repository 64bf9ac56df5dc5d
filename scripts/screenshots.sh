#!/usr/bin/env bash
# lab: take the docs' Prometheus graphs (docs/img/*.png) in a real run of the lab, with headless Chromium
# Usage: ./lab screenshots [time-wait|failover|all]   (default all; the lab must be up: ./lab up)
#   time-wait  (4 min) an app without a connection pool, then with one: 60 s of echo round trips on a new
#              connection each, 20 a second, from a throw-away toolbox in the probe's network namespace
#              (so the probe's gauge counts its TIME-WAIT), then 90 s of the same on one connection;
#              docs/img/prometheus-time-wait.png
#   failover   (3 min) 30 new connections a second through lb:9000 while echo-2 is stopped (at 40 s) and
#              started again (at 90 s); docs/img/prometheus-failover.png
# The pictures are Prometheus's own graph page (the classic UI of Debian's package), loaded by Chromium
# from the published port. Bounded: every load has a fixed length, Chromium 60 s.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/docker.sh"
cd "$L4LAB_ROOT"

ensure_packages chromium:chromium curl:curl
docker_answers || die "no Docker engine answers: start the lab with ./lab up"
detect_compose
PROMETHEUS_URL="http://127.0.0.1:$PROMETHEUS_PORT"
curl -sf --max-time 5 "$PROMETHEUS_URL/-/ready" >/dev/null || die "Prometheus does not answer on $PROMETHEUS_URL: start the lab with ./lab up"
wait_prometheus_ready 60 >/dev/null || die "Prometheus does not see every target up: $(prometheus_state)"
id_of() { local id; id=$(compose ps -q "$1"); [ -n "$id" ] || die "service $1 is not running"; echo "$id"; }
TOOLBOX=$(id_of toolbox)
PROBE_ID=$(id_of probe)
mkdir -p docs/img

# screenshot FILE HEIGHT RANGE EXPR...: Prometheus's graph page with one panel per EXPR over the last RANGE.
screenshot() {
  local file=$1 height=$2 range=$3 url="$PROMETHEUS_URL/classic/graph?" i=0 expr profile
  shift 3
  for expr in "$@"; do
    url+="g$i.expr=$(jq -rn --arg e "$expr" '$e | @uri')&g$i.tab=0&g$i.range_input=$range&"
    i=$((i + 1))
  done
  profile=$(mktemp -d /tmp/l4lab-chromium.XXXXXX)
  # The graphs are drawn by the page's JavaScript after it loads the data: virtual time lets it finish.
  timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$profile" \
    --hide-scrollbars --window-size="1400,$height" --virtual-time-budget=15000 \
    --screenshot="$L4LAB_ROOT/$file" "${url%&}" >/dev/null 2>&1 || { rm -rf "$profile"; die "chromium failed on $url"; }
  rm -rf "$profile"
  log "saved $file ($(stat -c %s "$file") bytes): ${url%&}"
}

time_wait() {
  log "time-wait: 60 s with a new connection per round trip, then 90 s on one connection (20 a second)"
  local load=(docker run -i --rm --network "container:$PROBE_ID" "l4lab/toolbox:latest" python3 - echo-3 9000)
  timeout 90 "${load[@]}" new 60 20 <labs/tools/tw-load.py >&2
  timeout 120 "${load[@]}" reuse 90 20 <labs/tools/tw-load.py >&2
  sleep 15
  screenshot docs/img/prometheus-time-wait.png 2250 3m \
    'probe_host_tcp_time_wait_sockets{instance="probe:8080"}' \
    'rate(echo_connections_total{instance="echo-3:8080",listener="echo"}[15s])' \
    'rate(echo_bytes_received_total{instance="echo-3:8080",listener="echo"}[15s])'
}

failover() {
  log "failover: 30 new connections a second through lb:9000 for 150 s; echo-2 stopped at 40 s, started at 90 s"
  docker exec -i "$TOOLBOX" sh -c 'cat > /tmp/tw-load.py' <labs/tools/tw-load.py
  timeout 180 docker exec "$TOOLBOX" python3 /tmp/tw-load.py lb 9000 new 150 30 >&2 &
  local loader=$!
  sleep 40
  compose stop -t 5 echo-2 >/dev/null 2>&1
  log "echo-2 stopped"
  sleep 50
  compose start echo-2 >/dev/null 2>&1
  log "echo-2 started"
  wait "$loader" || die "the load through lb:9000 failed"
  wait_lab_healthy 120 || die "the lab is not healthy after echo-2 started again"
  sleep 10
  screenshot docs/img/prometheus-failover.png 1650 3m \
    'sum by (backend) (rate(lb_backend_connections_total{pool="echo"}[15s]))' \
    'lb_backend_up{pool="echo"}'
}

case "${1:-all}" in
  time-wait) time_wait ;;
  failover) failover ;;
  all) time_wait; failover ;;
  *) die "screenshots: unknown scenario '$1' (time-wait, failover or all)" ;;
esac
