#!/usr/bin/env bash
# Lab 1: TCP and UDP with netcat, through the LB and directly to an echo instance; ss -tna vs ss -una.
# Run: ./lab labs 01   (the lab must be up: ./lab up). Page: labs/01-tcp-udp-netcat.md
source "$(dirname "$0")/lib.sh"
ensure_packages netcat-openbsd:nc curl:curl jq:jq

step "A1. TCP echo through the LB, from the host (published port $LB_TCP_PORT)"
host "printf 'hello through the lb\n' | nc -N -w 3 127.0.0.1 $LB_TCP_PORT"
check "TCP echo through the LB from the host returns the line" has "$LAST" '^hello through the lb$'

step "A2. TCP echo through the LB and directly to echo-1, from the toolbox (inside the lab network)"
tb "printf 'hello lb\n' | nc -N -w 3 lb 9000; printf 'hello echo-1\n' | nc -N -w 3 echo-1 9000"
check "TCP echo through lb:9000 from the toolbox" has "$LAST" '^hello lb$'
check "TCP echo directly to echo-1:9000" has "$LAST" '^hello echo-1$'

step "A3. Hold a TCP session open and look at it with ss -tna (client side, then both legs on the LB)"
note "a background nc keeps its connection for 4 s; ss runs while it is open"
tb "(printf 'still here\n'; sleep 4) | nc -N -w 6 lb 9000 >/dev/null & for i in \$(seq 20); do ss -tna | grep -q 'ESTAB.*172.28.0.10:9000' && break; sleep 0.2; done; ss -tna '( dport = :9000 )' | grep -E 'State|ESTAB'"
check "the toolbox has an ESTAB TCP socket to the LB (172.28.0.10:9000)" has "$LAST" '^ESTAB .*172\.28\.0\.30:[0-9]+ +172\.28\.0\.10:9000'
lbt "ss -tna '( sport = :9000 or dport = :9000 )' | grep -E 'State|LISTEN|ESTAB'"
check "the LB listens on 0.0.0.0:9000" has "$LAST" '^LISTEN .*0\.0\.0\.0:9000'
check "the LB holds the client leg (lb:9000 <- toolbox)" has "$LAST" '^ESTAB .*172\.28\.0\.10:9000 +172\.28\.0\.30:[0-9]+'
check "the LB holds a second, backend leg (lb -> echo-N:9000)" has "$LAST" '^ESTAB .*172\.28\.0\.10:[0-9]+ +172\.28\.0\.1[123]:9000'
sleep 4
tb "ss -tna state time-wait '( dport = :9000 )' | head -4"
check "after the close the toolbox (the side that closed first) keeps a TIME-WAIT socket" has "$LAST" '172\.28\.0\.30:[0-9]+ +172\.28\.0\.1[0-3]:9000'

step "B1. UDP echo through the LB (host and toolbox) and directly to echo-2"
host "printf 'hello udp from the host\n' | nc -u -w 1 127.0.0.1 $LB_UDP_PORT"
check "UDP echo through the LB from the host" has "$LAST" '^hello udp from the host$'
tb "printf 'hello udp lb\n' | nc -u -w 1 lb 9001; printf 'hello udp echo-2\n' | nc -u -w 1 echo-2 9001"
check "UDP echo through lb:9001 from the toolbox" has "$LAST" '^hello udp lb$'
check "UDP echo directly to echo-2:9001" has "$LAST" '^hello udp echo-2$'

step "B2. ss -una: UDP has no handshake and no connection states"
note "nc -u calls connect() on its UDP socket: ss then prints ESTAB, which only means 'a default peer is set'"
tb "(printf 'ping\n'; sleep 3) | nc -u -w 1 -p 40001 lb 9001 >/dev/null & for i in \$(seq 20); do ss -una | grep -q ':40001 ' && break; sleep 0.2; done; ss -una; echo '-- same socket, state all:'; ss -uan state all '( sport = :40001 )'"
check "the toolbox's UDP socket shows up in ss -una" has "$LAST" '172\.28\.0\.30:40001 +172\.28\.0\.10:9001'
lbt "ss -una '( sport = :9001 )'"
check "the LB's UDP listener is UNCONN (no peer, no state machine)" has "$LAST" '^UNCONN .*0\.0\.0\.0:9001 +0\.0\.0\.0:\*'
# udp_port_unused PORT: no socket of the toolbox uses the local UDP port any more.
udp_port_unused() { ! docker exec "$TOOLBOX" ss -una | grep -q ":$1 "; }
wait_until 10 udp_port_unused 40001 >/dev/null 2>&1 || true
tb "ss -uan state all '( sport = :40001 )'; echo '-- TCP sockets left by the TCP sessions above:'; ss -tan state time-wait '( dport = :9000 )' | tail -n +2 | wc -l"
# udp_socket_gone SS_OUTPUT: the TIME-WAIT count was printed and port 40001 is in no socket any more.
udp_socket_gone() { has "$1" '^[0-9]+$' && hasnt "$1" ':40001'; }
check "once nc exits its UDP socket is simply gone: no TIME-WAIT, no teardown" udp_socket_gone "$LAST"

step "C. The listeners of the LB, like the course's ss -tuln"
lbt "ss -tuln"
# lb_listeners SS_TULN: 9000/tcp, 9001/udp, three distinct listeners 8000-8002 and 8080.
lb_listeners() {
  has "$1" 'tcp +LISTEN .*:9000 ' && has "$1" 'udp +UNCONN .*:9001 ' \
    && count_is 3 "$(grep -Eo 'LISTEN .*0\.0\.0\.0:800[0-2] ' <<<"$1" | sort -u)" . && has "$1" 'LISTEN .*:8080 '
}
check "ss -tuln on the LB lists 9000/tcp, 9001/udp, 8000, 8001, 8002, 8080" lb_listeners "$LAST"
check "each TCP port has one listening socket, shared by both of the LB's event loops" \
  count_is 1 "$LAST" 'tcp +LISTEN .*0\.0\.0\.0:9000 '
lbt "ss -s | head -6"
check "ss -s summarises sockets by state" has "$LAST" '^TCP: +[0-9]+ \(estab [0-9]+, closed [0-9]+, orphaned [0-9]+, timewait [0-9]+\)'

lab_finish
