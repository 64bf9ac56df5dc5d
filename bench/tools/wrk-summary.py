#!/usr/bin/env python3
"""wrk-summary: one line out of a `wrk --latency` report: "req/s p50-ms p99-ms errors", where errors are
socket errors (connect, read, write, timeout) plus non-2xx/3xx responses. A figure wrk did not print is
"nan" (latencies) or 0 (req/s).
Usage: wrk-summary.py WRK_OUTPUT_FILE
"""
import math
import re
import sys

UNIT_TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def latency_ms(text, label):
    m = re.search(r"^\s*" + re.escape(label) + r"\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    return float(m.group(1)) * UNIT_TO_MS[m.group(2)] if m else math.nan


def summary(text):
    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = sum(int(x) for x in socket_errors.groups()) if socket_errors else 0
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return "%.0f %.3f %.3f %d" % (float(rps.group(1)) if rps else 0.0,
                                  latency_ms(text, "50%"), latency_ms(text, "99%"), errors)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    with open(sys.argv[1]) as f:
        print(summary(f.read()))
