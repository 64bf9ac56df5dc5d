#!/usr/bin/env python3
"""free-ports: N distinct TCP ports on 127.0.0.1 that nothing listens on right now, one per line (all are
held open until all are chosen, so no port is printed twice).
Usage: free-ports.py N      (N 1-100)
"""
import socket
import sys

if __name__ == "__main__":
    if len(sys.argv) != 2 or not sys.argv[1].isdigit() or not 1 <= int(sys.argv[1]) <= 100:
        sys.exit(__doc__.strip().splitlines()[-1])
    held = []
    for _ in range(int(sys.argv[1])):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        held.append(s)
    for s in held:
        print(s.getsockname()[1])
        s.close()
