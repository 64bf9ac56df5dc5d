#!/usr/bin/python3
"""Independent probe-service client: Python grpcio (Debian python3-grpcio + python3-grpc-tools).

Stubs are generated from probe-service/src/main/proto/probe.proto with grpc_tools.protoc into a
temporary directory at start-up, so nothing generated is committed.

  probe_client.py --target 127.0.0.1:8080 tcp-probe HOST PORT
  probe_client.py --target 127.0.0.1:8080 list-sockets [--state LISTEN] [--port N]
  probe_client.py --target 127.0.0.1:8080 scan HOST PORTS [--concurrency N] [--timeout-ms N] [--open-only]
  probe_client.py --target 127.0.0.1:8080 selftest --open-port N --closed-port N

Run it with /usr/bin/python3 (Debian's grpc), not a pyenv python.
"""
import argparse
import importlib
import json
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_DIR = os.path.normpath(os.path.join(HERE, "..", "..", "main", "proto"))


def load_stubs():
    from grpc_tools import protoc
    import grpc_tools
    out = tempfile.mkdtemp(prefix="probe-stubs-")
    include = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    rc = protoc.main(["protoc", f"-I{PROTO_DIR}", f"-I{include}", f"--python_out={out}",
                      f"--grpc_python_out={out}", os.path.join(PROTO_DIR, "probe.proto")])
    if rc != 0:
        sys.exit(f"protoc failed with {rc}")
    sys.path.insert(0, out)
    return importlib.import_module("probe_pb2"), importlib.import_module("probe_pb2_grpc")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--target", default="127.0.0.1:8080", help="probe-service host:port (gRPC and HTTP share it)")
    ap.add_argument("--token", default=os.environ.get("PROBE_TOKEN"), help="bearer token, if the service needs one")
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("tcp-probe")
    t.add_argument("host")
    t.add_argument("port", type=int)
    t.add_argument("--timeout-ms", type=int, default=1000)
    ls = sub.add_parser("list-sockets")
    ls.add_argument("--state", default="")
    ls.add_argument("--port", type=int, default=0)
    s = sub.add_parser("scan")
    s.add_argument("host")
    s.add_argument("ports")
    s.add_argument("--concurrency", type=int, default=0)
    s.add_argument("--timeout-ms", type=int, default=0)
    s.add_argument("--open-only", action="store_true")
    st = sub.add_parser("selftest")
    st.add_argument("--open-port", type=int, required=True)
    st.add_argument("--closed-port", type=int, required=True)
    args = ap.parse_args()

    pb, pb_grpc = load_stubs()
    import grpc
    from google.protobuf import json_format
    channel = grpc.insecure_channel(args.target)
    stub = pb_grpc.ProbeServiceStub(channel)
    md = [("authorization", f"Bearer {args.token}")] if args.token else None

    def show(msg):
        print(json_format.MessageToJson(msg, preserving_proto_field_name=False))

    if args.cmd == "tcp-probe":
        show(stub.TcpProbe(pb.TcpProbeRequest(host=args.host, port=args.port, timeout_ms=args.timeout_ms),
                           metadata=md, timeout=70))
    elif args.cmd == "list-sockets":
        show(stub.ListSockets(pb.ListSocketsRequest(state=args.state, port=args.port), metadata=md, timeout=30))
    elif args.cmd == "scan":
        start = time.monotonic()
        results = 0
        summary = None
        for ev in stub.Scan(pb.ScanRequest(host=args.host, ports=args.ports, concurrency=args.concurrency,
                                           timeout_ms=args.timeout_ms, open_only=args.open_only),
                            metadata=md, timeout=600):
            if ev.HasField("summary"):
                summary = ev.summary
            else:
                results += 1
        wall = time.monotonic() - start
        print(json.dumps({"wallSeconds": round(wall, 3), "resultsStreamed": results,
                          "openPorts": list(summary.open_ports),
                          "counts": dict(summary.counts), "serverElapsedMs": summary.elapsed_ms}))
    elif args.cmd == "selftest":
        # generous probe timeouts: the answers come at once on loopback, but CI shares 2 busy cores
        ok = stub.TcpProbe(pb.TcpProbeRequest(host="127.0.0.1", port=args.open_port, timeout_ms=5000),
                           metadata=md, timeout=30)
        closed = stub.TcpProbe(pb.TcpProbeRequest(host="127.0.0.1", port=args.closed_port, timeout_ms=5000),
                               metadata=md, timeout=30)
        listing = stub.ListSockets(pb.ListSocketsRequest(protocol=pb.TCP, state="LISTEN", port=args.open_port),
                                   metadata=md, timeout=30)
        denied = None
        try:
            stub.TcpProbe(pb.TcpProbeRequest(host="169.254.169.254", port=80), metadata=md, timeout=30)
        except grpc.RpcError as e:
            denied = e.code().name
        report = {
            "open": pb.PortState.Name(ok.state), "openLocalPort": ok.local_port,
            "closed": pb.PortState.Name(closed.state),
            "listeners": [(s.state, s.local_port) for s in listing.sockets],
            "metadataDenied": denied,
        }
        print(json.dumps(report))
        good = (report["open"] == "OPEN" and report["closed"] == "CLOSED" and ok.local_port > 0
                and report["listeners"] == [("LISTEN", args.open_port)] and denied == "PERMISSION_DENIED")
        sys.exit(0 if good else 1)


if __name__ == "__main__":
    main()
