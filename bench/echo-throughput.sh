#!/usr/bin/env bash
# Bench: echo-service TCP echo against xinetd's built-in RFC 862 echo (the classic inetd implementation) in one
# run, on loopback only, with bounded transfers. Prints both sets of figures and the ratios.
# (socat `PIPE` and `ncat --exec cat` were tried as references and deadlock on full-duplex streams: their relay
# blocks writing one side while the other fills. xinetd's echo is a plain read/write loop and does not.)
# Usage: bench/echo-throughput.sh [--mib N] [--conns C] [--rtts R]   (defaults 256 MiB, 8 connections, 5000 RTTs)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/common.sh
ensure_packages xinetd:xinetd

jar=echo-service/target/quarkus-app/quarkus-run.jar
[ -f "$jar" ] || ./lab mvn -q -pl echo-service package -DskipTests

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
p_echo=$(free_port); p_udp=$(free_port); p_discard=$(free_port); p_chargen=$(free_port)
p_proxy=$(free_port); p_http=$(free_port); p_ref=$(free_port)

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

python3 - "$ours" "$ref" <<'PY'
import json, sys
ours, ref = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"{'metric':<18}{'echo-service':>14}{'xinetd':>12}{'ratio':>10}")
for k, better in [("throughput_mib_s", "higher"), ("parallel_mib_s", "higher"), ("rtt_p50_us", "lower"), ("rtt_p99_us", "lower")]:
    ratio = ours[k] / ref[k] if ref[k] else float("nan")
    print(f"{k:<18}{ours[k]:>14}{ref[k]:>12}{ratio:>9.2f}x  ({better} is better)")
print(f"byte-exact: echo-service={ours['byte_exact']} xinetd={ref['byte_exact']}")
PY
