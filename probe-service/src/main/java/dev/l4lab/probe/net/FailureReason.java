package dev.l4lab.probe.net;

/**
 * Why a probe failed, in one short word each, the same in every result (gRPC, REST and the /probe
 * metrics): what an SRE would write in an alert.
 */
public enum FailureReason {
    /** RST to our SYN (TCP), or ICMP port unreachable (UDP): nothing listens. */
    REFUSED("refused"),
    /** No answer before the deadline (SYN dropped, datagram unanswered, read timed out). */
    TIMEOUT("timeout"),
    /** The peer reset an established connection (ECONNRESET). */
    RESET("reset"),
    /** ICMP host or network unreachable (EHOSTUNREACH, ENETUNREACH). */
    UNREACHABLE("unreachable"),
    /** The name did not resolve. */
    DNS("dns"),
    /** This host ran out of file descriptors (EMFILE, ENFILE). */
    LOCAL_LIMIT("local-limit"),
    /** No free local port toward the target (EADDRNOTAVAIL: ephemeral ports exhausted). */
    NO_EPHEMERAL_PORT("no-ephemeral-port"),
    /** The answer did not match the expected regex. */
    REGEX("regex"),
    /** Anything else; the error text says what. */
    OTHER("other");

    public final String word;

    FailureReason(String word) {
        this.word = word;
    }

    @Override
    public String toString() {
        return word;
    }
}
