#!/usr/bin/env python3
"""echo-load: sequential short TCP echo connections to HOST PORT, one every 50 ms, for at most SECONDS or
until STOP_FILE exists; every connection must echo its line back. Bounded: 5 s per connect and per read.
Prints "attempts=N failures=M errors={...}" (errors counted by exception type and text).
Usage: echo-load.py HOST PORT SECONDS STOP_FILE
"""
import os
import socket
import sys
import time


def round_trip(host, port, msg):
    with socket.create_connection((host, port), timeout=5) as s:
        s.settimeout(5)
        s.sendall(msg)
        got = b""
        while len(got) < len(msg):
            chunk = s.recv(4096)
            if not chunk:
                break
            got += chunk
    if got != msg:
        raise OSError(f"echo mismatch: {got!r}")


def main(argv):
    if len(argv) != 5:
        sys.exit(__doc__.strip().splitlines()[-1])
    host, port, seconds, stop_file = argv[1], int(argv[2]), float(argv[3]), argv[4]
    deadline = time.monotonic() + seconds
    attempts = failures = 0
    errors = {}
    while time.monotonic() < deadline and not os.path.exists(stop_file):
        attempts += 1
        try:
            round_trip(host, port, f"load-{attempts}\n".encode())
        except OSError as e:
            failures += 1
            key = type(e).__name__ + ": " + str(e)[:80]
            errors[key] = errors.get(key, 0) + 1
        time.sleep(0.05)
    print(f"attempts={attempts} failures={failures} errors={errors}")


if __name__ == "__main__":
    main(sys.argv)
