package dev.l4lab.lb.tcp;

import dev.l4lab.lb.frontend.ConnectionsView;
import dev.l4lab.lb.frontend.DeployedFrontend;
import dev.l4lab.lb.frontend.Protocol;
import dev.l4lab.lb.frontend.TcpConnectionView;
import dev.l4lab.lb.net.AcceptBalancer;
import dev.l4lab.lb.net.BackendConnector;
import dev.l4lab.lb.net.LoopConnections;
import dev.l4lab.lb.net.SharedListener;
import dev.l4lab.lb.net.SocketFactory;
import dev.l4lab.lb.pool.Pool;
import io.netty.channel.Channel;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP frontend: one {@link TcpListener} per event loop, all watching one listening socket. At max-connections a
 * new connection is accepted and closed at once (the client sees EOF before any byte), and counted as a drop.
 */
public final class TcpFrontend extends DeployedFrontend {

    private final TcpSettings settings;
    private final SocketFactory sockets;
    private final SharedListener listener;
    private final RelayBudget relayBudget;
    private final AcceptBalancer balancer = new AcceptBalancer();
    private final Map<Long, TcpSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    public TcpFrontend(Vertx vertx, String name, String bindHost, int port, Pool pool, TcpSettings settings,
            RelayBudget relayBudget, int eventLoops) {
        this(vertx, SocketFactory.of(vertx), name, bindHost, port, pool, settings, relayBudget, eventLoops);
    }

    private TcpFrontend(Vertx vertx, SocketFactory sockets, String name, String bindHost, int port, Pool pool,
            TcpSettings settings, RelayBudget relayBudget, int eventLoops) {
        // Several loops can share the listening socket only on epoll (also for port 0: it is one socket).
        super(vertx, name, bindHost, port, pool, settings.maxConnections(), sockets.epoll() ? eventLoops : 1, true);
        this.settings = settings;
        this.sockets = sockets;
        this.relayBudget = relayBudget;
        this.listener = new SharedListener(new InetSocketAddress(bindHost, port), sockets);
    }

    @Override
    protected Verticle newListener() {
        return new TcpListener(this);
    }

    TcpSettings settings() {
        return settings;
    }

    SocketFactory sockets() {
        return sockets;
    }

    SharedListener listener() {
        return listener;
    }

    AcceptBalancer balancer() {
        return balancer;
    }

    /** Counts the connection if under max-connections; false means: close it. */
    boolean admit() {
        if (!stats().admit(settings.maxConnections())) {
            return false;
        }
        stats().total.incrementAndGet();
        return true;
    }

    TcpSession newSession(Channel client, BackendConnector connector, LoopConnections<TcpSession> owner) {
        TcpSession s = new TcpSession(ids.incrementAndGet(), this, client, connector, owner, relayBudget.lend());
        sessions.put(s.id(), s);
        return s;
    }

    void sessionEnded(TcpSession s, RelayBuffers buffers) {
        if (sessions.remove(s.id()) != null) {
            relayBudget.giveBack(buffers);
            stats().active.decrementAndGet();
        }
    }

    @Override
    public ConnectionsView connections() {
        List<TcpConnectionView> out = new ArrayList<>(sessions.size());
        sessions.values().forEach(s -> out.add(s.view()));
        return ConnectionsView.tcp(out);
    }

    @Override
    public List<Integer> connectionsPerLoop() {
        return balancer.connectionsPerLoop();
    }

    @Override
    public Protocol protocol() {
        return Protocol.TCP;
    }
}
