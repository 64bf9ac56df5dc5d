#!/usr/bin/env bash
# JVM fast start: time to first served request and RSS after start, for each service's JVM image,
# with its AppCDS archive and without it (same image, L4LAB_APPCDS=off), side by side.
# Usage: bench/startup.sh [RUNS]      (or ./lab bench-startup [RUNS]; RUNS 1-15, default 5)
# Needs the images from `./lab images`. Each run is one fresh container on --network none (loopback
# only) that starts the service and polls it from inside, so docker's own start-up cost is excluded:
#   first request = from exec of the JVM launcher to the first HTTP 200 of the service's main
#                   endpoint (echo-service GET /whoami, lb-demo GET /pools, probe-service
#                   GET /api/v1/socket-summary); the port is polled with bash's /dev/tcp every 5 ms
#   RSS           = VmRSS of the java process 2 s after that first request
# Prints a markdown table of medians (and min-max) plus the Quarkus "started in" time. A third variant,
# AppCDS + -XX:TieredStopAtLevel=1 (C1 only), is measured for information; it is NOT the images'
# default, because C1-only code is slower at steady state (the LB's data path would pay for it).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../scripts/lib/common.sh
source "$ROOT/scripts/lib/common.sh"
# shellcheck source=../scripts/lib/docker.sh
source "$ROOT/scripts/lib/docker.sh"

RUNS=${1:-5}
[[ "$RUNS" =~ ^[0-9]+$ ]] && [ "$RUNS" -ge 1 ] && [ "$RUNS" -le 15 ] || die "RUNS must be 1-15, got '$RUNS'"
ensure_docker_engine

declare -A URL=([echo-service]=/whoami [lb-demo]=/pools [probe-service]=/api/v1/socket-summary)

# One measurement inside the container: "<first-request ms> <rss KiB> <Quarkus started-in s>".
MEASURE=$(<"$ROOT/bench/tools/first-request.sh")

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
range() { sort -n | awk 'NR==1{min=$1} {max=$1} END {print min "-" max}'; }

declare -A MS RSS STARTED
for svc in echo-service lb-demo probe-service; do
  image=$(service_image "$svc" jvm)
  image_exists "$image" || die "$image is missing: run ./lab images first"
  docker run --rm --entrypoint sh "$image" -c 'test -f /deployments/app-cds.jsa' \
    || die "$image has no AppCDS archive (built with --no-appcds?)"
  for run in $(seq 1 "$RUNS"); do
    for mode in auto off c1; do   # interleaved, so machine load hits all alike
      extra=""; cds=$mode
      [ "$mode" = c1 ] && { extra=-XX:TieredStopAtLevel=1; cds=auto; }
      out=$(docker run --rm --network none -e L4LAB_APPCDS=$cds -e JAVA_OPTS_APPEND="$extra" -e URL="${URL[$svc]}" \
              --entrypoint bash "$image" -c "$MEASURE") || die "$svc ($mode) run $run failed"
      read -r ms rss started <<<"$out"
      MS[$svc.$mode]+="$ms "; RSS[$svc.$mode]+="$rss "; STARTED[$svc.$mode]+="$started "
      log "$svc AppCDS=$mode run $run: first request ${ms} ms, RSS $((rss / 1024)) MiB, Quarkus started in ${started}s"
    done
  done
done

stat() { tr ' ' '\n' <<<"$1" | grep -v '^$' | "$2"; }
mib() { awk '{printf "%d", $1 / 1024}'; }
echo
echo "JVM image start-up, median of $RUNS runs (min-max); $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg) at the end, $(date -u +%Y-%m-%d), $(docker run --rm --entrypoint java "$(service_image echo-service jvm)" -version 2>&1 | sed -n 2p)"
echo
echo "| service | first request, AppCDS (default) | first request, no AppCDS | RSS, AppCDS | RSS, no AppCDS | Quarkus \"started in\" AppCDS / none | AppCDS + C1 only: first request / RSS | native (published Quarkus figures, not measured here) |"
echo "|---|---|---|---|---|---|---|---|"
for svc in echo-service lb-demo probe-service; do
  printf '| %s | %s ms (%s) | %s ms (%s) | %s MiB (%s) | %s MiB (%s) | %s s / %s s | %s ms / %s MiB | tens of ms / tens of MiB |\n' "$svc" \
    "$(stat "${MS[$svc.auto]}" median)" "$(stat "${MS[$svc.auto]}" range)" \
    "$(stat "${MS[$svc.off]}" median)" "$(stat "${MS[$svc.off]}" range)" \
    "$(stat "${RSS[$svc.auto]}" median | mib)" "$(stat "${RSS[$svc.auto]}" range | awk -F- '{printf "%d-%d", $1/1024, $2/1024}')" \
    "$(stat "${RSS[$svc.off]}" median | mib)" "$(stat "${RSS[$svc.off]}" range | awk -F- '{printf "%d-%d", $1/1024, $2/1024}')" \
    "$(stat "${STARTED[$svc.auto]}" median)" "$(stat "${STARTED[$svc.off]}" median)" \
    "$(stat "${MS[$svc.c1]}" median)" "$(stat "${RSS[$svc.c1]}" median | mib)"
done
