package dev.l4lab.probe.grpc;

import dev.l4lab.probe.error.ProbeException;
import dev.l4lab.probe.guard.AccessGuard;
import dev.l4lab.probe.guard.Calls;
import dev.l4lab.probe.net.AddressText;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Bearer token and per-client rate limit for ProbeService calls (health and reflection stay open), and
 * the client's address for the per-client concurrency cap, handed to the service in the gRPC Context.
 */
@ApplicationScoped
public class GuardInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Context.Key<String> CLIENT = Context.key("probe-client");

    private final AccessGuard guard;
    private final Calls calls;

    public GuardInterceptor(AccessGuard guard, Calls calls) {
        this.guard = guard;
        this.calls = calls;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        String client = clientOf(call);
        try {
            guard.admit(client, headers.get(AUTHORIZATION));
        } catch (ProbeException e) {
            calls.refused(call.getMethodDescriptor().getBareMethodName(), e);
            Metadata trailers = new Metadata();
            if (e.kind() == ProbeException.Kind.UNAUTHENTICATED) {
                trailers.put(Metadata.Key.of("www-authenticate", Metadata.ASCII_STRING_MARSHALLER), "Bearer");
            }
            call.close(GrpcErrors.toStatus(e).getStatus(), trailers);
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(CLIENT, client), call, headers, next);
    }

    static String clientOf(ServerCall<?, ?> call) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return AddressText.of(inet.getAddress());
        }
        return "unknown";
    }
}
