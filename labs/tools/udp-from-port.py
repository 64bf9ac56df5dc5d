#!/usr/bin/env python3
"""udp-from-port: send one datagram to HOST PORT from the fixed local port SPORT and print the reply (or that
none came within 2 s). Fixed so that the NAT and the LB see "the same client" each time.
Usage: python3 udp-from-port.py HOST PORT SPORT TEXT
       (in the lab: docker compose exec -T outside-client python3 - gateway-outside 9001 40002 one < labs/tools/udp-from-port.py)
"""
import socket
import sys

host, port, sport, text = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", sport))
s.settimeout(2)
s.sendto(text.encode(), (host, port))
try:
    data, peer = s.recvfrom(2048)
    print(f"{text!r} from :{sport} -> reply {data.decode(errors='replace')!r} from {peer[0]}:{peer[1]}")
except socket.timeout:
    print(f"{text!r} from :{sport} -> no reply within 2 s")
