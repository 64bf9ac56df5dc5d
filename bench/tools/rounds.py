"""rounds: the per-run results file of the interleaved benches (lb-l4-table.py, lb-l7-table.py).
One line per run: "TARGET FIGURE VALUE...", in the order the runs were made; for wrk figures the VALUES are
the four fields of wrk-summary.py (req/s, p50 ms, p99 ms, errors)."""
import math
import statistics


def load(path):
    """{(target, figure): [[value, ...] per run, in run order]}"""
    values = {}
    with open(path) as f:
        for line in f:
            if not line.strip():
                continue
            target, figure, *numbers = line.split()
            values.setdefault((target, figure), []).append([float(n) for n in numbers])
    return values


def column(values, target, figure, i=0):
    """field i of every run of (target, figure), in run order (nan where a run had none)."""
    return [v[i] if i < len(v) else math.nan for v in values.get((target, figure), [])]


def median(values, target, figure, i=0):
    xs = [x for x in column(values, target, figure, i) if not math.isnan(x)]
    return statistics.median(xs) if xs else math.nan


def total(values, target, figure, i):
    return sum(x for x in column(values, target, figure, i) if not math.isnan(x))
