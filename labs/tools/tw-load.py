#!/usr/bin/env python3
"""tw-load: RATE echo round trips a second to HOST PORT for SECONDS, either each on a new connection that
this side closes (`new`: every one leaves a TIME-WAIT socket here for 60 s, like an app without a pool) or
all on one connection (`reuse`: keep-alive, a pool of one). Prints "MODE: N round trips, C connections,
F failures". Bounded: SECONDS <= 300, RATE <= 200, 5 s per connect and per read.
Usage: python3 tw-load.py HOST PORT new|reuse SECONDS RATE
"""
import socket
import sys
import time


def connect(host, port):
    s = socket.create_connection((host, port), timeout=5)
    s.settimeout(5)
    return s


def round_trip(s, msg):
    s.sendall(msg)
    got = b""
    while len(got) < len(msg):
        chunk = s.recv(4096)
        if not chunk:
            raise OSError("closed by the peer")
        got += chunk
    if got != msg:
        raise OSError(f"echo mismatch: {got!r}")


def main(argv):
    if len(argv) != 6 or argv[3] not in ("new", "reuse"):
        sys.exit(__doc__.strip().splitlines()[-1])
    host, port, mode = argv[1], int(argv[2]), argv[3]
    seconds, rate = min(float(argv[4]), 300), min(float(argv[5]), 200)
    start = time.monotonic()
    done = connections = failures = 0
    conn = None
    while time.monotonic() - start < seconds:
        msg = f"tw-load-{done}\n".encode()
        try:
            if conn is None:
                conn = connect(host, port)
                connections += 1
            round_trip(conn, msg)
            if mode == "new":
                conn.close()   # this side closes first: the TIME-WAIT is ours
                conn = None
        except OSError:
            failures += 1
            if conn is not None:
                conn.close()
                conn = None
        done += 1
        # the next round trip at its slot in the schedule, so RATE holds whatever one took
        time.sleep(max(0.0, start + done / rate - time.monotonic()))
    if conn is not None:
        conn.close()
    print(f"{mode}: {done} round trips, {connections} connections, {failures} failures")


if __name__ == "__main__":
    main(sys.argv)
