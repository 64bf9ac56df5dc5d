package dev.l4lab.lb.tcp;

import dev.l4lab.lb.pool.Backend;
import dev.l4lab.lb.pool.Pool;
import dev.l4lab.lb.pool.ProxyProtocolMode;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.NetSocketInternal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One proxied client connection. Lives on the client's event loop; the backend socket is opened from
 * the same loop so both sides share it and no locking is needed. Fields read by the admin API are volatile.
 */
final class TcpSession {

    private static final Logger LOG = Logger.getLogger(TcpSession.class);

    private final long id;
    private final TcpFrontend frontend;
    private final NetSocket client;
    private final NetClient connector;
    private final Set<TcpSession> owner;
    private final Set<Backend> tried = new HashSet<>(4);
    private static final int MAX_EARLY_BYTES = 64 * 1024;
    /** Backpressure bounds per direction: at most ~256 KiB queued in the LB for a slow reader. */
    private static final int WRITE_LOW = 128 * 1024;
    private static final int WRITE_HIGH = 256 * 1024;

    private final List<Object> earlyData = new ArrayList<>(2);
    private int earlyBytes;
    private boolean earlyPaused;
    private final String clientText;
    private final long startedMillis = System.currentTimeMillis();

    private volatile Backend backend;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile String phase = "connecting";
    private NetSocket server;
    private int attempts;
    private long lastActivityNanos = System.nanoTime();
    private boolean clientFinSeen;
    private boolean clientFinForwarded;
    private boolean serverFinForwarded;
    private int finsFlushed;
    private boolean closed;

    TcpSession(long id, TcpFrontend frontend, NetSocket client, NetClient connector, Set<TcpSession> owner) {
        this.owner = owner;
        this.id = id;
        this.frontend = frontend;
        this.client = client;
        this.connector = connector;
        SocketAddress remote = client.remoteAddress();
        this.clientText = remote.hostAddress() + ":" + remote.port();
    }

    long id() {
        return id;
    }

    void start() {
        HalfClose.enable(client);
        HalfClose.writeBufferBounds(client, WRITE_LOW, WRITE_HIGH);
        // Bytes (and a FIN) arriving before the backend is connected wait here, in order. Past
        // MAX_EARLY_BYTES reading stops until the backend is connected (not toggling autoRead for the
        // common case saves two epoll_ctl calls per connection).
        ((NetSocketInternal) client).messageHandler(msg -> {
            if (server == null && !closed) {
                earlyData.add(msg);
                if (msg instanceof ByteBuf buf && (earlyBytes += buf.readableBytes()) >= MAX_EARLY_BYTES) {
                    HalfClose.autoRead(client, false);
                    earlyPaused = true;
                }
            } else {
                relay(msg, client, (NetSocketInternal) server, true);
            }
        });
        ((NetSocketInternal) client).eventHandler(event -> {
            if (HalfClose.isFin(event)) {
                onClientFin();
            }
        });
        client.closeHandler(v -> onSocketClosed());
        client.exceptionHandler(e -> LOG.debugf("client %s: %s", clientText, e.getMessage()));
        connectNext();
    }

    private void connectNext() {
        if (closed) {
            return;
        }
        Pool pool = frontend.pool();
        Optional<Backend> picked = pool.acquire(client.remoteAddress().hostAddress(), tried);
        if (picked.isEmpty()) {
            frontend.stats().noBackend.incrementAndGet();
            LOG.debugf("%s: no backend available for %s after %d attempt(s)", frontend.name(), clientText, attempts);
            close();
            return;
        }
        Backend b = picked.get();
        tried.add(b);
        attempts++;
        connector.connect(b.address().port(), b.address().host()).onComplete(ar -> {
            if (ar.failed()) {
                b.release();
                b.reportConnectFailure(pool.health().passiveFall(), String.valueOf(ar.cause().getMessage()));
                if (attempts <= frontend.settings().retries()) {
                    connectNext();
                } else {
                    frontend.stats().noBackend.incrementAndGet();
                    close();
                }
                return;
            }
            b.reportConnectSuccess();
            if (closed) {
                b.release();
                ar.result().close();
                return;
            }
            onConnected(b, ar.result());
        });
    }

    private void onConnected(Backend b, NetSocket s) {
        this.backend = b;
        this.server = s;
        this.phase = "established";
        HalfClose.enable(s);
        HalfClose.writeBufferBounds(s, WRITE_LOW, WRITE_HIGH);
        writeProxyHeader(s);
        NetSocketInternal backendSide = (NetSocketInternal) s;
        backendSide.messageHandler(msg -> relay(msg, s, (NetSocketInternal) client, false));
        for (Object early : earlyData) {
            relay(early, client, backendSide, true);
        }
        earlyData.clear();
        ((NetSocketInternal) s).eventHandler(event -> {
            if (HalfClose.isFin(event)) {
                onServerFin();
            }
        });
        s.closeHandler(v -> onSocketClosed());
        s.exceptionHandler(e -> LOG.debugf("backend %s: %s", b.name(), e.getMessage()));
        touch();
        if (earlyPaused) {
            HalfClose.autoRead(client, true);
        }
        if (clientFinSeen) {
            onClientFin(); // after the early data, as on the wire
        }
    }

    /**
     * Passes a raw Netty buffer from one side to the other without copying (Vert.x's Buffer path would copy
     * every read into a heap buffer); Netty releases it once written.
     */
    private void relay(Object msg, NetSocket from, NetSocketInternal to, boolean upstream) {
        if (!(msg instanceof ByteBuf buf) || closed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        int n = buf.readableBytes();
        to.writeMessage(buf, null);
        if (upstream) {
            bytesIn += n;
            backend.addBytesIn(n);
            frontend.stats().bytesIn.add(n);
        } else {
            bytesOut += n;
            backend.addBytesOut(n);
            frontend.stats().bytesOut.add(n);
        }
        touch();
        if (to.writeQueueFull()) {
            // Backpressure: stop reading this side until the other side's buffer drains.
            HalfClose.autoRead(from, false);
            to.drainHandler(v -> HalfClose.autoRead(from, true));
        }
    }

    private void writeProxyHeader(NetSocket s) {
        ProxyProtocolMode mode = frontend.pool().proxyProtocol();
        if (mode == ProxyProtocolMode.NONE) {
            return;
        }
        try {
            InetSocketAddress src = inet(client.remoteAddress());
            InetSocketAddress dst = inet(client.localAddress());
            s.write(Buffer.buffer(mode == ProxyProtocolMode.V1 ? ProxyHeader.v1(src, dst) : ProxyHeader.v2(src, dst)));
        } catch (UnknownHostException e) {
            LOG.warnf("cannot build PROXY header for %s: %s", clientText, e.getMessage());
        }
    }

    private static InetSocketAddress inet(SocketAddress a) throws UnknownHostException {
        // hostAddress() is an IP literal: no DNS lookup happens here
        return new InetSocketAddress(InetAddress.getByName(a.hostAddress()), a.port());
    }

    private void onClientFin() {
        if (server == null) {
            clientFinSeen = true;
            return;
        }
        if (clientFinForwarded || closed) {
            return;
        }
        clientFinForwarded = true;
        phase = serverFinForwarded ? "closing" : "client-fin";
        touch();
        HalfClose.shutdownOutputAfterFlush(server, this::finFlushed);
    }

    private void onServerFin() {
        if (serverFinForwarded || closed) {
            return;
        }
        serverFinForwarded = true;
        phase = clientFinForwarded ? "closing" : "server-fin";
        touch();
        HalfClose.shutdownOutputAfterFlush(client, this::finFlushed);
    }

    private void finFlushed() {
        if (++finsFlushed == 2) {
            close();
        }
    }

    private void touch() {
        lastActivityNanos = System.nanoTime();
    }

    /** Called by the listener's sweep on the same event loop. */
    void closeIfIdle(long nowNanos) {
        TcpSettings s = frontend.settings();
        long limitMs = serverFinForwarded ? s.clientFinTimeoutMs()
                : clientFinForwarded ? s.serverFinTimeoutMs() : s.idleTimeoutMs();
        if (server != null && (nowNanos - lastActivityNanos) / 1_000_000 >= limitMs) {
            LOG.debugf("%s: closing %s after %d ms without traffic (%s)", frontend.name(), clientText, limitMs, phase);
            frontend.stats().idleClosed.incrementAndGet();
            close();
        }
    }

    private void onSocketClosed() {
        close();
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        phase = "closed";
        earlyData.forEach(ReferenceCountUtil::release);
        earlyData.clear();
        client.close();
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.release();
        }
        owner.remove(this);
        frontend.sessionEnded(this);
    }

    TcpConnectionView view() {
        Backend b = backend;
        return new TcpConnectionView(clientText, frontend.name(), b == null ? null : b.name(), phase, bytesIn, bytesOut,
                System.currentTimeMillis() - startedMillis);
    }
}
