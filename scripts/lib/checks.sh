# shellcheck shell=bash
# Checks as plain shell functions: counted, bounded in time, printed as PASS/FAIL lines and summed up
# as "N passed, M failed". Used by scripts/e2e.sh and labs/lib.sh. Source it; do not run it. It needs
# nothing else of scripts/lib (jq_true and jqv need jq) and works with or without set -e. The running
# lab's URLs and LB backend states for checks are in scripts/lib/lab-api.sh.
#
# Writing a check: a check is a command (usually a small shell function) that returns 0 when what it
# checks holds, and otherwise prints why not and returns non-zero. No strings for `bash -c`:
#
#   lb_answers() { curl -fsS --max-time 5 "$1/q/health/ready" >/dev/null; }
#   check "the LB is ready" lb_answers "http://127.0.0.1:8080"
#   check "the reply names echo-1" has "$reply" '"instance":"echo-1"'
#   both_paths_done() { jq_true "$1" '.L4.failed == 0' && jq_true "$1" '.L7.failed == 0'; }
#   check "no request failed on either path" both_paths_done "$body"
#
# Running checks
#   check NAME CMD [ARG...]   Runs CMD with ARGs (a function or a program), stdin from /dev/null, its stdout
#                             and stderr captured, bounded by $CHECK_TIMEOUT seconds (default 120; its whole
#                             process group is killed then). Exit 0: "PASS  NAME" and the first 3 lines of
#                             its output. Otherwise: "FAIL  NAME" and the last 8 lines. Every
#                             $CHECK_PROGRESS_EVERY seconds (default 15) a long check prints that it is still
#                             running. CMD runs in a subshell: variables it sets do not survive it.
#   pass NAME [DETAIL]        counts (and prints) a result decided by the caller
#   fail NAME [DETAIL]
#   checks_summary [PREFIX] [SUFFIX]
#                             prints "failed: NAME" for every failed check, then
#                             "PREFIXN passed, M failed SUFFIX"; returns 1 when any check failed
#   CHECKS_PASSED CHECKS_FAILED CHECKS_FAILED_NAMES (array)   the counts so far
#   checks_stop              kills a check still running (for an EXIT/INT trap)
#
# Helpers
#   run_bounded SECONDS CMD [ARG...]   runs CMD (function or program) in its own process group and kills
#                             that group after SECONDS; returns CMD's status, or 124 on timeout (as
#                             timeout(1), which cannot run shell functions)
#   wait_until SECONDS CMD [ARG...]    runs CMD every 0.5 s until it succeeds; prints the seconds it took
#                             ("2.5") on stdout; on timeout prints CMD's last output on stderr and returns 1,
#                             so secs=$(wait_until ...) is empty unless it succeeded
# Assertions: each returns 0/1 and, when false, prints what it saw
#   has TEXT REGEX, hasnt TEXT REGEX   TEXT has a line matching (no line matching) the extended REGEX
#   count TEXT REGEX                   prints the number of lines of TEXT that match
#   count_is N TEXT REGEX              exactly N lines of TEXT match
#   eq ACTUAL EXPECTED                 string equality
#   matches VALUE REGEX                the whole VALUE matches the extended REGEX
#   ge A B, le A B, between A LO HI    integer comparisons; false on empty or non-numbers
#   ge_num A B, le_num A B             the same for decimals (2.5 <= 6)
#   jq_true JSON FILTER [JQ-ARG...]    jq -e FILTER holds on JSON (JQ-ARGs such as --arg k v go to jq)
#   jqv JSON FILTER                    prints one value out of JSON (empty on bad JSON); not an assertion

CHECK_TIMEOUT=${CHECK_TIMEOUT:-120}
CHECK_PROGRESS_EVERY=${CHECK_PROGRESS_EVERY:-15}
CHECKS_PASSED=0
CHECKS_FAILED=0
CHECKS_FAILED_NAMES=()
_CHECKS_RUNNING=()

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
  _CHECKS_PASS=$'\033[32mPASS\033[0m' _CHECKS_FAIL=$'\033[31mFAIL\033[0m'
else
  _CHECKS_PASS=PASS _CHECKS_FAIL=FAIL
fi

_checks_detail() { [ -z "$1" ] || printf '%s\n' "$1" | sed 's/^/      | /'; }

pass() {
  CHECKS_PASSED=$((CHECKS_PASSED + 1))
  printf '%s  %s\n' "$_CHECKS_PASS" "$1"
  _checks_detail "${2:-}"
}

fail() {
  CHECKS_FAILED=$((CHECKS_FAILED + 1))
  CHECKS_FAILED_NAMES+=("$1")
  printf '%s  %s\n' "$_CHECKS_FAIL" "$1"
  _checks_detail "${2:-}"
}

# _checks_watchdog SECONDS PID MARKER LABEL: prints progress, and at the deadline writes MARKER and kills
# PID's process group. It runs in its own process group, so killing that group also ends its sleep.
_checks_watchdog() {
  local limit=$1 pid=$2 marker=$3 label=$4 waited=0
  while [ "$waited" -lt "$limit" ]; do
    sleep 1
    waited=$((waited + 1))
    if [ $((waited % CHECK_PROGRESS_EVERY)) -eq 0 ] && [ "$waited" -lt "$limit" ]; then
      printf '      ... still running after %d s: %s\n' "$waited" "$label"
    fi
  done
  echo "timed out after $limit s" >"$marker"
  kill -TERM -- "-$pid" 2>/dev/null || true
  sleep 2
  kill -KILL -- "-$pid" 2>/dev/null || true
}

# _checks_bounded SECONDS LABEL OUT CMD...: CMD in its own process group (job control on just for the
# launch), its output to the file OUT, or to the caller's stdout and stderr when OUT is "-".
_checks_bounded() {
  local limit=$1 label=$2 out=$3 marker ready pid watchdog rc
  shift 3
  marker=$(mktemp "${TMPDIR:-/tmp}/l4lab-check.XXXXXX")
  set -m
  if [ "$out" = - ]; then "$@" </dev/null & else "$@" </dev/null >"$out" 2>&1 & fi
  pid=$!
  ready="$marker.ready"
  # A fresh subshell still holds the caller's traps (an EXIT trap that clears every fault or takes the
  # lab down) until it resets them, and a signal in that window runs them: the watchdog drops them
  # first and says so, and is only signalled after that.
  ( trap - EXIT INT TERM; : >"$ready"; _checks_watchdog "$limit" "$pid" "$marker" "$label" ) </dev/null &
  watchdog=$!
  set +m
  _CHECKS_RUNNING=("$pid" "$watchdog")
  rc=0
  wait "$pid" || rc=$?
  while [ ! -e "$ready" ] && kill -0 "$watchdog" 2>/dev/null; do sleep 0.01; done
  rm -f "$ready"
  kill -TERM -- "-$watchdog" 2>/dev/null || true
  wait "$watchdog" 2>/dev/null || true
  _CHECKS_RUNNING=()
  if [ -s "$marker" ]; then
    rc=124
    if [ "$out" = - ]; then cat "$marker" >&2; else cat "$marker" >>"$out"; fi
  fi
  rm -f "$marker"
  return "$rc"
}

run_bounded() {
  local limit=$1
  shift
  _checks_bounded "$limit" "$*" - "$@"
}

checks_stop() {
  local p
  for p in "${_CHECKS_RUNNING[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done
  _CHECKS_RUNNING=()
}

check() {
  local name=$1 out rc
  shift
  out=$(mktemp "${TMPDIR:-/tmp}/l4lab-check.XXXXXX")
  rc=0
  _checks_bounded "$CHECK_TIMEOUT" "$name" "$out" "$@" || rc=$?
  if [ "$rc" -eq 0 ]; then pass "$name" "$(head -3 "$out")"
  else fail "$name" "$(tail -8 "$out")"; fi
  rm -f "$out"
  return 0
}

checks_summary() {
  local name
  for name in "${CHECKS_FAILED_NAMES[@]}"; do printf 'failed: %s\n' "$name"; done
  printf '%s%d passed, %d failed%s\n' "${1:-}" "$CHECKS_PASSED" "$CHECKS_FAILED" "${2:+ $2}"
  [ "$CHECKS_FAILED" -eq 0 ]
}

wait_until() {
  local limit=$1 start now out
  shift
  start=$(date +%s%N)
  while :; do
    if out=$("$@" 2>&1); then
      now=$(date +%s%N)
      awk -v ns=$((now - start)) 'BEGIN { printf "%.1f\n", ns / 1e9 }'
      return 0
    fi
    now=$(date +%s%N)
    if [ $(((now - start) / 1000000000)) -ge "$limit" ]; then
      {
        [ -z "$out" ] || printf '%s\n' "$out"
        echo "still not true after $limit s: $*"
      } >&2
      return 1
    fi
    sleep 0.5
  done
}

has() { grep -Eq -- "$2" <<<"$1" || { echo "no line matches: $2"; return 1; }; }
hasnt() {
  local hit
  hit=$(grep -Em1 -- "$2" <<<"$1") || return 0
  echo "a line matches $2: $hit"
  return 1
}
count() { grep -Ec -- "$2" <<<"$1" || true; }
count_is() {
  local n
  n=$(count "$2" "$3")
  [ "$n" = "$1" ] || { echo "$n lines match $3 (want $1)"; return 1; }
}
eq() { [ "$1" = "$2" ] || { echo "got '$1', want '$2'"; return 1; }; }
matches() { [[ "$1" =~ ^($2)$ ]] || { echo "'$1' does not match $2"; return 1; }; }
_checks_int() { [[ "$1" =~ ^-?[0-9]+$ ]] || { echo "'$1' is not a whole number"; return 1; }; }
ge() { _checks_int "$1" && { [ "$1" -ge "$2" ] || { echo "$1 < $2"; return 1; }; }; }
le() { _checks_int "$1" && { [ "$1" -le "$2" ] || { echo "$1 > $2"; return 1; }; }; }
between() { ge "$1" "$2" && le "$1" "$3"; }
_checks_num() { [[ "$1" =~ ^-?[0-9]+(\.[0-9]+)?$ ]] || { echo "'$1' is not a number"; return 1; }; }
ge_num() { _checks_num "$1" && { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a >= b) }' || { echo "$1 < $2"; return 1; }; }; }
le_num() { _checks_num "$1" && { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }' || { echo "$1 > $2"; return 1; }; }; }
jq_true() {
  local json=$1 filter=$2
  shift 2
  jq -e "$@" "$filter" <<<"$json" >/dev/null 2>&1 || { echo "jq '$filter' is not true of: ${json:0:600}"; return 1; }
}
jqv() { jq -r "$2" <<<"$1" 2>/dev/null; }
