"""ratios: the "lb-demo vs reference" ratio of the bench tables, imported by lb-l4-table.py and lb-l7-table.py."""
import math


def ratio(ours, reference, higher_is_better=True):
    """ours / reference for throughput, reference / ours for latency, so >= 1.00x means ours is as good;
    "n/a" when either figure is missing (nan) or zero."""
    if reference == 0 or ours == 0 or math.isnan(ours) or math.isnan(reference):
        return "n/a"
    return "%.2fx" % (ours / reference if higher_is_better else reference / ours)
