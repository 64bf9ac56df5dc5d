#!/usr/bin/env python3
"""lb-l7-table: the markdown tables of ./lab bench-lb-l7: medians over the rounds of the keep-alive and
Connection: close figures for direct, HAProxy, nginx and lb-demo L7 with lb-demo's ratios to HAProxy and to
nginx, every round's values, and the target with PASS/MISS per figure.
RESULTS has one line per run: "TARGET FIGURE REQ/S P50-MS P99-MS ERRORS" (rounds.py) with TARGET
direct|haproxy|nginx|lbdemo and FIGURE ka|close.
Usage: lb-l7-table.py SECONDS_PER_RUN ROUNDS WRK_CONNECTIONS WRK_CLOSE_CONNECTIONS RESULTS_FILE
"""
import math
import sys

from ratios import ratio
from rounds import column, load, median, total

TARGETS = (("direct", "direct"), ("haproxy", "HAProxy mode http"), ("nginx", "nginx proxy_pass"),
           ("lbdemo", "lb-demo L7"))
REFERENCES = (("haproxy", "HAProxy"), ("nginx", "nginx"))
FIGURES = (("ka", "keep-alive"), ("close", "Connection: close"))
# (field, label, higher is better, lowest passing ratio): req/s = lb-demo / reference, latency = reference /
# lb-demo, so a ratio >= the bound passes: as many requests per second, p50 within 1.1x, p99 within 1.5x.
FIELDS = ((0, "req/s", True, 1.0), (1, "p50 ms", False, 0.9), (2, "p99 ms", False, 0.67))


def fmt(label, x):
    if math.isnan(x):
        return "nan"
    return "%.0f" % x if label == "req/s" else "%.2f" % x


def medians_table(values, rounds, secs, conns):
    print("| figure (median of %s rounds, %ss each, loopback) | %s | %s |"
          % (rounds, secs, " | ".join(name for _, name in TARGETS),
             " | ".join("lb-demo/" + name for _, name in REFERENCES)))
    print("|---|" + "---:|" * (len(TARGETS) + len(REFERENCES)))
    for figure, name in FIGURES:
        for i, label, better, _ in FIELDS:
            lb = median(values, "lbdemo", figure, i)
            row = [fmt(label, median(values, t, figure, i)) for t, _ in TARGETS]
            row += [ratio(lb, median(values, r, figure, i), better) for r, _ in REFERENCES]
            shown = "%s (c=%s)" % (label, conns[figure]) if label == "req/s" else label
            print("| %s %s | %s |" % (name, shown, " | ".join(row)))
        errors = ["%.0f" % total(values, t, figure, 3) for t, _ in TARGETS]
        print("| %s errors (all rounds) | %s |%s" % (name, " | ".join(errors), " |" * len(REFERENCES)))
    print()
    print("Ratios: req/s = lb-demo / reference; latency = reference / lb-demo (>= 1.00x: lb-demo at least as good).")


def rounds_table(values, rounds):
    print("| figure | target | %s | median |" % " | ".join("round %d" % (r + 1) for r in range(rounds)))
    print("|---|---|" + "---:|" * (rounds + 1))
    for figure, name in FIGURES:
        for i, label, better, _ in FIELDS:
            for t, tname in TARGETS:
                xs = column(values, t, figure, i)
                print("| %s %s | %s | %s | %s |" % (name, label, tname, " | ".join(fmt(label, x) for x in xs),
                                                   fmt(label, median(values, t, figure, i))))
            lb = column(values, "lbdemo", figure, i)
            for r, rname in REFERENCES:
                ref = column(values, r, figure, i)
                per_round = [ratio(a, b, better) for a, b in zip(lb, ref)]
                print("| %s %s | lb-demo/%s | %s | %s |"
                      % (name, label, rname, " | ".join(per_round),
                         ratio(median(values, "lbdemo", figure, i), median(values, r, figure, i), better)))


def target_table(values):
    print("| target (ratio of the medians) | %s |" % " | ".join("vs " + name for _, name in REFERENCES))
    print("|---|" + "---|" * len(REFERENCES))
    misses = 0
    checks = 0
    for figure, name in FIGURES:
        for i, label, better, bound in FIELDS:
            cells = []
            for r, _ in REFERENCES:
                lb, ref = median(values, "lbdemo", figure, i), median(values, r, figure, i)
                shown = ratio(lb, ref, better)
                ok = shown != "n/a" and float(shown[:-1]) >= bound
                misses += not ok
                checks += 1
                cells.append("%s %s" % (shown, "PASS" if ok else "MISS"))
            print("| %s %s >= %.2fx | %s |" % (name, label.split()[0], bound, " | ".join(cells)))
    print()
    print("Target: %d of %d PASS%s." % (checks - misses, checks, "" if misses else " (all met)"))


def main(argv):
    if len(argv) != 6:
        sys.exit(__doc__.strip().splitlines()[-1])
    secs, rounds, conns, close_conns, path = argv[1:6]
    values = load(path)
    conns = {"ka": conns, "close": close_conns}
    print()
    medians_table(values, rounds, secs, conns)
    print()
    print("Every round (the targets in a rotating order within each figure):")
    print()
    rounds_table(values, int(rounds))
    print()
    target_table(values)


if __name__ == "__main__":
    main(sys.argv)
