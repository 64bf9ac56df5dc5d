#!/usr/bin/env bash
# Inner half of ./lab bench-scan: runs INSIDE a fresh network namespace (only lo, nothing listening).
# Starts known listeners and probe-service, then times probe-service Scan and nmap -sT on 1-65535.
set -euo pipefail
JAR=$1
ROUNDS=$2
PY=/usr/bin/python3
CLIENT=probe-service/src/test/python/probe_client.py
PORT=18080
KNOWN="22 80 443 3306 5432 6379 9000 27017 40000 65535"

ip link set lo up
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
PIDS=()
trap cleanup EXIT

# Known listeners (one python process, plain sockets, never accepting: enough for a connect scan).
# shellcheck disable=SC2086  # KNOWN is a list of ports
$PY bench/tools/hold-listeners.py 3600 $KNOWN &
PIDS+=($!)

java -Xms256m -Xmx512m -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$PORT -Dquarkus.log.level=WARN \
  -jar "$JAR" >/tmp/bench-scan-probe.log 2>&1 &
PIDS+=($!)
for _ in $(seq 1 60); do
  curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/q/health/ready" >/dev/null || { cat /tmp/bench-scan-probe.log; exit 1; }

scan_probe() { # $1 = extra flag; prints "seconds open-ports-csv streamed"
  $PY "$CLIENT" --target 127.0.0.1:$PORT scan 127.0.0.1 1-65535 --concurrency 1024 --timeout-ms 1000 $1 \
    | $PY bench/tools/scan-result.py grpc
}
scan_rest() { # full NDJSON stream with curl: prints "seconds open-ports-csv lines"
  local t0 t1 f
  f=$(mktemp)
  t0=$(date +%s.%N)
  curl -fsN -X POST -H 'content-type: application/json' \
    -d '{"host":"127.0.0.1","ports":"1-65535","concurrency":1024,"timeoutMs":1000}' \
    "http://127.0.0.1:$PORT/api/v1/scan" >"$f"
  t1=$(date +%s.%N)
  echo "$(echo "$t1 - $t0" | bc -l | sed 's/^\./0./') $(tail -1 "$f" | $PY bench/tools/scan-result.py rest) $(($(wc -l <"$f") - 1))"
  rm -f "$f"
}
scan_nmap() { # prints "seconds open-ports-csv"
  local t0 t1 out
  t0=$(date +%s.%N)
  out=$(nmap -sT -p- -n -oG - 127.0.0.1)
  t1=$(date +%s.%N)
  echo "$(echo "$t1 - $t0" | bc -l | sed 's/^\./0./') $(echo "$out" | grep -o '[0-9]*/open' | cut -d/ -f1 | sort -n | paste -sd, -)"
}
command -v bc >/dev/null || { echo "need bc"; exit 1; }

echo "== probe-service Scan vs nmap -sT, TCP 1-65535 on 127.0.0.1, private netns, $(nproc) cores (shared) =="
echo "known listeners: $KNOWN + probe-service itself on $PORT"
echo "cold first scan (JIT warm-up, not counted): gRPC openOnly $(scan_probe --open-only | cut -d' ' -f1) s, REST $(scan_rest | cut -d' ' -f1) s"
printf '%-6s %-22s %-12s %-10s %s\n' round scanner wall_s streamed open_ports
P_TIMES=(); N_TIMES=(); F_TIMES=(); R_TIMES=(); SAME=yes
for r in $(seq 1 "$ROUNDS"); do
  read -r pt pset pn < <(scan_probe --open-only)
  read -r nt nset < <(scan_nmap)
  read -r ft fset fn < <(scan_probe "")
  read -r rt rset rn < <(scan_rest)
  printf '%-6s %-22s %-12s %-10s %s\n' "$r" "gRPC openOnly, python" "$pt" "$pn" "$pset"
  printf '%-6s %-22s %-12s %-10s %s\n' "$r" "nmap -sT -p-" "$nt" "-" "$nset"
  printf '%-6s %-22s %-12s %-10s %s\n' "$r" "gRPC all, python" "$ft" "$fn" "$fset"
  printf '%-6s %-22s %-12s %-10s %s\n' "$r" "REST NDJSON all, curl" "$rt" "$rn" "$rset"
  [ "$pset" = "$nset" ] && [ "$fset" = "$nset" ] && [ "$rset" = "$nset" ] || SAME=no
  P_TIMES+=("$pt"); N_TIMES+=("$nt"); F_TIMES+=("$ft"); R_TIMES+=("$rt")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
pm=$(median "${P_TIMES[@]}"); nm=$(median "${N_TIMES[@]}"); fm=$(median "${F_TIMES[@]}"); rm_=$(median "${R_TIMES[@]}")
ratio() { echo "$1 / $2" | bc -l | awk '{printf "%.2f", $1}'; }
echo
echo "median wall s: nmap $nm | gRPC openOnly (python) $pm | REST all 65535 lines (curl) $rm_ | gRPC all 65535 msgs (python) $fm"
echo "ratio to nmap (target <= 1.5): gRPC openOnly $(ratio "$pm" "$nm") | REST all $(ratio "$rm_" "$nm") | gRPC all, python client $(ratio "$fm" "$nm")"
echo "open-port sets identical in every round: $SAME"
[ "$SAME" = yes ]
