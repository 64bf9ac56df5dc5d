#!/usr/bin/env python3
"""idle-tcp: one TCP connection to HOST PORT (an echo), one exchange, then IDLE seconds of silence, then a
second write: does the answer still come? With KEEPALIVE (seconds) the kernel sends TCP keepalive probes
that often while the connection is idle. Prints what happened, one line per event. Bounded: 5 s per connect
and per read, IDLE <= 120.
Usage: python3 idle-tcp.py HOST PORT IDLE [KEEPALIVE]
       (in the lab: docker compose exec -T outside-client python3 - gateway-outside 22 15 < labs/tools/idle-tcp.py)
"""
import socket
import sys
import time

host, port, idle = sys.argv[1], int(sys.argv[2]), min(float(sys.argv[3]), 120)
keepalive = int(sys.argv[4]) if len(sys.argv) > 4 else 0
s = socket.socket()
if keepalive:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, keepalive)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, keepalive)
s.settimeout(5)
s.connect((host, port))
local = "%s:%d" % s.getsockname()
print(f"connected from {local}" + (f", TCP keepalive every {keepalive} s" if keepalive else ", no keepalive"), flush=True)
s.sendall(b"before\n")
print(f"sent 'before', got {s.recv(100).decode().strip()!r}", flush=True)
time.sleep(idle)
s.sendall(b"after\n")
try:
    got = s.recv(100).decode().strip()
    print(f"after {idle:g} s idle: sent 'after', got {got!r}", flush=True)
except socket.timeout:
    print(f"after {idle:g} s idle: sent 'after', no answer within 5 s", flush=True)
except OSError as e:
    print(f"after {idle:g} s idle: sent 'after', then {e}", flush=True)
s.close()
