#!/usr/bin/env python3
"""conn-check: open N TCP connections at once to HOST PORT, keep them all open, send one line on each and
sort the outcomes: echoed (the line came back), closed (accepted, then closed by the peer without data),
reset, refused (RST to our SYN), timeout, other. Bounded: N <= 1000, 2 s per connect and per read.
Usage: python3 conn-check.py HOST PORT N      (in the lab: docker compose exec -T toolbox python3 - HOST PORT N < labs/tools/conn-check.py)
"""
import socket
import sys

host, port, n = sys.argv[1], int(sys.argv[2]), min(int(sys.argv[3]), 1000)
outcome = {"echoed": 0, "closed": 0, "reset": 0, "refused": 0, "timeout": 0, "other": 0}
first_error = {}
socks = []
for i in range(n):
    try:
        socks.append((i, socket.create_connection((host, port), timeout=2)))
    except ConnectionRefusedError as e:
        outcome["refused"] += 1
        first_error.setdefault("refused", str(e))
    except socket.timeout:
        outcome["timeout"] += 1
    except OSError as e:
        outcome["other"] += 1
        first_error.setdefault("other", str(e))
for i, s in socks:
    line = f"ping {i}\n".encode()
    try:
        s.sendall(line)
        got = s.recv(len(line))
        if got == b"":
            outcome["closed"] += 1
        elif got.startswith(line[:len(got)]):
            outcome["echoed"] += 1
        else:
            outcome["other"] += 1
    except ConnectionResetError as e:
        outcome["reset"] += 1
        first_error.setdefault("reset", str(e))
    except BrokenPipeError:
        outcome["closed"] += 1
    except socket.timeout:
        outcome["timeout"] += 1
    except OSError as e:
        outcome["other"] += 1
        first_error.setdefault("other", str(e))
for _, s in socks:
    s.close()
print(f"{n} connections to {host}:{port}: " + " ".join(f"{k}={v}" for k, v in outcome.items()))
for k, v in first_error.items():
    print(f"  first {k} error: {v}")
