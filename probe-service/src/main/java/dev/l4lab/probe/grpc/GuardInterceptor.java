package dev.l4lab.probe.grpc;

import dev.l4lab.probe.api.ProbeException;
import dev.l4lab.probe.guard.AccessGuard;
import dev.l4lab.probe.metrics.ProbeMetrics;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Bearer token and per-client rate limit for ProbeService calls (health and reflection stay open). */
@ApplicationScoped
public class GuardInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final AccessGuard guard;
    private final ProbeMetrics metrics;

    public GuardInterceptor(AccessGuard guard, ProbeMetrics metrics) {
        this.guard = guard;
        this.metrics = metrics;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        try {
            guard.admit(clientOf(call), headers.get(AUTHORIZATION));
        } catch (ProbeException e) {
            StatusRuntimeException s = (StatusRuntimeException) GrpcErrors.toStatus(e);
            metrics.call(call.getMethodDescriptor().getBareMethodName(), e.kind().name(), System.nanoTime());
            Metadata trailers = new Metadata();
            if (e.kind() == ProbeException.Kind.UNAUTHENTICATED) {
                trailers.put(Metadata.Key.of("www-authenticate", Metadata.ASCII_STRING_MARSHALLER), "Bearer");
            }
            call.close(s.getStatus(), trailers);
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }

    static String clientOf(ServerCall<?, ?> call) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return remote == null ? "unknown" : remote.toString();
    }

}
