package dev.l4lab.echo.api;

/** A REST error: HTTP status, the offending field, and what is wrong. */
public class ApiException extends RuntimeException {

    private final int status;
    private final String field;

    public ApiException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, field, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, null, message);
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
