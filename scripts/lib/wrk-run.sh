# wrk_run PORT CONNECTIONS [wrk args...]: one bounded wrk run (2 threads, $SECONDS_PER_RUN s, --latency) against
# http://127.0.0.1:PORT/, printed as "req/s p50-ms p99-ms errors" (errors = socket errors + non-2xx/3xx).
# Needs $work (a temp dir) and $SECONDS_PER_RUN. Source it (after common.sh); do not run it.

# bench_seconds [ARG]: seconds per figure from ARG, else $BENCH_SECONDS, else 10; dies unless 1-60.
bench_seconds() {
  local s=${1:-${BENCH_SECONDS:-10}}
  [[ "$s" =~ ^[0-9]+$ ]] && [ "$s" -ge 1 ] && [ "$s" -le 60 ] || die "seconds per figure must be 1-60, got '$s'"
  echo "$s"
}

wrk_run() { # port conns extra-args... -> "rps p50ms p99ms errors"
  local port=$1 conns=$2; shift 2
  wrk -t2 -c"$conns" -d"${SECONDS_PER_RUN}s" --latency "$@" "http://127.0.0.1:$port/" > "$work/wrk.txt" 2>&1 || true
  python3 - "$work/wrk.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(label):
    m = re.search(r'^\s*' + label + r'\s+([\d.]+)(us|ms|s)\s*$', t, re.M)
    if not m: return float('nan')
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == 'us' else v * 1000 if u == 's' else v
rps = re.search(r'Requests/sec:\s+([\d.]+)', t)
err = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', t)
non2xx = re.search(r'Non-2xx or 3xx responses: (\d+)', t)
errors = (sum(int(x) for x in err.groups()) if err else 0) + (int(non2xx.group(1)) if non2xx else 0)
print("%.0f %.3f %.3f %d" % (float(rps.group(1)) if rps else 0.0, ms('50%'), ms('99%'), errors))
PY
}
