#!/usr/bin/env bash
# Lab 5: the course's pitfalls, made visible - ephemeral port exhaustion, 53/udp is not 53/tcp, NAT / conntrack
# timeouts (the LB's UDP session table), and health-check flapping damped by rise/fall.
# Run: ./lab labs 05   (the lab must be up: ./lab up). Page: labs/05-pitfalls.md
source "$(dirname "$0")/lib.sh"
ensure_packages curl:curl jq:jq
restore() {
  clear_all_faults_quietly
  for a in echo-1:9000 echo-2:9000 echo-3:9000; do wait_backend_state echo "$a" UP 15 >/dev/null 2>&1 || true; done
  wait_backend_state echo-udp echo-1:9001 UP 15 >/dev/null 2>&1 || true
}
trap restore EXIT
clear_all_faults_quietly

step "A1. Ephemeral ports: how many, and what they allow (probe HostLimits)"
host "curl -sS --max-time 5 $PROBE/api/v1/host-limits | jq -c '{ephemeralPortLow,ephemeralPortHigh,ephemeralPortsTotal,ephemeralPortsInUse,timeWait}'"
total=$(jqv "$LAST" .ephemeralPortsTotal)
check "the probe's namespace has the default range 32768-60999 = 28232 ports" eq "$total" 28232
note "TIME-WAIT lasts 60 s on Linux, so toward ONE destination ip:port a client can sustain about"
note "$total / 60 s = $((total / 60)) new connections per second before connect() fails with EADDRNOTAVAIL."
host "curl -sS --max-time 30 -X POST $PROBE/api/v1/churn -d '{\"host\":\"echo-2\",\"port\":9000,\"count\":2000,\"ratePerSecond\":2000}' | jq -c '{attempted,succeeded,errors,achievedRatePerSecond,before:.before|{timeWaitToTarget,ephemeralPortsInUse,ephemeralPortsInUsePercent},after:.after|{timeWaitToTarget,ephemeralPortsInUse,ephemeralPortsInUsePercent}}'"
after_used=$(jqv "$LAST" .after.ephemeralPortsInUse)
check "2000 short connections in ~1 s leave about 2000 ephemeral ports held (>= 1950: $after_used in use; a reset connection leaves none)" ge "$after_used" 1950
pct=$(jqv "$LAST" .after.ephemeralPortsInUsePercent | cut -d. -f1)
note "that is ${pct}% of the range after one second at 2000/s: at this rate the range is gone in ~14 s"

step "A2. Exhaustion for real, in a one-off toolbox on the lab network with only 100 ephemeral ports"
host "docker run --rm --network l4lab --sysctl net.ipv4.ip_local_port_range='40000 40099' --sysctl net.ipv4.tcp_tw_reuse=0 l4lab/toolbox:latest bash -c '
ok=0; fail=0; for i in \$(seq 120); do if nc -z -w1 echo-1 9000 2>/dev/null; then ok=\$((ok+1)); else fail=\$((fail+1)); fi; done
echo \"120 connects to echo-1:9000: \$ok ok, \$fail failed\"
nc -vz -w1 echo-1 9000 2>&1 | sed -E \"s/ \\(172[^)]*\\)//\"
echo \"TIME-WAIT sockets: \$(ss -tan state time-wait | tail -n +2 | wc -l)\"
nc -vz -w1 echo-2 9000 2>&1 | sed -E \"s/ \\(172[^)]*\\)//\"'"
# About 100: a connection the server happens to reset leaves no TIME-WAIT, so its port comes back.
a2_ok=$(sed -nE 's/^120 connects to echo-1:9000: ([0-9]+) ok, [0-9]+ failed$/\1/p' <<<"$LAST")
check "about 100 connects succeed (95-105: $a2_ok), the rest fail" between "$a2_ok" 95 105
check "the error is EADDRNOTAVAIL: 'Cannot assign requested address'" has "$LAST" 'connect to echo-1 port 9000 \(tcp\) failed: Cannot assign requested address'
check "exhaustion is per destination: echo-2:9000 still connects (a different 4-tuple)" has "$LAST" '^Connection to echo-2 9000 port \[tcp/\*\] succeeded!'

step "B. 53/udp is not 53/tcp: echo-1 stops UDP only (refuse: [\"udp\"]), like a firewall rule for one protocol"
set_faults 1 '{"refuse":["udp"]}'
tb "nc -vz -w 2 echo-1 9000 2>&1 | sed -E 's/ \(172[^)]*\)//'
nc -vzu -w 2 echo-2 9001 2>&1 | sed -E 's/ \(172[^)]*\)//'; echo \"nc -vzu echo-2 9001: exit code \${PIPESTATUS[0]}\"
nc -vzu -w 2 echo-1 9001 2>&1 | sed -E 's/ \(172[^)]*\)//'; echo \"nc -vzu echo-1 9001: exit code \${PIPESTATUS[0]}\"
echo '-- what an app sending a UDP query to echo-1 gets back:'; printf 'anyone?\\n' | nc -u -w 1 echo-1 9001; echo \"nc -u exit code \$?\""
check "TCP 9000 on echo-1: connect succeeded" has "$LAST" 'Connection to echo-1 9000 port \[tcp/\*\] succeeded!'
check "nc -vzu on a working UDP port (echo-2) 'succeeds': no ICMP error came back" has "$LAST" 'Connection to echo-2 9001 port \[udp/\*\] succeeded!'
check "nc -vzu on echo-1's refused UDP port fails silently (exit code 1)" has "$LAST" '^nc -vzu echo-1 9001: exit code 1$'
check "UDP 9001 on echo-1: no echo comes back" hasnt "$LAST" '^anyone\?$'
# Three tries a second apart: tcpdump may need more than a second to start on a busy machine; it stops at 2 packets.
tb "timeout 6 tcpdump -nn -i eth0 -l -c 2 'udp port 9001 or icmp' 2>/dev/null | cut -c17- & sleep 1; for i in 1 2 3; do printf 'x' | nc -u -w 1 echo-1 9001; done; wait"
check "on the wire: the datagram goes out, ICMP 'udp port 9001 unreachable' comes back" has "$LAST" 'ICMP 172\.28\.0\.11 udp port 9001 unreachable'
host "curl -sS --max-time 5 -X POST $PROBE/api/v1/udp-probe -d '{\"host\":\"echo-1\",\"port\":9001}' | jq -c '{state,rttMs,error}'; curl -sS --max-time 5 -X POST $PROBE/api/v1/tcp-probe -d '{\"host\":\"echo-1\",\"port\":9000}' | jq -c '{state,connectMs}'"
check "probe UdpProbe echo-1:9001 is CLOSED (ICMP port unreachable on a connected UDP socket)" has "$LAST" '"state":"CLOSED"'
check "probe TcpProbe echo-1:9000 is OPEN at the same time" has "$LAST" '"state":"OPEN"'
secs=$(wait_backend_state echo-udp echo-1:9001 DOWN 20)
check "the LB's UDP health check marks echo-1:9001 DOWN (after ${secs:-?} s)" test -n "$secs"
host "curl -sS --max-time 5 $LB_ADMIN/pools/echo-udp | jq -c '.backends[] | {address,state,lastCheck}'; curl -sS --max-time 5 $LB_ADMIN/pools/echo | jq -c '.backends[] | select(.address==\"echo-1:9000\") | {address,state,lastCheck}'"
check "while its TCP twin echo-1:9000 stays UP in pool echo" has "$LAST" '"address":"echo-1:9000","state":"UP"'
tb "for i in 1 2 3 4 5 6; do printf \"udp \$i\n\" | nc -u -w 1 lb 9001; done"
check "UDP through the LB keeps working: 6 of 6 echoes from the other two backends" count_is 6 "$LAST" '^udp [1-6]$'
clear_faults 1
secs=$(wait_backend_state echo-udp echo-1:9001 UP 20)
check "refuse cleared: echo-1:9001 back UP after ${secs:-?} s (rise)" test -n "$secs"

step "C. NAT and conntrack timeouts: the LB's UDP session table (idle timeout 30 s)"
tb "printf 'one\n' | nc -u -w 1 -p 40002 lb 9001; printf 'two\n' | nc -u -w 1 -p 40002 lb 9001"
host "curl -sS --max-time 5 $LB_ADMIN/connections | jq -c '.udp[] | select(.client==\"172.28.0.30:40002\")'"
s1=$LAST
check "one session for client 172.28.0.30:40002 carried both datagrams (packetsIn 2), bound to one backend" \
  jq_true "$s1" '.packetsIn==2 and .packetsOut==2 and (.backend|test("^echo-[123]:9001$"))'
up1=$(jqv "$s1" .upstreamPort)
note "now stay silent; poll the table every 2 s until the session is gone (at most 45 s)"
gone=""
t0=$(date +%s)
for _ in $(seq 1 23); do
  if ! curl -sS --max-time 5 "$LB_ADMIN/connections" 2>/dev/null | jq -e '.udp[] | select(.client=="172.28.0.30:40002")' >/dev/null; then
    gone=$(( $(date +%s) - t0 )); break
  fi
  sleep 2
done
check "the idle session expired (after ${gone:-?} s more of silence; idle timeout 30 s)" test -n "$gone"
tb "printf 'three\n' | nc -u -w 1 -p 40002 lb 9001"
host "curl -sS --max-time 5 $LB_ADMIN/connections | jq -c '.udp[] | select(.client==\"172.28.0.30:40002\")'"
check "the next datagram from the same client ip:port creates a NEW session (packetsIn 1, new upstream port)" \
  jq_true "$LAST" '.packetsIn==1 and .upstreamPort != $old' --argjson old "${up1:-0}"

step "D1. Health checks with rise/fall (pool echo: every 2 s, fall 3, rise 2): a 1.5 s blip does not flap"
host "curl -sS --max-time 5 $LB_ADMIN/pools/echo | jq -c '.backends[] | {address,state,lastCheck}'"
timeline() { # timeline SECONDS: the LB's state of echo-3:9000 every 0.5 s as letters (U=UP, D=DOWN)
  local out="" s
  for _ in $(seq 1 $(($1 * 2))); do s=$(backend_state echo echo-3:9000); out+=${s:0:1}; sleep 0.5; done
  echo "$out"
}
set_faults 3 '{"refuse":["tcp"]}' >/dev/null
( sleep 1.5; clear_faults_quietly 3 ) &
tl=$(timeline 8); wait
echo "   echo-3:9000 every 0.5 s for 8 s: $tl"
check "a short outage (refuse for 1.5 s) never turns echo-3 DOWN" matches "$tl" 'U+'

step "D2. A flapping backend: 2 s down / 2 s up, four times"
( for _ in 1 2 3 4; do
    put_faults_quietly 3 '{"refuse":["tcp"]}'; sleep 2
    clear_faults_quietly 3; sleep 2
  done ) &
tl=$(timeline 16); wait
echo "   echo-3:9000 every 0.5 s for 16 s: $tl"
check "fall 3 absorbs the flapping: the LB never saw 3 failed checks in a row" matches "$tl" 'U+'

step "D3. A real outage: refuse for 12 s, then recover; traffic through the LB keeps working"
before=$(curl -sS --max-time 5 "$LB_ADMIN/pools/echo" | jq -c '.backends[] | select(.address=="echo-3:9000")')
failures_before=$(jq -r '.failures' <<<"$before")
refused_before=$(jq -r '.failuresByReason.refused' <<<"$before")
set_faults 3 '{"refuse":["tcp"]}'
t0=$(date +%s%N)
note "right away, before the health checks notice: 12 TCP echoes through the LB"
tb "ok=0; for i in \$(seq 12); do [ \"\$(printf \"m\$i\\n\" | nc -N -w 2 lb 9000)\" = \"m\$i\" ] && ok=\$((ok+1)); done; echo \"\$ok of 12 TCP echoes through the LB\""
check "no client connection failed, although echo-3 refused (the LB retried on another backend)" has "$LAST" '^12 of 12 TCP echoes through the LB$'
host "curl -sS --max-time 5 $LB_ADMIN/pools/echo | jq -c '.backends[] | {address,state,failures,refused:.failuresByReason.refused,lastCheck}'"
failures_after=$(jq -r 'select(.address=="echo-3:9000") | .failures' <<<"$LAST")
refused_after=$(jq -r 'select(.address=="echo-3:9000") | .refused' <<<"$LAST")
check "the LB counted the refused backend connects on echo-3 (failures $failures_before -> $failures_after)" \
  ge "$failures_after" "$((${failures_before:-0} + 1))"
check "under the reason word refused, as probe-service names it (refused $refused_before -> $refused_after)" \
  ge "$refused_after" "$((${refused_before:-0} + 1))"
secs=$(wait_backend_state echo echo-3:9000 DOWN 12)
secs=$(awk -v t0="$t0" -v now="$(date +%s%N)" 'BEGIN { printf "%.1f", (now - t0) / 1e9 }')
state=$(backend_state echo echo-3:9000)
check "echo-3:9000 is DOWN ${secs} s after the outage began (fall=3 failed checks, or 3 failed client connects)" eq "$state" DOWN
host "curl -sS --max-time 5 $LB_ADMIN/pools/echo | jq -c '.backends[] | select(.address==\"echo-3:9000\") | {address,state,failures,lastCheck}'"
sleep "$(awk -v t0="$t0" -v now="$(date +%s%N)" 'BEGIN { r = 12 - (now - t0) / 1e9; print (r > 0 ? r : 0) }')"
clear_faults 3
secs=$(wait_backend_state echo echo-3:9000 UP 12)
check "refuse cleared: echo-3:9000 back UP after rise=2 good checks (${secs:-?} s)" le_num "$secs" 6

step "D4. An L4 health check only sees the port: the unhealthy fault (readiness DOWN) does not move the LB"
set_faults 3 '{"unhealthy":true}'
host "curl -s -o /dev/null -w 'echo-3 /q/health/ready: HTTP %{http_code}\n' $(echo_http 3)/q/health/ready"
check "echo-3's readiness endpoint answers 503" has "$LAST" 'HTTP 503'
tl=$(timeline 7)
echo "   echo-3:9000 every 0.5 s for 7 s: $tl"
check "the LB's TCP check still says UP (port 9000 accepts): L4 checks miss application health" matches "$tl" 'U+'
clear_faults 3

lab_finish
