#!/usr/bin/env python3
"""iperf-gbps: the received throughput of an `iperf3 -J` run, in Gbit/s with two decimals.
Usage: iperf-gbps.py IPERF3_JSON_FILE
"""
import json
import sys

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    with open(sys.argv[1]) as f:
        report = json.load(f)
    print("%.2f" % (report["end"]["sum_received"]["bits_per_second"] / 1e9))
