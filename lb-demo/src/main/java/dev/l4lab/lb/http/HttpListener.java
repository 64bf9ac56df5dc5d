package dev.l4lab.lb.http;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of an L7 frontend: an HTTP server (HTTP/1.1, h2c by upgrade or prior knowledge)
 * and its own keep-alive client pool to the backends, so a request never leaves its event loop.
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
        client = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setKeepAliveTimeout(60)
                        .setConnectTimeout(settings.connectTimeoutMs())
                        .setTcpNoDelay(true)
                        .setTcpQuickAck(true)
                        .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(POOL_PER_BACKEND).setMaxWaitQueueSize(4096));
        // WebSocket tunnelling bypasses the interceptors (no headers, no accounting): upgrades go through as
        // plain requests instead (Upgrade is hop-by-hop), so the backend answers without switching protocols.
        HttpProxy proxy = HttpProxy.reverseProxy(new ProxyOptions().setSupportWebSocket(false), client)
                .origin(new BackendOrigin(frontend.pool(), settings))
                .addInterceptor(new ExchangeInterceptor(frontend));
        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(frontend.bindHost())
                .setPort(frontend.configuredPort())
                .setHttp2ClearTextEnabled(true)
                .setTcpNoDelay(true)
                .setAcceptBacklog(1024)
                .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, settings.idleTimeoutMs()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS));
        server.connectionHandler(conn -> {
            if (!frontend.admit()) {
                conn.close();
                return;
            }
            conn.closeHandler(v -> frontend.stats().active.decrementAndGet());
        });
        server.requestHandler(proxy);
        server.listen().onSuccess(s -> {
            frontend.bound(s.actualPort());
            started.complete();
        }).onFailure(e -> started.fail(frontend.cannotListen(e)));
    }

    @Override
    public void stop() {
        client.close();
    }
}
