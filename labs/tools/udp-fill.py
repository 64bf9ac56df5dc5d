#!/usr/bin/env python3
"""udp-fill: fill a load balancer's UDP session table. Sends one datagram to HOST PORT from each of up to MAX
source ports (20000, 20001, ...: every one a new client ip:port, so a new session), at most RATE a second,
until the LB counts datagrams rejected at its session limit (ADMIN/frontends: FRONTEND's rejectedAtLimit).
Prints how many it sent and what the LB reported. Bounded: MAX <= 12000 (ports below the ephemeral range),
RATE <= 2000, 60 s.
Usage: python3 udp-fill.py HOST PORT ADMIN_URL FRONTEND MAX RATE
"""
import json
import socket
import sys
import time
import urllib.request


def frontend(admin, name):
    with urllib.request.urlopen(admin + "/frontends", timeout=5) as r:
        for fe in json.load(r):
            if fe.get("name") == name:
                return fe
    raise SystemExit(f"no frontend {name} at {admin}/frontends")


def main(argv):
    if len(argv) != 7:
        sys.exit(__doc__.strip().splitlines()[-1])
    host, port, admin, name = argv[1], int(argv[2]), argv[3].rstrip("/"), argv[4]
    most, rate = min(int(argv[5]), 12000), min(float(argv[6]), 2000)
    target = (socket.gethostbyname(host), port)
    rejected_before = frontend(admin, name).get("rejectedAtLimit", 0)
    start = time.monotonic()
    sent = 0
    fe = {}
    while sent < most and time.monotonic() - start < 60:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.bind(("", 20000 + sent))
            s.sendto(b"udp-fill\n", target)
        sent += 1
        if sent % 250 == 0:
            fe = frontend(admin, name)
            if fe.get("rejectedAtLimit", 0) > rejected_before:
                break
        time.sleep(max(0.0, start + sent / rate - time.monotonic()))
    fe = frontend(admin, name)
    print(f"sent {sent} datagrams from {sent} source ports; {name}: activeConnections={fe.get('activeConnections')} "
          f"rejectedAtLimit={fe.get('rejectedAtLimit', 0) - rejected_before} (new)")


if __name__ == "__main__":
    main(sys.argv)
