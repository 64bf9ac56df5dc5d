package dev.l4lab.echo.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.l4lab.echo.config.EchoConfig;
import dev.l4lab.echo.lifecycle.Blocking;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The "whoami behind PROXY protocol" port (default 8081): a plain Vert.x HTTP server that requires a PROXY
 * v1/v2 header (Vert.x decodes it with Netty's HAProxyMessageDecoder) and answers GET /whoami with
 * proxyClient filled. This is what an L4 load balancer with send-proxy points at.
 */
@ApplicationScoped
public class WhoamiProxyServer {

    private static final Logger LOG = Logger.getLogger(WhoamiProxyServer.class);

    private final Vertx vertx;
    private final EchoConfig config;
    private final WhoamiFactory factory;
    private final ObjectMapper mapper;
    private volatile HttpServer server;
    private volatile int port = -1;

    public WhoamiProxyServer(Vertx vertx, EchoConfig config, WhoamiFactory factory, ObjectMapper mapper) {
        this.vertx = vertx;
        this.config = config;
        this.factory = factory;
        this.mapper = mapper;
    }

    public synchronized void start() {
        long timeoutMs = Math.max(1, config.limits().proxyHeaderTimeout().toMillis());
        HttpServerOptions options = new HttpServerOptions().setHost("0.0.0.0").setPort(config.whoamiProxy().port())
            .setUseProxyProtocol(true).setProxyProtocolTimeout(timeoutMs)
            .setProxyProtocolTimeoutUnit(TimeUnit.MILLISECONDS);
        HttpServer s = vertx.createHttpServer(options).requestHandler(this::handle);
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

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (!"/whoami".equals(path) && !"/".equals(path)) {
            request.response().setStatusCode(404).putHeader("content-type", "application/json")
                .end("{\"error\":\"not found: only GET /whoami is served here\",\"field\":null}");
            return;
        }
        try {
            String body = mapper.writeValueAsString(factory.proxied(request));
            request.response().putHeader("content-type", "application/json").end(body);
        } catch (JsonProcessingException e) {
            request.response().setStatusCode(500).end();
        }
    }
}
