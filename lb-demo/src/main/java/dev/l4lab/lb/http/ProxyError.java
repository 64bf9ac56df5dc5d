package dev.l4lab.lb.http;

import java.util.concurrent.TimeoutException;

/**
 * Why a request could not be proxied, as the status the client gets: 503 no backend available,
 * 502 connect failure or reset, 504 the backend did not answer in time. The message names the backend.
 */
public final class ProxyError extends RuntimeException {

    private final int status;

    public ProxyError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ProxyError noBackend(String pool) {
        return new ProxyError(503, "no backend available in pool " + pool + " (all DOWN, MAINT, DRAINING or full)");
    }

    public static ProxyError connectFailed(String backend, String reason, int attempts) {
        return new ProxyError(502, "backend " + backend + ": connect failed: " + reason
                + (attempts > 1 ? " (after " + attempts + " attempts)" : ""));
    }

    /** A failure after the request went to {@code backend} (null if none was reached). */
    public static ProxyError classify(Throwable err, String backend, long timeoutMs) {
        if (err instanceof ProxyError pe) {
            return pe;
        }
        String who = backend == null ? "backend" : "backend " + backend;
        if (err instanceof TimeoutException) {
            return new ProxyError(504, who + ": no response within " + timeoutMs + " ms");
        }
        return new ProxyError(502, who + ": " + reason(err));
    }

    /** Netty's socket errors in the words of the wire ("finishConnect(..) failed ... Connection refused" = RST). */
    public static String reason(Throwable err) {
        String m = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
        String lower = m.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("connection refused")) {
            return "connection refused (RST: nothing listening)";
        }
        if (lower.contains("connection reset")) {
            return "connection reset by the backend";
        }
        if (lower.contains("connection timed out") || err.getClass().getSimpleName().equals("ConnectTimeoutException")
                || (err instanceof TimeoutException && lower.contains("connect"))) {
            return "connect timeout (" + m + ")";
        }
        if (lower.contains("connection was closed") || lower.contains("closed")) {
            return "the backend closed the connection before answering";
        }
        return m;
    }
}
