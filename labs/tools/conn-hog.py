#!/usr/bin/env python3
"""conn-hog: open up to N TCP connections to HOST PORT and hold them all (an app that never closes its
connections), until the open-files limit or another error stops it; prints how many it opened and why it
stopped, then holds them HOLD seconds more (default 0). Bounded: N <= 1000, 2 s per connect, HOLD <= 300;
the connections close when it exits.
Usage: python3 conn-hog.py HOST PORT N [HOLD]   (in the lab: docker compose exec -T toolbox python3 - HOST PORT N < labs/tools/conn-hog.py)
"""
import socket
import sys
import time

host, port, want = sys.argv[1], int(sys.argv[2]), min(int(sys.argv[3]), 1000)
hold = min(float(sys.argv[4]), 300) if len(sys.argv) > 4 else 0
socks = []
try:
    for _ in range(want):
        socks.append(socket.create_connection((host, port), timeout=2))
    print(f"opened {len(socks)} connections", flush=True)
except OSError as e:
    print(f"opened {len(socks)} connections, then: {e}", flush=True)
if hold > 0:
    time.sleep(hold)
