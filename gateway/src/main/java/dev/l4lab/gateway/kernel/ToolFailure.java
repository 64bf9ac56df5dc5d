package dev.l4lab.gateway.kernel;

/** A kernel tool failed (non-zero exit, timeout, or it could not be started); carries the tool's message. */
public class ToolFailure extends RuntimeException {

    private final ToolRun result;

    public ToolFailure(ToolRun result) {
        super(result.failureText());
        this.result = result;
    }

    public ToolFailure(String message, Throwable cause) {
        super(message, cause);
        this.result = null;
    }

    /** The run that failed, or null when the tool could not be started at all. */
    public ToolRun result() {
        return result;
    }
}
