#!/usr/bin/env python3
"""echo-once: one echo round trip (RFC 862) over TCP or UDP, bounded by a timeout; prints what came back.

TCP sends MESSAGE plus a newline and prints the first line that comes back; UDP sends MESSAGE as one
datagram and prints the one datagram that comes back. Exit status 0 when the reply equals MESSAGE, 1 when
it differs or nothing came back (then the reason is printed, e.g. "no reply: timed out").
Usage: echo-once.py tcp|udp HOST PORT MESSAGE [TIMEOUT_SECONDS, default 3]
"""
import socket
import sys


def tcp(host, port, message, timeout):
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.settimeout(timeout)
        s.sendall(message.encode() + b"\n")
        got = b""
        while b"\n" not in got and len(got) < 65536:
            chunk = s.recv(4096)
            if not chunk:
                break
            got += chunk
    return got.split(b"\n", 1)[0].decode(errors="replace")


def udp(host, port, message, timeout):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.connect((host, port))
        s.send(message.encode())
        return s.recv(65535).decode(errors="replace")


def main(argv):
    if len(argv) not in (5, 6) or argv[1] not in ("tcp", "udp"):
        sys.exit(__doc__.strip().splitlines()[-1])
    proto, host, port, message = argv[1], argv[2], int(argv[3]), argv[4]
    timeout = float(argv[5]) if len(argv) == 6 else 3.0
    try:
        reply = (tcp if proto == "tcp" else udp)(host, port, message, timeout)
    except OSError as e:
        print(f"no reply: {e}")
        return 1
    print(reply)
    return 0 if reply == message else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
