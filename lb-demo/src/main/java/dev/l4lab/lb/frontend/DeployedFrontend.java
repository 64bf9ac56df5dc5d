package dev.l4lab.lb.frontend;

import dev.l4lab.lb.pool.Pool;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * A frontend served by one listener verticle per event loop, all sharing the port (Vert.x spreads accepted
 * connections over them). Holds what every such frontend has: identity, pool, stats, bound port, deployment.
 */
public abstract class DeployedFrontend implements Frontend {

    protected final Vertx vertx;
    private final String name;
    private final String bindHost;
    private final int configuredPort;
    private final Pool pool;
    private final int instances;
    private final FrontendStats stats = new FrontendStats();
    private volatile int boundPort = -1;
    private volatile String deploymentId;

    protected DeployedFrontend(Vertx vertx, String name, String bindHost, int port, Pool pool, int eventLoops) {
        this.vertx = vertx;
        this.name = name;
        this.bindHost = bindHost;
        this.configuredPort = port;
        this.pool = pool;
        // Port 0 cannot be shared by several listeners (each would get its own port).
        this.instances = port == 0 ? 1 : Math.max(1, eventLoops);
    }

    /** A new listener verticle; called once per instance. */
    protected abstract Verticle newListener();

    @Override
    public Future<Void> start() {
        Supplier<Verticle> listeners = this::newListener;
        return vertx.deployVerticle(listeners, new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> deploymentId = id)
                .mapEmpty();
    }

    @Override
    public Future<Void> stop() {
        String id = deploymentId;
        deploymentId = null;
        return id == null ? Future.succeededFuture() : vertx.undeploy(id);
    }

    /** Listeners report their bound port here (the real one when configured as 0). */
    public void bound(int port) {
        boundPort = port;
    }

    public int configuredPort() {
        return configuredPort;
    }

    /** The start-up failure of a listener, naming the config key. */
    public IllegalStateException cannotListen(Throwable e) {
        return new IllegalStateException("lb.frontends." + name + ": cannot listen on " + bindHost + ":"
                + configuredPort + " (" + e.getMessage() + ")", e);
    }

    @Override
    public String name() {
        return name;
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
