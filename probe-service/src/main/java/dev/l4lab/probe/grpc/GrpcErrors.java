package dev.l4lab.probe.grpc;

import dev.l4lab.probe.api.ProbeException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** ProbeException to gRPC status; anything unexpected becomes INTERNAL without leaking internals. */
final class GrpcErrors {

    private GrpcErrors() {
    }

    static Throwable toStatus(Throwable t) {
        if (t instanceof StatusRuntimeException) {
            return t;
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
        return Status.INTERNAL.withDescription("internal error: " + t.getClass().getSimpleName()).asRuntimeException();
    }
}
