package dev.l4lab.probe.grpc;

import dev.l4lab.probe.error.ProbeException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.jboss.logging.Logger;

/** ProbeException to gRPC status; anything unexpected becomes INTERNAL without leaking internals. */
final class GrpcErrors {

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(Throwable t) {
        if (t instanceof StatusRuntimeException s) {
            return s;
        }
        if (t instanceof ProbeException p) {
            Status status = switch (p.kind()) {
                case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
                case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
                case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
                case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
                case UNAVAILABLE -> Status.UNAVAILABLE;
                case INTERNAL -> Status.INTERNAL;
            };
            return status.withDescription(p.getMessage()).asRuntimeException();
        }
        LOG.error("unexpected error in a gRPC call", t);
        return Status.INTERNAL.withDescription("internal error: " + t.getClass().getSimpleName()).asRuntimeException();
    }
}
