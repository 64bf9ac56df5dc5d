package dev.l4lab.probe.grpc;

import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.guard.Calls;
import dev.l4lab.probe.ops.ProbeOperations;
import dev.l4lab.probe.v1.ChurnRequest;
import dev.l4lab.probe.v1.ChurnResponse;
import dev.l4lab.probe.v1.HostLimitsRequest;
import dev.l4lab.probe.v1.HostLimitsResponse;
import dev.l4lab.probe.v1.ListSocketsRequest;
import dev.l4lab.probe.v1.ListSocketsResponse;
import dev.l4lab.probe.v1.ProbeServiceGrpc;
import dev.l4lab.probe.v1.ScanEvent;
import dev.l4lab.probe.v1.ScanRequest;
import dev.l4lab.probe.v1.SocketSummaryRequest;
import dev.l4lab.probe.v1.SocketSummaryResponse;
import dev.l4lab.probe.v1.TcpProbeRequest;
import dev.l4lab.probe.v1.TcpProbeResult;
import dev.l4lab.probe.v1.UdpProbeRequest;
import dev.l4lab.probe.v1.UdpProbeResult;
import dev.l4lab.probe.v1.WatchEvent;
import dev.l4lab.probe.v1.WatchRequest;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;

/**
 * The gRPC face of {@link ProbeOperations}. Plain grpc-java service (not Quarkus' Mutiny binding) so the
 * streams follow gRPC flow control ({@link StreamBridge}) and malformed requests are INVALID_ARGUMENT
 * ({@link StrictRequests}); auth and rate limits are in {@link GuardInterceptor}.
 */
@GrpcService
@RegisterInterceptor(GuardInterceptor.class)
public class ProbeGrpcService extends ProbeServiceGrpc.ProbeServiceImplBase {

    private final ProbeOperations ops;
    private final Calls calls;

    public ProbeGrpcService(ProbeOperations ops, Calls calls) {
        this.ops = ops;
        this.calls = calls;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return StrictRequests.wrap(super.bindService(),
                rpc -> calls.refused(rpc, ProbeException.invalid("body", "malformed request")));
    }

    private static String client() {
        String client = GuardInterceptor.CLIENT.get();
        return client == null ? "unknown" : client;
    }

    @Override
    public void tcpProbe(TcpProbeRequest request, StreamObserver<TcpProbeResult> response) {
        StreamBridge.unary(ops.tcpProbe(client(), () -> request), response);
    }

    @Override
    public void udpProbe(UdpProbeRequest request, StreamObserver<UdpProbeResult> response) {
        StreamBridge.unary(ops.udpProbe(client(), () -> request), response);
    }

    @Override
    public void scan(ScanRequest request, StreamObserver<ScanEvent> response) {
        StreamBridge.stream(ops.scan(client(), () -> request), response);
    }

    @Override
    public void watch(WatchRequest request, StreamObserver<WatchEvent> response) {
        StreamBridge.stream(ops.watch(client(), () -> request), response);
    }

    @Override
    public void listSockets(ListSocketsRequest request, StreamObserver<ListSocketsResponse> response) {
        StreamBridge.unary(ops.listSockets(client(), () -> request), response);
    }

    @Override
    public void socketSummary(SocketSummaryRequest request, StreamObserver<SocketSummaryResponse> response) {
        StreamBridge.unary(ops.socketSummary(client()), response);
    }

    @Override
    public void hostLimits(HostLimitsRequest request, StreamObserver<HostLimitsResponse> response) {
        StreamBridge.unary(ops.hostLimits(client()), response);
    }

    @Override
    public void churn(ChurnRequest request, StreamObserver<ChurnResponse> response) {
        StreamBridge.unary(ops.churn(client(), () -> request), response);
    }
}
