package dev.l4lab.lb.tcp;

import dev.l4lab.lb.pool.Backend;
import dev.l4lab.lb.pool.BackendAddress;
import dev.l4lab.lb.pool.Pool;
import dev.l4lab.lb.pool.ProxyProtocolMode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One proxied client connection. Lives on the client channel's event loop; the backend channel is connected
 * on the same loop, so both sides share it and no locking is needed. Fields read by the admin API are volatile.
 */
final class TcpSession {

    private static final Logger LOG = Logger.getLogger(TcpSession.class);
    private static final int MAX_EARLY_BYTES = 64 * 1024;

    private final long id;
    private final TcpFrontend frontend;
    private final Channel client;
    private final BackendConnector connector;
    private final LoopSessions owner;
    private final Set<Backend> tried = new HashSet<>(4);
    private final List<Object> earlyData = new ArrayList<>(2);
    private final InetSocketAddress clientAddress;
    private final String clientIp;
    private final long startedMillis = System.currentTimeMillis();

    private volatile Backend backend;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile String phase = "connecting";
    private Channel server;
    private int earlyBytes;
    private int attempts;
    private long lastActivityNanos = System.nanoTime();
    private boolean clientFinSeen;
    private boolean clientFinForwarded;
    private boolean serverFinForwarded;
    private int finsFlushed;
    private boolean closed;
    private final DeferredFlush toServer = new DeferredFlush();
    private final DeferredFlush toClient = new DeferredFlush();

    TcpSession(long id, TcpFrontend frontend, Channel client, BackendConnector connector, LoopSessions owner) {
        this.id = id;
        this.frontend = frontend;
        this.client = client;
        this.connector = connector;
        this.owner = owner;
        this.clientAddress = (InetSocketAddress) client.remoteAddress();
        this.clientIp = clientAddress.getAddress().getHostAddress();
    }

    long id() {
        return id;
    }

    void start() {
        client.pipeline().addLast(SessionSide.NAME, new SessionSide(this, true));
        connectNext();
    }

    private void connectNext() {
        if (closed) {
            return;
        }
        Pool pool = frontend.pool();
        Optional<Backend> picked = pool.acquire(clientIp, tried);
        if (picked.isEmpty()) {
            frontend.stats().noBackend.incrementAndGet();
            LOG.debugf("%s: no backend available for %s after %d attempt(s)", frontend.name(), clientText(), attempts);
            close();
            return;
        }
        Backend b = picked.get();
        tried.add(b);
        attempts++;
        ChannelFuture connect = connector.connect(socketAddress(b.address()), new SessionSide(this, false));
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                b.release();
                b.reportConnectFailure(pool.health().passiveFall(), String.valueOf(f.cause().getMessage()));
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
                connect.channel().close();
                return;
            }
            onConnected(b, connect.channel());
        });
    }

    /**
     * IP literals go straight to the socket; names stay unresolved so Netty resolves them on every connect
     * through Vert.x's asynchronous, TTL-respecting resolver (docker service names that move are followed).
     */
    private static InetSocketAddress socketAddress(BackendAddress a) {
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(a.host());
        if (ip != null) {
            try {
                return new InetSocketAddress(InetAddress.getByAddress(ip), a.port());
            } catch (java.net.UnknownHostException impossible) {
                // a 4- or 16-byte array is always accepted
            }
        }
        return InetSocketAddress.createUnresolved(a.host(), a.port());
    }

    private void onConnected(Backend b, Channel s) {
        this.backend = b;
        this.server = s;
        this.phase = "established";
        writeProxyHeader(s);
        for (Object early : earlyData) {
            relay(early, client, s, true);
        }
        earlyData.clear();
        s.flush();
        touch();
        if (earlyBytes >= MAX_EARLY_BYTES && !clientFinSeen) {
            client.config().setAutoRead(true);
        }
        if (clientFinSeen) {
            fin(true); // after the early data, as on the wire
        }
    }

    boolean isBackend(Channel ch) {
        return ch == server;
    }

    void read(boolean fromClient, Object msg) {
        if (!fromClient) {
            relay(msg, server, client, false);
        } else if (server == null && !closed) {
            // Bytes (and a FIN) arriving before the backend is connected wait here, in order. Past
            // MAX_EARLY_BYTES reading stops until the backend is connected.
            earlyData.add(msg);
            if (msg instanceof ByteBuf buf && (earlyBytes += buf.readableBytes()) >= MAX_EARLY_BYTES) {
                client.config().setAutoRead(false);
            }
        } else {
            relay(msg, client, server, true);
        }
    }

    /**
     * One flush per read batch, not per buffer, and not at once: after the other events of this epoll wake-up.
     * When the peer's FIN arrived with the bytes (EPOLLIN|EPOLLRDHUP), Netty reads it in a second batch of the
     * same wake-up, and forwardFin() then sends the bytes and our FIN in one segment.
     */
    void readComplete(boolean fromClient) {
        Channel to = fromClient ? server : client;
        if (to != null) {
            (fromClient ? toServer : toClient).request(to);
        }
    }

    /** Passes Netty's pooled buffer from one side to the other without copying; Netty releases it once written. */
    private void relay(Object msg, Channel from, Channel to, boolean upstream) {
        if (!(msg instanceof ByteBuf buf) || closed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        int n = buf.readableBytes();
        to.write(buf, to.voidPromise());
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
        if (!to.isWritable()) {
            // Backpressure: stop reading this side until the other side's buffer drains below its low mark.
            // (autoRead off before the flush: a flush that drains at once fires the writable event that resumes)
            from.config().setAutoRead(false);
            to.flush();
        }
    }

    void writabilityChanged(boolean clientSide, boolean writable) {
        Channel reader = clientSide ? server : client;
        boolean readerFinished = clientSide ? serverFinForwarded : clientFinSeen || clientFinForwarded;
        if (writable && reader != null && !closed && !readerFinished) {
            reader.config().setAutoRead(true);
        }
    }

    private void writeProxyHeader(Channel s) {
        ProxyProtocolMode mode = frontend.pool().proxyProtocol();
        if (mode == ProxyProtocolMode.NONE) {
            return;
        }
        InetSocketAddress dst = (InetSocketAddress) client.localAddress();
        byte[] header = mode == ProxyProtocolMode.V1 ? ProxyHeader.v1(clientAddress, dst) : ProxyHeader.v2(clientAddress, dst);
        s.write(Unpooled.wrappedBuffer(header), s.voidPromise());
    }

    void fin(boolean fromClient) {
        stopReading(fromClient ? client : server);
        if (fromClient) {
            onClientFin();
        } else {
            onServerFin();
        }
    }

    /**
     * After a side's FIN there is nothing left to read on it, but Netty would re-arm reading: an epoll_ctl, a
     * recv(2) that returns 0 and another epoll_ctl per connection. With half-closure off Netty stops at once.
     */
    private static void stopReading(Channel side) {
        side.config().setAutoRead(false);
        side.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
    }

    /**
     * A side went inactive. Once our FIN to it has been flushed its half-closure is off (see {@link #forwardFin}),
     * so Netty closes it when its own FIN arrives instead of a shutdown(SHUT_RD) that fails with ENOTCONN (and a
     * NotYetConnectedException): that is its FIN, and the other side still gets everything read before it.
     * Resets and errors reach {@link #failed} first, which closes the session.
     */
    void inactive(boolean clientSide) {
        boolean finSentToIt = clientSide ? serverFinForwarded : clientFinForwarded;
        if (finSentToIt && finsFlushed > 0 && !closed) {
            fin(clientSide);
        } else {
            close();
        }
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
        forwardFin(server);
    }

    private void onServerFin() {
        if (serverFinForwarded || closed) {
            return;
        }
        serverFinForwarded = true;
        phase = clientFinForwarded ? "closing" : "server-fin";
        touch();
        forwardFin(client);
    }

    /**
     * Passes a FIN on after everything before it. When the other direction has already finished (its FIN
     * flushed), both peers have sent FIN and nothing is left unread, so closing both sockets sends this FIN too:
     * one shutdown(2) and one Netty ChannelOutputShutdownException fewer per connection.
     */
    private void forwardFin(Channel to) {
        HalfClose.coalesceWithFin(to);
        if (finsFlushed == 1) {
            HalfClose.afterFlush(to, this::close);
        } else {
            HalfClose.shutdownOutputAfterFlush(to, () -> {
                to.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false); // its FIN now ends it: see inactive()
                finFlushed();
            });
        }
    }

    private void finFlushed() {
        if (++finsFlushed == 2) {
            close();
        }
    }

    void failed(boolean clientSide, Throwable cause) {
        LOG.debugf("%s %s: %s", clientSide ? "client" : "backend", clientSide ? clientText() : backend.name(),
                cause.getMessage());
        close(); // a reset on one side closes the other
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
            LOG.debugf("%s: closing %s after %d ms without traffic (%s)", frontend.name(), clientText(), limitMs, phase);
            frontend.stats().idleClosed.incrementAndGet();
            close();
        }
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

    private String clientText() {
        return clientIp + ":" + clientAddress.getPort();
    }

    TcpConnectionView view() {
        Backend b = backend;
        return new TcpConnectionView(clientText(), frontend.name(), b == null ? null : b.name(), phase, bytesIn, bytesOut,
                System.currentTimeMillis() - startedMillis);
    }
}
