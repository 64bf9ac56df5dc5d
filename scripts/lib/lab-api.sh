# shellcheck shell=bash
# The running lab's HTTP APIs as this host reaches them, through the published ports that docker.sh
# reads from the environment. Source it after docker.sh and checks.sh.

LB_ADMIN="http://127.0.0.1:$LB_ADMIN_PORT"
# shellcheck disable=SC2034  # for the scripts that source this file
PROBE="http://127.0.0.1:$PROBE_PORT"
# shellcheck disable=SC2034  # the gateway's admin API (lab side, published on the host's loopback only)
GATEWAY="http://127.0.0.1:$GATEWAY_PORT"
# The gateway's addresses: its outside one (where the mapped ports are) and its lab one (what servers see).
# shellcheck disable=SC2034
GATEWAY_OUTSIDE_IP="${L4LAB_OUTSIDE_SUBNET_PREFIX:-172.29}.0.2"
# shellcheck disable=SC2034
GATEWAY_LAB_IP="${L4LAB_SUBNET_PREFIX:-172.28}.0.40"
# shellcheck disable=SC2034
PROMETHEUS="http://127.0.0.1:$PROMETHEUS_PORT"

# echo_http N: the base URL of echo-N's HTTP port.
echo_http() {
  case "$1" in
    1) echo "http://127.0.0.1:$ECHO1_HTTP_PORT" ;;
    2) echo "http://127.0.0.1:$ECHO2_HTTP_PORT" ;;
    3) echo "http://127.0.0.1:$ECHO3_HTTP_PORT" ;;
    *) echo "echo_http: no echo-$1" >&2; return 1 ;;
  esac
}

# backend_state POOL ADDRESS: the LB's view of one backend (UP, DOWN, DRAINING, MAINT; empty if unknown).
backend_state() {
  curl -sS --max-time 5 "$LB_ADMIN/pools/$1" 2>/dev/null \
    | jq -r --arg a "$2" '.backends[] | select(.address == $a) | .state' 2>/dev/null
}

# backend_is POOL ADDRESS STATE: true when the LB reports STATE; otherwise prints what it reports.
backend_is() {
  local s
  s=$(backend_state "$1" "$2")
  [ "$s" = "$3" ] || { echo "$2 in pool $1 is '$s' (want $3)"; return 1; }
}

# wait_backend_state POOL ADDRESS STATE SECONDS: polls until the LB reports STATE; prints the seconds it
# took ("3.5"), or on timeout returns 1 and says on stderr what the LB last reported.
wait_backend_state() { wait_until "$4" backend_is "$1" "$2" "$3"; }
