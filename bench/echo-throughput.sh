#!/usr/bin/env bash
# Bench: echo-service TCP echo against xinetd's built-in RFC 862 echo (the classic inetd implementation) in one
# run, on loopback only, with bounded transfers. Prints both sets of figures and the ratios.
# (socat `PIPE` and `ncat --exec cat` were tried as references and deadlock on full-duplex streams: their relay
# blocks writing one side while the other fills. xinetd's echo is a plain read/write loop and does not.)
# Usage: bench/echo-throughput.sh [--mib N] [--conns C] [--rtts R]   (defaults 256 MiB, 8 connections, 5000 RTTs)
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/lib/common.sh
source scripts/lib/common.sh
ensure_packages xinetd:xinetd python3:python3

build_if_stale echo-service
jar=echo-service/target/quarkus-app/quarkus-run.jar

{ read -r p_echo; read -r p_udp; read -r p_discard; read -r p_chargen; read -r p_proxy; read -r p_http; read -r p_ref; } \
  < <(python3 bench/tools/free-ports.py 7)

pids=()
# Each background process leads its own process group, so its forked children (xinetd's per-connection processes) end with it.
cleanup() { for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

setsid java -Decho.tcp.port="$p_echo" -Decho.udp.port="$p_udp" -Decho.discard.port="$p_discard" \
     -Decho.chargen.port="$p_chargen" -Decho.whoami-proxy.port="$p_proxy" -Dquarkus.http.port="$p_http" \
     -jar "$jar" > /tmp/echo-bench-service.log 2>&1 &
pids+=($!)
conf=$(mktemp)
cat > "$conf" <<CONF
service echo
{
  type = INTERNAL UNLISTED
  id = echo-stream
  socket_type = stream
  protocol = tcp
  port = $p_ref
  bind = 127.0.0.1
  wait = no
  user = root
  instances = 100
}
CONF
setsid xinetd -f "$conf" -dontfork -pidfile "$conf.pid" > /tmp/echo-bench-xinetd.log 2>&1 &
pids+=($!)

for _ in $(seq 1 60); do
  curl -sf "http://127.0.0.1:$p_http/q/health/ready" > /dev/null && break
  sleep 0.5
done
curl -sf "http://127.0.0.1:$p_http/q/health/ready" > /dev/null || die "echo-service did not become ready (see /tmp/echo-bench-service.log)"

log "warm-up (JIT), not measured"
python3 bench/echo-client.py "$p_echo" --mib 64 --conns 2 --rtts 2000 > /dev/null

log "echo-service on tcp/$p_echo"
ours=$(python3 bench/echo-client.py "$p_echo" "$@")
log "xinetd echo reference on tcp/$p_ref"
ref=$(python3 bench/echo-client.py "$p_ref" "$@")

python3 bench/tools/echo-compare.py "$ours" "$ref"
