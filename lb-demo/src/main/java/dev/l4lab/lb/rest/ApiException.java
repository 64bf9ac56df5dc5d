package dev.l4lab.lb.rest;

/**
 * A REST error: the HTTP status, the offending input field (null when no single field is at fault) and what is
 * wrong. {@link ApiErrorMappers} turns it into {@code {"error": ..., "field": ...}}.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String field;

    public ApiException(int status, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, field, message);
    }

    public static ApiException notFound(String field, String message) {
        return new ApiException(404, field, message);
    }

    public static ApiException conflict(String field, String message) {
        return new ApiException(409, field, message);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }
}
