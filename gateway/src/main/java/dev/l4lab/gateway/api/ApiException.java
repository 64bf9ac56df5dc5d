package dev.l4lab.gateway.api;

/**
 * A request the gateway cannot serve, with the HTTP status that says why and, for bad input, the field.
 * Mapped to {"error": ..., "field": ...} by the REST layer.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String field;

    public ApiException(int status, String message, String field) {
        super(message);
        this.status = status;
        this.field = field;
    }

    /** 400: the request names something wrong; {@code field} says which part. */
    public static ApiException badInput(String field, String message) {
        return new ApiException(400, message, field);
    }

    public static ApiException notFound(String field, String message) {
        return new ApiException(404, message, field);
    }

    /** 422: well-formed, but the kernel (or its tool) refused it; the previous state stays in force. */
    public static ApiException kernelRefused(String field, String message) {
        return new ApiException(422, message, field);
    }

    /** 429: a bounded resource (kernel work queue, capture slots) is full; try again shortly. */
    public static ApiException busy(String message) {
        return new ApiException(429, message, null);
    }

    /** 501: this kernel lacks the feature (for example tc netem). */
    public static ApiException unsupported(String field, String message) {
        return new ApiException(501, message, field);
    }

    /** 503: the gateway is not (yet) configuring the kernel: not ready, or refusing to. */
    public static ApiException unavailable(String message) {
        return new ApiException(503, message, null);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
