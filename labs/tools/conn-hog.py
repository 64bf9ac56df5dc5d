#!/usr/bin/env python3
"""conn-hog: open up to N TCP connections to HOST PORT and hold them all (an app that never closes its
connections), until the open-files limit or another error stops it; prints how many it opened and why it
stopped. Bounded: N <= 1000, 2 s per connect; the connections close when it exits.
Usage: python3 conn-hog.py HOST PORT N      (in the lab: docker compose exec -T toolbox python3 - HOST PORT N < labs/tools/conn-hog.py)
"""
import socket
import sys

host, port, want = sys.argv[1], int(sys.argv[2]), min(int(sys.argv[3]), 1000)
socks = []
try:
    for _ in range(want):
        socks.append(socket.create_connection((host, port), timeout=2))
    print(f"opened {len(socks)} connections")
except OSError as e:
    print(f"opened {len(socks)} connections, then: {e}")
