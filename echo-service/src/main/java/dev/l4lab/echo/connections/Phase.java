package dev.l4lab.echo.connections;

import java.util.Locale;

/** Where a TCP connection is in its life, as /connections shows it. */
public enum Phase {
    /** Waiting for the PROXY header (nothing is echoed yet). */
    PROXY_HEADER,
    /** Serving. */
    OPEN,
    /** The client sent FIN; what it sent is still being echoed (CLOSE-WAIT on our side). */
    CLIENT_FIN,
    /** The service is shutting down: finishing what was sent, then closing. */
    DRAINING;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
