#!/usr/bin/env bash
# Lab 3: the course's mini incident - "Connection refused", "Too many open files", hundreds of TIME_WAIT,
# ulimit -n 1024 - reproduced, read with the probe API, and fixed two ways, with numbers.
# Run: ./lab labs 03   (the lab must be up: ./lab up). Page: labs/03-mini-incident.md
source "$(dirname "$0")/lib.sh"
ensure_packages curl:curl jq:jq
trap clear_all_faults_quietly EXIT
clear_all_faults_quietly
# The two helper scripts the page pipes into the toolbox (python3 - ARGS < labs/tools/...).
toolbox_copy conn-hog.py
toolbox_copy conn-check.py

step "1. 'Too many open files': an app with a low open-files limit that holds connections (toolbox, ulimit -Sn 64)"
tb "ulimit -Sn 64; echo \"ulimit -n: \$(ulimit -n)\"; python3 /tmp/conn-hog.py lb 9000 100"
check "with ulimit -n 64 the app gets EMFILE (Errno 24) before 64 connections" has "$LAST" 'opened [0-9]+ connections, then: \[Errno 24\] Too many open files'
emfile_at=$(grep -Eo 'opened [0-9]+' <<<"$LAST" | grep -Eo '[0-9]+')
check "it stops near the limit (64 minus stdin/out/err and python's own fds): $emfile_at" between "$emfile_at" 55 63
host "curl -sS --max-time 5 $PROBE/api/v1/host-limits | jq -c '{openFilesSoft,openFilesHard,openFds,openFdsPercent,warnings}'"
check "HostLimits reports the probe process's own RLIMIT_NOFILE and open fds" jq_true "$LAST" '.openFilesSoft > 0 and .openFds > 0'

step "2. 'Connection refused': the database is not listening (echo-1's refuse fault = no listener on 9000/tcp)"
set_faults 1 '{"refuse":["tcp"]}'
tb "nc -vz -w 2 echo-1 9000; python3 /tmp/conn-check.py echo-1 9000 20"
check "nc -vz: Connection refused (the kernel answered the SYN with RST)" has "$LAST" 'port 9000 \(tcp\) failed: Connection refused'
check "all 20 app connects are refused" has "$LAST" 'refused=20 '
tb "probe-grpc TcpProbe '{\"host\":\"echo-1\",\"port\":9000}' | jq -c '{state,error,connectMs}'"
check "TcpProbe echo-1:9000 is CLOSED" has "$LAST" '"state":"CLOSED"'
clear_faults 1

step "3. Refusals at the application's connection cap (echo-2's maxConnections fault = 5, like max_connections)"
set_faults 2 '{"maxConnections":5}'
tb "python3 /tmp/conn-check.py echo-2 9000 8"
check "5 connections work, the 3 over the cap are accepted by the kernel and closed at once (no data)" has "$LAST" 'echoed=5 closed=3 '
host "curl -sS --max-time 5 $(echo_http 2)/q/metrics | grep '^echo_connections_refused_total'"
check "echo-2 counts them as refused at the cap (reason fault-cap)" has "$LAST" 'reason="fault-cap"\} [1-9]'
tb "probe-grpc TcpProbe '{\"host\":\"echo-2\",\"port\":9000}' | jq -c '{state,connectMs}'"
check "yet a TCP probe says OPEN: the handshake is the kernel's, the refusal is the app's" has "$LAST" '"state":"OPEN"'
clear_faults 2

step "4. Hundreds of TIME_WAIT: an app that opens a new connection per query (probe Churn, 500 connects)"
host "curl -sS --max-time 30 -X POST $PROBE/api/v1/churn -d '{\"host\":\"echo-3\",\"port\":9000,\"count\":500,\"ratePerSecond\":1000}' | jq -c '{attempted,succeeded,errors,before,after,elapsedMs,settleMs}'"
churn=$LAST
check "Churn: 500 of 500 connections succeeded" jq_true "$churn" '.attempted==500 and .succeeded==500'
ports_after=$(jqv "$churn" .after.ephemeralPortsInUse)
check "after the churn at least 500 ephemeral ports are held ($ports_after): every closed connection keeps its port" ge "$ports_after" 500
tw_after=$(jqv "$churn" .after.timeWaitToTarget)
check "Churn's 'after' snapshot (taken once the closing handshakes settled, settleMs) counts ~500 TIME-WAIT toward echo-3 ($tw_after)" ge "$tw_after" 490
note "ListSockets shows the same sockets one by one:"
host "curl -sS --max-time 5 '$PROBE/api/v1/sockets?protocol=tcp&state=TIME-WAIT&port=9000&limit=5000' | jq -c '{total, toEcho3: ([.sockets[] | select(.peerAddress==\"172.28.0.13\")] | length), first: (.sockets[] | select(.peerAddress==\"172.28.0.13\") | {state,localPort,peerAddress,peerPort,timer,timerRemainingMs})}' | head -1"
check "ListSockets state=TIME-WAIT: ~500 TIME-WAIT sockets toward echo-3:9000 (>= 490), each with its timewait timer" \
  jq_true "$LAST" '.toEcho3 >= 490 and .first.timer=="timewait"'
host "curl -sS --max-time 5 $PROBE/api/v1/socket-summary | jq -c '{tcpEstab,tcpTimewait,tcpStates}'"
check "SocketSummary (ss -s): timewait >= 500, almost nothing ESTAB" jq_true "$LAST" '.tcpTimewait >= 500 and .tcpEstab < 10'
host "curl -sS --max-time 5 $PROBE/api/v1/host-limits | jq -c '{ephemeralPortLow,ephemeralPortHigh,ephemeralPortsTotal,ephemeralPortsInUse,ephemeralPortsInUsePercent,timeWait,tcpTwReuse,tcpFinTimeoutSeconds,tcpMaxTwBuckets,openFilesSoft}'"
check "HostLimits: 500+ ephemeral ports held by TIME-WAIT out of 28232 (32768-60999)" \
  jq_true "$LAST" '.ephemeralPortsInUse >= 500 and .ephemeralPortsTotal == (.ephemeralPortHigh - .ephemeralPortLow + 1)'

step "5. Mitigation 1: reuse connections (keep-alive). 100 HTTP requests: 100 connections vs 1"
note "TIME-WAIT toward lb:8001 counted before and after each way, in the toolbox (the client closes, so it holds them)"
tb "tw() { ss -tan state time-wait '( dport = :8001 )' | tail -n +2 | wc -l; }
b=\$(tw); t0=\$(date +%s%N)
for i in \$(seq 100); do curl -s -o /dev/null lb:8001/whoami; done
echo \"one connection per request: \$(( (\$(date +%s%N) - t0) / 1000000 )) ms, new TIME-WAIT: \$(( \$(tw) - b ))\"
b=\$(tw); t0=\$(date +%s%N)
n=\$(curl -s -w '%{num_connects}\n' \$(for i in \$(seq 100); do printf -- '-o /dev/null lb:8001/whoami '; done) | awk '{s+=\$1} END {print s}')
echo \"keep-alive, one curl for all: \$(( (\$(date +%s%N) - t0) / 1000000 )) ms, connections opened: \$n, new TIME-WAIT: \$(( \$(tw) - b ))\""
per_req_tw=$(grep -Eo 'one connection per request: [0-9]+ ms, new TIME-WAIT: [0-9]+' <<<"$LAST" | grep -Eo '[0-9]+$')
ka_tw=$(grep -Eo 'keep-alive.*new TIME-WAIT: [0-9]+' <<<"$LAST" | grep -Eo '[0-9]+$')
ka_conns=$(grep -Eo 'connections opened: [0-9]+' <<<"$LAST" | grep -Eo '[0-9]+$')
check "a connection per request leaves ~100 TIME-WAIT ($per_req_tw)" between "$per_req_tw" 95 105
# one_connection CONNECTIONS NEW_TIME_WAIT: one connection opened, at most one TIME-WAIT left.
one_connection() { eq "$1" 1 && le "$2" 1; }
check "keep-alive opens 1 connection for 100 requests ($ka_conns) and leaves at most 1 TIME-WAIT ($ka_tw)" \
  one_connection "$ka_conns" "$ka_tw"

step "6. Mitigation 2: limits. (a) raise the open-files limit"
tb "ulimit -Sn 1024; echo \"ulimit -n: \$(ulimit -n)\"; python3 /tmp/conn-hog.py lb 9000 100"
check "with ulimit -n 1024 the same app opens all 100 connections" has "$LAST" '^opened 100 connections$'

step "6. (b) tcp_tw_reuse: read it in the lab's network namespaces"
tb "sysctl net.ipv4.tcp_tw_reuse net.ipv4.ip_local_port_range net.ipv4.tcp_fin_timeout; sysctl -w net.ipv4.tcp_tw_reuse=1"
check "tcp_tw_reuse is per network namespace; here 2 (= reuse for loopback only)" has "$LAST" '^net\.ipv4\.tcp_tw_reuse = 2$'
check "a running container cannot change it (/proc/sys is read-only there)" has "$LAST" 'permission denied on key|Read-only file system'
note "docker sets namespaced net.* sysctls at container start (--sysctl, compose 'sysctls:'); a one-off toolbox"
note "on the lab network with only 50 ephemeral ports shows what tw_reuse changes:"
# about_50_then_eaddrnotavail / all_120_succeed NC_TALLY: the `uniq -c` tally of 120 nc -vz runs.
about_50_then_eaddrnotavail() {
  has "$1" '^ *(49|50|51) Connection to echo-1 9000 port \[tcp/\*\] succeeded!' \
    && has "$1" '^ *[0-9]+ nc: connect to echo-1 port 9000 \(tcp\) failed: Cannot assign requested address'
}
all_120_succeed() { has "$1" '^ *120 Connection to echo-1 9000 port \[tcp/\*\] succeeded!' && hasnt "$1" 'Cannot assign'; }
for reuse in 0 1; do
  host "docker run --rm --network l4lab --sysctl net.ipv4.ip_local_port_range='40000 40049' --sysctl net.ipv4.tcp_tw_reuse=$reuse l4lab/toolbox:latest bash -c 'for i in \$(seq 120); do nc -vz -w1 echo-1 9000 2>&1; sleep 0.03; done | sed -E \"s/ \\(172[^)]*\\)//\" | sort | uniq -c'"
  if [ $reuse = 0 ]; then
    check "tw_reuse=0: 120 connects over ~4 s through 50 ports: ~50 succeed, the rest get EADDRNOTAVAIL (Cannot assign requested address)" \
      about_50_then_eaddrnotavail "$LAST"
  else
    check "tw_reuse=1: the same 120 connects all succeed (a port in TIME-WAIT for more than 1 s is reused)" \
      all_120_succeed "$LAST"
  fi
done

lab_finish
