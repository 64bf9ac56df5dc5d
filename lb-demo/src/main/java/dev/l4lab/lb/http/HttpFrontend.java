package dev.l4lab.lb.http;

import dev.l4lab.lb.frontend.Frontend;
import dev.l4lab.lb.frontend.FrontendStats;
import dev.l4lab.lb.pool.Pool;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * An L7 HTTP frontend (HTTP/1.1 and h2c): one {@link HttpListener} per event loop sharing the port, each
 * balancing every request over the pool with Vert.x's reverse proxy. At max-connections a new client
 * connection is closed at once. Stats: active = open client connections, total = requests,
 * noBackend = 503s.
 */
public final class HttpFrontend implements Frontend {

    private final Vertx vertx;
    private final String name;
    private final String bindHost;
    private final int configuredPort;
    private final Pool pool;
    private final HttpSettings settings;
    private final HttpRequestMetrics.ForFrontend metrics;
    private final int instances;
    private final FrontendStats stats = new FrontendStats();
    private volatile int boundPort = -1;
    private volatile String deploymentId;

    public HttpFrontend(Vertx vertx, String name, String bindHost, int port, Pool pool, HttpSettings settings,
            HttpRequestMetrics metrics, int eventLoops) {
        this.vertx = vertx;
        this.name = name;
        this.bindHost = bindHost;
        this.configuredPort = port;
        this.pool = pool;
        this.settings = settings;
        this.metrics = metrics.forFrontend(name);
        // Port 0 cannot be shared by several listeners (each would get its own port).
        this.instances = port == 0 ? 1 : Math.max(1, eventLoops);
    }

    @Override
    public Future<Void> start() {
        return vertx.deployVerticle(() -> new HttpListener(this), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> deploymentId = id)
                .mapEmpty();
    }

    @Override
    public Future<Void> stop() {
        String id = deploymentId;
        deploymentId = null;
        return id == null ? Future.succeededFuture() : vertx.undeploy(id);
    }

    /** Counts a client connection if under max-connections; false means: close it. */
    boolean admit() {
        return stats.admit(settings.maxConnections());
    }

    void bound(int port) {
        boundPort = port;
    }

    int configuredPort() {
        return configuredPort;
    }

    HttpSettings settings() {
        return settings;
    }

    HttpRequestMetrics.ForFrontend metrics() {
        return metrics;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String protocol() {
        return "http";
    }

    @Override
    public String bindHost() {
        return bindHost;
    }

    @Override
    public int port() {
        return boundPort;
    }

    @Override
    public boolean bound() {
        return boundPort > 0 && deploymentId != null;
    }

    @Override
    public Pool pool() {
        return pool;
    }

    @Override
    public FrontendStats stats() {
        return stats;
    }
}
