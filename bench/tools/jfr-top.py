#!/usr/bin/env python3
"""jfr-top: where a JFR recording's CPU samples are, as markdown: the hottest methods by samples on top of the
stack (self) and anywhere on it (inclusive, each method once per sample), the hottest packages (self), and
what the threads sampled in native code were in. Reads `jfr print --json` (the JDK's jfr tool).
Usage: jfr-top.py RECORDING.jfr [TOP, default 15]
"""
import collections
import json
import subprocess
import sys


def frame_name(frame):
    method = frame["method"]
    return "%s.%s" % (method["type"]["name"].replace("/", "."), method["name"])


def package(name):
    parts = name.split(".")
    return ".".join(parts[:min(4, len(parts) - 2)]) or name


def stacks(path, event):
    out = subprocess.run(["jfr", "print", "--json", "--events", event, path],
                         check=True, capture_output=True, text=True).stdout
    for e in json.loads(out)["recording"]["events"]:
        trace = e["values"].get("stackTrace") or {}
        frames = [frame_name(f) for f in trace.get("frames") or []]
        if frames:
            yield frames


def table(title, counter, n, top):
    print("| %s | samples | share |" % title)
    print("|---|---:|---:|")
    for name, count in counter.most_common(top):
        print("| `%s` | %d | %.1f%% |" % (name, count, 100.0 * count / n))
    print()


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit(__doc__.strip().splitlines()[-1])
    path, top = argv[1], int(argv[2]) if len(argv) == 3 else 15
    own, inclusive, packages = collections.Counter(), collections.Counter(), collections.Counter()
    n = 0
    for frames in stacks(path, "jdk.ExecutionSample"):
        n += 1
        own[frames[0]] += 1
        packages[package(frames[0])] += 1
        inclusive.update(set(frames))
    native = collections.Counter(frames[0] for frames in stacks(path, "jdk.NativeMethodSample"))
    print("%d Java samples (jdk.ExecutionSample), %d in native code (jdk.NativeMethodSample), %s"
          % (n, sum(native.values()), path))
    print()
    if n:
        table("hottest methods (self)", own, n, top)
        table("hottest methods (inclusive)", inclusive, n, top)
        table("hottest packages (self)", packages, n, top)
    if native:
        table("native methods the sampled threads were in", native, sum(native.values()), 5)


if __name__ == "__main__":
    main(sys.argv)
