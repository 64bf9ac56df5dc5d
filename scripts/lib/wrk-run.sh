# shellcheck shell=bash
# wrk_run PORT CONNECTIONS [wrk args...]: one bounded wrk run (2 threads, $SECONDS_PER_RUN s, --latency) against
# http://127.0.0.1:PORT/, printed as "req/s p50-ms p99-ms errors" (bench/tools/wrk-summary.py); a wrk that
# outlives its duration by 15 s is killed (its figures are then missing: 0 req/s).
# Needs $work (a temp dir) and $SECONDS_PER_RUN. Source it (after common.sh); do not run it.
# shellcheck disable=SC2154  # work and SECONDS_PER_RUN are the caller's

# bench_seconds [ARG]: seconds per figure from ARG, else $BENCH_SECONDS, else 10; dies unless 1-60.
bench_seconds() {
  local s=${1:-${BENCH_SECONDS:-10}}
  [[ "$s" =~ ^[0-9]+$ ]] && [ "$s" -ge 1 ] && [ "$s" -le 60 ] || die "seconds per figure must be 1-60, got '$s'"
  echo "$s"
}

wrk_run() { # port conns extra-args... -> "rps p50ms p99ms errors"
  local port=$1 conns=$2; shift 2
  timeout $((SECONDS_PER_RUN + 15)) wrk -t2 -c"$conns" -d"${SECONDS_PER_RUN}s" --latency "$@" "http://127.0.0.1:$port/" > "$work/wrk.txt" 2>&1 || true
  python3 "$L4LAB_ROOT/bench/tools/wrk-summary.py" "$work/wrk.txt"
}
