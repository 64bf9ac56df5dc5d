#!/usr/bin/env python3
"""Test peer for the gateway's network-namespace tests: real servers and clients, run with `ip netns exec`.

  serve --tcp 8080,9000 --udp 9001 --whoami 8080   TCP echo servers (the whoami port first sends "peer ip:port\n"),
                                                    UDP echo ("peer ip:port " + data); prints "ready" when listening
  tcp-probe HOST PORT TIMEOUT                        {"state": OPEN|CLOSED|FILTERED, "banner": first line or null}
  udp-probe HOST PORT TIMEOUT [SPORT]                {"state": OPEN|CLOSED|OPEN_FILTERED, "reply": text or null}
  idle HOST PORT IDLE_S WAIT_S [KEEPALIVE_S]         one exchange, silence, a second write: {"first", "afterIdle", "error"}
  transfer HOST PORT BYTES                           echo BYTES through: {"bytes", "exact", "seconds", "totalRetrans", "ss"}
  hold HOST PORT SECONDS                             a TCP connection held open: prints {"local": "ip:port"} then waits
  connect HOST PORT                                  a connect from this namespace: {"error": errno name or null}
  udp-send HOST PORT                                 one datagram: {"error": errno name (EPERM: netfilter dropped it) or null}
Every client answers one JSON line. Every wait is bounded.
"""
import errno
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time


def out(obj):
    print(json.dumps(obj), flush=True)


def serve(args):
    tcp_ports, udp_ports, whoami = [], [], set()
    i = 0
    while i < len(args):
        if args[i] == "--tcp":
            tcp_ports = [int(p) for p in args[i + 1].split(",") if p]
        elif args[i] == "--udp":
            udp_ports = [int(p) for p in args[i + 1].split(",") if p]
        elif args[i] == "--whoami":
            whoami = {int(p) for p in args[i + 1].split(",") if p}
        i += 2

    def handle(conn, addr, greet):
        try:
            if greet:
                conn.sendall(f"peer {addr[0]}:{addr[1]}\n".encode())
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                conn.sendall(data)
        except OSError:
            pass
        finally:
            conn.close()

    def tcp_loop(port):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", port))
        s.listen(128)
        while True:
            c, a = s.accept()
            threading.Thread(target=handle, args=(c, a, port in whoami), daemon=True).start()

    def udp_loop(port):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("0.0.0.0", port))
        while True:
            data, a = s.recvfrom(2048)
            s.sendto(f"peer {a[0]}:{a[1]} ".encode() + data, a)

    for p in tcp_ports:
        threading.Thread(target=tcp_loop, args=(p,), daemon=True).start()
    for p in udp_ports:
        threading.Thread(target=udp_loop, args=(p,), daemon=True).start()
    time.sleep(0.2)
    print("ready", flush=True)
    # The test owns this process: it ends when stdin closes (the JVM went away) or when it is killed.
    sys.stdin.read()


def tcp_probe(host, port, timeout):
    s = socket.socket()
    s.settimeout(float(timeout))
    try:
        s.connect((host, int(port)))
        s.settimeout(0.5)
        try:
            banner = s.recv(200).decode(errors="replace").strip() or None
        except socket.timeout:
            banner = None
        out({"state": "OPEN", "banner": banner})
    except socket.timeout:
        out({"state": "FILTERED", "banner": None})
    except ConnectionRefusedError:
        out({"state": "CLOSED", "banner": None})
    except OSError as e:
        out({"state": "ERROR", "error": errno.errorcode.get(e.errno, str(e))})
    finally:
        s.close()


def udp_probe(host, port, timeout, sport=None):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if sport:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", int(sport)))
    s.settimeout(float(timeout))
    s.connect((host, int(port)))
    s.send(b"probe")
    try:
        out({"state": "OPEN", "reply": s.recv(2048).decode(errors="replace")})
    except socket.timeout:
        out({"state": "OPEN_FILTERED", "reply": None})
    except ConnectionRefusedError:
        out({"state": "CLOSED", "reply": None})
    finally:
        s.close()


def idle(host, port, idle_s, wait_s, keepalive=None):
    s = socket.socket()
    if keepalive:
        k = int(keepalive)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, k)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, k)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, 5)
    s.settimeout(5)
    result = {"first": None, "afterIdle": None, "error": None, "local": None}
    try:
        s.connect((host, int(port)))
        result["local"] = "%s:%d" % s.getsockname()
        s.sendall(b"one")
        result["first"] = s.recv(100).decode(errors="replace")
        time.sleep(float(idle_s))
        s.sendall(b"two")
        s.settimeout(float(wait_s))
        result["afterIdle"] = s.recv(100).decode(errors="replace")
    except socket.timeout:
        result["error"] = "no answer within %s s" % wait_s
    except OSError as e:
        result["error"] = errno.errorcode.get(e.errno, str(e))
    finally:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
    out(result)


def transfer(host, port, nbytes):
    n = int(nbytes)
    data = os.urandom(n)
    s = socket.socket()
    s.settimeout(60)
    s.connect((host, int(port)))
    got = bytearray()

    def reader():
        try:
            while len(got) < n:
                chunk = s.recv(65536)
                if not chunk:
                    break
                got.extend(chunk)
        except OSError:
            pass

    t = threading.Thread(target=reader)
    t.start()
    t0 = time.monotonic()
    s.sendall(data)
    t.join(90)
    seconds = time.monotonic() - t0
    info = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 104)
    total_retrans = struct.unpack_from("I", info, 100)[0]
    local = "%s:%d" % s.getsockname()
    ss = subprocess.run(["ss", "-tin", "src", local], capture_output=True, text=True, timeout=10).stdout
    s.close()
    out({"bytes": len(got), "exact": bytes(got) == data, "seconds": round(seconds, 3),
         "totalRetrans": total_retrans, "ss": ss})


def hold(host, port, seconds):
    s = socket.socket()
    s.settimeout(5)
    s.connect((host, int(port)))
    s.sendall(b"hold")
    s.recv(100)
    out({"local": "%s:%d" % s.getsockname()})
    time.sleep(float(seconds))
    s.close()


def connect(host, port):
    s = socket.socket()
    s.settimeout(3)
    try:
        s.connect((host, int(port)))
        out({"error": None})
    except socket.timeout:
        out({"error": "timeout"})
    except OSError as e:
        out({"error": errno.errorcode.get(e.errno, str(e))})
    finally:
        s.close()


def udp_send(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.sendto(b"x", (host, int(port)))
        out({"error": None})
    except OSError as e:
        out({"error": errno.errorcode.get(e.errno, str(e))})
    finally:
        s.close()


COMMANDS = {"serve": None, "tcp-probe": tcp_probe, "udp-probe": udp_probe, "idle": idle, "transfer": transfer,
            "hold": hold, "connect": connect, "udp-send": udp_send}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    if sys.argv[1] == "serve":
        serve(sys.argv[2:])
    else:
        COMMANDS[sys.argv[1]](*sys.argv[2:])
