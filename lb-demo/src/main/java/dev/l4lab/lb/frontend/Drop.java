package dev.l4lab.lb.frontend;

/**
 * Why a frontend refused a connection or dropped a datagram (the {@code reason} of lb_frontend_dropped). A TCP or
 * L7 frontend counts connections (and L7 503s), a UDP frontend counts datagrams.
 */
public enum Drop {
    /** At max-connections (TCP, L7) or max-sessions (UDP, a datagram from a new client). */
    LIMIT("limit"),
    /** No backend could take it: none UP, all full, or every connect attempt failed. */
    NO_BACKEND("no_backend"),
    /** UDP: a datagram on a session's socket from an address the session never sent to. */
    FOREIGN_SOURCE("foreign_source"),
    /** UDP: a new client over udp.new-sessions-per-second. */
    SESSION_RATE("session_rate"),
    /** UDP: no socket for a new session (out of descriptors), or a send the kernel refused. */
    SOCKET_ERROR("socket_error"),
    /** UDP: waiting for its backend's name to resolve, with the wait queue full. */
    QUEUE_FULL("queue_full"),
    /** UDP: dropped by the kernel because the frontend socket's receive buffer was full (/proc/net/udp drops). */
    RECEIVE_BUFFER("receive_buffer"),
    /** L7: the request's header block was not complete within request-header-timeout. */
    HEADER_TIMEOUT("header_timeout"),
    /** L7: no room for another backend connection (the frontend's descriptor budget). */
    BACKEND_CONNECTIONS("backend_connections"),
    /** L7: a request that cannot be framed safely (400: smuggling inputs, bad syntax, a head over its limits). */
    BAD_REQUEST("bad_request");

    private final String reason;

    Drop(String reason) {
        this.reason = reason;
    }

    /** The metric tag and JSON key. */
    public String reason() {
        return reason;
    }
}
