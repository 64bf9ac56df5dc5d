#!/usr/bin/env python3
"""lb-l4-table: the markdown table of ./lab bench-lb-l4: medians over the rounds of every figure for
direct, HAProxy and lb-demo, and lb-demo's ratio to HAProxy.
RESULTS has one line per run: "TARGET FIGURE VALUE..." with TARGET direct|haproxy|lbdemo and FIGURE
bulk1|bulk4 (VALUE = Gbit/s) or ka|close (VALUES = the four fields of wrk-summary.py).
Usage: lb-l4-table.py SECONDS_PER_RUN ROUNDS WRK_CONNECTIONS WRK_CLOSE_CONNECTIONS RESULTS_FILE
"""
import sys

from ratios import ratio
from rounds import load, median, total

TARGETS = ("direct", "haproxy", "lbdemo")


def main(argv):
    if len(argv) != 6:
        sys.exit(__doc__.strip().splitlines()[-1])
    secs, rounds, conns, close_conns, path = argv[1:6]
    values = load(path)
    rows = []
    for figure, name in (("bulk1", "iperf3 1 stream (Gbit/s)"), ("bulk4", "iperf3 4 streams (Gbit/s)")):
        d, h, lb = (median(values, t, figure) for t in TARGETS)
        rows.append((name, d, h, lb, ratio(lb, h)))
    for figure, name, c in (("ka", "keep-alive", conns), ("close", "Connection: close", close_conns)):
        for i, label, better in ((0, "req/s (c=%s)" % c, True), (1, "p50 ms", False), (2, "p99 ms", False)):
            d, h, lb = (median(values, t, figure, i) for t in TARGETS)
            rows.append(("wrk %s %s" % (name, label), d, h, lb, ratio(lb, h, better)))
        rows.append(("wrk %s socket errors (all rounds)" % name, *(total(values, t, figure, 3) for t in TARGETS), ""))
    print()
    print("| figure (median of %s rounds, %ss each, loopback) | direct | HAProxy mode tcp | lb-demo | lb-demo vs HAProxy |"
          % (rounds, secs))
    print("|---|---:|---:|---:|---:|")
    for name, d, h, lb, r in rows:
        fmt = "%.0f" if "req/s" in name or "errors" in name else "%.2f"
        print("| %s | %s | %s | %s | %s |" % (name, fmt % d, fmt % h, fmt % lb, r))
    print()
    print("Ratios: throughput = lb-demo / HAProxy; latency = HAProxy / lb-demo (so >= 1.00x means lb-demo is at least as good).")


if __name__ == "__main__":
    main(sys.argv)
