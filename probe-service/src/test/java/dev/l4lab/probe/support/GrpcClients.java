package dev.l4lab.probe.support;

import dev.l4lab.probe.v1.ProbeServiceGrpc;
import io.grpc.Attributes;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URL;
import java.util.concurrent.TimeUnit;

/** Plain grpc-java channels to the service under test (HTTP and gRPC share the test port). */
public final class GrpcClients {

    private GrpcClients() {
    }

    public static ManagedChannel channel(URL testUrl) {
        return channel(testUrl.getPort());
    }

    public static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /**
     * A channel whose connections come from {@code source} (any 127/8 address reaches lo): the service sees
     * another client, with its own rate-limit bucket and concurrency share.
     */
    public static ManagedChannel channelFrom(InetAddress source, int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().localSocketPicker(from(source)).build();
    }

    /** A client that reads slowly or not at all: small HTTP/2 windows, so the server sees it at once. */
    public static ManagedChannel nonReadingChannelFrom(InetAddress source, int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().flowControlWindow(65_535)
                .localSocketPicker(from(source)).build();
    }

    private static NettyChannelBuilder.LocalSocketPicker from(InetAddress source) {
        return new NettyChannelBuilder.LocalSocketPicker() {
            @Override
            public InetSocketAddress createSocketAddress(SocketAddress remote, Attributes attrs) {
                return new InetSocketAddress(source, 0);
            }
        };
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
