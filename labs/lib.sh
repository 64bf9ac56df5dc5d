# shellcheck shell=bash
# Shared helpers for the lab scripts labs/NN-*.sh. Source it; do not run it.
# Each lab prints every command it runs (prefixed "$ ", with where it runs) and that command's real
# output, then PASS/FAIL lines for what it checks, and ends with "lab NAME: N passed, M failed".
# Checks use scripts/lib/checks.sh (check NAME CMD ARGS..., has, jq_true, ...; the API is at its top).
# Only loopback and the lab's own containers (networks l4lab 172.28.0.0/16 and l4lab-outside 172.29.0.0/16)
# are ever contacted.
set -uo pipefail
LABS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../scripts/lib/common.sh
source "$LABS_DIR/../scripts/lib/common.sh"
# shellcheck source=../scripts/lib/docker.sh
source "$LABS_DIR/../scripts/lib/docker.sh"
# shellcheck source=../scripts/lib/checks.sh
source "$LABS_DIR/../scripts/lib/checks.sh"
# shellcheck source=../scripts/lib/lab-api.sh
source "$LABS_DIR/../scripts/lib/lab-api.sh"

LAB_NAME=$(basename "$0" .sh)
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
OUTSIDE=$(cid outside-client) || exit 2

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then _BOLD=$'\033[1m' _CYAN=$'\033[36m' _PLAIN=$'\033[0m'
else _BOLD="" _CYAN="" _PLAIN=""; fi
step() { printf '\n%s== %s%s\n' "$_BOLD" "$*" "$_PLAIN"; }
note() { printf '   # %s\n' "$*"; }

# _command WHERE COMMAND: prints a command as the reader would type it, before it runs.
_command() { printf '%s$ %s%s %s\n' "$_CYAN" "$1" "$_PLAIN" "$2"; }
# _output RC: prints its output ($LAST), and says so when it timed out; returns RC.
_output() {
  [ -n "$LAST" ] && printf '%s\n' "$LAST" | sed 's/^/    /'
  [ "$1" -eq 124 ] && printf '    (timed out after %ss)\n' "$LAB_CMD_TIMEOUT"
  return "$1"
}

# run_in CONTAINER_ID LABEL 'shell command': runs it (bounded), prints the command and its output, sets LAST.
# The command is the lab's content, shown as typed, so it stays one string.
run_in() {
  local rc=0
  _command "$2" "$3"
  LAST=$(timeout "$LAB_CMD_TIMEOUT" docker exec -i "$1" bash -c "$3" 2>&1 </dev/null) || rc=$?
  _output "$rc"
}
tb()  { run_in "$TOOLBOX" "[toolbox]" "$1"; }
lbt() { run_in "$LBTOOLS" "[lb-tools]" "$1"; }
oc()  { run_in "$OUTSIDE" "[outside-client]" "$1"; }

# host 'shell command': runs on this machine (bounded), prints the command and its output, sets LAST.
host() {
  local rc=0
  _command "[host]" "$1"
  LAST=$(timeout "$LAB_CMD_TIMEOUT" bash -c "$1" 2>&1 </dev/null) || rc=$?
  _output "$rc"
}

# toolbox_copy FILE / outside_copy FILE: copies a file of labs/tools into the toolbox's (outside-client's) /tmp
# (the pages pipe it in instead).
toolbox_copy() { docker exec -i "$TOOLBOX" sh -c "cat > /tmp/$(basename "$1")" <"$LABS_DIR/tools/$1"; }
outside_copy() { docker exec -i "$OUTSIDE" sh -c "cat > /tmp/$(basename "$1")" <"$LABS_DIR/tools/$1"; }

# The gateway's admin API (printed like a host command): gw_get PATH [JQ], gw_send METHOD PATH JSON [JQ].
gw_get() { host "curl -sS --max-time 20 '$GATEWAY$1'${2:+ | jq -c '$2'}"; }
gw_send() { host "curl -sS --max-time 10 -X $1 ${3:+-H 'Content-Type: application/json' }'$GATEWAY$2'${3:+ -d '$3'}${4:+ | jq -c '$4'}"; }
# gw_quietly METHOD PATH [JSON]: the same, not printed (setup and restore).
gw_quietly() {
  curl -sS --max-time 10 -X "$1" -H 'Content-Type: application/json' "$GATEWAY$2" ${3:+-d "$3"} 2>/dev/null
}

# set_faults N 'JSON' / clear_faults N: echo-N's fault plan (printed like a host command).
set_faults() { host "curl -sS --max-time 5 -X PUT -H 'Content-Type: application/json' $(echo_http "$1")/faults -d '$2'"; }
clear_faults() { host "curl -sS --max-time 5 -X DELETE $(echo_http "$1")/faults -o /dev/null -w '%{http_code}\n'"; }
# put_faults_quietly N 'JSON' / clear_faults_quietly N / clear_all_faults_quietly: the same, not printed.
put_faults_quietly() {
  curl -sS --max-time 5 -X PUT -H 'Content-Type: application/json' "$(echo_http "$1")/faults" -d "$2" -o /dev/null 2>/dev/null
}
clear_faults_quietly() { curl -sS --max-time 5 -X DELETE "$(echo_http "$1")/faults" -o /dev/null 2>/dev/null; }
clear_all_faults_quietly() { local n; for n in 1 2 3; do clear_faults_quietly "$n" || true; done; }

# lab_finish: the summary line; the exit status says whether every check passed.
lab_finish() {
  local rc=0
  echo
  checks_summary "lab $LAB_NAME: " "($(( $(date +%s) - LAB_STARTED )) s)" || rc=1
  [ -z "${LAB_RESULT_FILE:-}" ] || echo "$CHECKS_PASSED $CHECKS_FAILED" >"$LAB_RESULT_FILE"
  return "$rc"
}
