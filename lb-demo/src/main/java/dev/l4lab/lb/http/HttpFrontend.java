package dev.l4lab.lb.http;

import dev.l4lab.lb.frontend.DeployedFrontend;
import dev.l4lab.lb.pool.Pool;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;

/**
 * An L7 HTTP frontend (HTTP/1.1 and h2c): one {@link HttpListener} per event loop sharing the port, each
 * balancing every request over the pool with Vert.x's reverse proxy. At max-connections a new client
 * connection is closed at once. Stats: active = open client connections, total = requests,
 * noBackend = 503s.
 */
public final class HttpFrontend extends DeployedFrontend {

    private final HttpSettings settings;
    private final HttpRequestMetrics.ForFrontend metrics;

    public HttpFrontend(Vertx vertx, String name, String bindHost, int port, Pool pool, HttpSettings settings,
            HttpRequestMetrics metrics, int eventLoops) {
        super(vertx, name, bindHost, port, pool, eventLoops);
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

    HttpSettings settings() {
        return settings;
    }

    HttpRequestMetrics.ForFrontend metrics() {
        return metrics;
    }

    @Override
    public String protocol() {
        return "http";
    }
}
