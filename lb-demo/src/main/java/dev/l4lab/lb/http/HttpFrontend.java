package dev.l4lab.lb.http;

import dev.l4lab.lb.frontend.DeployedFrontend;
import dev.l4lab.lb.frontend.Protocol;
import dev.l4lab.lb.pool.Pool;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An L7 HTTP frontend (HTTP/1.1 and h2c): one {@link HttpListener} per event loop sharing the port, each
 * balancing every request over the pool with Vert.x's reverse proxy. Stats: active = open client connections,
 * total = requests, no_backend = 503s.
 *
 * <p>Descriptors: at most max-connections client connections (counted from accept, so silent and slow clients
 * count too; the one over is closed at once), and backend connections plus requests in flight stay under
 * max-connections as well (a request over it gets 503): 2 x max-connections at most.
 */
public final class HttpFrontend extends DeployedFrontend {

    private final HttpSettings settings;
    private final HttpRequestMetrics.ForFrontend metrics;
    private final AtomicInteger backendConnections = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();

    public HttpFrontend(Vertx vertx, String name, String bindHost, int port, Pool pool, HttpSettings settings,
            HttpRequestMetrics metrics, int eventLoops) {
        super(vertx, name, bindHost, port, pool, settings.maxConnections(), eventLoops, false);
        this.settings = settings;
        this.metrics = metrics.forFrontend(name);
    }

    @Override
    protected Verticle newListener() {
        return new HttpListener(this);
    }

    /** Counts a client connection if under max-connections; false means: close it. */
    boolean admit() {
        return stats().admit(settings.maxConnections());
    }

    void connectionClosed() {
        stats().active.decrementAndGet();
    }

    /** A request may go to a backend: backend connections plus requests in flight stay under the limit. */
    boolean admitRequest() {
        int cur;
        do {
            cur = inFlight.get();
            if (cur + backendConnections.get() >= settings.maxConnections()) {
                return false;
            }
        } while (!inFlight.compareAndSet(cur, cur + 1));
        return true;
    }

    void requestEnded() {
        inFlight.decrementAndGet();
    }

    void backendConnectionOpened() {
        backendConnections.incrementAndGet();
    }

    void backendConnectionClosed() {
        backendConnections.decrementAndGet();
    }

    HttpSettings settings() {
        return settings;
    }

    HttpRequestMetrics.ForFrontend metrics() {
        return metrics;
    }

    @Override
    public Protocol protocol() {
        return Protocol.HTTP;
    }
}
