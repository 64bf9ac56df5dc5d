#!/usr/bin/env bash
# lab: benchmark lb-demo's L7 HTTP mode against HAProxy mode http and nginx proxy_pass (wrk keep-alive / close)
# Usage: ./lab bench-lb-l7 [seconds per figure, default 10]
# Everything runs on 127.0.0.1, ports 28400-28499 (below the ephemeral range, so no client socket holds them):
# one nginx backend answering "ok", and in front of it
# lb-demo L7, HAProxy (mode http, option forwardfor) and nginx (proxy_pass, upstream keepalive), side by side.
# Every wrk run is bounded by its duration; every process started here is stopped on exit.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/wrk-run.sh"
cd "$L4LAB_ROOT"

SECONDS_PER_RUN=$(bench_seconds "${1:-}")
WRK_CONNS=${BENCH_WRK_CONNECTIONS:-50}
WRK_CLOSE_CONNS=${BENCH_WRK_CLOSE_CONNECTIONS:-20}

ensure_packages haproxy:haproxy wrk:wrk nginx:/usr/sbin/nginx python3:python3 curl:curl

BACKEND=28402      # nginx answering "ok" (the one backend everybody proxies to)
HAPROXY=28412      # HAProxy mode http
NGINX_PROXY=28422  # nginx proxy_pass
LB_L7=28432        # lb-demo L7 frontend
LB_ADMIN=28480     # lb-demo admin API; its L4 frontends go to 28441-28444 (unused here)

work=$(mktemp -d /tmp/bench-lb-l7.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for f in "$work"/nginx-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for p in $BACKEND $HAPROXY $NGINX_PROXY $LB_L7 $LB_ADMIN 28441 28442 28443 28444; do
  if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then die "port $p on 127.0.0.1 is already in use"; fi
done

build_if_stale lb-demo
jar=lb-demo/target/quarkus-app/quarkus-run.jar

# nginx_conf NAME WORKERS HTTP-BLOCK-BODY: a private nginx (own prefix, pid and temp dirs in $work), started daemonized.
nginx_conf() {
  mkdir -p "$work/$1"
  {
    echo "worker_processes $2;"
    echo "pid $work/nginx-$1.pid;"
    echo "error_log $work/$1-error.log;"
    echo "events { worker_connections 4096; }"
    echo "http {"
    echo "  access_log off;"
    echo "  keepalive_requests 1000000;"
    echo "  client_body_temp_path $work/$1; proxy_temp_path $work/$1; fastcgi_temp_path $work/$1;"
    echo "  uwsgi_temp_path $work/$1; scgi_temp_path $work/$1;"
    echo "  $3"
    echo "}"
  } > "$work/$1.conf"
  /usr/sbin/nginx -p "$work/$1" -c "$work/$1.conf" -g 'daemon on;'
}

log "starting the backend: nginx :$BACKEND"
nginx_conf backend 1 "server { listen 127.0.0.1:$BACKEND; location / { return 200 \"ok\n\"; } }"

log "starting nginx proxy_pass :$NGINX_PROXY (2 workers, upstream keepalive 64)"
nginx_conf proxy 2 "upstream be { server 127.0.0.1:$BACKEND; keepalive 64; }
  server { listen 127.0.0.1:$NGINX_PROXY; location / {
    proxy_pass http://be; proxy_http_version 1.1; proxy_set_header Connection \"\";
    proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme; } }"

log "starting HAProxy mode http :$HAPROXY (nbthread 2, option forwardfor)"
printf '%s\n' \
  "global" \
  "  maxconn 8000" \
  "  nbthread 2" \
  "defaults" \
  "  mode http" \
  "  option forwardfor" \
  "  option http-keep-alive" \
  "  timeout connect 2s" \
  "  timeout client 30s" \
  "  timeout server 30s" \
  "frontend web" \
  "  bind 127.0.0.1:$HAPROXY" \
  "  default_backend web" \
  "backend web" \
  "  server s1 127.0.0.1:$BACKEND" > "$work/haproxy.cfg"
haproxy -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
pids+=($!)

log "starting lb-demo (event loops = cores) L7 :$LB_L7, admin :$LB_ADMIN"
java ${BENCH_JAVA_OPTS:--Xms256m -Xmx512m} \
  -Dquarkus.http.port=$LB_ADMIN -Dquarkus.http.host=127.0.0.1 -Dquarkus.log.level=WARN \
  -Dlb.frontends.echo-l7.bind=127.0.0.1 -Dlb.frontends.echo-l7.port=$LB_L7 \
  -Dlb.pools.echo-http.backends=127.0.0.1:$BACKEND -Dlb.pools.echo-http.health.type=none \
  -Dlb.frontends.echo.bind=127.0.0.1 -Dlb.frontends.echo.port=28441 \
  -Dlb.pools.echo.backends=127.0.0.1:$BACKEND -Dlb.pools.echo.health.type=none \
  -Dlb.frontends.echo-udp.bind=127.0.0.1 -Dlb.frontends.echo-udp.port=28442 \
  -Dlb.pools.echo-udp.backends=127.0.0.1:28442 -Dlb.pools.echo-udp.health.type=none \
  -Dlb.frontends.echo-http.bind=127.0.0.1 -Dlb.frontends.echo-http.port=28443 \
  -Dlb.frontends.echo-http-proxied.bind=127.0.0.1 -Dlb.frontends.echo-http-proxied.port=28444 \
  -Dlb.pools.echo-http-proxied.backends=127.0.0.1:$BACKEND -Dlb.pools.echo-http-proxied.health.type=none \
  -jar "$jar" > "$work/lb-demo.log" 2>&1 &
pids+=($!)

for i in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$LB_ADMIN/q/health/ready" > /dev/null 2>&1 && break
  sleep 0.5
  [ "$i" = 60 ] && { tail -20 "$work/lb-demo.log" >&2; die "lb-demo did not become ready"; }
done
for p in $BACKEND $HAPROXY $NGINX_PROXY $LB_L7; do
  curl -fs "http://127.0.0.1:$p/" > /dev/null || die "nothing answers on 127.0.0.1:$p"
done

log "warming up the JIT (3 s keep-alive + 3 s close through lb-demo)"
wrk -t2 -c20 -d3s "http://127.0.0.1:$LB_L7/" > /dev/null
wrk -t2 -c20 -d3s -H 'Connection: close' "http://127.0.0.1:$LB_L7/" > /dev/null


declare -A R
log "measuring: ${SECONDS_PER_RUN}s per figure; direct, HAProxy, nginx, lb-demo one after the other per figure"
for mode in ka close; do
  for target in direct haproxy nginx lbdemo; do
    case $target in
      direct) port=$BACKEND ;; haproxy) port=$HAPROXY ;; nginx) port=$NGINX_PROXY ;; lbdemo) port=$LB_L7 ;;
    esac
    if [ $mode = ka ]; then
      log "$target: wrk keep-alive c=$WRK_CONNS"; R[$target,$mode]=$(wrk_run $port "$WRK_CONNS")
    else
      log "$target: wrk Connection: close c=$WRK_CLOSE_CONNS"
      R[$target,$mode]=$(wrk_run $port "$WRK_CLOSE_CONNS" -H 'Connection: close')
    fi
  done
done

python3 bench/tools/lb-l7-table.py "$SECONDS_PER_RUN" "$WRK_CONNS" "$WRK_CLOSE_CONNS" \
  "${R[direct,ka]}" "${R[haproxy,ka]}" "${R[nginx,ka]}" "${R[lbdemo,ka]}" \
  "${R[direct,close]}" "${R[haproxy,close]}" "${R[nginx,close]}" "${R[lbdemo,close]}"
