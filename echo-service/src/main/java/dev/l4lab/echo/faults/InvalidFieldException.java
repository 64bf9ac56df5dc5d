package dev.l4lab.echo.faults;

/** Bad REST input; mapped to 400 {"error":..., "field":...}. */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
