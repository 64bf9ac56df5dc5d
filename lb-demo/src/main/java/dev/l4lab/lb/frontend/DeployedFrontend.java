package dev.l4lab.lb.frontend;

import dev.l4lab.lb.pool.Pool;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * A frontend served by one listener verticle per event loop, all sharing the port. Adds the deployment to
 * what every frontend has.
 */
public abstract class DeployedFrontend extends BaseFrontend {

    protected final Vertx vertx;
    private final int instances;
    private volatile String deploymentId;

    /**
     * @param oneSocket the listeners share one socket; else each binds its own, and port 0 gets one listener
     *                  (each would get a port of its own)
     */
    protected DeployedFrontend(Vertx vertx, String name, String bindHost, int port, Pool pool, int limit,
            int eventLoops, boolean oneSocket) {
        super(name, bindHost, port, pool, limit);
        this.vertx = vertx;
        this.instances = port == 0 && !oneSocket ? 1 : Math.max(1, eventLoops);
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

    @Override
    public boolean bound() {
        return super.bound() && deploymentId != null;
    }
}
