package dev.l4lab.probe.error;

/**
 * A request the service refuses. Carries its gRPC status / HTTP status and, for bad input, the field
 * (JSON name) that is wrong; the message starts with that field name. Every package throws it, so it
 * depends on nothing.
 */
public class ProbeException extends RuntimeException {

    public enum Kind {
        INVALID_ARGUMENT(400),
        UNAUTHENTICATED(401),
        PERMISSION_DENIED(403),
        RESOURCE_EXHAUSTED(429),
        UNAVAILABLE(503),
        INTERNAL(500);

        public final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }
    }

    private final Kind kind;
    private final String field;

    public ProbeException(Kind kind, String field, String message) {
        super(message, null, false, false);
        this.kind = kind;
        this.field = field;
    }

    /** Bad input: "field: message", naming the field. */
    public static ProbeException invalid(String field, String message) {
        return new ProbeException(Kind.INVALID_ARGUMENT, field, field + ": " + message);
    }

    public static ProbeException denied(String message) {
        return new ProbeException(Kind.PERMISSION_DENIED, null, message);
    }

    public static ProbeException exhausted(String message) {
        return new ProbeException(Kind.RESOURCE_EXHAUSTED, null, message);
    }

    public static ProbeException unauthenticated(String message) {
        return new ProbeException(Kind.UNAUTHENTICATED, null, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The JSON (lowerCamel) name of the offending field, or null. */
    public String field() {
        return field;
    }
}
