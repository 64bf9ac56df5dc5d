package dev.l4lab.probe.support;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

/** Sends arbitrary bytes as a gRPC request body: what a broken or hostile client puts on the wire. */
public final class RawGrpc {

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    private RawGrpc() {
    }

    /** Calls ProbeService/{@code method} (unary) with {@code body}; returns the status the server closed with. */
    public static StatusRuntimeException call(ManagedChannel channel, String method, byte[] body) {
        MethodDescriptor<byte[], byte[]> md = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("l4lab.probe.v1.ProbeService/" + method)
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
        try {
            ClientCalls.blockingUnaryCall(channel, md, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), body);
            return null;
        } catch (StatusRuntimeException e) {
            return e;
        }
    }
}
