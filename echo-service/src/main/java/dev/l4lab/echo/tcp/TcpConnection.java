package dev.l4lab.echo.tcp;

import dev.l4lab.echo.config.ProxyMode;
import dev.l4lab.echo.connections.TrackedConnection;
import dev.l4lab.echo.faults.FaultPlan;
import dev.l4lab.echo.faults.FaultState;
import dev.l4lab.echo.identity.Endpoint;
import dev.l4lab.echo.proxy.ProxyDecodeResult;
import dev.l4lab.echo.proxy.ProxyHeaderDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * One accepted TCP connection: limit check, optional PROXY header phase, fault decisions, byte counting,
 * half-close and teardown; the service itself (echo, discard, chargen) is a {@link StreamService}.
 * Everything runs on the connection's event loop.
 */
final class TcpConnection {

    private static final Logger LOG = Logger.getLogger(TcpConnection.class);

    private final ListenerSettings settings;
    private final NetSocket socket;
    private final Context context;
    private final TcpEnvironment env;
    private final TrackedConnection tracked;
    private final StreamService service;
    private ProxyHeaderDecoder decoder;
    private long headerTimer = -1;
    private boolean resetArmed;
    private boolean blackholed;
    private boolean closed;

    private TcpConnection(ListenerSettings settings, NetSocket socket, TcpEnvironment env, TrackedConnection tracked) {
        this.settings = settings;
        this.socket = socket;
        this.context = Vertx.currentContext();
        this.env = env;
        this.tracked = tracked;
        this.service = switch (settings.kind()) {
            case ECHO -> new EchoService(this, env.faults());
            case DISCARD -> new DiscardService(this);
            case CHARGEN -> new ChargenService(this);
        };
    }

    /** Entry point from the NetServer's connect handler. */
    static void accept(ListenerSettings settings, NetSocket socket, TcpEnvironment env) {
        FaultPlan plan = env.faults().plan();
        int limit = env.maxConnections();
        boolean capByFault = plan.maxConnections() != null && plan.maxConnections() < limit;
        int effective = capByFault ? plan.maxConnections() : limit;
        if (env.registry().count() >= effective) {
            // Over the limit: accepted by the kernel already, so close at once (FIN, no data) and count it.
            env.metrics().connectionRefused(settings.kind(), capByFault ? "fault-cap" : "max-connections");
            if (capByFault) {
                env.metrics().faultInjected("max-connections");
            }
            LOG.debugf("%s: refusing %s, %d connections open (limit %d)", settings.kind().label(),
                socket.remoteAddress(), env.registry().count(), effective);
            socket.close();
            return;
        }
        TrackedConnection tracked = env.registry().open(settings.kind(), Endpoint.of(socket.remoteAddress()));
        env.metrics().connectionOpened(settings.kind());
        new TcpConnection(settings, socket, env, tracked).begin(plan);
    }

    private void begin(FaultPlan plan) {
        enableHalfClose();
        socket.closeHandler(v -> onClosed());
        socket.exceptionHandler(e -> LOG.debugf("%s connection %d: %s", settings.kind().label(), tracked.id(), e.toString()));
        if (settings.kind() == ListenerKind.ECHO && plan.blackhole()) {
            // Accept, never read, never answer: the client sees a read timeout.
            env.metrics().faultInjected("blackhole");
            blackholed = true;
            socket.pause();
            return;
        }
        resetArmed = settings.kind() == ListenerKind.ECHO && FaultState.roll(plan.tcpResetRate());
        socket.handler(this::onBytes);
        if (settings.proxyMode() == ProxyMode.REQUIRED) {
            decoder = new ProxyHeaderDecoder();
            long timeoutMs = env.proxyHeaderTimeout().toMillis();
            if (timeoutMs > 0) {
                headerTimer = env.vertx().setTimer(timeoutMs, id -> {
                    headerTimer = -1;
                    reject("timeout", "no complete PROXY header within " + timeoutMs + " ms");
                });
            }
        } else {
            startService();
        }
    }

    /** Lets a FIN arrive as an event instead of a full close, so in-flight data can still be echoed. */
    private void enableHalfClose() {
        NetSocketInternal internal = (NetSocketInternal) socket;
        Channel channel = internal.channelHandlerContext().channel();
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        internal.eventHandler(event -> {
            if (event instanceof ChannelInputShutdownEvent) {
                onInputShutdown();
            }
        });
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
        tracked.addIn(data.length());
        env.metrics().bytesIn(settings.kind(), data.length());
        if (decoder != null) {
            feedHeader(data);
            return;
        }
        deliver(data);
    }

    private void deliver(Buffer data) {
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

    private void feedHeader(Buffer data) {
        ProxyDecodeResult result = decoder.feed(data.getBytes());
        if (result instanceof ProxyDecodeResult.Decoded decoded) {
            decoder = null;
            cancelHeaderTimer();
            if (decoded.header().carriesClient()) {
                tracked.proxyClient(Endpoint.of(decoded.header().source()));
            }
            startService();
            deliver(Buffer.buffer(decoded.remainder()));
        } else if (result instanceof ProxyDecodeResult.Rejected rejected) {
            reject(rejected.reason(), rejected.detail());
        }
    }

    private void reject(String reason, String detail) {
        if (closed) {
            return;
        }
        env.metrics().proxyReject(settings.kind(), reason);
        LOG.warnf("%s: PROXY header from %s rejected (%s): %s", settings.kind().label(), socket.remoteAddress(),
            reason, detail);
        decoder = null;
        cancelHeaderTimer();
        socket.close();
    }

    private void onInputShutdown() {
        if (closed) {
            return;
        }
        if (decoder != null) {
            reject("truncated", "client closed after " + decoder.buffered() + " header bytes");
            return;
        }
        if (blackholed) {
            return; // never answer, not even with a FIN
        }
        service.onInputShutdown();
    }

    private void onClosed() {
        closed = true;
        cancelHeaderTimer();
        if (service instanceof EchoService echo) {
            echo.cancelTimers();
        }
        env.registry().close(tracked);
        env.metrics().connectionClosed(settings.kind());
    }

    private void cancelHeaderTimer() {
        if (headerTimer >= 0) {
            env.vertx().cancelTimer(headerTimer);
            headerTimer = -1;
        }
    }

    /** Abortive close: SO_LINGER 0 makes the kernel send RST instead of FIN. */
    void abort() {
        Channel channel = ((NetSocketInternal) socket).channelHandlerContext().channel();
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
        channel.close();
    }

    // ---- used by the services ----

    NetSocket socket() {
        return socket;
    }

    Context context() {
        return context;
    }

    Vertx vertx() {
        return env.vertx();
    }

    boolean isClosed() {
        return closed;
    }

    void write(Buffer data) {
        if (closed) {
            return;
        }
        tracked.addOut(data.length());
        env.metrics().bytesOut(settings.kind(), data.length());
        socket.write(data);
    }

    /** Graceful close after everything queued has been flushed. */
    void end() {
        if (!closed) {
            socket.end();
        }
    }

    void faultInjected(String kind) {
        env.metrics().faultInjected(kind);
    }
}
