package dev.l4lab.lb.http;

import dev.l4lab.lb.frontend.Drop;
import dev.l4lab.lb.net.ConnectFailure;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Why a request could not be proxied, as the status the client gets: 503 no backend available,
 * 502 connect failure or reset, 504 the backend did not answer in time. The message names the backend.
 */
public final class ProxyError extends RuntimeException {

    private final int status;
    private final Drop drop;

    public ProxyError(int status, String message) {
        this(status, message, null);
    }

    private ProxyError(int status, String message, Drop drop) {
        super(message, null, false, false);
        this.status = status;
        this.drop = drop;
    }

    public int status() {
        return status;
    }

    /** The frontend refused the request itself (counted under this reason), or null. */
    public Drop drop() {
        return drop;
    }

    public static ProxyError noBackend(String pool) {
        return new ProxyError(503, "no backend available in pool " + pool + " (all DOWN, MAINT, DRAINING or full)",
                Drop.NO_BACKEND);
    }

    public static ProxyError backendConnections(String frontend, int limit) {
        return new ProxyError(503, "frontend " + frontend + " is at its limit of backend connections and requests in "
                + "flight (" + limit + ", max-connections)", Drop.BACKEND_CONNECTIONS);
    }

    /** The request's body could not be decoded (a bad chunk size line): it is never ended on the backend. */
    public static ProxyError badRequestBody(Throwable cause) {
        return new ProxyError(400, "bad request body: " + cause.getMessage(), Drop.BAD_REQUEST);
    }

    /** "backend 10.0.0.1:80: connect refused: Connection refused", with the reason word after "connect". */
    public static ProxyError connectFailed(String backend, Throwable err, int attempts) {
        return new ProxyError(502, "backend " + backend + ": " + ConnectFailure.summary(err)
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

    /** Netty's socket errors after the connect, in the words of the wire. */
    private static String reason(Throwable err) {
        String m = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
        String lower = m.toLowerCase(Locale.ROOT);
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
