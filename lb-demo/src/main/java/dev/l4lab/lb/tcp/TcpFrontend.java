package dev.l4lab.lb.tcp;

import dev.l4lab.lb.frontend.DeployedFrontend;
import dev.l4lab.lb.pool.Pool;
import io.netty.channel.Channel;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP frontend: one {@link TcpListener} per event loop sharing the port. At max-connections a new connection
 * is accepted and closed at once (the client sees EOF before any byte), and counted in rejectedAtLimit.
 */
public final class TcpFrontend extends DeployedFrontend {

    private final TcpSettings settings;
    private final Map<Long, TcpSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    public TcpFrontend(Vertx vertx, String name, String bindHost, int port, Pool pool, TcpSettings settings,
            int eventLoops) {
        // One listener per loop binds the port with SO_REUSEPORT, which needs the epoll transport.
        super(vertx, name, bindHost, port, pool, TcpListener.epoll(vertx) ? eventLoops : 1);
        this.settings = settings;
    }

    @Override
    protected Verticle newListener() {
        return new TcpListener(this);
    }

    TcpSettings settings() {
        return settings;
    }

    /** Counts the connection if under max-connections; false means: close it. */
    boolean admit() {
        if (!stats().admit(settings.maxConnections())) {
            return false;
        }
        stats().total.incrementAndGet();
        return true;
    }

    TcpSession newSession(Channel client, BackendConnector connector, Set<TcpSession> owner) {
        TcpSession s = new TcpSession(ids.incrementAndGet(), this, client, connector, owner);
        sessions.put(s.id(), s);
        return s;
    }

    void sessionEnded(TcpSession s) {
        if (sessions.remove(s.id()) != null) {
            stats().active.decrementAndGet();
        }
    }

    public List<TcpConnectionView> connections() {
        List<TcpConnectionView> out = new ArrayList<>(sessions.size());
        sessions.values().forEach(s -> out.add(s.view()));
        return out;
    }

    @Override
    public String protocol() {
        return "tcp";
    }
}
