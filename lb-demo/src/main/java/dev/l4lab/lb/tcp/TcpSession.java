package dev.l4lab.lb.tcp;

import dev.l4lab.lb.frontend.Drop;
import dev.l4lab.lb.frontend.TcpConnectionView;
import dev.l4lab.lb.net.BackendConnector;
import dev.l4lab.lb.net.ConnectFailure;
import dev.l4lab.lb.net.HalfClose;
import dev.l4lab.lb.net.LoopConnections;
import dev.l4lab.lb.pool.Backend;
import dev.l4lab.lb.pool.Pool;
import dev.l4lab.lb.pool.ProxyProtocolMode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * One proxied client connection. Lives on the client channel's event loop; the backend channel is connected
 * on the same loop, so both sides share it and no locking is needed. Fields read by the admin API are volatile.
 */
final class TcpSession {

    private static final Logger LOG = Logger.getLogger(TcpSession.class);

    private final long id;
    private final TcpFrontend frontend;
    private final Channel client;
    private final BackendConnector connector;
    private final LoopConnections<TcpSession> owner;
    private final RelayBuffers buffers;
    private final EarlyData early;
    private final Set<Backend> tried = new HashSet<>(4);
    private final InetSocketAddress clientAddress;
    private final String clientIp;
    private final long startedMillis = System.currentTimeMillis();
    private final DeferredFlush toServer = new DeferredFlush();
    private final DeferredFlush toClient = new DeferredFlush();

    private volatile Backend backend;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile SessionState state = SessionState.CONNECTING;
    private Channel server;
    private int attempts;
    private int finsFlushed;
    private long lastActivityNanos = System.nanoTime();

    TcpSession(long id, TcpFrontend frontend, Channel client, BackendConnector connector, LoopConnections<TcpSession> owner,
            RelayBuffers buffers) {
        this.id = id;
        this.frontend = frontend;
        this.client = client;
        this.connector = connector;
        this.owner = owner;
        this.buffers = buffers;
        this.early = new EarlyData(buffers.earlyDataLimit());
        this.clientAddress = (InetSocketAddress) client.remoteAddress();
        this.clientIp = clientAddress.getAddress().getHostAddress();
    }

    long id() {
        return id;
    }

    void start() {
        buffers.applyTo(client.config());
        client.pipeline().addLast(SessionSide.NAME, new SessionSide(this, Side.CLIENT));
        connectNext();
    }

    private boolean closed() {
        return state == SessionState.CLOSED;
    }

    private void connectNext() {
        if (closed()) {
            return;
        }
        Pool pool = frontend.pool();
        Optional<Backend> picked = pool.acquire(clientIp, tried);
        if (picked.isEmpty()) {
            frontend.stats().drop(Drop.NO_BACKEND);
            LOG.debugf("%s: no backend available for %s after %d attempt(s)", frontend.name(), clientText(), attempts);
            close();
            return;
        }
        Backend b = picked.get();
        tried.add(b);
        attempts++;
        ChannelFuture connect;
        try {
            connect = connector.connect(b.address().socketAddress(), ch -> {
                buffers.applyTo(ch.config());
                ch.pipeline().addLast(SessionSide.NAME, new SessionSide(this, Side.SERVER));
            });
        } catch (ChannelException noSocket) {
            // socket(2) itself failed, EMFILE most likely: a failed connect like any other
            connectFailed(b, noSocket);
            return;
        }
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                connectFailed(b, f.cause());
                return;
            }
            b.reportConnectSuccess();
            if (closed()) {
                b.release();
                connect.channel().close();
                return;
            }
            onConnected(b, connect.channel());
        });
    }

    private void connectFailed(Backend b, Throwable cause) {
        b.release();
        b.reportConnectFailure(frontend.pool().health().passiveFall(), ConnectFailure.classify(cause));
        if (LOG.isDebugEnabled()) {
            LOG.debugf("%s: %s: %s", frontend.name(), b.name(), ConnectFailure.summary(cause));
        }
        if (attempts <= frontend.settings().retries()) {
            connectNext();
        } else {
            frontend.stats().drop(Drop.NO_BACKEND);
            close();
        }
    }

    /**
     * IP literals go straight to the socket; names stay unresolved so Netty resolves them on every connect
     * through Vert.x's asynchronous, TTL-respecting resolver (docker service names that move are followed).
     */
    private void onConnected(Backend b, Channel s) {
        this.backend = b;
        this.server = s;
        this.state = SessionState.ESTABLISHED;
        writeProxyHeader(s);
        early.drainTo(msg -> relay(msg, client, s, Side.CLIENT));
        s.flush();
        touch();
        if (early.full() && !early.fin()) {
            client.config().setAutoRead(true);
        }
        if (early.fin()) {
            fin(Side.CLIENT); // after the early data, as on the wire
        }
    }

    boolean isBackend(Channel ch) {
        return ch == server;
    }

    void read(Side from, Object msg) {
        if (from == Side.SERVER) {
            relay(msg, server, client, Side.SERVER);
        } else if (state == SessionState.CONNECTING) {
            // Bytes (and a FIN) arriving before the backend is connected wait, in order; past the limit reading
            // stops until the backend is connected.
            if (early.hold(msg)) {
                client.config().setAutoRead(false);
            }
        } else {
            relay(msg, client, server, Side.CLIENT);
        }
    }

    /**
     * One flush per read batch, not per buffer, and not at once: after the other events of this epoll wake-up.
     * When the peer's FIN arrived with the bytes (EPOLLIN|EPOLLRDHUP), Netty reads it in a second batch of the
     * same wake-up, and forwardFin() then sends the bytes and our FIN in one segment.
     */
    void readComplete(Side from) {
        Channel to = from == Side.CLIENT ? server : client;
        if (to != null) {
            (from == Side.CLIENT ? toServer : toClient).request(to);
        }
    }

    /** Passes Netty's pooled buffer from one side to the other without copying; Netty releases it once written. */
    private void relay(Object msg, Channel fromChannel, Channel to, Side from) {
        if (!(msg instanceof ByteBuf buf) || closed()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        int n = buf.readableBytes();
        to.write(buf, to.voidPromise());
        if (from == Side.CLIENT) {
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
            fromChannel.config().setAutoRead(false);
            to.flush();
        }
    }

    /** {@code side}'s socket can take more (or no more): the other side may read again unless it has finished. */
    void writabilityChanged(Side side, boolean writable) {
        Side reader = side.other();
        Channel readerChannel = reader == Side.CLIENT ? client : server;
        boolean readerFinished = state.forwardedFinOf(reader) || (reader == Side.CLIENT && early.fin());
        if (writable && readerChannel != null && !closed() && !readerFinished) {
            readerChannel.config().setAutoRead(true);
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

    /** {@code from} sent its FIN. */
    void fin(Side from) {
        stopReading(from == Side.CLIENT ? client : server);
        if (from == Side.CLIENT && state == SessionState.CONNECTING) {
            early.finArrived();
            return;
        }
        if (closed() || state.forwardedFinOf(from)) {
            return;
        }
        state = state.afterFinFrom(from);
        touch();
        forwardFin(from == Side.CLIENT ? server : client);
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
    void inactive(Side side) {
        boolean finSentToIt = state.forwardedFinOf(side.other());
        if (finSentToIt && finsFlushed > 0 && !closed()) {
            fin(side);
        } else {
            close();
        }
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

    void failed(Side side, Throwable cause) {
        LOG.debugf("%s %s: %s", side == Side.CLIENT ? "client" : "backend",
                side == Side.CLIENT ? clientText() : backend.name(), cause.getMessage());
        close(); // a reset on one side closes the other
    }

    private void touch() {
        lastActivityNanos = System.nanoTime();
    }

    /** Called by the listener's sweep on the same event loop. */
    void closeIfIdle(long nowNanos) {
        long limitMs = state.timeoutMs(frontend.settings());
        if (server != null && (nowNanos - lastActivityNanos) / 1_000_000 >= limitMs) {
            LOG.debugf("%s: closing %s after %d ms without traffic (%s)", frontend.name(), clientText(), limitMs,
                    state.label());
            frontend.stats().idleClosed.incrementAndGet();
            close();
        }
    }

    void close() {
        if (closed()) {
            return;
        }
        state = SessionState.CLOSED;
        early.release();
        client.close();
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.release();
        }
        owner.remove(this);
        frontend.sessionEnded(this, buffers);
    }

    private String clientText() {
        return clientIp + ":" + clientAddress.getPort();
    }

    TcpConnectionView view() {
        Backend b = backend;
        return new TcpConnectionView(clientText(), frontend.name(), b == null ? null : b.name(), state.label(), bytesIn,
                bytesOut, System.currentTimeMillis() - startedMillis);
    }
}
