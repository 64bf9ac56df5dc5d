package dev.l4lab.lb.http;

import dev.l4lab.lb.pool.Backend;
import java.util.HashSet;
import java.util.Set;

/** One proxied request's state, shared by the origin picker and the interceptor. Event-loop confined. */
final class Exchange {

    static final String KEY = "l4lab.exchange";

    final long startNanos = System.nanoTime();
    /** Backends whose connect failed (not tried again for this request). */
    final Set<Backend> tried = new HashSet<>(4);
    int attempts;
    /** The backend holding this request (acquired in the pool), or null. */
    Backend backend;
    /** The backend named by the sticky cookie, if the client sent one. */
    String cookieBackend;
    /** Counted in the frontend's requests in flight (given back when the exchange finishes). */
    boolean holdsRequestSlot;
    private boolean finished;

    void holding(Backend b) {
        backend = b;
    }

    void connectFailed(Backend b) {
        tried.add(b);
        b.release();
        backend = null;
    }

    /** Releases the backend's in-flight slot once; true the first time. */
    boolean finish() {
        if (finished) {
            return false;
        }
        finished = true;
        if (backend != null) {
            backend.release();
        }
        return true;
    }
}
