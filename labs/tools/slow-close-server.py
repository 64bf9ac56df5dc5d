#!/usr/bin/env python3
"""slow-close-server: accept ONE TCP connection on 127.0.0.1:PORT, keep it open DELAY seconds after
accepting, then close it, wait 1 s and exit. Lab 2 uses it to show FIN-WAIT-2 on the client and
CLOSE-WAIT on the server while the server has not closed yet. Bounded: one connection, then it exits.
Usage: python3 slow-close-server.py PORT DELAY_SECONDS
       (in the lab: docker compose exec -T toolbox sh -c 'cat > /tmp/slow-close-server.py' < labs/tools/slow-close-server.py)
"""
import socket
import sys
import time

if len(sys.argv) != 3:
    sys.exit(__doc__.strip().splitlines()[-2].strip())
port, delay = int(sys.argv[1]), float(sys.argv[2])
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", port))
server.listen()
conn, _ = server.accept()
time.sleep(delay)
conn.close()
time.sleep(1)
