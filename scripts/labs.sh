#!/usr/bin/env bash
# lab: run the hands-on labs (labs/NN-*.sh) against the running lab: ./lab labs [NAME|all]
# Usage: ./lab labs            list the labs
#        ./lab labs all        run every lab in order
#        ./lab labs NAME...    run the labs whose file name starts with or contains NAME (01, handshake, ...)
# The lab must be up (./lab up). Each lab prints its commands, their real output and PASS/FAIL lines;
# the last line is "N passed, M failed" over all labs run, and the exit status is non-zero on any failure.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/docker.sh"
cd "$L4LAB_ROOT"

LAB_TIMEOUT=${L4LAB_LAB_TIMEOUT:-300}   # seconds per lab script
mapfile -t all < <(ls labs/[0-9][0-9]-*.sh 2>/dev/null)
[ ${#all[@]} -gt 0 ] || die "no labs found under labs/"

if [ $# -eq 0 ]; then
  echo "labs (run with ./lab labs NAME or ./lab labs all; the lab must be up: ./lab up):"
  for f in "${all[@]}"; do
    printf '  %-26s %s\n' "$(basename "$f" .sh)" "$(sed -n '2s/^# //p' "$f")"
  done
  exit 0
fi

selected=()
for want in "$@"; do
  if [ "$want" = all ]; then selected+=("${all[@]}"); continue; fi
  found=0
  for f in "${all[@]}"; do
    name=$(basename "$f" .sh)
    if [[ "$name" == "$want"* || "$name" == *"$want"* ]]; then selected+=("$f"); found=1; fi
  done
  [ $found = 1 ] || die "no lab matches '$want' (./lab labs lists them)"
done

docker_answers || die "no Docker engine answers: start the lab with ./lab up"
detect_compose
for svc in toolbox lb-tools lb probe echo-1 echo-2 echo-3 gateway outside-client prometheus; do
  id=$(compose ps -q "$svc" 2>/dev/null || true)
  [ -n "$id" ] || die "the lab is not running ($svc is missing): start it with ./lab up"
  state=$(container_health "$id")
  case "$state" in healthy|running) ;; *) die "$svc is $state: wait for ./lab up to finish, or ./lab down && ./lab up" ;; esac
done

passed=0 failed=0 broken=() started=$(date +%s)
result=$(mktemp)
trap 'rm -f "$result"' EXIT
for f in "${selected[@]}"; do
  name=$(basename "$f" .sh)
  log "lab $name"
  : >"$result"
  rc=0
  LAB_RESULT_FILE=$result timeout "$LAB_TIMEOUT" bash "$f" || rc=$?
  if read -r p m <"$result" 2>/dev/null && [ -n "${p:-}" ]; then
    passed=$((passed + p)); failed=$((failed + m))
    [ "$m" -eq 0 ] && [ $rc -eq 0 ] || broken+=("$name")
  else
    # The script died before its summary (timeout, missing lab): count it as one failure.
    failed=$((failed + 1)); broken+=("$name")
    [ $rc -eq 124 ] && echo "FAIL $name: did not finish within ${LAB_TIMEOUT}s" || echo "FAIL $name: ended early (exit $rc)"
  fi
done

echo
[ ${#broken[@]} -eq 0 ] || echo "labs with failures: ${broken[*]}"
echo "labs run: ${#selected[@]} in $(( $(date +%s) - started )) s"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
