package dev.l4lab.lb.http;

import dev.l4lab.lb.vertx.VertxNetty;
import io.netty.channel.Channel;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of an L7 frontend: an HTTP server (HTTP/1.1, h2c by upgrade or prior knowledge)
 * and its own keep-alive client pool to the backends, so a request never leaves its event loop. Every accepted
 * connection is counted against max-connections before a byte is read, and gets a {@link HeaderDeadline}.
 */
final class HttpListener extends AbstractVerticle {

    /** Keep-alive connections per backend per event loop. */
    private static final int POOL_PER_BACKEND = 512;

    private final HttpFrontend frontend;
    private HttpServer server;
    private HttpClient client;

    HttpListener(HttpFrontend frontend) {
        this.frontend = frontend;
    }

    @Override
    public void start(Promise<Void> started) {
        HttpSettings settings = frontend.settings();
        client = vertx.httpClientBuilder()
                .with(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setKeepAliveTimeout(60)
                        .setConnectTimeout(settings.connectTimeoutMs())
                        .setTcpNoDelay(true)
                        .setTcpQuickAck(true)
                        .setDecompressionSupported(false))
                .with(new PoolOptions().setHttp1MaxSize(POOL_PER_BACKEND).setMaxWaitQueueSize(4096))
                .withConnectHandler(conn -> {
                    frontend.backendConnectionOpened();
                    conn.closeHandler(v -> frontend.backendConnectionClosed());
                })
                .build();
        // WebSocket tunnelling bypasses the interceptors (no headers, no accounting): upgrades go through as
        // plain requests instead (Upgrade is hop-by-hop), so the backend answers without switching protocols.
        HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), client)
                .origin(new BackendOrigin(frontend, settings))
                .addInterceptor(new ExchangeInterceptor(frontend));
        HttpServerOptions options = new HttpServerOptions()
                .setHost(frontend.bindHost())
                .setPort(frontend.configuredPort())
                .setHttp2ClearTextEnabled(true)
                .setTcpNoDelay(true)
                .setAcceptBacklog(1024)
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, settings.idleTimeoutMs()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
        server = VertxNetty.httpServer(vertx, options, this::accepted);
        server.requestHandler(req -> {
            headersIn(req);
            proxy.handle(req);
        });
        server.listen().onSuccess(s -> {
            frontend.bound(s.actualPort());
            started.complete();
        }).onFailure(e -> started.fail(frontend.cannotListen(e)));
    }

    /** At accept, before Vert.x reads a byte: counted, or closed at the limit. */
    private boolean accepted(Channel ch) {
        if (!frontend.admit()) {
            return false;
        }
        ch.closeFuture().addListener(f -> frontend.connectionClosed());
        ch.pipeline().addLast(new HeaderDeadline(frontend.settings().headerTimeoutMs(), frontend.stats()));
        return true;
    }

    private static void headersIn(HttpServerRequest req) {
        HeaderDeadline deadline = VertxNetty.channel(req.connection()).attr(HeaderDeadline.KEY).get();
        if (deadline == null) {
            return;
        }
        if (req.version() == HttpVersion.HTTP_2) {
            deadline.stop();
        } else {
            deadline.headersComplete();
            req.response().endHandler(v -> deadline.exchangeEnded());
        }
    }

    @Override
    public void stop() {
        client.close();
    }
}
