package dev.l4lab.echo.connections;

/** Why a new TCP connection was accepted by the kernel and closed at once; the label is the metric's reason. */
public enum Refusal {
    /** echo.limits.max-connections (or the derived limit) reached. */
    MAX_CONNECTIONS("max-connections"),
    /** The maxConnections fault is lower than the limit and was reached. */
    FAULT_CAP("fault-cap"),
    /** The service is shutting down and takes no new connections. */
    SHUTTING_DOWN("shutting-down");

    private final String label;

    Refusal(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
