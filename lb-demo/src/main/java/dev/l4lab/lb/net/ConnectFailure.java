package dev.l4lab.lb.net;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Why a connect to a backend failed, in the reason words probe-service uses for its probes (its README, "Why a
 * probe failed: the reason words"), so one word means one thing across the lab: in lb-demo's metrics labels, the
 * admin API, health-check results and 502 bodies as in probe results. Classified by errno (the JDK's and Netty's
 * exception types and the kernel's strerror text), never by timing.
 */
public enum ConnectFailure {
    /** ECONNREFUSED: RST to our SYN, nothing listens there. */
    REFUSED("refused"),
    /** No answer before the connect timeout: the SYN (or its answer) was dropped. */
    TIMEOUT("timeout"),
    /** ECONNRESET: the backend reset the connection. */
    RESET("reset"),
    /** EHOSTUNREACH, ENETUNREACH: ICMP host or network unreachable. */
    UNREACHABLE("unreachable"),
    /** The backend's name did not resolve. */
    DNS("dns"),
    /** EMFILE, ENFILE: lb-demo ran out of file descriptors. */
    LOCAL_LIMIT("local-limit"),
    /** EADDRNOTAVAIL: no free local port toward the backend (ephemeral ports exhausted). */
    NO_EPHEMERAL_PORT("no-ephemeral-port"),
    /** Anything else; the error text says what. */
    OTHER("other");

    /** Netty's annotation of the peer at the end of a message: ": /10.0.0.1:9000" or ": echo-1/10.0.0.1:9000". */
    private static final Pattern PEER_SUFFIX = Pattern.compile(": [^\\s/]*/[0-9A-Fa-f.:%\\[\\]]+:\\d+$");

    private final String word;

    ConnectFailure(String word) {
        this.word = word;
    }

    /** The reason word: a metric label, a JSON key, the word in an error text. */
    public String word() {
        return word;
    }

    @Override
    public String toString() {
        return word;
    }

    /** Classifies JDK, Netty and Vert.x exceptions (and their causes) by type and by the kernel's strerror text. */
    public static ConnectFailure classify(Throwable t) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 8; c = c.getCause() == c ? null : c.getCause(), depth++) {
            ConnectFailure f = classifyOne(c);
            if (f != OTHER) {
                return f;
            }
        }
        return OTHER;
    }

    private static ConnectFailure classifyOne(Throwable t) {
        String msg = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        // strerror texts first: the JDK reports EADDRNOTAVAIL on connect as
        // "NoRouteToHostException: Cannot assign requested address", which is port exhaustion, not routing.
        if (msg.contains("cannot assign requested address")) {
            return NO_EPHEMERAL_PORT;
        }
        if (msg.contains("too many open files")) {
            return LOCAL_LIMIT;
        }
        if (msg.contains("connection refused")) {
            return REFUSED;
        }
        if (msg.contains("connection reset")) {
            return RESET;
        }
        if (msg.contains("network is unreachable") || msg.contains("no route to host")
                || msg.contains("host is unreachable") || t instanceof NoRouteToHostException) {
            return UNREACHABLE;
        }
        if (t instanceof UnknownHostException || t.getClass().getName().startsWith("io.netty.resolver.dns.")
                || msg.contains("failed to resolve")) {
            return DNS;
        }
        // Vert.x's HTTP client reports its connect timeout as a TimeoutException ("The timeout of 300 ms has been
        // exceeded when getting a connection to ...")
        if (t instanceof SocketTimeoutException || t instanceof TimeoutException
                || t.getClass().getSimpleName().equals("ConnectTimeoutException") || msg.contains("timed out")) {
            return TIMEOUT;
        }
        if (t instanceof ConnectException && msg.contains("refused")) {
            return REFUSED;
        }
        return OTHER;
    }

    /** The error text for people: no stack, and no peer annotation (the text is shown next to the backend). */
    public static String describe(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return t.getClass().getSimpleName();
        }
        return PEER_SUFFIX.matcher(m).replaceFirst("");
    }

    /** "connect refused: Connection refused": the word first (what to grep for), then the errno text. */
    public static String summary(Throwable t) {
        return "connect " + classify(t).word + ": " + describe(t);
    }
}
