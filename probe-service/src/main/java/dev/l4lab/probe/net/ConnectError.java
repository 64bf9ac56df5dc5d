package dev.l4lab.probe.net;

import dev.l4lab.probe.v1.PortState;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.util.Locale;

/** Why a connect (or a read on a fresh connection) failed, by errno, with its nmap state and reason word. */
public enum ConnectError {
    ECONNREFUSED(PortState.CLOSED, FailureReason.REFUSED),
    TIMEOUT(PortState.FILTERED, FailureReason.TIMEOUT),
    ECONNRESET(PortState.ERROR, FailureReason.RESET),
    EHOSTUNREACH(PortState.UNREACHABLE, FailureReason.UNREACHABLE),
    ENETUNREACH(PortState.UNREACHABLE, FailureReason.UNREACHABLE),
    EADDRNOTAVAIL(PortState.ERROR, FailureReason.NO_EPHEMERAL_PORT),
    EMFILE(PortState.ERROR, FailureReason.LOCAL_LIMIT),
    OTHER(PortState.ERROR, FailureReason.OTHER);

    public final PortState state;
    public final FailureReason reason;

    ConnectError(PortState state, FailureReason reason) {
        this.state = state;
        this.reason = reason;
    }

    /** Classifies JDK and Netty connect exceptions by type and by the kernel's strerror text. */
    public static ConnectError classify(Throwable t) {
        String name = t.getClass().getName();
        String msg = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        // strerror texts first: the JDK reports EADDRNOTAVAIL on connect as
        // "NoRouteToHostException: Cannot assign requested address", which is port exhaustion, not routing.
        if (msg.contains("cannot assign requested address")) {
            return EADDRNOTAVAIL;
        }
        if (msg.contains("too many open files")) {
            return EMFILE;
        }
        if (msg.contains("refused")) {
            return ECONNREFUSED;
        }
        if (msg.contains("connection reset")) {
            return ECONNRESET;
        }
        if (msg.contains("network is unreachable")) {
            return ENETUNREACH;
        }
        if (t instanceof NoRouteToHostException || msg.contains("no route to host") || msg.contains("host is unreachable")) {
            return EHOSTUNREACH;
        }
        if (t instanceof SocketTimeoutException || name.endsWith("ConnectTimeoutException") || msg.contains("timed out")) {
            return TIMEOUT;
        }
        if (t instanceof ConnectException && t.getCause() != null && t.getCause() != t) {
            return classify(t.getCause());
        }
        return OTHER;
    }

    /** Short, stable error text for results (no stack, no Netty address annotations). */
    public static String describe(Throwable t) {
        String m = t.getMessage();
        if (m == null) {
            return t.getClass().getSimpleName();
        }
        int colon = m.indexOf(": /");
        return colon > 0 ? m.substring(0, colon) : m;
    }
}
