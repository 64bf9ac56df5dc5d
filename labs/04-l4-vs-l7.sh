#!/usr/bin/env bash
# Lab 4: L4 vs L7 load balancing - per-connection vs per-request balancing (keep-alive on and off), and
# who sees the client's IP address: L4 (8001), L4 + PROXY protocol v2 (8002), L7 with X-Forwarded-For (8000).
# Run: ./lab labs 04   (the lab must be up: ./lab up). Page: labs/04-l4-vs-l7.md
source "$(dirname "$0")/lib.sh"
ensure_packages curl:curl jq:jq

# xff_of JSON: the X-Forwarded-For header out of a whoami answer, whatever its case.
XFF='(.headers // {} | to_entries | map(select(.key|ascii_downcase=="x-forwarded-for")) | .[0].value // null)'
# instances INSTANCE_LINES: how many different echo instances answered.
instances() { count "$(sort -u <<<"$1")" '^echo-[123]$'; }
# pinned_to_one INSTANCE_LINES: three answers, all from one instance.
pinned_to_one() { eq "$(instances "$1")" 1 && count_is 3 "$1" '^echo-'; }

step "1. One keep-alive connection, three requests: L4 (8001) pins it to one backend, L7 (8000) spreads them"
tb "curl -s lb:8001/whoami lb:8001/whoami lb:8001/whoami | jq -r .instance"
check "L4: all three requests on one connection reached the same instance" pinned_to_one "$LAST"
tb "curl -s lb:8000/whoami lb:8000/whoami lb:8000/whoami | jq -r .instance"
check "L7: the same three requests were balanced one by one (more than one instance)" ge "$(instances "$LAST")" 2

step "2. The experiment, keep-alive on: 300 requests over 4 connections per path"
host "curl -sS --max-time 60 -X POST '$LB_ADMIN/experiments/l4-vs-l7?requests=300&concurrency=4&keepAlive=true&format=text'"
host "curl -sS --max-time 60 -X POST -H 'Content-Type: application/json' $LB_ADMIN/experiments/l4-vs-l7 -d '{\"requests\":300,\"concurrency\":4,\"keepAlive\":true}' | jq -c '.paths[] | {path,completed,failed,connections,backendsPerConnection,distribution}'"
l4=$(grep -i '"path":"l4' <<<"$LAST" | head -1); l7=$(grep -i '"path":"l7' <<<"$LAST" | head -1)
all_completed() { jq_true "$1" '.completed==300 and .failed==0' && jq_true "$2" '.completed==300 and .failed==0'; }
check "all 300 requests completed on both paths" all_completed "$l4" "$l7"
check "L4 with keep-alive: exactly 1.0 backend per connection (the connection is the unit)" jq_true "$l4" '.backendsPerConnection.mean==1 and .connections==4'
check "L7 with keep-alive: every connection reached several backends (> 2 per connection on average)" jq_true "$l7" '.backendsPerConnection.mean > 2'
check "L7 spread the requests evenly over the three instances (each 90-110 of 300)" jq_true "$l7" '[.distribution[]] | length==3 and min>=90 and max<=110'

step "3. The experiment, keep-alive off: a new connection per request, so L4 spreads as well"
host "curl -sS --max-time 60 -X POST -H 'Content-Type: application/json' $LB_ADMIN/experiments/l4-vs-l7 -d '{\"requests\":300,\"concurrency\":4,\"keepAlive\":false}' | jq -c '(.paths[] | {path,connections,backendsPerConnection,distribution}), .lessons[0]'"
l4=$(grep '"path":"L4"' <<<"$LAST" | head -1)
check "L4 without keep-alive: 300 connections for 300 requests" jq_true "$l4" '.connections==300'
check "and L4 now reaches all three instances about evenly (each 90-110)" jq_true "$l4" '[.distribution[]] | length==3 and min>=90 and max<=110'
check "the verdict says both spread and why (L4 balances connections)" has "$LAST" 'Without keep-alive every request opened its own connection'

step "4. Who sees the client? From the toolbox (172.28.0.30) through the three frontends"
tb "curl -s lb:8001/whoami | jq -c '{port:8001, instance, peer, proxyClient, xff: $XFF}'
curl -s lb:8002/whoami | jq -c '{port:8002, instance, peer, proxyClient, xff: $XFF}'
curl -s lb:8000/whoami | jq -c '{port:8000, instance, peer, proxyClient, xff: $XFF}'"
p8001=$(grep '"port":8001' <<<"$LAST"); p8002=$(grep '"port":8002' <<<"$LAST"); p8000=$(grep '"port":8000' <<<"$LAST")
check "L4 (8001): the backend's TCP peer is the LB (172.28.0.10); the client's address is gone" \
  jq_true "$p8001" '.peer.address=="172.28.0.10" and .proxyClient==null and .xff==null'
check "L4 + PROXY v2 (8002): the backend reads the client 172.28.0.30 (and its port) from the PROXY header" \
  jq_true "$p8002" '.peer.address=="172.28.0.10" and .proxyClient.address=="172.28.0.30" and .proxyClient.port > 0'
check "L7 (8000): the TCP peer is the LB, X-Forwarded-For carries 172.28.0.30" \
  jq_true "$p8000" '.peer.address=="172.28.0.10" and .xff=="172.28.0.30"'

step "5. The same from the host: Docker's published port is one more L4 proxy"
host "curl -s 127.0.0.1:$LB_PROXY_PORT/whoami | jq -c '{instance, peer, proxyClient}'; curl -s 127.0.0.1:$LB_L7_PORT/whoami | jq -c '{instance, peer, xff: $XFF}'"
# gateway_seen WHOAMI_LINES: PROXY v2 and X-Forwarded-For both carry the Docker gateway's address.
gateway_seen() { has "$1" '"proxyClient":\{"address":"172\.28\.0\.1"' && has "$1" '"xff":"172\.28\.0\.1"'; }
check "the LB itself only sees the Docker gateway (172.28.0.1) for host clients: docker-proxy hid 127.0.0.1" gateway_seen "$LAST"

step "6. X-Forwarded-For is just a header: a client can write one, the LB appends the address it saw"
tb "curl -s -H 'X-Forwarded-For: 203.0.113.66' lb:8000/whoami | jq -c '{xff: $XFF}'"
check "the forged value stays first, the LB's own observation (172.28.0.30) is the last entry" has "$LAST" '"xff":"203\.0\.113\.66, ?172\.28\.0\.30"'

step "7. The experiment with the PROXY protocol path"
host "curl -sS --max-time 60 -X POST -H 'Content-Type: application/json' $LB_ADMIN/experiments/l4-vs-l7 -d '{\"requests\":150,\"concurrency\":4,\"keepAlive\":true,\"proxyProtocol\":true}' | jq -c '(.paths[] | {path,clientAddressSource,clientAddressSeen,realClient,sawRealClient}), .lessons[1:][]'"
check "three paths: L4, L7 and L4 + PROXY" \
  eq "$(grep -o '"path":"[^"]*"' <<<"$LAST" | paste -sd' ' -)" '"path":"L4" "path":"L7" "path":"L4+PROXY"'
check "L4 hid the client, L7 and PROXY protocol passed it on" \
  eq "$(grep -o '"sawRealClient":[a-z]*' <<<"$LAST" | cut -d: -f2 | paste -sd, -)" false,true,true
check "the lessons name PROXY protocol as the L4 way to pass the client" has "$LAST" 'With PROXY protocol, L4 passes the client too'

step "8. Long-lived HTTP/2: many streams over few connections (h2c, prior knowledge)"
tb "for port in 8001 8000; do curl -s --http2-prior-knowledge -w \" lb:\$port HTTP/%{http_version} %{http_code}\n\" lb:\$port/whoami | jq -Rr 'capture(\"(?<body>.*}) (?<via>.*)\") | (.body | fromjson | .instance) + \" \" + .via'; done"
speak_h2() { has "$1" '^echo-[123] lb:8001 HTTP/2 200$' && has "$1" '^echo-[123] lb:8000 HTTP/2 200$'; }
check "both frontends answer HTTP/2 with prior knowledge: L4 passes it through to echo, L7 ends it" speak_h2 "$LAST"
host "curl -sS --max-time 60 -X POST '$LB_ADMIN/experiments/l4-vs-l7?protocol=h2c&streams=120&connections=2&format=text'"
check "the table counts streams over HTTP/2 connections" has "$LAST" '^L4 vs L7 over HTTP/2 \(h2c, prior knowledge\): 120 streams per path over 2 connection'
check "the lesson names both fixes: L7 per stream and a maximum connection age" has "$LAST" 'balance per stream at L7.*maximum connection age'
host "curl -sS --max-time 60 -X POST -H 'Content-Type: application/json' $LB_ADMIN/experiments/l4-vs-l7 -d '{\"protocol\":\"h2c\",\"streams\":120,\"connections\":2}' | jq -c '.paths[] | {path,completed,failed,connections,backendsPerConnection,distribution}'"
l4=$(grep '"path":"L4"' <<<"$LAST" | head -1); l7=$(grep '"path":"L7"' <<<"$LAST" | head -1)
all_streams() { jq_true "$1" '.completed==120 and .failed==0 and .connections==2' && jq_true "$2" '.completed==120 and .failed==0 and .connections==2'; }
check "all 120 streams completed on both paths, each over exactly 2 HTTP/2 connections" all_streams "$l4" "$l7"
check "L4 over HTTP/2: one backend per connection, so at most 2 of the 3 instances got any stream" \
  jq_true "$l4" '.backendsPerConnection.max==1 and ([.distribution[]] | length <= 2)'
check "L7 over HTTP/2: every connection's streams reached all three instances (each 30-50 of 120)" \
  jq_true "$l7" '.backendsPerConnection.min==3 and ([.distribution[]] | length==3 and min>=30 and max<=50)'

lab_finish
