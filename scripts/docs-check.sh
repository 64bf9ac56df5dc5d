#!/usr/bin/env bash
# lab: run the commands README.md and docs/docker.md show, as typed from the repository root, against the running lab
# Usage: ./lab docs-check          (the lab must be up: ./lab up, on the default ports)
# Each command is first looked up verbatim on its page, so this runs what a reader sees. It runs from
# the repository root in a terminal (script(1) gives it one, as a shell would), with plain Compose: no
# -p, no -f, so the project name comes from .env as it does for a reader. A `docker compose` command
# runs once with each Compose found: v2 (`docker compose`) and v1.29 (`docker-compose`, which the pages
# say to type instead). What a command changes in the lab is undone. Bounded: 60 s per command.
# Ends with "N passed, M failed"; exits non-zero on any failure.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/docker.sh"
source "$(dirname "$0")/lib/checks.sh"
cd "$L4LAB_ROOT" || exit 2
exec </dev/null

ensure_packages curl:curl jq:jq netcat-openbsd:nc.openbsd bsdutils:script
docker_answers || die "no Docker engine answers: start the lab with ./lab up"
for v in L4LAB_PROJECT L4LAB_NETWORK L4LAB_LB_TCP_PORT L4LAB_LB_UDP_PORT L4LAB_LB_L7_PORT L4LAB_LB_L4HTTP_PORT \
    L4LAB_LB_PROXY_PORT L4LAB_LB_ADMIN_PORT L4LAB_PROBE_PORT L4LAB_ECHO1_HTTP_PORT L4LAB_PROMETHEUS_PORT; do
  [ -z "${!v:-}" ] || die "docs-check runs the pages' commands as typed, on the default lab: unset $v"
done

CLIS=()
docker compose version >/dev/null 2>&1 && CLIS+=("docker compose")
command -v docker-compose >/dev/null && CLIS+=("docker-compose")
[ ${#CLIS[@]} -gt 0 ] || die "neither 'docker compose' (v2) nor 'docker-compose' (v1.29) is installed"
detect_compose   # the scripts' own view of the lab (compose ...), to compare with the plain one
log "Compose: ${CLIS[*]}"

# in_terminal 'COMMAND' [INPUT]: runs COMMAND with bash in a pseudo-terminal, as typed at a prompt,
# feeding it INPUT as if typed; prints its output and returns its status. The terminal's own marks go:
# \r, and the ^@ that `docker exec -t` echoes when the input ends.
in_terminal() {
  printf '%s' "${2:-}" | SHELL=/bin/bash timeout 60 script -qec "$1" /dev/null 2>&1 | tr -d '\r' | sed 's/\^@//g'
  return "${PIPESTATUS[1]}"
}

# typed_prints 'COMMAND' REGEX [INPUT]: COMMAND, typed in a terminal, succeeds and prints a line
# matching the extended REGEX.
typed_prints() {
  local out rc
  out=$(in_terminal "$1" "${3:-}"); rc=$?
  [ $rc -eq 0 ] || { echo "exit $rc: ${out:0:1500}"; return 1; }
  has "$out" "$2" || { echo "want a line matching /$2/; got: ${out:0:1500}"; return 1; }
}

# doc PAGE 'COMMAND' REGEX [INPUT]: PAGE shows COMMAND verbatim, and typed from the root it prints a
# line matching REGEX. A `docker compose` COMMAND runs with every Compose found.
doc() {
  local page=$1 cmd=$2 cli clis=(-)
  if ! grep -qF -- "$cmd" "$page"; then fail "$page shows: $cmd" "not on the page any more: update scripts/docs-check.sh"; return; fi
  [[ "$cmd" == *"docker compose"* ]] && clis=("${CLIS[@]}")
  for cli in "${clis[@]}"; do
    local run=$cmd
    [ "$cli" = - ] || run=${cmd//docker compose/$cli}
    check "$page: $run" typed_prints "$run" "$3" "${4:-}"
  done
}

# ---- plain Compose from the root sees ./lab's lab ----------------------------------------------------
echo "== plain Compose from the repository root addresses the lab that ./lab up started"
all_running() {  # all_running CLI: `CLI ps` lists every service of the lab that ./lab's compose sees as running
  local services running
  services=$(compose config --services | sort | paste -sd' ' -)
  running=$(in_terminal "$1 ps --services --filter status=running" | sort | paste -sd' ' -)
  [ -n "$running" ] && eq "$running" "$services"
}
# up -d on the running lab changes nothing when Compose addresses the same project (a second project
# would try to create the same network and ports, and fail).
up_to_date() {
  local out rc
  out=$(in_terminal "$1 up -d"); rc=$?
  [ $rc -eq 0 ] && hasnt "$out" '[Cc]reating|[Rr]ecreating' || { echo "exit $rc: $out"; return 1; }
}
for cli in "${CLIS[@]}"; do
  check "$cli ps: every service of the lab is running" all_running "$cli"
  check "$cli up -d: the running lab is up to date" up_to_date "$cli"
done

echo "== every published port is on ${L4LAB_BIND:-127.0.0.1} (L4LAB_BIND opens them)"
bind_ok() {
  local id bindings bad=""
  for id in $(compose ps -q); do
    bindings=$(docker inspect -f '{{range $p, $b := .NetworkSettings.Ports}}{{range $b}}{{$p}}={{.HostIp}} {{end}}{{end}}' "$id")
    for b in $bindings; do [ "${b#*=}" = "${L4LAB_BIND:-127.0.0.1}" ] || bad+=" $(container_name "$id"):$b"; done
  done
  [ -z "$bad" ] || { echo "published elsewhere:$bad"; return 1; }
  [ "$(compose port lb 9000)" = "${L4LAB_BIND:-127.0.0.1}:9000" ] || { echo "compose port lb 9000: $(compose port lb 9000)"; return 1; }
}
check "every published port is bound to ${L4LAB_BIND:-127.0.0.1}" bind_ok

# ---- README.md, "Talk to it" ---------------------------------------------------------------------------
echo "== README.md"
R=README.md
doc $R "echo hello | nc -q1 127.0.0.1 9000" '^hello$'
doc $R "echo hello | nc -u -w1 127.0.0.1 9001" '^hello$'
doc $R "docker compose exec toolbox sh -c 'echo hi | nc -q1 echo-2 9000'" '^hi$'
doc $R "docker compose exec toolbox ss -tan" '^State +Recv-Q'
doc $R "curl -s localhost:8001/whoami ; curl -s localhost:8000/whoami" '"instance":"echo-[123]"'
doc $R "curl -s localhost:8002/whoami | jq .proxyClient" '"(address|ip|host|sourceAddress)"'
doc $R "curl -s localhost:8080/pools | jq" '"echo-2:9000"'
doc $R "curl -s localhost:8080/connections | jq" '"(tcp|udp)'
doc $R "curl -s -XPUT localhost:8080/pools/echo/backends/echo-2:9000/state -H 'Content-Type: application/json' -d '{\"state\":\"DRAINING\"}'" 'DRAINING'
curl -s -o /dev/null -XPUT localhost:8080/pools/echo/backends/echo-2:9000/state -H 'Content-Type: application/json' -d '{"state":"UP"}'
doc $R "./lab l4-vs-l7" 'L7'
doc $R "curl -s -XPUT localhost:8081/faults -H 'Content-Type: application/json' -d '{\"latencyMs\":200,\"jitterMs\":50}'" '"latencyMs" *: *200'
doc $R "curl -s -XDELETE localhost:8081/faults" ''
doc $R "curl -s -XPOST localhost:8090/api/v1/tcp-probe -d '{\"host\":\"echo-1\",\"port\":9000}'" '"state" *: *"OPEN"'
doc $R "curl -s -XPOST localhost:8090/api/v1/udp-probe -d '{\"host\":\"echo-1\",\"port\":9001}'" '"state" *: *"OPEN"'
doc $R "curl -sN -XPOST localhost:8090/api/v1/scan -d '{\"host\":\"echo-1\",\"ports\":\"1-1024,8080-8081,9000-9019\",\"openOnly\":true}'" '"port" *: *9000'
doc $R "curl -s 'localhost:8090/api/v1/sockets?protocol=tcp&state=LISTEN'" '"LISTEN"'
if command -v grpcurl >/dev/null; then
  doc $R "grpcurl -plaintext -d '{\"host\":\"echo-1\",\"port\":9000}' localhost:8090 l4lab.probe.v1.ProbeService/TcpProbe" '"OPEN"'
else
  log "not run: the grpcurl line (grpcurl is not installed here; Debian does not package it)"
fi
doc $R "docker compose exec toolbox probe-grpc Watch '{\"host\":\"lb\",\"port\":9000,\"count\":5,\"intervalMs\":200}'" '"OPEN"'
doc $R "docker compose exec outside-client curl -s http://gateway-outside/whoami" '"address":"172\.28\.0\.40"'
gw_filtered() { local out; out=$(in_terminal "$1"); has "$out" 'timed out'; }
if grep -qF "docker compose exec outside-client nc -vz -w 2 gateway-outside 3306" "$R"; then
  for cli in "${CLIS[@]}"; do
    check "$R: $cli exec outside-client nc -vz -w 2 gateway-outside 3306 (times out: dropped)" \
      gw_filtered "$cli exec outside-client nc -vz -w 2 gateway-outside 3306"
  done
else fail "$R shows the nc to gateway-outside 3306" "not on the page any more: update scripts/docs-check.sh"; fi
doc $R "curl -s localhost:8070/firewall | jq -c '.rules[]'" '"allow"'
doc $R "curl -s 'localhost:8070/conntrack?port=80' | jq -c '.entries[] | {state,originalText,translatedText}'" '172\.29\.0\.2:80'
doc $R "curl -s -o gw.pcap 'localhost:8070/capture?interface=both&filter=tcp%20port%2080&count=20&seconds=5'" ''
rm -f gw.pcap

doc $R "curl -s localhost:9090/api/v1/targets | jq -r '.data.activeTargets[] | \"\\(.labels.job) \\(.labels.instance) \\(.health)\"'" '^blackbox lb:9000 up$'
doc $R "curl -s 'localhost:9090/api/v1/query?query=probe_success' | jq -r '.data.result[] | \"\\(.metric.instance) \\(.metric.module) \\(.value[1])\"'" '^lb:9001 udp_echo 1$'
doc $R "curl -s 'localhost:8090/probe?target=echo-1:9000&module=tcp_echo'" '^probe_success 1$'
doc $R "curl -s localhost:9090/api/v1/alerts | jq -r '.data.alerts[] | \"\\(.labels.alertname) \\(.state)\"'" ''
doc $R "./lab prometheus-rules" '^[0-9]+ passed, 0 failed$'

# ---- docs/docker.md, "The toolbox" ---------------------------------------------------------------------
echo "== docs/docker.md"
D=docs/docker.md
doc $D "docker compose exec toolbox bash" 'inside-42' $'echo inside-$((6 * 7))\nexit\n'
doc $D "docker compose exec toolbox sh -c \"printf 'hi\\n' | nc -N lb 9000\"" '^hi$'
doc $D "docker compose exec toolbox sh -c \"printf 'hi' | nc -u -w1 lb 9001\"" '^hi'
doc $D "docker compose exec toolbox probe-grpc --list" 'TcpProbe'
doc $D "docker compose exec toolbox probe-grpc TcpProbe '{\"host\":\"echo-1\",\"port\":9000}'" '"OPEN"'
doc $D "docker compose exec toolbox probe-grpc Scan '{\"host\":\"echo-1\",\"ports\":\"9000-9010\"}'" '"OPEN"'
doc $D "docker compose exec lb-tools ss -tan state established" 'Recv-Q'
doc $D "docker compose logs lb" 'started in'

echo
checks_summary
