#!/usr/bin/env python3
"""scan-result: one line out of a Scan result read from stdin, for ./lab bench-scan.
  grpc: the JSON summary of probe_client.py scan  ->  "WALL_SECONDS OPEN_PORTS_CSV RESULTS_STREAMED"
  rest: the last NDJSON line of POST /api/v1/scan ->  "OPEN_PORTS_CSV"
Usage: scan-result.py grpc|rest < SCAN_OUTPUT
"""
import json
import sys

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in ("grpc", "rest"):
        sys.exit(__doc__.strip().splitlines()[-1])
    result = json.load(sys.stdin)
    if sys.argv[1] == "grpc":
        print(result["wallSeconds"], ",".join(map(str, result["openPorts"])), result["resultsStreamed"])
    else:
        print(",".join(map(str, result["summary"]["openPorts"])))
