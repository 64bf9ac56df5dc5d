package dev.l4lab.probe.support;

import dev.l4lab.probe.v1.ProbeServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import java.net.URL;
import java.util.concurrent.TimeUnit;

/** Plain grpc-java channels to the service under test (HTTP and gRPC share the test port). */
public final class GrpcClients {

    private GrpcClients() {
    }

    public static ManagedChannel channel(URL testUrl) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", testUrl.getPort()).usePlaintext().build();
    }

    public static ProbeServiceGrpc.ProbeServiceBlockingStub stub(ManagedChannel channel) {
        return ProbeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    public static ProbeServiceGrpc.ProbeServiceBlockingStub stub(ManagedChannel channel, String bearer) {
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + bearer);
        return stub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
    }

    public static void close(ManagedChannel channel) throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
