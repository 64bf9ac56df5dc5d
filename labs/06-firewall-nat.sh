#!/usr/bin/env bash
# Lab 6: firewalls, security groups and NAT - port mapping seen from both sides, the conntrack row with both
# tuples, FILTERED versus CLOSED, a rule's counters, and one handshake captured before and after NAT.
# Run: ./lab labs 06   (the lab must be up: ./lab up). Page: labs/06-firewall-nat.md
source "$(dirname "$0")/lib.sh"
ensure_packages curl:curl jq:jq tcpdump:tcpdump
FIREWALL_AT_START=$(gw_quietly GET /firewall | jq -c '{defaultAction, rules: [.rules[] | {protocol,port,source,action,description}]}')
restore() { [ -z "$FIREWALL_AT_START" ] || gw_quietly PUT /firewall "$FIREWALL_AT_START" >/dev/null; }
trap restore EXIT
OUT_NET="${L4LAB_OUTSIDE_SUBNET_PREFIX:-172.29}"
LAB_NET="${L4LAB_SUBNET_PREFIX:-172.28}"

step "1. The gateway: two interfaces, and the port mappings on its outside address"
gw_get / '{phase,outside:.outside|{name,address},lab:.lab|{name,address},timeoutMechanism}'
check "the gateway is READY with one address on each network" \
  jq_true "$LAST" '.phase == "READY" and .outside.address == $o and .lab.address == $l' --arg o "$GATEWAY_OUTSIDE_IP" --arg l "$GATEWAY_LAB_IP"
gw_get /nat '.mappings[] | {name,outside,to,target}'
check "80/tcp on the outside address is mapped to echo-1:8080 (the web server)" has "$LAST" '"name":"web","outside":"[0-9.]+:80","to":"echo-1:8080"'
check "53/udp and 53/tcp both lead to echo-3 (the DNS server), 5432 to echo-1:9000 (the database)" \
  has "$LAST" '"name":"dns-udp","outside":"[0-9.]+:53","to":"echo-3:9001"'

step "2. Port mapping from both sides: who does echo-1 think it is talking to?"
oc "curl -sS --max-time 5 http://gateway-outside/whoami | jq -c '{instance,peer,local}'"
peer_port=$(jqv "$LAST" .peer.port)
check "from outside-client ($OUT_NET.0.10) through gateway:80, echo-1 answers" has "$LAST" '"instance":"echo-1"'
check "and sees the gateway's lab address as its client, not outside-client (MASQUERADE)" has "$LAST" "\"peer\":\\{\"address\":\"$GATEWAY_LAB_IP\""
tb "curl -sS --max-time 5 http://echo-1:8080/whoami | jq -c '{instance,peer,local}'"
check "from inside the lab (the toolbox) echo-1 sees the real client" has "$LAST" "\"peer\":\\{\"address\":\"$LAB_NET\\.0\\.30\""
gw_get "/conntrack?port=$peer_port" '.entries[] | {state,originalText,translatedText,dnat,snat,expiresInSeconds}'
check "conntrack's row shows both tuples: what outside-client sent, and what echo-1 saw (port $peer_port)" \
  jq_true "$LAST" '.dnat and .snat and (.originalText | endswith(":80")) and (.translatedText | startswith($p))' --arg p "$GATEWAY_LAB_IP:$peer_port"
check "the flow is in TIME_WAIT: the connection has closed, conntrack keeps the mapping 120 s" has "$LAST" '"state":"TIME_WAIT"'

step "3. FILTERED versus CLOSED: drop is silence, reject is an answer"
oc "nmap -n -Pn -sT --max-retries 1 -p 22,80,3306 gateway-outside | grep /tcp"
check "22 and 80 are open (allowed and mapped)" has "$LAST" '^80/tcp +open'
check "3306 is filtered: no rule allows it and the default action drops, so nmap hears nothing" has "$LAST" '^3306/tcp +filtered'
host "curl -sS --max-time 5 -X POST $PROBE/api/v1/tcp-probe -d '{\"host\":\"$GATEWAY_OUTSIDE_IP\",\"port\":3306,\"timeoutMs\":1500}' | jq -c '{state,error}'"
check "probe TcpProbe (from the outside network): FILTERED, the connect timed out" has "$LAST" '"state":"FILTERED"'
# nc waits 4 s: SYNs at 0, 1 and 3 s, so a tcpdump that starts late still sees a retransmission.
oc "timeout 7 tcpdump -nn -i eth0 -l 'tcp port 3306' 2>/dev/null | cut -c17- & sleep 1; nc -z -w 4 gateway-outside 3306; wait"
syns=$(count "$LAST" 'Flags \[S\]')
check "on the wire: SYN, and the same SYN again 1 s and 2 s later (retransmissions, $syns seen); nothing answers" ge "$syns" 2
check "nothing answers the SYNs: no SYN-ACK, no RST" hasnt "$LAST" 'Flags \[(S\.|R)'
gw_send POST /firewall/rules '{"protocol":"tcp","port":"3306","action":"reject","description":"no database from outside"}' '{id,protocol,port,action}'
oc "timeout 6 tcpdump -nn -i eth0 -l 'tcp port 3306' 2>/dev/null | cut -c17- & sleep 1; for i in 1 2 3; do nc -vz -w 2 gateway-outside 3306; sleep 0.5; done; wait"
check "with a reject rule the gateway answers the SYN with RST: closed" has "$LAST" 'Flags \[R\.\]'
check "nc: Connection refused" has "$LAST" 'Connection refused'
oc "nmap -n -Pn -sT -p 3306 gateway-outside | grep /tcp"
check "nmap: 3306/tcp closed" has "$LAST" '^3306/tcp +closed'
host "curl -sS --max-time 5 -X POST $PROBE/api/v1/tcp-probe -d '{\"host\":\"$GATEWAY_OUTSIDE_IP\",\"port\":3306}' | jq -c '{state,error}'"
check "probe TcpProbe: CLOSED" has "$LAST" '"state":"CLOSED"'

step "4. A rule's counters: the security group sees each connection once"
gw_get /firewall '.rules[] | select(.port=="22") | {id,action,packets,bytes}'
before=$(jqv "$LAST" .packets)
oc "for i in 1 2 3 4 5; do printf 'line one\nline two\nline three\n' | nc -N -w 3 gateway-outside 22 >/dev/null; done; echo done"
gw_get /firewall '.rules[] | select(.port=="22") | {id,action,packets,bytes}'
after=$(jqv "$LAST" .packets)
check "5 connections (each several packets) moved the allow tcp 22 rule by exactly 5 ($before -> $after)" \
  test "$(( ${after:-0} - ${before:-0} ))" -eq 5
note "only a flow's first packet (the SYN) reaches the rules; every later packet passes on conntrack's ESTABLISHED"

step "5. One handshake captured on both interfaces: before NAT (outside) and after NAT (lab)"
( sleep 1.5; docker exec "$OUTSIDE" curl -sS --max-time 5 -o /dev/null http://gateway-outside/whoami ) &
gw_get "/capture/timeline?interface=both&filter=tcp%20port%2080%20or%20tcp%20port%208080&count=50&seconds=6" \
  '.packets[] | {side,direction,src,srcPort,dst,dstPort,flags,seq,ack,length}'
wait
check "the client's SYN arrives on the outside interface, to the gateway's outside address port 80" \
  has "$LAST" "\"side\":\"outside\",\"direction\":\"in\",\"src\":\"$OUT_NET\\.0\\.10\",\"srcPort\":[0-9]+,\"dst\":\"$GATEWAY_OUTSIDE_IP\",\"dstPort\":80,\"flags\":\"S\",\"seq\":0"
check "the same SYN leaves the lab interface from the gateway's lab address to echo-1:8080 (DNAT + MASQUERADE)" \
  has "$LAST" "\"side\":\"lab\",\"direction\":\"out\",\"src\":\"$GATEWAY_LAB_IP\",\"srcPort\":[0-9]+,\"dst\":\"$LAB_NET\\.0\\.11\",\"dstPort\":8080,\"flags\":\"S\",\"seq\":0"
check "the SYN-ACK on both sides acknowledges relative sequence 1" count_is 2 "$LAST" '"flags":"S\.","seq":0,"ack":1'
check "both legs close with FIN" has "$LAST" '"flags":"F\."'
( sleep 1.5; docker exec "$OUTSIDE" curl -sS --max-time 5 -o /dev/null http://gateway-outside/whoami ) &
host "curl -sS --max-time 20 -o /tmp/l4lab-gateway.pcap '$GATEWAY/capture?interface=both&filter=tcp%20port%2080%20or%20tcp%20port%208080&count=6&seconds=15' && tcpdump -nn -r /tmp/l4lab-gateway.pcap 2>&1; rm -f /tmp/l4lab-gateway.pcap"
wait
check "GET /capture is a pcap that tcpdump -r reads (Linux cooked v2: each packet names its interface)" has "$LAST" 'LINUX_SLL2'
check "and it holds the handshake on both interfaces" count_is 2 "$LAST" 'Flags \[S\]'

step "6. The admin API is on the lab side only"
oc "nc -vz -w 2 gateway-outside 8080 2>&1 | sed -E 's/ \([0-9.]+\)//'"
check "the admin port does not answer on the outside address (dropped before any rule is asked)" has "$LAST" 'timed out'
tb "curl -sS --max-time 5 http://gateway:8080/q/health/ready | jq -c '{status}'"
check "while it answers on the lab network" has "$LAST" '"status":"UP"'
lab_finish
