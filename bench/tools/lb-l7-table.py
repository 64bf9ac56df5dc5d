#!/usr/bin/env python3
"""lb-l7-table: the markdown table of ./lab bench-lb-l7: keep-alive and Connection: close figures for
direct, HAProxy, nginx and lb-demo L7, and lb-demo's ratios to HAProxy and to nginx.
Each FIGURES argument is one wrk-summary.py line ("req/s p50-ms p99-ms errors"), in the order direct,
HAProxy, nginx, lb-demo for keep-alive, then the same four for Connection: close.
Usage: lb-l7-table.py SECONDS_PER_RUN WRK_CONNECTIONS WRK_CLOSE_CONNECTIONS FIGURES x 8
"""
import sys

from ratios import ratio


def main(argv):
    if len(argv) != 12:
        sys.exit(__doc__.strip().splitlines()[-1])
    secs, conns, close_conns = argv[1:4]
    runs = [[float(v) for v in x.split()] for x in argv[4:]]
    print()
    print("| figure (%ss each, loopback) | direct | HAProxy mode http | nginx proxy_pass | lb-demo L7 "
          "| lb-demo/HAProxy | lb-demo/nginx |" % secs)
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, (d, h, n, lb), c in (("keep-alive", runs[0:4], conns), ("Connection: close", runs[4:8], close_conns)):
        print("| %s req/s (c=%s) | %.0f | %.0f | %.0f | %.0f | %s | %s |"
              % (name, c, d[0], h[0], n[0], lb[0], ratio(lb[0], h[0]), ratio(lb[0], n[0])))
        for i, label in ((1, "p50 ms"), (2, "p99 ms")):
            print("| %s %s | %.2f | %.2f | %.2f | %.2f | %s | %s |"
                  % (name, label, d[i], h[i], n[i], lb[i], ratio(lb[i], h[i], False), ratio(lb[i], n[i], False)))
        print("| %s errors | %.0f | %.0f | %.0f | %.0f | | |" % (name, d[3], h[3], n[3], lb[3]))
    print()
    print("Ratios: req/s = lb-demo / reference; latency = reference / lb-demo (>= 1.00x: lb-demo at least as good).")


if __name__ == "__main__":
    main(sys.argv)
