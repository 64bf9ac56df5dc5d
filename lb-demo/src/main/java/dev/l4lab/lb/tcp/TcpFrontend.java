package dev.l4lab.lb.tcp;

import dev.l4lab.lb.frontend.Frontend;
import dev.l4lab.lb.frontend.FrontendStats;
import dev.l4lab.lb.pool.Pool;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP frontend: one {@link TcpListener} per event loop sharing the port (Vert.x spreads accepted
 * connections over them). At max-connections a new connection is accepted and closed at once
 * (the client sees EOF before any byte), and counted in rejectedAtLimit.
 */
public final class TcpFrontend implements Frontend {

    private final Vertx vertx;
    private final String name;
    private final String bindHost;
    private final int configuredPort;
    private final Pool pool;
    private final TcpSettings settings;
    private final int instances;
    private final FrontendStats stats = new FrontendStats();
    private final Map<Long, TcpSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile int boundPort = -1;
    private volatile String deploymentId;

    public TcpFrontend(Vertx vertx, String name, String bindHost, int port, Pool pool, TcpSettings settings,
            int eventLoops) {
        this.vertx = vertx;
        this.name = name;
        this.bindHost = bindHost;
        this.configuredPort = port;
        this.pool = pool;
        this.settings = settings;
        // Port 0 cannot be shared by several listeners (each would get its own port).
        this.instances = port == 0 ? 1 : Math.max(1, eventLoops);
    }

    @Override
    public Future<Void> start() {
        return vertx.deployVerticle(() -> new TcpListener(this), new DeploymentOptions().setInstances(instances))
                .onSuccess(id -> deploymentId = id)
                .mapEmpty();
    }

    @Override
    public Future<Void> stop() {
        String id = deploymentId;
        deploymentId = null;
        return id == null ? Future.succeededFuture() : vertx.undeploy(id);
    }

    void bound(int port) {
        boundPort = port;
    }

    int configuredPort() {
        return configuredPort;
    }

    TcpSettings settings() {
        return settings;
    }

    /** Counts the connection if under the limit; false means: close it. */
    boolean admit() {
        long cur;
        do {
            cur = stats.active.get();
            if (cur >= settings.maxConnections()) {
                stats.rejectedAtLimit.incrementAndGet();
                return false;
            }
        } while (!stats.active.compareAndSet(cur, cur + 1));
        stats.total.incrementAndGet();
        return true;
    }

    TcpSession newSession(NetSocket client, io.vertx.core.net.NetClient connector, java.util.Set<TcpSession> owner) {
        TcpSession s = new TcpSession(ids.incrementAndGet(), this, client, connector, owner);
        sessions.put(s.id(), s);
        return s;
    }

    void sessionEnded(TcpSession s) {
        if (sessions.remove(s.id()) != null) {
            stats.active.decrementAndGet();
        }
    }

    public List<TcpConnectionView> connections() {
        List<TcpConnectionView> out = new ArrayList<>(sessions.size());
        sessions.values().forEach(s -> out.add(s.view()));
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String protocol() {
        return "tcp";
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
