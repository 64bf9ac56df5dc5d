package dev.l4lab.lb.http;

import dev.l4lab.lb.net.BackendConnector;
import dev.l4lab.lb.pool.Backend;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One event loop's kept-alive backend connections, per backend: a request takes an idle one (the most recently
 * used, whose socket is warmest) or connects a new one on this loop, and gives it back when its response is
 * complete. At most {@link HttpLimits#POOL_IDLE_PER_BACKEND} wait per backend; one idle for
 * {@link HttpLimits#POOL_IDLE_MS}, or whose backend left the pool, is closed by {@link #sweep}. Every connection
 * counts against the frontend's descriptor budget from its connect until its close. Event-loop confined.
 */
final class BackendPool {

    private final HttpFrontend frontend;
    private final BackendConnector connector;
    private final EventLoop loop;
    private final Map<Backend, ArrayDeque<BackendConnection>> idle = new HashMap<>();
    /** How many wait in {@link #idle} (read by the other loops, see {@link HttpFrontend#admitRequest}). */
    private final AtomicInteger idleCount = new AtomicInteger();

    BackendPool(HttpFrontend frontend, BackendConnector connector, EventLoop loop) {
        this.frontend = frontend;
        this.connector = connector;
        this.loop = loop;
    }

    EventLoop loop() {
        return loop;
    }

    /** Idle connections of this loop now (any thread: a snapshot). */
    int idleCount() {
        return idleCount.get();
    }

    /** An idle connection to {@code b} that is still open, or null. */
    BackendConnection idle(Backend b) {
        ArrayDeque<BackendConnection> q = idle.get(b);
        if (q == null) {
            return null;
        }
        for (BackendConnection c; (c = q.pollLast()) != null; ) {
            idleCount.decrementAndGet();
            if (c.reusable()) {
                return c;
            }
            close(c);
        }
        return null;
    }

    /** Connects a new connection to {@code b} for {@code ex}; the outcome goes to the exchange. */
    void connect(Backend b, Exchange ex) {
        BackendConnection c = new BackendConnection(this, b);
        ChannelFuture f;
        try {
            f = connector.connect(b.address().socketAddress(), ch -> {
                HttpLimits.applyTo(ch.config());
                ch.pipeline().addLast("codec", new HttpClientCodec(HttpLimits.decoder(), false, false));
                ch.pipeline().addLast("backend", c);
            });
        } catch (ChannelException noSocket) {
            ex.connectFailed(b, noSocket); // socket(2) failed, EMFILE most likely
            return;
        }
        frontend.backendConnectionOpened();
        f.addListener(done -> {
            if (done.isSuccess()) {
                b.reportConnectSuccess();
                ex.connected(c);
            } else {
                close(c);
                ex.connectFailed(b, done.cause());
            }
        });
    }

    /** The exchange is done with {@code c}: back to the pool if its response was complete and it may be reused. */
    void release(BackendConnection c, boolean complete) {
        if (!complete || !c.reusable() || !c.backend().eligible()) {
            close(c);
            return;
        }
        ArrayDeque<BackendConnection> q = idle.computeIfAbsent(c.backend(), k -> new ArrayDeque<>());
        if (q.size() >= HttpLimits.POOL_IDLE_PER_BACKEND) {
            close(c);
            return;
        }
        c.idle();
        q.addLast(c);
        idleCount.incrementAndGet();
    }

    void closed(BackendConnection c) {
        if (c.uncount()) {
            frontend.backendConnectionClosed();
        }
        ArrayDeque<BackendConnection> q = idle.get(c.backend());
        if (q != null && q.remove(c)) {
            idleCount.decrementAndGet();
        }
    }

    /**
     * Closes the connection idle longest, if any: an idle connection is only a cache, and it holds a share of the
     * frontend's budget that a request may need (see {@link HttpFrontend#admitRequest}).
     */
    boolean closeOldestIdle() {
        BackendConnection oldest = null;
        for (ArrayDeque<BackendConnection> q : idle.values()) {
            BackendConnection c = q.peekFirst();
            if (c != null && (oldest == null || c.idleSinceNanos - oldest.idleSinceNanos < 0)) {
                oldest = c;
            }
        }
        if (oldest == null) {
            return false;
        }
        close(oldest);
        return true;
    }

    private void close(BackendConnection c) {
        c.forget();
        closed(c);
        if (c.channel() != null) {
            c.channel().close();
        }
    }

    /** Closes connections idle too long or to backends that may not take requests now. */
    void sweep() {
        long now = System.nanoTime();
        long maxIdle = TimeUnit.MILLISECONDS.toNanos(HttpLimits.POOL_IDLE_MS);
        Iterator<Map.Entry<Backend, ArrayDeque<BackendConnection>>> it = idle.entrySet().iterator();
        List<BackendConnection> expired = new ArrayList<>();
        while (it.hasNext()) {
            Map.Entry<Backend, ArrayDeque<BackendConnection>> e = it.next();
            boolean eligible = e.getKey().eligible();
            for (BackendConnection c : e.getValue()) {
                if (!eligible || now - c.idleSinceNanos > maxIdle) {
                    expired.add(c);
                }
            }
        }
        expired.forEach(this::close);
        idle.values().removeIf(ArrayDeque::isEmpty);
    }

    void closeAll() {
        List<BackendConnection> all = new ArrayList<>();
        idle.values().forEach(all::addAll);
        all.forEach(this::close);
        idle.clear();
    }
}
