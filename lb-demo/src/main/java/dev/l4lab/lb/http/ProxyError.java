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
        String reason = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
        return new ProxyError(502, who + ": " + reason);
    }
}
