#!/usr/bin/env python3
"""echo-compare: echo-service's figures next to xinetd's, with the ratios, from two JSON reports of
bench/echo-client.py.
Usage: echo-compare.py ECHO_SERVICE_JSON XINETD_JSON     (the JSON texts themselves, not file names)
"""
import json
import math
import sys

FIGURES = [("throughput_mib_s", "higher"), ("parallel_mib_s", "higher"), ("rtt_p50_us", "lower"), ("rtt_p99_us", "lower")]

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    ours, ref = json.loads(sys.argv[1]), json.loads(sys.argv[2])
    print(f"{'metric':<18}{'echo-service':>14}{'xinetd':>12}{'ratio':>10}")
    for key, better in FIGURES:
        ratio = ours[key] / ref[key] if ref[key] else math.nan
        print(f"{key:<18}{ours[key]:>14}{ref[key]:>12}{ratio:>9.2f}x  ({better} is better)")
    print(f"byte-exact: echo-service={ours['byte_exact']} xinetd={ref['byte_exact']}")
