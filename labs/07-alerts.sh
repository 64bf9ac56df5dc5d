#!/usr/bin/env bash
# Lab 7: graphs and alerts - the lab's Prometheus, and every alerting rule made to fire on purpose (TIME-WAIT,
# ephemeral ports, open files, a backend DOWN, a failing probe and its reason, a target down, a full UDP table).
# Run: ./lab labs 07   (the lab must be up: ./lab up). Page: the README's "Prometheus" section
source "$(dirname "$0")/lib.sh"
ensure_packages curl:curl jq:jq
NET=${L4LAB_NETWORK:-l4lab}
SUBNET=${L4LAB_SUBNET_PREFIX:-172.28}.0.0/16
TAG=${L4LAB_IMAGE_TAG:-jvm}
PROM_ID=$(cid prometheus) || exit 2
TARGETS_FILE=/etc/prometheus/file_sd/lab07.json
HOG_OUT=$(mktemp /tmp/l4lab-lab07.XXXXXX)
# The throw-away containers: an "app" with a narrow port range, an "app" with ulimit -n 1024, and the
# client that holds connections to it.
THROWAWAY=(l4lab-port-app l4lab-fd-app l4lab-fd-hog)

cleanup() {
  docker exec "$PROM_ID" rm -f "$TARGETS_FILE" >/dev/null 2>&1 || true
  for c in "${THROWAWAY[@]}"; do docker rm -f "$c" >/dev/null 2>&1 || true; done
  clear_all_faults_quietly
  wait_backend_state echo echo-3:9000 UP 15 >/dev/null 2>&1 || true
}
trap 'cleanup; rm -f "$HOG_OUT"' EXIT
cleanup
toolbox_copy udp-fill.py

prom() { run_in "$PROM_ID" "[prometheus]" "$1"; }

# firing NAME LABEL=VALUE...: Prometheus reports alert NAME firing for a series with those labels; prints
# its summary. Otherwise says which alerts there are.
firing() {
  local name=$1 want out pair
  shift
  want='{}'
  for pair in "$@"; do want=$(jq -c --arg k "${pair%%=*}" --arg v "${pair#*=}" '. + {($k): $v}' <<<"$want"); done
  out=$(curl -sS --max-time 5 "$PROMETHEUS/api/v1/alerts") || return 1
  jq -er --arg name "$name" --argjson want "$want" '[.data.alerts[]
      | select(.labels.alertname == $name and .state == "firing" and (.labels | contains($want)))]
      | if length > 0 then .[0].annotations.summary else error("not firing") end' <<<"$out" 2>/dev/null && return 0
  echo "$name $want is not firing; the alerts now: $(jq -c '[.data.alerts[] | [.labels.alertname, .state,
    (.labels.instance // .labels.backend // .labels.frontend)]]' <<<"$out")"
  return 1
}
# fires_within SECONDS NAME LABEL=VALUE...: waits until it fires; prints after how long, and its summary.
fires_within() {
  local limit=$1 secs
  shift
  secs=$(wait_until "$limit" firing "$@") || return 1
  echo "firing after $secs s more: $(firing "$@")"
}
# app_ready NAME: the throw-away app NAME answers /q/health/ready on the lab network; if not, says how its
# container is doing (they are not started with --rm, so a crashed one stays to be read).
app_ready() {
  docker exec "$TOOLBOX" curl -sf --max-time 3 "http://$1:8080/q/health/ready" >/dev/null && return 0
  docker inspect -f "l4lab-$1: {{.State.Status}}, exit code {{.State.ExitCode}}, OOM-killed {{.State.OOMKilled}}" "l4lab-$1" 2>&1
  docker logs --tail 5 "l4lab-$1" 2>&1
  return 1
}
# every_target_up TARGETS: lines "job instance health", at least 15 of them, every one up.
every_target_up() { ge "$(count "$1" ' up$')" 15 && hasnt "$1" ' (down|unknown)$'; }
# udp_table_drained ADMIN_URL: the echo-udp session table is back below 100 sessions.
udp_table_drained() {
  local n
  n=$(curl -sS --max-time 5 "$1/frontends" | jq '.[] | select(.name == "echo-udp") | .activeConnections')
  le "$n" 100
}

step "0. What Prometheus sees: every service's /q/metrics, and the lab's targets through probe:8080/probe"
host "curl -sS --max-time 5 $PROMETHEUS/api/v1/targets | jq -r '.data.activeTargets[] | \"\\(.labels.job) \\(.labels.instance) \\(.health)\"'"
check "every target is up: 6 services (the gateway too), Prometheus itself and the 8 probes" every_target_up "$LAST"
host "curl -sS --max-time 5 '$PROMETHEUS/api/v1/query?query=probe_success' | jq -r '.data.result[] | \"\\(.metric.module) \\(.metric.instance) \\(.value[1])\"'"
check "the 8 probes succeed (probe_success 1): TCP and UDP echo through the LB and on echo-1..3" count_is 8 "$LAST" ' 1$'
host "curl -sS --max-time 5 $PROMETHEUS/api/v1/rules | jq -r '.data.groups[] | .name as \$g | .rules[] | \"\\(\$g) \\(.name) (for \\(.duration) s)\"'"
rules_defined=$(sed -n 's/^ *- alert: *//p' "$LABS_DIR"/../docker/prometheus/rules/*.yml | wc -l)
check "the $rules_defined alerting rules of docker/prometheus/rules/ are loaded" count_is "$rules_defined" "$LAST" '^l4lab-'

step "1. Two throw-away apps on the lab network, scraped through file_sd (they start while steps 2 and 3 run)"
note "port-app: probe-service in a namespace with only 1000 ephemeral ports (docker sets the sysctl at start)"
host "docker run -d --name l4lab-port-app --network $NET --network-alias port-app --sysctl net.ipv4.ip_local_port_range='40000 40999' -e PROBE_POLICY_ALLOWED_CIDRS=$SUBNET l4lab/probe-service:$TAG"
note "fd-app: echo-service with ulimit -n 1024 (the course's incident) and room for 900 connections"
host "docker run -d --name l4lab-fd-app --network $NET --network-alias fd-app --ulimit nofile=1024:1024 -e ECHO_INSTANCE_NAME=fd-app -e ECHO_LIMITS_MAX_CONNECTIONS=900 -e QUARKUS_HTTP_LIMITS_MAX_CONNECTIONS=16 l4lab/echo-service:$TAG"
note "tell Prometheus: a file_sd file in /etc/prometheus/file_sd/ (job \"extra\"), read within seconds"
prom "echo '[{\"targets\": [\"port-app:8080\", \"fd-app:8080\"]}]' > $TARGETS_FILE; cat $TARGETS_FILE"

step "2. A backend DOWN, and a probe that says why (lab 5, D3): echo-3 refuses TCP"
set_faults 3 '{"refuse":["tcp"]}'
check "LbBackendDown fires for echo-3:9000 in pool echo" fires_within 60 LbBackendDown pool=echo backend=echo-3:9000
check "ProbeFailing fires for echo-3:9000, with its reason: refused (an RST answered the probe's SYN)" \
  fires_within 60 ProbeFailing instance=echo-3:9000 reason=refused

step "3. Hundreds of TIME-WAIT (lab 3, step 4): the probe churns 600 connections to echo-2"
host "curl -sS --max-time 30 -X POST $PROBE/api/v1/churn -d '{\"host\":\"echo-2\",\"port\":9000,\"count\":600,\"ratePerSecond\":1000}' | jq -c '{succeeded,after:.after|{timeWaitTotal,ephemeralPortsInUse}}'"
check "600 of 600 connections succeeded, each leaving a TIME-WAIT in the probe's namespace" jq_true "$LAST" '.succeeded == 600'
check "TimeWaitSocketsHigh fires for probe:8080" fires_within 60 TimeWaitSocketsHigh instance=probe:8080

step "4. Ephemeral ports and open files: the two apps pushed to their limits"
check "port-app is ready" wait_until 90 app_ready port-app
check "fd-app is ready" wait_until 90 app_ready fd-app
tb "curl -sS --max-time 30 -X POST port-app:8080/api/v1/churn -d '{\"host\":\"echo-2\",\"port\":9000,\"count\":900,\"ratePerSecond\":1000}' | jq -c '{succeeded,errors,after:.after|{timeWaitTotal,ephemeralPortsInUse,ephemeralPortsInUsePercent}}'"
check "port-app's 900 churned connections hold 900 of its 1000 ports, for 60 s" \
  jq_true "$LAST" '.succeeded == 900 and .after.ephemeralPortsInUse >= 880 and .after.ephemeralPortsInUsePercent >= 88'
note "a client that opens 900 connections to fd-app and holds them (a leaking pool), in the background:"
_command "[host]" "docker run -i --rm --name l4lab-fd-hog --network $NET l4lab/toolbox:latest python3 - fd-app 9000 900 150 < labs/tools/conn-hog.py &"
timeout 170 docker run -i --rm --name l4lab-fd-hog --network "$NET" l4lab/toolbox:latest python3 - fd-app 9000 900 150 \
  <"$LABS_DIR/tools/conn-hog.py" >"$HOG_OUT" 2>&1 &
hog_opened() { has "$(cat "$HOG_OUT")" '^opened 900 connections$'; }
check "the client holds 900 connections to fd-app" wait_until 60 hog_opened
check "EphemeralPortsNearlyExhausted fires for port-app:8080 (90 % of its range)" \
  fires_within 60 EphemeralPortsNearlyExhausted instance=port-app:8080
check "TimeWaitSocketsHigh fires for port-app:8080 too (900 TIME-WAIT)" fires_within 60 TimeWaitSocketsHigh instance=port-app:8080
check "OpenFilesNearLimit fires for fd-app:8080 (900 connections under ulimit -n 1024)" \
  fires_within 60 OpenFilesNearLimit instance=fd-app:8080
host "curl -sS --max-time 5 $PROMETHEUS/api/v1/query --data-urlencode 'query=process_files_open_files{instance=\"fd-app:8080\"} / process_files_max_files' | jq -r '.data.result[] | \"\\(.metric.instance) \\(.value[1])\"'"
host "curl -sS --max-time 5 $PROMETHEUS/api/v1/alerts | jq -r '.data.alerts[] | select(.state == \"firing\") | \"\\(.labels.alertname): \\(.annotations.summary)\"' | sort"

step "5. A target that goes away, and a full UDP session table (lab 5, C)"
clear_faults 3
host "docker rm -f l4lab-fd-hog l4lab-fd-app"
note "new UDP clients (one datagram from each of up to 12000 source ports, 800 a second) until the LB drops at its limit:"
tb "python3 /tmp/udp-fill.py lb 9001 http://lb:8080 echo-udp 12000 800"
check "the LB's echo-udp frontend dropped datagrams of new clients at its session limit" has "$LAST" 'rejectedAtLimit=[1-9][0-9]* \(new\)'
check "LbUdpSessionTableFull for frontend echo-udp" fires_within 60 LbUdpSessionTableFull frontend=echo-udp
check "TargetDown for fd-app:8080 (the container is gone; for: 15 s)" fires_within 60 TargetDown instance=fd-app:8080
host "curl -sS --max-time 5 $PROMETHEUS/api/v1/alerts | jq -r '.data.alerts[] | select(.state == \"firing\") | \"\\(.labels.alertname): \\(.annotations.summary)\"' | sort"

step "Clean up: the throw-away containers and the file_sd file go; the UDP table drains as sessions expire"
prom "rm -f $TARGETS_FILE"
host "docker rm -f l4lab-port-app"
check "the echo-udp table is below 100 sessions again (idle timeout 30 s)" wait_until 90 udp_table_drained "$LB_ADMIN"
check "echo-3:9000 is UP again" wait_backend_state echo echo-3:9000 UP 20

lab_finish
