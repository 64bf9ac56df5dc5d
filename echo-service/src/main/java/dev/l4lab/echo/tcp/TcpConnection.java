package dev.l4lab.echo.tcp;

import dev.l4lab.echo.config.ConnectionBuffers;
import dev.l4lab.echo.config.ProxyMode;
import dev.l4lab.echo.connections.Admission;
import dev.l4lab.echo.connections.Endpoint;
import dev.l4lab.echo.connections.ListenerKind;
import dev.l4lab.echo.connections.Phase;
import dev.l4lab.echo.connections.Refusal;
import dev.l4lab.echo.connections.TrackedConnection;
import dev.l4lab.echo.faults.FaultPlan;
import dev.l4lab.echo.faults.FaultState;
import dev.l4lab.echo.proxy.ProxyHeaderListener;
import dev.l4lab.echo.proxy.ProxyHeaderStage;
import dev.l4lab.echo.proxy.ProxyReject;
import dev.l4lab.echo.vertx.NettyChannels;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * One accepted TCP connection: admission under the connection limit, the optional PROXY header phase,
 * fault decisions, read control, byte counting, half-close, drain and teardown; the service itself (echo,
 * discard, chargen) is a {@link StreamService}. Everything runs on the connection's event loop.
 *
 * <p>Reading is controlled on the Netty channel (autoRead), not with Vert.x's pause(): a paused Vert.x socket
 * still takes up to 16 more reads into its inbound queue, so a client that never reads could pin a megabyte.
 * With autoRead off nothing more is read, and each read is at most one chunk of the connection buffer.
 */
final class TcpConnection implements ProxyHeaderListener {

    private static final Logger LOG = Logger.getLogger(TcpConnection.class);
    /** On shutdown, a connection with nothing in flight and no input for this long is closed. */
    static final long QUIET_MS = 100;

    private final ListenerSettings settings;
    private final NetSocket socket;
    private final Channel channel;
    private final Context context;
    private final TcpEnvironment env;
    private final TrackedConnection tracked;
    private final StreamService service;
    private boolean inHeader;
    private boolean resetArmed;
    private boolean blackholed;
    private boolean closed;
    private boolean ending;
    private boolean draining;
    private long lastReadNanos = System.nanoTime();
    private long quietTimer = -1;

    private TcpConnection(ListenerSettings settings, NetSocket socket, TcpEnvironment env, TrackedConnection tracked) {
        this.settings = settings;
        this.socket = socket;
        this.channel = NettyChannels.of(socket);
        this.context = Vertx.currentContext();
        this.env = env;
        this.tracked = tracked;
        ConnectionBuffers buffers = env.buffers();
        this.service = switch (settings.kind()) {
            case ECHO -> new EchoService(this, env.faults(), buffers.pauseAt());
            case DISCARD -> new DiscardService(this);
            case CHARGEN -> new ChargenService(this, buffers.readChunk());
            case WHOAMI_PROXY -> throw new IllegalArgumentException("not a TCP stream listener");
        };
    }

    /** Entry point from the NetServer's connect handler (on the connection's event loop, before any read). */
    static void accept(ListenerSettings settings, NetSocket socket, TcpEnvironment env) {
        FaultPlan plan = env.faults().plan();
        ListenerKind kind = settings.kind();
        Admission admission = env.registry().admit(kind, Endpoint.of(socket.remoteAddress()), plan.maxConnections());
        if (!admission.admitted()) {
            // Over the limit: accepted by the kernel already, so close at once (FIN, no data) and count it.
            env.metrics().connectionRefused(kind, admission.refusal());
            if (admission.refusal() == Refusal.FAULT_CAP) {
                env.metrics().faultInjected("max-connections");
            }
            LOG.debugf("%s: refusing %s (%s, limit %d)", kind.label(), socket.remoteAddress(),
                admission.refusal().label(), admission.limit());
            socket.close();
            return;
        }
        env.metrics().connectionOpened(kind);
        new TcpConnection(settings, socket, env, admission.connection()).begin(plan);
    }

    private void begin(FaultPlan plan) {
        ConnectionBuffers buffers = env.buffers();
        // Lets a FIN arrive as an event instead of a full close, so in-flight data can still be echoed.
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        channel.config().setRecvByteBufAllocator(
            new AdaptiveRecvByteBufAllocator(64, Math.min(1024, buffers.readChunk()), buffers.readChunk()));
        socket.setWriteQueueMaxSize(buffers.pauseAt()); // Netty high-water mark; low at half
        NettyChannels.onInputShutdown(socket, this::onInputShutdown);
        socket.closeHandler(v -> onClosed());
        socket.exceptionHandler(e -> LOG.debugf("%s connection %d: %s", settings.kind().label(), tracked.id(), e.toString()));
        tracked.control(new TrackedConnection.Control() {
            @Override
            public void drain() {
                context.runOnContext(v -> startDrain());
            }

            @Override
            public void close() {
                context.runOnContext(v -> forceClose());
            }
        });
        if (settings.kind() == ListenerKind.ECHO && plan.blackhole()) {
            // Accept, never read, never answer: the client sees a read timeout.
            env.metrics().faultInjected("blackhole");
            blackholed = true;
            reading(false);
            return;
        }
        resetArmed = settings.kind() == ListenerKind.ECHO && FaultState.roll(plan.tcpResetRate());
        socket.handler(this::onBytes);
        if (settings.proxyMode() == ProxyMode.REQUIRED) {
            inHeader = true;
            tracked.phase(Phase.PROXY_HEADER);
            ProxyHeaderStage.install(channel, buffers.proxyHeader(), env.proxyHeaderTimeout().toMillis(), this);
        } else {
            startService();
        }
    }

    @Override
    public void accepted(InetSocketAddress source) {
        inHeader = false;
        tracked.proxyClient(Endpoint.of(source));
        tracked.phase(Phase.OPEN);
        startService();
    }

    @Override
    public void rejected(ProxyReject reason, String detail) {
        env.metrics().proxyReject(settings.kind(), reason.label());
        LOG.warnf("%s: PROXY header from %s rejected (%s): %s", settings.kind().label(), socket.remoteAddress(),
            reason.label(), detail);
    }

    private void startService() {
        if (settings.kind() == ListenerKind.ECHO && env.bannerEnabled()) {
            write(Buffer.buffer(env.instanceName() + " echo-service\r\n", StandardCharsets.US_ASCII.name()));
        }
        service.start();
    }

    private void onBytes(Buffer data) {
        if (closed) {
            return;
        }
        lastReadNanos = System.nanoTime();
        tracked.addIn(data.length());
        env.metrics().bytesIn(settings.kind(), data.length());
        if (data.length() == 0) {
            return;
        }
        if (resetArmed) {
            env.metrics().faultInjected("tcp-reset");
            abort();
            return;
        }
        service.onData(data);
    }

    private void onInputShutdown() {
        if (closed || blackholed) {
            return; // a blackhole never answers, not even with a FIN
        }
        if (!draining) {
            tracked.phase(Phase.CLIENT_FIN);
        }
        service.onInputShutdown();
    }

    private void onClosed() {
        closed = true;
        cancelQuietTimer();
        service.onClosed();
        env.registry().close(tracked);
        env.metrics().connectionClosed(settings.kind());
    }

    // ---- shutdown ----

    private void startDrain() {
        if (closed || draining) {
            return;
        }
        draining = true;
        if (blackholed || inHeader) {
            socket.close(); // nothing of the client's to finish
            return;
        }
        tracked.phase(Phase.DRAINING);
        service.drain(this);
    }

    /**
     * Close once nothing has arrived for {@link #QUIET_MS} while reading and nothing is held back; re-checks
     * until then. A connection whose reading is paused (its client sends faster than it reads) is never
     * quiet: it is closed at the drain deadline and counted.
     */
    void closeWhenQuiet() {
        if (closed) {
            return;
        }
        long quietFor = (System.nanoTime() - lastReadNanos) / 1_000_000;
        if (channel.config().isAutoRead() && quietFor >= QUIET_MS && service.idle()) {
            end();
            return;
        }
        cancelQuietTimer();
        quietTimer = env.vertx().setTimer(Math.max(1, QUIET_MS - quietFor), id -> {
            quietTimer = -1;
            closeWhenQuiet();
        });
    }

    /** The drain deadline passed: whatever this connection still holds is lost, and counted. */
    private void forceClose() {
        if (closed) {
            return;
        }
        env.metrics().connectionAborted(settings.kind(), "drain-timeout");
        channel.close();
    }

    private void cancelQuietTimer() {
        if (quietTimer >= 0) {
            env.vertx().cancelTimer(quietTimer);
            quietTimer = -1;
        }
    }

    /** Abortive close: SO_LINGER 0 makes the kernel send RST instead of FIN. */
    void abort() {
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
        channel.close();
    }

    // ---- used by the services ----

    NetSocket socket() {
        return socket;
    }

    Vertx vertx() {
        return env.vertx();
    }

    boolean isClosed() {
        return closed;
    }

    /** Turns reading from the socket on or off (no-op when unchanged). */
    void reading(boolean on) {
        if (channel.config().isAutoRead() != on) {
            channel.config().setAutoRead(on);
            if (on) {
                lastReadNanos = System.nanoTime(); // quiet is measured while reading
            }
        }
    }

    void write(Buffer data) {
        if (closed) {
            return;
        }
        tracked.addOut(data.length());
        env.metrics().bytesOut(settings.kind(), data.length());
        socket.write(data);
    }

    /** Bytes in the write queue (not yet taken by the kernel), from Netty's water-mark accounting. */
    long queuedBytes() {
        long high = channel.config().getWriteBufferHighWaterMark();
        return channel.isWritable() ? high - channel.bytesBeforeUnwritable() : high;
    }

    /** Flushes the write queue to the kernel now; true if it then has room again. */
    boolean flushNow() {
        channel.flush();
        return channel.isWritable();
    }

    /** Graceful close after everything queued has been flushed. */
    void end() {
        if (!closed && !ending) {
            ending = true;
            socket.end();
        }
    }

    void faultInjected(String kind) {
        env.metrics().faultInjected(kind);
    }
}
