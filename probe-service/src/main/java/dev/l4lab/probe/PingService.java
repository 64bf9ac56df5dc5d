package dev.l4lab.probe;

import dev.l4lab.probe.v1.PingReply;
import dev.l4lab.probe.v1.PingRequest;
import dev.l4lab.probe.v1.ProbeService;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

@GrpcService
public class PingService implements ProbeService {
    @Override
    public Uni<PingReply> ping(PingRequest request) {
        return Uni.createFrom().item(PingReply.newBuilder().setMessage("pong").build());
    }
}
