package dev.l4lab.echo.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.l4lab.echo.config.ConnectionBuffers;
import dev.l4lab.echo.config.EchoConfig;
import dev.l4lab.echo.config.ResourceBudget;
import dev.l4lab.echo.connections.Admission;
import dev.l4lab.echo.connections.ConnectionRegistry;
import dev.l4lab.echo.connections.Endpoint;
import dev.l4lab.echo.connections.ListenerKind;
import dev.l4lab.echo.connections.Phase;
import dev.l4lab.echo.connections.Refusal;
import dev.l4lab.echo.connections.TrackedConnection;
import dev.l4lab.echo.faults.FaultState;
import dev.l4lab.echo.metrics.EchoMetrics;
import dev.l4lab.echo.proxy.ProxyHeaderListener;
import dev.l4lab.echo.proxy.ProxyHeaderStage;
import dev.l4lab.echo.proxy.ProxyReject;
import dev.l4lab.echo.vertx.Blocking;
import dev.l4lab.echo.vertx.NettyChannels;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.AttributeKey;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The "whoami behind PROXY protocol" port (default 8081): a plain Vert.x HTTP/1.1 server whose connections
 * must start with a PROXY v1/v2 header, read by the same Netty-decoder stage as the TCP listeners (so the
 * header phase, its rejects and the connection limit work alike); GET /whoami then answers with proxyClient
 * filled. This is what an L4 load balancer with send-proxy points at. Its connections count against
 * echo.limits.max-connections and close after echo.limits.idle-timeout.
 */
@ApplicationScoped
public class WhoamiProxyServer {

    /** The client a connection's PROXY header named (absent for LOCAL/UNKNOWN headers). */
    static final AttributeKey<InetSocketAddress> PROXY_CLIENT = AttributeKey.valueOf("echo.proxy-client");
    /** A pipelined request is at least this long ("GET / HTTP/1.1\r\n\r\n"), which bounds answers per read. */
    private static final int READ_CHUNK = 512;

    private static final Logger LOG = Logger.getLogger(WhoamiProxyServer.class);

    private final Vertx vertx;
    private final EchoConfig config;
    private final WhoamiFactory factory;
    private final ObjectMapper mapper;
    private final ConnectionRegistry registry;
    private final EchoMetrics metrics;
    private final FaultState faults;
    private final ConnectionBuffers buffers;
    private volatile HttpServer server;
    private volatile int port = -1;

    public WhoamiProxyServer(Vertx vertx, EchoConfig config, WhoamiFactory factory, ObjectMapper mapper,
                             ConnectionRegistry registry, EchoMetrics metrics, FaultState faults, ResourceBudget budget) {
        this.vertx = vertx;
        this.config = config;
        this.factory = factory;
        this.mapper = mapper;
        this.registry = registry;
        this.metrics = metrics;
        this.faults = faults;
        this.buffers = budget.buffers();
    }

    public synchronized void start() {
        // No h2c: Vert.x then sets up HTTP/1.1 at accept and calls the connection handler before the first
        // read, which is when the PROXY header stage must go in front of the HTTP decoder.
        HttpServerOptions options = new HttpServerOptions().setHost("0.0.0.0").setPort(config.whoamiProxy().port())
            .setHttp2ClearTextEnabled(false).setMaxInitialLineLength(1024).setMaxHeaderSize(4096);
        long idleMs = config.limits().idleTimeout().toMillis();
        if (idleMs > 0) {
            options.setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleMs)).setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        }
        HttpServer s = vertx.createHttpServer(options).connectionHandler(this::onConnection).requestHandler(this::handle);
        server = Blocking.await(s.listen(), "bind whoami-proxy on tcp/" + config.whoamiProxy().port());
        port = server.actualPort();
        LOG.infof("whoami (PROXY protocol required) listening on tcp/%d", port);
    }

    public synchronized void stop() {
        if (server != null) {
            Blocking.await(server.close(), "close whoami-proxy");
            server = null;
        }
    }

    public boolean isBound() {
        return server != null;
    }

    public int port() {
        return port;
    }

    private void onConnection(HttpConnection connection) {
        Admission admission = registry.admit(ListenerKind.WHOAMI_PROXY, Endpoint.of(connection.remoteAddress()),
            faults.plan().maxConnections());
        if (!admission.admitted()) {
            metrics.connectionRefused(ListenerKind.WHOAMI_PROXY, admission.refusal());
            if (admission.refusal() == Refusal.FAULT_CAP) {
                metrics.faultInjected("max-connections");
            }
            NettyChannels.of(connection).close(); // at once: Vert.x's close() would still parse what arrives
            return;
        }
        TrackedConnection tracked = admission.connection();
        metrics.connectionOpened(ListenerKind.WHOAMI_PROXY);
        connection.closeHandler(v -> {
            registry.close(tracked);
            metrics.connectionClosed(ListenerKind.WHOAMI_PROXY);
        });
        tracked.phase(Phase.PROXY_HEADER);
        tracked.control(new TrackedConnection.Control() {
            @Override
            public void drain() {
                connection.close(); // whoami answers at once, so nothing of the client's is in flight
            }

            @Override
            public void close() {
                connection.close();
            }
        });
        Channel channel = NettyChannels.of(connection);
        channel.config().setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(64, READ_CHUNK, READ_CHUNK));
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(buffers.pauseAt() / 2, buffers.pauseAt()));
        channel.pipeline().addFirst("read-while-writable", new ReadWhileWritable());
        ProxyHeaderStage.install(channel, buffers.proxyHeader(), config.limits().proxyHeaderTimeout().toMillis(),
            new ProxyHeaderListener() {
                @Override
                public void accepted(InetSocketAddress source) {
                    channel.attr(PROXY_CLIENT).set(source);
                    tracked.proxyClient(Endpoint.of(source));
                    tracked.phase(Phase.OPEN);
                }

                @Override
                public void rejected(ProxyReject reason, String detail) {
                    metrics.proxyReject(ListenerKind.WHOAMI_PROXY, reason.label());
                    LOG.warnf("whoami-proxy: PROXY header from %s rejected (%s): %s", connection.remoteAddress(),
                        reason.label(), detail);
                }
            });
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (!"/whoami".equals(path) && !"/".equals(path)) {
            request.response().setStatusCode(404).putHeader("content-type", "application/json")
                .end("{\"error\":\"not found: only GET /whoami is served here\",\"field\":null}");
            return;
        }
        InetSocketAddress client = NettyChannels.of(request.connection()).attr(PROXY_CLIENT).get();
        try {
            String body = mapper.writeValueAsString(factory.proxied(request, Endpoint.of(client)));
            request.response().putHeader("content-type", "application/json").end(body);
        } catch (JsonProcessingException e) {
            request.response().setStatusCode(500).end();
        }
    }

    /**
     * Stops reading while answers are not leaving (a client that pipelines requests and never reads), so
     * at most the write queue plus the answers to one 512-byte read are held.
     */
    private static final class ReadWhileWritable extends ChannelInboundHandlerAdapter {
        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            ctx.channel().config().setAutoRead(ctx.channel().isWritable());
            ctx.fireChannelWritabilityChanged();
        }
    }
}
