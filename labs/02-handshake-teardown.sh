#!/usr/bin/env bash
# Lab 2: the three-way handshake and the teardown on the wire (tcpdump), the TCP state machine (ss), and the
# same seen through the probe API (TcpProbe timings, ListSockets states).
# Run: ./lab labs 02   (the lab must be up: ./lab up). Page: labs/02-handshake-teardown.md
source "$(dirname "$0")/lib.sh"
ensure_packages curl:curl jq:jq

step "A. Capture one TCP echo session (toolbox -> lb:9000) with tcpdump in the toolbox"
note "tcpdump runs in the background (nc waits until its file has the pcap header: the capture is on), nc sends"
note "one line and half-closes (-N), tcpdump stops 1 s after nc ends"
tb "rm -f /tmp/handshake.pcap; tcpdump -nn -U -i eth0 -w /tmp/handshake.pcap 'tcp port 9000' 2>/dev/null & for i in \$(seq 50); do [ -s /tmp/handshake.pcap ] && break; sleep 0.1; done; printf 'hi\n' | nc -N -w 3 lb 9000; sleep 1; kill %1 2>/dev/null; wait; tcpdump -nn -r /tmp/handshake.pcap 2>/dev/null | cut -c17- | sed -E 's/, options \[[^]]*\]//'"
cap=$(grep '^IP ' <<<"$LAST")
check "1st packet: SYN from the client (Flags [S])" has "$(sed -n 1p <<<"$cap")" '172\.28\.0\.30\.[0-9]+ > 172\.28\.0\.10\.9000: Flags \[S\], seq'
check "2nd packet: SYN-ACK from the LB (Flags [S.])" has "$(sed -n 2p <<<"$cap")" '172\.28\.0\.10\.9000 > 172\.28\.0\.30\.[0-9]+: Flags \[S\.\], seq [0-9]+, ack'
check "3rd packet: ACK from the client (Flags [.], ack 1): the connection is established" has "$(sed -n 3p <<<"$cap")" '172\.28\.0\.30\.[0-9]+ > 172\.28\.0\.10\.9000: Flags \[\.\], ack 1,'
check "the data (3 bytes 'hi\\n') goes out with PSH (Flags [P.], length 3) and comes back echoed" \
  count_is 2 "$cap" 'Flags \[P\.\], seq 1:4.*length 3'
check "the client's FIN (Flags [F.]) after nc -N half-closes" has "$cap" '172\.28\.0\.30\.[0-9]+ > 172\.28\.0\.10\.9000: Flags \[F\.\]'
check "the LB's FIN after the echo (the other half closes too)" has "$cap" '172\.28\.0\.10\.9000 > 172\.28\.0\.30\.[0-9]+: Flags \[F\.\]'
check "the last packet is the client's ACK of the LB's FIN" has "$(tail -1 <<<"$cap")" '172\.28\.0\.30\.[0-9]+ > 172\.28\.0\.10\.9000: Flags \[\.\], ack'
tb "ss -tan state all '( dport = :9000 )' | grep -E 'State|172.28.0.10:9000' | head -3"
check "ss: the client that sent the first FIN holds the connection in TIME-WAIT" has "$LAST" '^TIME-WAIT .*172\.28\.0\.10:9000'

step "B. The same from the LB's own network namespace: an L4 proxy makes TWO handshakes"
note "only SYN/FIN/RST packets; the LB's health checks (every 2 s to echo-N:9000) may show up too"
lbt "timeout 4 tcpdump -nn -i any -l 'tcp port 9000 and (tcp[tcpflags] & (tcp-syn|tcp-fin|tcp-rst) != 0)' 2>/dev/null | cut -c17- | sed -E 's/, options \[[^]]*\]//; s/, win [0-9]+//' > /tmp/legs.txt & wait; cat /tmp/legs.txt" &
lbt_pid=$!
sleep 1
timeout 10 docker exec "$TOOLBOX" bash -c "printf 'hi\n' | nc -N -w 3 lb 9000" >/dev/null 2>&1
wait $lbt_pid
legs=$(docker exec "$LBTOOLS" cat /tmp/legs.txt 2>/dev/null)
check "client leg: SYN toolbox -> lb:9000" has "$legs" 'In +IP 172\.28\.0\.30\.[0-9]+ > 172\.28\.0\.10\.9000: Flags \[S\]'
check "backend leg: a new SYN lb -> echo-N:9000 (from the LB's own ephemeral port)" has "$legs" 'Out +IP 172\.28\.0\.10\.[0-9]+ > 172\.28\.0\.1[123]\.9000: Flags \[S\]'
# fin_passed_on TCPDUMP: the client's FIN came in and the LB sent a FIN of its own to a backend.
fin_passed_on() {
  has "$1" 'In +IP 172\.28\.0\.30\.[0-9]+ > 172\.28\.0\.10\.9000: Flags \[F\.\]' \
    && has "$1" 'Out +IP 172\.28\.0\.10\.[0-9]+ > 172\.28\.0\.1[123]\.9000: Flags \[F\.\]'
}
check "the FIN is passed on: client FIN in, FIN out to the backend" fin_passed_on "$legs"

step "C. A refused connection on the wire: SYN answered by RST (nothing listens on echo-1:9999)"
# Three tries: on a busy machine tcpdump may start late; it stops after the first SYN and RST it sees.
tb "timeout 6 tcpdump -nn -i eth0 -l -c 2 'tcp port 9999' 2>/dev/null | cut -c17- | sed -E 's/, options \[[^]]*\]//' & sleep 1; for i in 1 2 3; do nc -vz -w 2 echo-1 9999; sleep 0.5; done; wait"
check "nc reports Connection refused" has "$LAST" 'port 9999 \(tcp\) failed: Connection refused'
# syn_answered_by_rst TCPDUMP: a SYN to echo-1:9999 and an RST+ACK from it.
syn_answered_by_rst() { has "$1" '> 172\.28\.0\.11\.9999: Flags \[S\]' && has "$1" '172\.28\.0\.11\.9999 > .*Flags \[R\.\]'; }
check "SYN out, RST+ACK back (Flags [R.])" syn_answered_by_rst "$LAST"

step "D. The state machine with ss -tan state all: FIN-WAIT-2 / CLOSE-WAIT, then TIME-WAIT (toolbox loopback)"
note "a server that accepts and closes only after 3 s; the client half-closes at once (nc -N < /dev/null)"
toolbox_copy slow-close-server.py
tb "python3 /tmp/slow-close-server.py 7000 3 & sleep 0.5
nc -N -w 5 127.0.0.1 7000 </dev/null & sleep 1
echo '-- 1 s after the client FIN:'; ss -tan state all '( sport = :7000 or dport = :7000 )'
sleep 3; echo '-- after the server closed too:'; ss -tan state all '( sport = :7000 or dport = :7000 )'; wait"
first=$(sed -n '/1 s after/,/after the server/p' <<<"$LAST")
second=$(sed -n '/after the server/,$p' <<<"$LAST")
check "the server is LISTEN on 127.0.0.1:7000" has "$first" '^LISTEN .*127\.0\.0\.1:7000 '
check "the client that sent FIN waits in FIN-WAIT-2" has "$first" '^FIN-WAIT-2 .*127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:7000'
check "the server that got FIN but did not close yet sits in CLOSE-WAIT" has "$first" '^CLOSE-WAIT .*127\.0\.0\.1:7000 +127\.0\.0\.1:[0-9]+'
check "after the server's close the client is in TIME-WAIT (the active closer keeps it)" has "$second" '^TIME-WAIT .*127\.0\.0\.1:[0-9]+ +127\.0\.0\.1:7000'
check "and no CLOSE-WAIT is left" hasnt "$second" 'CLOSE-WAIT'

step "E. The same through the probe API: TcpProbe timings (REST from the host, gRPC from the toolbox)"
host "curl -sS --max-time 5 -X POST $PROBE/api/v1/tcp-probe -d '{\"host\":\"lb\",\"port\":9000,\"timeoutMs\":1000}' | jq -c '{state,resolvedAddress,localPort,dnsMs,connectMs,totalMs}'"
check "TcpProbe lb:9000 is OPEN (handshake completed) with a connect time" \
  jq_true "$LAST" '.state == "OPEN" and .connectMs > 0'
probe_port=$(jqv "$LAST" .localPort)
tb "probe-grpc TcpProbe '{\"host\":\"echo-1\",\"port\":9999,\"timeoutMs\":1000}'"
# closed_by_refusal PROBE_REPLY: state CLOSED, and the reason is the refused connect.
closed_by_refusal() { jq_true "$1" '.state == "CLOSED"' && has "$1" 'Connection refused'; }
check "TcpProbe echo-1:9999 is CLOSED: Connection refused (the RST of step C)" closed_by_refusal "$LAST"

step "F. ListSockets and SocketSummary: the probe's own sockets, like ss -tan inside the probe container"
host "curl -sS --max-time 5 '$PROBE/api/v1/sockets?protocol=tcp&port=9000' | jq -c '.sockets[] | {state,localAddress,localPort,peerAddress,peerPort,timer,timerRemainingMs}'"
check "the probe's connection to lb:9000 (local port $probe_port) is now TIME-WAIT with its 60 s timer" \
  jq_true "$LAST" 'any(.[]; .localPort==$p and .state=="TIME-WAIT" and .timer=="timewait" and .timerRemainingMs > 0 and .timerRemainingMs <= 60000)' \
  -s --argjson p "${probe_port:-0}"
tb "probe-grpc ListSockets '{\"protocol\":\"TCP\",\"state\":\"LISTEN\"}' | jq -c '.sockets[] | {state,localAddress,localPort}'"
check "ListSockets state=LISTEN shows the probe's own listener on 8080" has "$LAST" '"state":"LISTEN".*"localPort":8080'
host "curl -sS --max-time 5 $PROBE/api/v1/socket-summary | jq -c '{tcpEstab,tcpTimewait,tcpStates,tcpActiveOpens,tcpAttemptFails,tcpOutRsts}'"
check "SocketSummary counts TIME-WAIT sockets (ss -s 'timewait')" jq_true "$LAST" '.tcpTimewait >= 1 and .tcpStates."TIME-WAIT" >= 1'
check "SocketSummary counts the refused connect in tcpAttemptFails" jq_true "$LAST" '(.tcpAttemptFails|tonumber) >= 1'

lab_finish
