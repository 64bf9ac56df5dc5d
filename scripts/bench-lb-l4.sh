#!/usr/bin/env bash
# lab: benchmark lb-demo L4 against HAProxy mode tcp and direct (iperf3, wrk keep-alive / close) on loopback
# Usage: ./lab bench-lb-l4 [seconds per run, default 5] [rounds, default 3]   (36 runs + 62 s warm-up: about 6 min)
# Runs everything on 127.0.0.1, ports 23200-23299 (below the ephemeral range, so client ports never collide). Every run is bounded by its duration.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/wrk-run.sh"
cd "$L4LAB_ROOT"

SECONDS_PER_RUN=$(bench_seconds "${1:-${BENCH_SECONDS:-5}}")
ROUNDS=${2:-${BENCH_ROUNDS:-3}}
[[ "$ROUNDS" =~ ^[0-9]+$ ]] && [ "$ROUNDS" -ge 1 ] && [ "$ROUNDS" -le 9 ] || die "rounds must be 1-9, got '$ROUNDS'"
WRK_CONNS=${BENCH_WRK_CONNECTIONS:-50}
WRK_CLOSE_CONNS=${BENCH_WRK_CLOSE_CONNECTIONS:-20}
WARMUP=${BENCH_WARMUP_SECONDS:-20}
[[ "$WARMUP" =~ ^[0-9]+$ ]] && [ "$WARMUP" -ge 1 ] && [ "$WARMUP" -le 60 ] || die "BENCH_WARMUP_SECONDS must be 1-60, got '$WARMUP'"

ensure_packages haproxy:haproxy iperf3:iperf3 wrk:wrk nginx:/usr/sbin/nginx python3:python3

IPERF_PORT=23201   # iperf3 server (the bulk backend)
HTTP_PORT=23202    # nginx (the HTTP backend)
HA_IPERF=23211; HA_HTTP=23212
LB_IPERF=23221; LB_HTTP=23222; LB_UDP=23223; LB_PROXIED=23225; LB_L7=23226; LB_ADMIN=23280

work=$(mktemp -d /tmp/bench-lb-l4.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for p in $IPERF_PORT $HTTP_PORT $HA_IPERF $HA_HTTP $LB_IPERF $LB_HTTP $LB_ADMIN; do
  if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then die "port $p on 127.0.0.1 is already in use"; fi
done

build_if_stale lb-demo
jar=lb-demo/target/quarkus-app/quarkus-run.jar

log "starting backends: iperf3 :$IPERF_PORT, nginx :$HTTP_PORT"
iperf3 -s -B 127.0.0.1 -p $IPERF_PORT > "$work/iperf3.log" 2>&1 &
pids+=($!)
mkdir -p "$work/nginx"
cat > "$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server { listen 127.0.0.1:$HTTP_PORT; location / { return 200 "ok\n"; } }
}
EOF
/usr/sbin/nginx -c "$work/nginx.conf" -g 'daemon on;'

log "starting HAProxy (mode tcp, nbthread 2) :$HA_IPERF, :$HA_HTTP"
cat > "$work/haproxy.cfg" <<EOF
global
  maxconn 8000
  nbthread 2
defaults
  mode tcp
  timeout connect 2s
  timeout client 5m
  timeout server 5m
frontend bulk
  bind 127.0.0.1:$HA_IPERF
  default_backend bulk
backend bulk
  server s1 127.0.0.1:$IPERF_PORT
frontend http
  bind 127.0.0.1:$HA_HTTP
  default_backend http
backend http
  server s1 127.0.0.1:$HTTP_PORT
EOF
haproxy -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
pids+=($!)

log "starting lb-demo (native epoll, event loops = cores) :$LB_IPERF, :$LB_HTTP, admin :$LB_ADMIN"
java ${BENCH_JAVA_OPTS:--Xms256m -Xmx512m} \
  -Dquarkus.http.port=$LB_ADMIN -Dquarkus.http.host=127.0.0.1 -Dquarkus.log.level=WARN \
  -Dlb.frontends.echo.bind=127.0.0.1 -Dlb.frontends.echo.port=$LB_IPERF \
  -Dlb.pools.echo.backends=127.0.0.1:$IPERF_PORT -Dlb.pools.echo.health.type=none \
  -Dlb.frontends.echo-http.bind=127.0.0.1 -Dlb.frontends.echo-http.port=$LB_HTTP \
  -Dlb.pools.echo-http.backends=127.0.0.1:$HTTP_PORT -Dlb.pools.echo-http.health.type=none \
  -Dlb.frontends.echo-udp.bind=127.0.0.1 -Dlb.frontends.echo-udp.port=$LB_UDP \
  -Dlb.pools.echo-udp.backends=127.0.0.1:$((LB_UDP + 1)) -Dlb.pools.echo-udp.health.type=none \
  -Dlb.frontends.echo-http-proxied.bind=127.0.0.1 -Dlb.frontends.echo-http-proxied.port=$LB_PROXIED \
  -Dlb.pools.echo-http-proxied.backends=127.0.0.1:$HTTP_PORT -Dlb.pools.echo-http-proxied.health.type=none \
  -Dlb.frontends.echo-l7.bind=127.0.0.1 -Dlb.frontends.echo-l7.port=$LB_L7 \
  -jar "$jar" > "$work/lb-demo.log" 2>&1 &
pids+=($!)

for i in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$LB_ADMIN/q/health/ready" > /dev/null 2>&1 && break
  sleep 0.5
  [ "$i" = 60 ] && { grep -m3 -E "cannot listen|Failed to start|ERROR" "$work/lb-demo.log" >&2; die "lb-demo did not become ready"; }
done
curl -fs "http://127.0.0.1:$HTTP_PORT/" > /dev/null || die "nginx backend not answering"
curl -fs "http://127.0.0.1:$HA_HTTP/" > /dev/null || { cat "$work/haproxy.log" >&2; die "HAProxy not answering"; }
curl -fs "http://127.0.0.1:$LB_HTTP/" > /dev/null || die "lb-demo not answering"

# Warm up the JIT on every path (bounded: $WARMUP s of keep-alive, 2x that of Connection: close, one 2 s iperf3).
# A JVM compiles its hot paths over the first tens of thousands of connections: with 3 s the first measured
# Connection: close round still showed a p99 of ~4.4 ms, later rounds ~2.8 ms.
log "warming lb-demo up: ${WARMUP}s keep-alive, $((2 * WARMUP))s Connection: close, 2s iperf3"
wrk -t2 -c20 -d"${WARMUP}s" "http://127.0.0.1:$LB_HTTP/" > /dev/null
wrk -t2 -c20 -d"$((2 * WARMUP))s" -H 'Connection: close' "http://127.0.0.1:$LB_HTTP/" > /dev/null
iperf3 -c 127.0.0.1 -p $LB_IPERF -t 2 > /dev/null

iperf_gbps() { # port streams
  iperf3 -c 127.0.0.1 -p "$1" -P "$2" -t "$SECONDS_PER_RUN" -J > "$work/iperf.json"
  python3 bench/tools/iperf-gbps.py "$work/iperf.json"
}

# Interleaved rounds: each figure is measured for direct, HAProxy and lb-demo back to back, in a rotating
# order, ROUNDS times; the table shows medians. The machine is shared, so background load drifts; measuring
# the targets side by side and taking medians keeps that drift out of the ratios.
results="$work/results.txt"
: > "$results"
targets=(direct haproxy lbdemo)
log "measuring: $ROUNDS rounds x 4 figures x 3 targets, ${SECONDS_PER_RUN}s each"
for round in $(seq 1 "$ROUNDS"); do
  for figure in bulk1 bulk4 ka close; do
    for k in 0 1 2; do
      target=${targets[$(( (k + round) % 3 ))]}
      case $target in
        direct) bulk=$IPERF_PORT; http=$HTTP_PORT ;;
        haproxy) bulk=$HA_IPERF; http=$HA_HTTP ;;
        lbdemo) bulk=$LB_IPERF; http=$LB_HTTP ;;
      esac
      case $figure in
        bulk1) v=$(iperf_gbps "$bulk" 1) ;;
        bulk4) v=$(iperf_gbps "$bulk" 4) ;;
        ka) v=$(wrk_run "$http" "$WRK_CONNS") ;;
        close) v=$(wrk_run "$http" "$WRK_CLOSE_CONNS" -H 'Connection: close') ;;
      esac
      log "round $round $figure $target: $v"
      echo "$target $figure $v" >> "$results"
    done
  done
done

python3 bench/tools/lb-l4-table.py "$SECONDS_PER_RUN" "$ROUNDS" "$WRK_CONNS" "$WRK_CLOSE_CONNS" "$results"
