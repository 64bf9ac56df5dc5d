package dev.l4lab.lb.http;

import dev.l4lab.lb.frontend.ConnectionsView;
import dev.l4lab.lb.frontend.DeployedFrontend;
import dev.l4lab.lb.frontend.HttpConnectionView;
import dev.l4lab.lb.frontend.Protocol;
import dev.l4lab.lb.net.AcceptBalancer;
import dev.l4lab.lb.net.SharedListener;
import dev.l4lab.lb.net.SocketFactory;
import dev.l4lab.lb.pool.Pool;
import io.vertx.core.Verticle;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An L7 HTTP frontend (HTTP/1.1 and h2c): one {@link HttpListener} per event loop, all watching one listening
 * socket as the TCP frontends do, each balancing every request (every h2c stream) over the pool. Stats:
 * active = open client connections, total = requests, no_backend = 503s.
 *
 * <p>Descriptors: at most max-connections client connections (counted from accept, so silent and slow clients
 * count too; the one over is closed at once), and backend connections plus requests in flight stay under
 * max-connections as well (a request over it gets 503): 2 x max-connections at most.
 */
public final class HttpFrontend extends DeployedFrontend {

    private final HttpSettings settings;
    private final SocketFactory sockets;
    private final SharedListener listener;
    private final AcceptBalancer balancer = new AcceptBalancer();
    private final Set<ClientConnection> open = ConcurrentHashMap.newKeySet();
    private final HttpRequestMetrics.ForFrontend metrics;
    private final AtomicInteger backendConnections = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Every loop's pool of kept-alive backend connections. */
    private final List<BackendPool> pools = new CopyOnWriteArrayList<>();

    public HttpFrontend(Vertx vertx, String name, String bindHost, int port, Pool pool, HttpSettings settings,
            HttpRequestMetrics metrics, int eventLoops) {
        this(vertx, SocketFactory.of(vertx), name, bindHost, port, pool, settings, metrics, eventLoops);
    }

    private HttpFrontend(Vertx vertx, SocketFactory sockets, String name, String bindHost, int port, Pool pool,
            HttpSettings settings, HttpRequestMetrics metrics, int eventLoops) {
        // Several loops can share the listening socket only on epoll (also for port 0: it is one socket).
        super(vertx, name, bindHost, port, pool, settings.maxConnections(), sockets.epoll() ? eventLoops : 1, true);
        this.settings = settings;
        this.sockets = sockets;
        this.listener = new SharedListener(new InetSocketAddress(bindHost, port), sockets);
        this.metrics = metrics.forFrontend(name);
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

    void opened(ClientConnection c) {
        open.add(c);
    }

    void closed(ClientConnection c) {
        if (open.remove(c)) {
            stats().active.decrementAndGet();
        }
    }

    @Override
    public ConnectionsView connections() {
        List<HttpConnectionView> rows = new ArrayList<>(open.size());
        open.forEach(c -> rows.add(c.view()));
        return ConnectionsView.http(rows);
    }

    @Override
    public List<Integer> connectionsPerLoop() {
        return balancer.connectionsPerLoop();
    }

    @Override
    protected Verticle newListener() {
        return new HttpListener(this);
    }

    /** Counts a client connection if under max-connections; false means: close it. */
    boolean admit() {
        return stats().admit(settings.maxConnections());
    }

    void addPool(BackendPool p) {
        pools.add(p);
    }

    void removePool(BackendPool p) {
        pools.remove(p);
    }

    /**
     * A request may go to a backend: backend connections plus requests in flight stay under the limit. Idle
     * kept-alive connections count too, but they are only a cache: at the limit this loop's idle ones are closed,
     * oldest first, to make room (without that, connections left idle by earlier requests would refuse every request
     * until they expire).
     */
    boolean admitRequest(BackendPool local) {
        while (!admitRequest()) {
            if (!local.closeOldestIdle()) {
                return false;
            }
        }
        return true;
    }

    /**
     * At the limit with idle connections only on other loops: one of them closes its oldest ones until one more
     * request fits, then {@code retry} runs on {@code local}'s loop. False: no other loop has one (refused).
     */
    boolean shedIdleElsewhere(BackendPool local, Runnable retry) {
        for (BackendPool p : pools) {
            if (p != local && p.idleCount() > 0) {
                p.loop().execute(() -> {
                    while (!roomForRequest() && p.closeOldestIdle()) {
                        // one by one, oldest first
                    }
                    local.loop().execute(retry);
                });
                return true;
            }
        }
        return false;
    }

    /** Loops whose pools {@link #shedIdleElsewhere} may ask, one after the other, for one request. */
    int loops() {
        return pools.size();
    }

    private boolean roomForRequest() {
        return inFlight.get() + backendConnections.get() < settings.maxConnections();
    }

    private boolean admitRequest() {
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
