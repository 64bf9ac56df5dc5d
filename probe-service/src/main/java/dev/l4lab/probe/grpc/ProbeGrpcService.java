package dev.l4lab.probe.grpc;

import dev.l4lab.probe.api.ProbeOperations;
import dev.l4lab.probe.v1.ChurnRequest;
import dev.l4lab.probe.v1.ChurnResponse;
import dev.l4lab.probe.v1.HostLimitsRequest;
import dev.l4lab.probe.v1.HostLimitsResponse;
import dev.l4lab.probe.v1.ListSocketsRequest;
import dev.l4lab.probe.v1.ListSocketsResponse;
import dev.l4lab.probe.v1.ProbeService;
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
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** The gRPC face of {@link ProbeOperations}; auth and rate limits are in {@link GuardInterceptor}. */
@GrpcService
@RegisterInterceptor(GuardInterceptor.class)
public class ProbeGrpcService implements ProbeService {

    private final ProbeOperations ops;

    public ProbeGrpcService(ProbeOperations ops) {
        this.ops = ops;
    }

    @Override
    public Uni<TcpProbeResult> tcpProbe(TcpProbeRequest request) {
        return ops.tcpProbe(request).onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<UdpProbeResult> udpProbe(UdpProbeRequest request) {
        return ops.udpProbe(request).onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Multi<ScanEvent> scan(ScanRequest request) {
        return ops.scan(request).onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Multi<WatchEvent> watch(WatchRequest request) {
        return ops.watch(request).onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<ListSocketsResponse> listSockets(ListSocketsRequest request) {
        return ops.listSockets(request).onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<SocketSummaryResponse> socketSummary(SocketSummaryRequest request) {
        return ops.socketSummary().onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<HostLimitsResponse> hostLimits(HostLimitsRequest request) {
        return ops.hostLimits().onFailure().transform(GrpcErrors::toStatus);
    }

    @Override
    public Uni<ChurnResponse> churn(ChurnRequest request) {
        return ops.churn(request).onFailure().transform(GrpcErrors::toStatus);
    }
}
