#!/usr/bin/env bash
# Lab 5: the course's pitfalls, made visible - ephemeral port exhaustion, 53/udp is not 53/tcp (the gateway's
# firewall), NAT and conntrack timeouts (the gateway's conntrack, beside the LB's UDP session table), and
# health-check flapping damped by rise/fall.
# Run: ./lab labs 05   (the lab must be up: ./lab up). Page: labs/05-pitfalls.md
source "$(dirname "$0")/lib.sh"
ensure_packages curl:curl jq:jq
FIREWALL_AT_START=$(gw_quietly GET /firewall | jq -c '{defaultAction, rules: [.rules[] | {protocol,port,source,action,description}]}')
restore() {
  [ -z "$FIREWALL_AT_START" ] || gw_quietly PUT /firewall "$FIREWALL_AT_START" >/dev/null
  gw_quietly PUT /conntrack/settings '{"tcpEstablishedSeconds":432000,"udpSeconds":30,"udpStreamSeconds":120}' >/dev/null
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

step "B1. 53/udp is not 53/tcp: the gateway allows TCP 53 and blocks UDP 53 (the course's packet-filtering diagram)"
note "outside-client reaches the lab only through the gateway's outside address $GATEWAY_OUTSIDE_IP, where 53/tcp and"
note "53/udp are mapped to echo-3's TCP and UDP echo (a stand-in DNS server)"
gw_get /firewall '.rules[] | select(.port=="53") | {id,protocol,port,action,description}'
check "the security group allows tcp 53" has "$LAST" '"protocol":"tcp","port":"53","action":"allow"'
check "and drops udp 53" has "$LAST" '"protocol":"udp","port":"53","action":"drop"'
oc "printf 'query over tcp\n' | nc -N -w 3 gateway-outside 53
nc -vzu -w 2 gateway-outside 53 2>&1; echo \"nc -vzu gateway-outside 53: exit code \$?\"
printf 'query over udp' | nc -u -w 2 gateway-outside 53; echo \"nc -u gateway-outside 53: exit code \$?\""
check "TCP 53 answers: allowed, and mapped to echo-3:9000" has "$LAST" '^query over tcp$'
check "nc -vzu 'succeeds' on UDP 53: a silently dropped datagram brings no ICMP error, which nc takes for open" \
  has "$LAST" '53 port \[udp/[a-z*]+\] succeeded!'
check "the UDP query gets no answer, and nc -u still exits 0: the application just waits" has "$LAST" '^nc -u gateway-outside 53: exit code 0$'
check "no echo came back over UDP" hasnt "$LAST" 'query over udp'
# Three tries a second apart: tcpdump may need more than a second to start on a busy machine.
oc "timeout 6 tcpdump -nn -i eth0 -l 'udp port 53 or icmp' 2>/dev/null | cut -c17- & sleep 1; for i in 1 2 3; do printf 'x' | nc -u -w 1 gateway-outside 53; done; wait"
check "on the wire (drop): the datagram leaves outside-client" has "$LAST" '^IP 172\.[0-9]+\.0\.10\.[0-9]+ > 172\.[0-9]+\.0\.2\.53: '
check "and nothing comes back" hasnt "$LAST" 'ICMP'

step "B2. The same port rejected instead of dropped: ICMP port unreachable, and every tool says closed"
gw_send POST "/firewall/rules?position=0" '{"protocol":"udp","port":"53","action":"reject","description":"reject UDP 53"}'
reject_id=$(jqv "$LAST" .id)
check "a reject rule for udp 53 is now first (POST /firewall/rules?position=0)" jq_true "$LAST" '.action == "reject" and .port == "53"'
oc "timeout 6 tcpdump -nn -i eth0 -l 'udp port 53 or icmp' 2>/dev/null | cut -c17- & sleep 1; for i in 1 2 3; do printf 'x' | nc -u -w 1 gateway-outside 53; done; wait
nc -vzu -w 2 gateway-outside 53 2>&1; echo \"nc -vzu gateway-outside 53: exit code \$?\""
check "on the wire (reject): the gateway answers ICMP 'udp port 53 unreachable'" has "$LAST" 'ICMP 172\.[0-9]+\.0\.2 udp port 53 unreachable'
check "nc -vzu now fails (exit code 1)" has "$LAST" '^nc -vzu gateway-outside 53: exit code 1$'
host "curl -sS --max-time 5 -X POST $PROBE/api/v1/udp-probe -d '{\"host\":\"$GATEWAY_OUTSIDE_IP\",\"port\":53}' | jq -c '{state,error}'"
check "probe UdpProbe (the probe is on outside too): CLOSED" has "$LAST" '"state":"CLOSED"'
oc "nmap -n -Pn -sU -p 53 gateway-outside | grep 53/udp"
check "nmap -sU: 53/udp closed" has "$LAST" '^53/udp +closed'
gw_send DELETE "/firewall/rules/$reject_id" '' '{id,action}'
oc "nmap -n -Pn -sU -p 53 gateway-outside | grep 53/udp"
check "back to drop: nmap -sU says open|filtered (no answer: open and silent, or filtered, UDP cannot tell)" has "$LAST" '^53/udp +open\|filtered'
host "curl -sS --max-time 5 -X POST $PROBE/api/v1/udp-probe -d '{\"host\":\"$GATEWAY_OUTSIDE_IP\",\"port\":53,\"timeoutMs\":1500}' | jq -c '{state,error}'; curl -sS --max-time 5 -X POST $PROBE/api/v1/tcp-probe -d '{\"host\":\"$GATEWAY_OUTSIDE_IP\",\"port\":53}' | jq -c '{state,connectMs}'"
check "probe UdpProbe: OPEN_FILTERED" has "$LAST" '"state":"OPEN_FILTERED"'
check "probe TcpProbe 53: OPEN at the same time" has "$LAST" '"state":"OPEN"'
gw_get /firewall '.rules[] | select(.port=="53") | {protocol,action,packets}'
check "the udp 53 drop rule counted the datagrams it dropped" jq_true "$(grep '"protocol":"udp"' <<<"$LAST")" '.packets > 0'

step "C1. NAT and conntrack: an idle TCP connection through the gateway dies after the established timeout"
gw_send PUT /conntrack/settings '{"tcpEstablishedSeconds":10}' '{mechanism,tcpEstablishedSeconds,strictTracking,accounting}'
check "TCP established timeout 10 s for new flows, strict tracking on" jq_true "$LAST" '.tcpEstablishedSeconds == 10 and .strictTracking'
outside_copy idle-tcp.py
invalid_drops() { curl -sS --max-time 5 "$GATEWAY/q/metrics" | sed -n 's/^gateway_dropped_packets_total{reason="invalid"} \([0-9]*\).*/\1/p'; }
invalid_before=$(invalid_drops)
oc "python3 /tmp/idle-tcp.py gateway-outside 22 15 >/tmp/idle.out 2>&1 & sleep 1; cat /tmp/idle.out"
local_port=$(sed -n 's/^connected from [0-9.]*:\([0-9]*\).*/\1/p' <<<"$LAST")
check "connected through the gateway (22 is mapped to echo-2:9000) and echoed" has "$LAST" "got 'before'"
gw_get "/conntrack?port=$local_port" '.entries[] | {state,expiresInSeconds,originalText,translatedText}'
check "conntrack holds the flow with both tuples, at most 10 s to expiry" jq_true "$LAST" '.state == "ESTABLISHED" and .expiresInSeconds <= 10'
entry_gone() { jq_true "$(curl -sS --max-time 5 "$GATEWAY/conntrack?port=$1")" '.matched == 0'; }
secs=$(wait_until 20 entry_gone "$local_port")
check "the idle entry expired (${secs:-?} s later) while both ends still hold their sockets" test -n "$secs"
idle_done() { docker exec "$OUTSIDE" grep -q '^after' /tmp/idle.out; }
wait_until 25 idle_done >/dev/null
oc "cat /tmp/idle.out; ss -tn dst $GATEWAY_OUTSIDE_IP:22"
check "the write after 15 s of silence is never answered" has "$LAST" "after 15 s idle: sent 'after', no answer within 5 s"
check "the client's kernel still holds the unacknowledged bytes and retransmits them into the void (Send-Q > 0)" \
  has "$LAST" '^(ESTAB|FIN-WAIT-1) +0 +[1-9]'
invalid_after=$(invalid_drops)
check "the gateway dropped its retransmissions as INVALID ($invalid_before -> $invalid_after)" test "${invalid_after:-0}" -gt "${invalid_before:-0}"

step "C2. TCP keepalive more often than the timeout keeps the mapping alive"
oc "python3 /tmp/idle-tcp.py gateway-outside 22 15 3"
check "with keepalive every 3 s the answer comes after 15 s of application silence" has "$LAST" "after 15 s idle: sent 'after', got 'after'"

step "C3. UDP: a new mapping after the timeout; the LB keeps a table of its own"
gw_send PUT /conntrack/settings '{"udpSeconds":8,"udpStreamSeconds":8}' '{mechanism,udpSeconds,udpStreamSeconds}'
outside_copy udp-from-port.py
oc "python3 /tmp/udp-from-port.py gateway-outside 9001 40002 one; python3 /tmp/udp-from-port.py gateway-outside 9001 40002 two"
check "two datagrams from outside-client:40002 through the gateway to the LB's UDP echo" count_is 2 "$LAST" "reply '(one|two)'"
gw_get "/conntrack?protocol=udp&port=40002" '.entries[] | {originalText,translatedText,expiresInSeconds,packets:.original.packets}'
ct1=$LAST
mapped1=$(jqv "$ct1" '.translatedText | split(" -> ")[0] | split(":")[1]')
check "one gateway mapping carried both (packets 2), to the lab side as $GATEWAY_LAB_IP:${mapped1:-?}" jq_true "$ct1" '.packets == 2'
host "curl -sS --max-time 5 $LB_ADMIN/connections | jq -c '.udp[] | select(.client==\"$GATEWAY_LAB_IP:$mapped1\") | {client,backend,upstreamPort,packetsIn,idleMs}'"
check "the LB's own session table knows the client only as the gateway's mapping ($GATEWAY_LAB_IP:$mapped1)" jq_true "$LAST" '.packetsIn == 2'
udp_gone() { jq_true "$(curl -sS --max-time 5 "$GATEWAY/conntrack?protocol=udp&port=40002")" '.matched == 0'; }
secs=$(wait_until 20 udp_gone)
check "the gateway's UDP mapping expired ${secs:-?} s later (udp timeout 8 s)" test -n "$secs"
oc "python3 /tmp/udp-from-port.py gateway-outside 9001 40002 three"
gw_get "/conntrack?protocol=udp&port=40002" '.entries[] | {originalText,translatedText,expiresInSeconds,packets:.original.packets}'
mapped2=$(jqv "$LAST" '.translatedText | split(" -> ")[0] | split(":")[1]')
check "the same client ip:port now has a new mapping: packets 1, lab-side port $mapped1 -> ${mapped2:-?}" \
  jq_true "$LAST" '.packets == 1 and (.translatedText | split(" -> ")[0] | split(":")[1]) != $old' --arg old "$mapped1"
host "curl -sS --max-time 5 $LB_ADMIN/connections | jq -c '.udp[] | select(.client|startswith(\"$GATEWAY_LAB_IP:\")) | {client,backend,packetsIn,idleMs}'"
check "the LB sees a new client and opens a second session; the old one idles on until the LB's own 30 s" \
  jq_true "$(jq -s . <<<"$LAST")" 'map(.client) | index($a) != null and index($b) != null' \
  --arg a "$GATEWAY_LAB_IP:$mapped1" --arg b "$GATEWAY_LAB_IP:$mapped2"

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
