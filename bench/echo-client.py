#!/usr/bin/env python3
"""Loopback-only load client for bench/echo-throughput.sh: streams and round trips against a TCP echo server.

Every loop is bounded in bytes, count and time. Usage: echo-client.py PORT [--mib N] [--conns C] [--rtts R]
Prints one JSON line: {"throughput_mib_s":..., "parallel_mib_s":..., "rtt_p50_us":..., "rtt_p99_us":...}
"""
import argparse
import hashlib
import json
import os
import socket
import statistics
import sys
import threading
import time

HOST = "127.0.0.1"  # the bench only ever talks to loopback
DEADLINE_S = 120


def stream(port, nbytes, result, idx):
    try:
        stream_once(port, nbytes, result, idx)
    except OSError as e:  # a timeout or reset counts as a failed, non-byte-exact stream
        result[idx] = (0, 0.0, False)
        print(f"stream {idx}: {e!r}", file=sys.stderr)


def stream_once(port, nbytes, result, idx):
    block = os.urandom(64 * 1024)
    s = socket.create_connection((HOST, port), timeout=30)
    sent_hash, recv_hash = hashlib.sha256(), hashlib.sha256()

    def writer():
        left = nbytes
        while left > 0:
            chunk = block[: min(left, len(block))]
            s.sendall(chunk)
            sent_hash.update(chunk)
            left -= len(chunk)
        s.shutdown(socket.SHUT_WR)

    t = threading.Thread(target=writer, daemon=True)
    start = time.perf_counter()
    t.start()
    got = 0
    while time.perf_counter() - start < DEADLINE_S:
        data = s.recv(256 * 1024)
        if not data:
            break
        recv_hash.update(data)
        got += len(data)
    elapsed = time.perf_counter() - start
    t.join(5)
    s.close()
    result[idx] = (got, elapsed, got == nbytes and sent_hash.digest() == recv_hash.digest())


def throughput(port, mib, conns):
    per = mib * 1024 * 1024 // conns
    result = [None] * conns
    threads = [threading.Thread(target=stream, args=(port, per, result, i)) for i in range(conns)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(DEADLINE_S + 10)
    elapsed = time.perf_counter() - start
    ok = all(r is not None and r[2] for r in result)
    total = sum(r[0] for r in result if r)
    return total / (1024 * 1024) / elapsed, ok


def rtts(port, count):
    s = socket.create_connection((HOST, port), timeout=5)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    msg = b"x" * 64
    samples = []
    start_all = time.perf_counter()
    for _ in range(count):
        if time.perf_counter() - start_all > DEADLINE_S:
            break
        t0 = time.perf_counter_ns()
        s.sendall(msg)
        got = 0
        while got < len(msg):
            got += len(s.recv(len(msg) - got))
        samples.append((time.perf_counter_ns() - t0) / 1000)
    s.close()
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.99) - 1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("--mib", type=int, default=256)
    ap.add_argument("--conns", type=int, default=8)
    ap.add_argument("--rtts", type=int, default=5000)
    a = ap.parse_args()
    single, ok1 = throughput(a.port, a.mib, 1)
    parallel, ok2 = throughput(a.port, a.mib, a.conns)
    p50, p99 = rtts(a.port, a.rtts)
    print(json.dumps({"throughput_mib_s": round(single, 1), "parallel_mib_s": round(parallel, 1),
                      "rtt_p50_us": round(p50, 1), "rtt_p99_us": round(p99, 1), "byte_exact": ok1 and ok2}))


if __name__ == "__main__":
    main()
