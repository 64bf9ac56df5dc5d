# Shared helpers for the lab scripts labs/NN-*.sh. Source it; do not run it.
# Each lab prints every command it runs (prefixed "$ ", with where it runs) and that command's real
# output, then PASS/FAIL lines for what it checks, and ends with "lab NAME: N passed, M failed".
# Only loopback and the lab's own containers (network l4lab, 172.28.0.0/16) are ever contacted.
set -uo pipefail
set -a   # every variable is exported, so checks run with bash -c can read $LAST and friends
LABS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$LABS_DIR/../scripts/lib/common.sh"
source "$LABS_DIR/../scripts/lib/docker.sh"

LAB_NAME=$(basename "$0" .sh)
LAB_PASSED=0
LAB_FAILED=0
LAB_STARTED=$(date +%s)
LAB_CMD_TIMEOUT=${LAB_CMD_TIMEOUT:-60}   # no single step may take longer than this (seconds)
LAST=""                                  # output of the last run_* command

docker_answers || die "no Docker engine answers: start the lab with ./lab up"
detect_compose

# Container ids of the running lab (docker exec is much faster than compose exec, same effect).
cid() {
  local id; id=$(compose ps -q "$1" 2>/dev/null)
  [ -n "$id" ] || die "service $1 is not running: start the lab with ./lab up"
  echo "$id"
}
TOOLBOX=$(cid toolbox) || exit 2
LBTOOLS=$(cid lb-tools) || exit 2

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
note() { printf '   # %s\n' "$*"; }

# run_in CONTAINER_ID LABEL 'shell command': runs it (bounded), prints the command and its output, sets LAST.
run_in() {
  local id=$1 where=$2 cmd=$3
  printf '\033[36m$ %s\033[0m %s\n' "$where" "$cmd"
  LAST=$(timeout "$LAB_CMD_TIMEOUT" docker exec -i "$id" bash -c "$cmd" 2>&1 </dev/null)
  local rc=$?
  [ -n "$LAST" ] && printf '%s\n' "$LAST" | sed 's/^/    /'
  [ $rc -eq 124 ] && printf '    (timed out after %ss)\n' "$LAB_CMD_TIMEOUT"
  return $rc
}
tb()  { run_in "$TOOLBOX" "[toolbox]" "$1"; }
lbt() { run_in "$LBTOOLS" "[lb-tools]" "$1"; }

# host 'shell command': runs on this machine (bounded), prints the command and its output, sets LAST.
host() {
  printf '\033[36m$ %s\033[0m %s\n' "[host]" "$1"
  LAST=$(timeout "$LAB_CMD_TIMEOUT" bash -c "$1" 2>&1 </dev/null)
  local rc=$?
  [ -n "$LAST" ] && printf '%s\n' "$LAST" | sed 's/^/    /'
  [ $rc -eq 124 ] && printf '    (timed out after %ss)\n' "$LAB_CMD_TIMEOUT"
  return $rc
}

# quiet 'shell command': runs on the host without printing (setup, polling); prints its stdout.
quiet() { timeout "$LAB_CMD_TIMEOUT" bash -c "$1" 2>/dev/null </dev/null; }

pass() { LAB_PASSED=$((LAB_PASSED + 1)); printf '\033[32mPASS\033[0m %s\n' "$*"; }
fail() { LAB_FAILED=$((LAB_FAILED + 1)); printf '\033[31mFAIL\033[0m %s\n' "$*"; }

# check 'description' test-command...: PASS when the command succeeds.
check() { local d=$1; shift; if "$@" >/dev/null 2>&1; then pass "$d"; else fail "$d"; fi; }
# has TEXT REGEX: TEXT contains a line matching the extended REGEX.
has() { grep -Eq -- "$2" <<<"$1"; }
hasnt() { ! grep -Eq -- "$2" <<<"$1"; }
# count TEXT REGEX: number of lines matching.
count() { grep -Ec -- "$2" <<<"$1" || true; }
# jqv JSON FILTER: one value out of JSON (empty on bad JSON).
jqv() { jq -r "$2" <<<"$1" 2>/dev/null; }
# ge A B / le A B / between A LO HI: integer comparisons that are false on empty or non-numbers.
ge() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge "$2" ]; }
le() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -le "$2" ]; }
between() { ge "$1" "$2" && le "$1" "$3"; }

# The services' HTTP APIs from the host (published ports).
LB_ADMIN="http://127.0.0.1:$LB_ADMIN_PORT"
PROBE="http://127.0.0.1:$PROBE_PORT"
echo_http() { # echo_http N -> base URL of echo-N's HTTP port on the host
  case "$1" in 1) echo "http://127.0.0.1:$ECHO1_HTTP_PORT" ;; 2) echo "http://127.0.0.1:$ECHO2_HTTP_PORT" ;;
    3) echo "http://127.0.0.1:$ECHO3_HTTP_PORT" ;; esac
}
# set_faults N 'JSON' / clear_faults N: echo-N's fault plan (printed like a host command).
set_faults() { host "curl -sS --max-time 5 -X PUT -H 'Content-Type: application/json' $(echo_http "$1")/faults -d '$2'"; }
clear_faults() { host "curl -sS --max-time 5 -X DELETE $(echo_http "$1")/faults -o /dev/null -w '%{http_code}\n'"; }
clear_all_faults_quietly() {
  local n; for n in 1 2 3; do quiet "curl -sS --max-time 5 -X DELETE $(echo_http "$n")/faults -o /dev/null" || true; done
}

# backend_state POOL ADDRESS: the LB's view of one backend (UP, DOWN, ...).
backend_state() {
  quiet "curl -sS --max-time 5 $LB_ADMIN/pools/$1" | jq -r --arg a "$2" '.backends[] | select(.address==$a) | .state'
}
# wait_backend_state POOL ADDRESS STATE TIMEOUT_S: polls every 0.5 s; prints the seconds it took, 1 on timeout.
wait_backend_state() {
  local pool=$1 addr=$2 want=$3 limit=$4 start now s
  start=$(date +%s%N)
  for _ in $(seq 1 $((limit * 2))); do
    s=$(backend_state "$pool" "$addr")
    now=$(date +%s%N)
    if [ "$s" = "$want" ]; then
      printf '%s' "$(awk -v ns=$((now - start)) 'BEGIN { printf "%.1f", ns / 1e9 }')"
      return 0
    fi
    sleep 0.5
  done
  return 1
}

# lab_finish: the summary line; the exit status says whether every check passed.
lab_finish() {
  printf '\nlab %s: %d passed, %d failed (%d s)\n' "$LAB_NAME" "$LAB_PASSED" "$LAB_FAILED" $(( $(date +%s) - LAB_STARTED ))
  [ -n "${LAB_RESULT_FILE:-}" ] && echo "$LAB_PASSED $LAB_FAILED" >"$LAB_RESULT_FILE"
  [ "$LAB_FAILED" -eq 0 ]
}
