package dev.l4lab.lb.tcp;

/**
 * Where a proxied connection is: connecting to a backend, relaying both ways, one direction finished (its FIN
 * passed on) or both, or closed. The label is what GET /connections shows.
 */
enum SessionState {
    CONNECTING("connecting"),
    ESTABLISHED("established"),
    /** The client's FIN was passed to the server; the server may still send. */
    CLIENT_FIN("client-fin"),
    /** The server's FIN was passed to the client; the client may still send. */
    SERVER_FIN("server-fin"),
    /** Both FINs were passed on; waiting for the last bytes to leave. */
    CLOSING("closing"),
    CLOSED("closed");

    private final String label;

    SessionState(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The state once the FIN that {@code from} sent has been passed to the other side. */
    SessionState afterFinFrom(Side from) {
        return switch (this) {
            case ESTABLISHED -> from == Side.CLIENT ? CLIENT_FIN : SERVER_FIN;
            case CLIENT_FIN -> from == Side.SERVER ? CLOSING : this;
            case SERVER_FIN -> from == Side.CLIENT ? CLOSING : this;
            default -> this;
        };
    }

    /** The FIN that {@code from} sent has been passed to the other side. */
    boolean forwardedFinOf(Side from) {
        return this == CLOSING || this == (from == Side.CLIENT ? CLIENT_FIN : SERVER_FIN);
    }

    /** The inactivity timeout that applies now (HAProxy: timeout client/server, client-fin, server-fin). */
    long timeoutMs(TcpSettings s) {
        return switch (this) {
            case SERVER_FIN, CLOSING -> s.clientFinTimeoutMs();
            case CLIENT_FIN -> s.serverFinTimeoutMs();
            default -> s.idleTimeoutMs();
        };
    }
}
