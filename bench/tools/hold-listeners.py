#!/usr/bin/env python3
"""hold-listeners: listen on 127.0.0.1 on every PORT (never accepting: enough for a connect scan) until
SECONDS have passed or the process is killed. ./lab bench-scan uses it for the known open ports.
Usage: hold-listeners.py SECONDS PORT...
"""
import socket
import sys
import time

if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    listeners = []
    for port in sys.argv[2:]:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", int(port)))
        s.listen(4096)
        listeners.append(s)
    time.sleep(float(sys.argv[1]))
