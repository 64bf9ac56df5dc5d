#!/usr/bin/env bash
# lab: benchmark lb-demo's L7 HTTP mode against HAProxy mode http and nginx proxy_pass (interleaved rounds, medians)
# Usage: ./lab bench-lb-l7 [--profile] [--large-body-only] [seconds per run, default 5] [rounds, default 5]
#   (defaults: 60 s of warm-up + 40 runs of 5 s + a large-body check: about 5 minutes)
#   --profile          also record one keep-alive run of lb-demo with JFR (not counted in the medians) and print
#                      its hottest frames (BENCH_PROFILE_FIGURE=close profiles a Connection: close run instead)
#   --large-body-only  only the large-body check: 16 MiB responses and 1 MiB requests through lb-demo, with
#                      lb-demo's RSS before, during and after
# env: BENCH_WRK_CONNECTIONS=50, BENCH_WRK_CLOSE_CONNECTIONS=20, BENCH_WARMUP_SECONDS=20, BENCH_JAVA_OPTS,
#      BENCH_PROFILE_DIR=/tmp (where the .jfr file is kept), BENCH_JFR_SETTINGS=profile|default
# Everything runs on 127.0.0.1, ports 28400-28499 (below the ephemeral range, so no client socket holds them):
# one nginx backend answering "ok", and in front of it lb-demo L7, HAProxy (mode http) and nginx (proxy_pass),
# side by side. Every wrk and curl run is bounded in time; every process started here is stopped on exit.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/wrk-run.sh"
cd "$L4LAB_ROOT"

PROFILE=false
LARGE_BODY_ONLY=false
args=()
for a in "$@"; do
  case $a in
    --profile) PROFILE=true ;;
    --large-body-only) LARGE_BODY_ONLY=true ;;
    -*) die "unknown option '$a' (usage: ./lab bench-lb-l7 [--profile] [--large-body-only] [seconds] [rounds])" ;;
    *) args+=("$a") ;;
  esac
done
[ ${#args[@]} -le 2 ] || die "too many arguments: ${args[*]} (usage: ./lab bench-lb-l7 [--profile] [--large-body-only] [seconds] [rounds])"
SECONDS_PER_RUN=$(bench_seconds "${args[0]:-${BENCH_SECONDS:-5}}")
ROUNDS=${args[1]:-${BENCH_ROUNDS:-5}}
[[ "$ROUNDS" =~ ^[0-9]+$ ]] && [ "$ROUNDS" -ge 1 ] && [ "$ROUNDS" -le 9 ] || die "rounds must be 1-9, got '$ROUNDS'"
WRK_CONNS=${BENCH_WRK_CONNECTIONS:-50}
WRK_CLOSE_CONNS=${BENCH_WRK_CLOSE_CONNECTIONS:-20}
WARMUP=${BENCH_WARMUP_SECONDS:-20}
[[ "$WARMUP" =~ ^[0-9]+$ ]] && [ "$WARMUP" -ge 1 ] && [ "$WARMUP" -le 60 ] || die "BENCH_WARMUP_SECONDS must be 1-60, got '$WARMUP'"
PROFILE_FIGURE=${BENCH_PROFILE_FIGURE:-ka}
[[ "$PROFILE_FIGURE" =~ ^(ka|close)$ ]] || die "BENCH_PROFILE_FIGURE must be ka or close, got '$PROFILE_FIGURE'"
PROFILE_DIR=${BENCH_PROFILE_DIR:-/tmp}
JFR_SETTINGS=${BENCH_JFR_SETTINGS:-profile}
[[ "$JFR_SETTINGS" =~ ^(default|profile)$ ]] || die "BENCH_JFR_SETTINGS must be default or profile, got '$JFR_SETTINGS'"

ensure_packages haproxy:haproxy wrk:wrk nginx:/usr/sbin/nginx python3:python3 curl:curl
if $PROFILE; then command -v jcmd > /dev/null && command -v jfr > /dev/null || die "--profile needs the JDK's jcmd and jfr"; fi

BACKEND=28402      # nginx answering "ok" (the one backend everybody proxies to); also the large bodies
BODY_SINK=28403    # bench/tools/body-sink.py behind the backend's /upload: hashes request bodies
HAPROXY=28412      # HAProxy mode http
NGINX_PROXY=28422  # nginx proxy_pass
LB_L7=28432        # lb-demo L7 frontend
LB_ADMIN=28480     # lb-demo admin API; its L4 frontends go to 28441-28444 (unused here; 28445: the UDP pool's address)

# Large-body check: one full-speed transfer each way, then LARGE_CLIENTS at once, each read (or sent) at a
# limited rate, so lb-demo holds the transfers open for seconds: without backpressure it would buffer what the
# backend sends faster than the client reads, LARGE_CLIENTS x 16 MiB.
LARGE_CLIENTS=8
BIG_RESPONSE=$((16 * 1024 * 1024))
BIG_REQUEST=$((1024 * 1024))
SLOW_READ_RATE=4M      # per client: 16 MiB in about 4 s
SLOW_SEND_RATE=256K    # per client: 1 MiB in about 4 s

runs_total=$((ROUNDS * 2 * 4))
if $LARGE_BODY_ONLY; then
  estimate=25; plan="start-up ~15 s, 5 s of keep-alive, large-body check ~20 s"
else
  estimate=$((3 * WARMUP + runs_total * SECONDS_PER_RUN + 20))
  plan="start-up ~15 s, warm-up $((3 * WARMUP)) s, $ROUNDS rounds x 2 figures x 4 targets x ${SECONDS_PER_RUN} s, large-body check ~20 s"
  if $PROFILE; then estimate=$((estimate + SECONDS_PER_RUN + 15)); plan="$plan, one profiled run"; fi
fi
log "bench-lb-l7: about $((estimate + 15)) s in all ($plan)"

work=$(mktemp -d /tmp/bench-lb-l7.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for f in "$work"/nginx-*.pid; do [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for p in $BACKEND $BODY_SINK $HAPROXY $NGINX_PROXY $LB_L7 $LB_ADMIN 28441 28442 28443 28444; do
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

mkdir -p "$work/files"
head -c "$BIG_RESPONSE" /dev/urandom > "$work/files/big.bin"
head -c "$BIG_REQUEST" /dev/urandom > "$work/request.bin"
chmod a+rx "$work" "$work/files" && chmod a+r "$work/files/big.bin"  # nginx's workers may run as nobody

log "starting the backend: nginx :$BACKEND (1 worker; /big.bin 16 MiB, /upload to the body sink :$BODY_SINK)"
python3 bench/tools/body-sink.py $BODY_SINK > "$work/body-sink.log" 2>&1 &
pids+=($!)
nginx_conf backend 1 "server { listen 127.0.0.1:$BACKEND; client_max_body_size 4m;
    location / { return 200 \"ok\n\"; }
    location = /xff { return 200 \"\$http_x_forwarded_for\n\"; }
    location = /big.bin { root $work/files; }
    location = /upload { client_body_buffer_size 64k; proxy_request_buffering off;
      proxy_http_version 1.1; proxy_pass http://127.0.0.1:$BODY_SINK; } }"

log "starting nginx proxy_pass :$NGINX_PROXY (2 workers, upstream keepalive 64)"
nginx_conf proxy 2 "upstream be { server 127.0.0.1:$BACKEND; keepalive 64; keepalive_requests 1000000; }
  server { listen 127.0.0.1:$NGINX_PROXY; location / {
    proxy_pass http://be; proxy_http_version 1.1; proxy_set_header Connection \"\";
    proxy_set_header Host \$host; proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme; proxy_max_temp_file_size 0; } }"

log "starting HAProxy mode http :$HAPROXY (nbthread 2, option forwardfor, http-reuse always)"
cat > "$work/haproxy.cfg" <<EOF
global
  maxconn 8000
  nbthread 2
defaults
  mode http
  option forwardfor
  option http-keep-alive
  http-reuse always
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  timeout http-keep-alive 30s
frontend web
  bind 127.0.0.1:$HAPROXY
  default_backend web
backend web
  server s1 127.0.0.1:$BACKEND
EOF
haproxy -f "$work/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
pids+=($!)

log "starting lb-demo (event loops = cores) L7 :$LB_L7, admin :$LB_ADMIN"
# shellcheck disable=SC2086  # BENCH_JAVA_OPTS is a list of JVM flags
java ${BENCH_JAVA_OPTS:--Xms256m -Xmx512m} \
  -Dquarkus.http.port=$LB_ADMIN -Dquarkus.http.host=127.0.0.1 -Dquarkus.log.level=WARN \
  -Dlb.frontends.echo-l7.bind=127.0.0.1 -Dlb.frontends.echo-l7.port=$LB_L7 \
  -Dlb.pools.echo-http.backends=127.0.0.1:$BACKEND -Dlb.pools.echo-http.health.type=none \
  -Dlb.frontends.echo.bind=127.0.0.1 -Dlb.frontends.echo.port=28441 \
  -Dlb.pools.echo.backends=127.0.0.1:$BACKEND -Dlb.pools.echo.health.type=none \
  -Dlb.frontends.echo-udp.bind=127.0.0.1 -Dlb.frontends.echo-udp.port=28442 \
  -Dlb.pools.echo-udp.backends=127.0.0.1:28445 -Dlb.pools.echo-udp.health.type=none \
  -Dlb.frontends.echo-http.bind=127.0.0.1 -Dlb.frontends.echo-http.port=28443 \
  -Dlb.frontends.echo-http-proxied.bind=127.0.0.1 -Dlb.frontends.echo-http-proxied.port=28444 \
  -Dlb.pools.echo-http-proxied.backends=127.0.0.1:$BACKEND -Dlb.pools.echo-http-proxied.health.type=none \
  -jar "$jar" > "$work/lb-demo.log" 2>&1 &
lb_pid=$!
pids+=("$lb_pid")

for i in $(seq 1 60); do
  curl -fs -m 2 "http://127.0.0.1:$LB_ADMIN/q/health/ready" > /dev/null 2>&1 && break
  sleep 0.5
  if [ "$i" = 60 ] || ! kill -0 "$lb_pid" 2>/dev/null; then
    grep -m3 -E "Caused by|cannot listen|Failed to start|ERROR" "$work/lb-demo.log" >&2; die "lb-demo did not become ready"
  fi
done
for p in $BACKEND $HAPROXY $NGINX_PROXY $LB_L7; do
  curl -fs -m 5 "http://127.0.0.1:$p/" > /dev/null || die "nothing answers on 127.0.0.1:$p"
done
# The same work per request: every proxy appends the client to X-Forwarded-For (the backend echoes it).
for p in $HAPROXY $NGINX_PROXY $LB_L7; do
  xff=$(curl -fs -m 5 -H 'X-Forwarded-For: 192.0.2.7' "http://127.0.0.1:$p/xff")
  [ "$xff" = "192.0.2.7, 127.0.0.1" ] || die "the proxy on 127.0.0.1:$p sent X-Forwarded-For '$xff', expected '192.0.2.7, 127.0.0.1'"
done

port_of() { case $1 in direct) echo $BACKEND ;; haproxy) echo $HAPROXY ;; nginx) echo $NGINX_PROXY ;; lbdemo) echo $LB_L7 ;; esac; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$lb_pid/status"; }

# The large-body check: byte-exact transfers through lb-demo (sha256 compared), and lb-demo's RSS before,
# at its peak while LARGE_CLIENTS slow transfers are open, and after. Prints a markdown table; fails the
# bench if a transfer is not byte-exact.
large_body_check() {
  local want_resp want_req before peak after i r failed=0 sampler
  want_resp=$(sha256sum < "$work/files/big.bin" | cut -d' ' -f1)
  want_req=$(sha256sum < "$work/request.bin" | cut -d' ' -f1)
  before=$(rss_kib)
  log "large bodies: 16 MiB GET and 1 MiB POST at full speed, then $LARGE_CLIENTS slow readers ($SLOW_READ_RATE/s) and $LARGE_CLIENTS slow senders ($SLOW_SEND_RATE/s) at once"
  local t rates=()
  curl -fsS -m 30 -o "$work/resp-fast.bin" "http://127.0.0.1:$LB_L7/big.bin" || failed=1
  for t in direct haproxy nginx lbdemo; do  # the same full-speed GET through each, for scale (not checked)
    rates+=("$(curl -fsS -m 30 -o /dev/null -w '%{speed_download}' "http://127.0.0.1:$(port_of $t)/big.bin" || echo 0)")
  done
  curl -fsS -m 30 -o "$work/req-fast.txt" --data-binary @"$work/request.bin" \
    -H 'Content-Type: application/octet-stream' "http://127.0.0.1:$LB_L7/upload" || failed=1
  echo "$before" > "$work/rss-peak"
  ( while :; do r=$(rss_kib) || exit 0; [ "$r" -gt "$(cat "$work/rss-peak")" ] && echo "$r" > "$work/rss-peak"; sleep 0.2; done ) &
  sampler=$!
  local clients=()
  for i in $(seq 1 "$LARGE_CLIENTS"); do
    curl -fsS -m 30 --limit-rate "$SLOW_READ_RATE" -o "$work/resp-$i.bin" "http://127.0.0.1:$LB_L7/big.bin" &
    clients+=($!)
    curl -fsS -m 30 --limit-rate "$SLOW_SEND_RATE" -o "$work/req-$i.txt" --data-binary @"$work/request.bin" \
      -H 'Content-Type: application/octet-stream' "http://127.0.0.1:$LB_L7/upload" &
    clients+=($!)
  done
  for i in "${clients[@]}"; do wait "$i" || failed=1; done
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  peak=$(cat "$work/rss-peak")
  after=$(rss_kib)
  local resp_ok=0 req_ok=0
  for f in "$work"/resp-*.bin; do [ -f "$f" ] && [ "$(sha256sum < "$f" | cut -d' ' -f1)" = "$want_resp" ] && resp_ok=$((resp_ok + 1)); done
  for f in "$work"/req-*.txt; do [ -f "$f" ] && [ "$(cat "$f")" = "$want_req $BIG_REQUEST" ] && req_ok=$((req_ok + 1)); done
  echo
  echo "Large bodies through lb-demo L7 (sha256 of every body compared; RSS from /proc/PID/status, sampled every 0.2 s):"
  echo
  echo "| check | result |"
  echo "|---|---|"
  echo "| 16 MiB responses byte-exact (1 full speed + $LARGE_CLIENTS read at $SLOW_READ_RATE/s at once) | $resp_ok of $((LARGE_CLIENTS + 1)) |"
  echo "| 1 MiB request bodies byte-exact at the backend (1 full speed + $LARGE_CLIENTS sent at $SLOW_SEND_RATE/s at once) | $req_ok of $((LARGE_CLIENTS + 1)) |"
  echo "| one 16 MiB response at full speed, MiB/s: direct / HAProxy / nginx / lb-demo | $(python3 -c 'import sys; print(" / ".join("%.0f" % (float(x) / 1048576) for x in sys.argv[1:]))' "${rates[@]}") |"
  echo "| lb-demo RSS before / peak during / after (MiB) | $((before / 1024)) / $((peak / 1024)) / $((after / 1024)) |"
  echo "| peak - before (MiB); the $LARGE_CLIENTS slow responses are $((LARGE_CLIENTS * BIG_RESPONSE / 1048576)) MiB together | $(((peak - before) / 1024)) |"
  echo
  [ "$failed" = 0 ] && [ "$resp_ok" = $((LARGE_CLIENTS + 1)) ] && [ "$req_ok" = $((LARGE_CLIENTS + 1)) ] \
    || { tail -5 "$work/lb-demo.log" >&2; die "large-body check failed: a transfer failed or was not byte-exact"; }
}

if $LARGE_BODY_ONLY; then
  # A fresh JVM's RSS grows as the heap is touched for the first time, whatever the traffic: a short keep-alive
  # run first, so what grows during the check is what the large bodies hold.
  log "touching lb-demo's heap first: 5 s keep-alive"
  timeout 20 wrk -t2 -c20 -d5s "http://127.0.0.1:$LB_L7/" > /dev/null
  large_body_check
  exit 0
fi

if $PROFILE; then
  # JFR's first start in a JVM loads and compiles its own classes; done here, it stays out of the profiled run.
  timeout 30 jcmd "$lb_pid" JFR.start name=init settings="$JFR_SETTINGS" filename="$work/init.jfr" > /dev/null
fi
# Warm up the JIT before measuring (bounded: $WARMUP s of keep-alive, 2x that of Connection: close): a JVM
# compiles its hot paths over the first tens of thousands of requests and connections (bench/lb-l4.md).
log "warming lb-demo up: ${WARMUP}s keep-alive, $((2 * WARMUP))s Connection: close"
timeout $((WARMUP + 15)) wrk -t2 -c20 -d"${WARMUP}s" "http://127.0.0.1:$LB_L7/" > /dev/null
timeout $((2 * WARMUP + 15)) wrk -t2 -c20 -d"$((2 * WARMUP))s" -H 'Connection: close' "http://127.0.0.1:$LB_L7/" > /dev/null
if $PROFILE; then timeout 30 jcmd "$lb_pid" JFR.stop name=init > /dev/null; fi

wrk_figure() { # target figure -> wrk-summary line
  if [ "$2" = ka ]; then wrk_run "$(port_of "$1")" "$WRK_CONNS"
  else wrk_run "$(port_of "$1")" "$WRK_CLOSE_CONNS" -H 'Connection: close'; fi
}

# Interleaved rounds: each figure is measured for the four targets back to back, in an order rotated every
# round; the tables show medians. The machine is shared, so background load drifts; measuring side by side
# and taking medians keeps that drift out of the ratios.
results="$work/results.txt"
: > "$results"
targets=(direct haproxy nginx lbdemo)
log "measuring: $ROUNDS rounds x 2 figures x 4 targets, ${SECONDS_PER_RUN}s each (keep-alive c=$WRK_CONNS, Connection: close c=$WRK_CLOSE_CONNS)"
started=$SECONDS
for round in $(seq 1 "$ROUNDS"); do
  for figure in ka close; do
    for k in 0 1 2 3; do
      target=${targets[$(( (k + round) % 4 ))]}
      v=$(wrk_figure "$target" "$figure")
      log "round $round/$ROUNDS $figure $target: $v (req/s p50-ms p99-ms errors)"
      echo "$target $figure $v" >> "$results"
    done
  done
  left=$(( (SECONDS - started) * (ROUNDS - round) / round ))
  log "round $round/$ROUNDS done; about ${left}s of rounds left; lb-demo RSS $(( $(rss_kib) / 1024 )) MiB"
done

python3 bench/tools/lb-l7-table.py "$SECONDS_PER_RUN" "$ROUNDS" "$WRK_CONNS" "$WRK_CLOSE_CONNS" "$results"

if $PROFILE; then
  jfr_file="$PROFILE_DIR/lb-l7-$PROFILE_FIGURE-$(date -u +%Y%m%dT%H%M%SZ).jfr"
  log "profiling one $PROFILE_FIGURE run of lb-demo with JFR (settings=$JFR_SETTINGS), kept in $jfr_file"
  timeout 30 jcmd "$lb_pid" JFR.start name=bench settings="$JFR_SETTINGS" filename="$jfr_file" > /dev/null
  v=$(wrk_figure lbdemo "$PROFILE_FIGURE")
  timeout 60 jcmd "$lb_pid" JFR.stop name=bench > /dev/null
  echo
  echo "Profiled lb-demo $PROFILE_FIGURE run (JFR on, not in the medians): $v (req/s p50-ms p99-ms errors)"
  echo
  python3 bench/tools/jfr-top.py "$jfr_file"
fi

large_body_check
