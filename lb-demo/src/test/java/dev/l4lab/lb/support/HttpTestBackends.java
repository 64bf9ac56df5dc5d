package dev.l4lab.lb.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Three real HTTP backends on 127.0.0.1 ("b1".."b3") answering like echo-service's GET /whoami:
 * {"instance":"b1","peer":{"address","port"},"headers":{...},"proxyClient":null}. GET /slow?ms=N answers
 * after N ms. A fourth, "p1", requires PROXY protocol and reports the PROXY source as proxyClient.
 * Pool "web" gets b1..b3, pool "web-proxied" gets p1.
 */
public class HttpTestBackends implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        try {
            List<String> web = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                web.add("127.0.0.1:" + listen("b" + i, false));
            }
            String proxied = "127.0.0.1:" + listen("p1", true);
            return Map.of("lb.pools.web.backends", String.join(",", web), "lb.pools.web-proxied.backends", proxied);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start HTTP test backends", e);
        }
    }

    private int listen(String instance, boolean proxyProtocol) throws Exception {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setUseProxyProtocol(proxyProtocol));
        server.requestHandler(req -> {
            long delay = req.path().equals("/slow") ? Long.parseLong(req.getParam("ms", "1000")) : 0;
            if (delay > 0) {
                vertx.setTimer(delay, t -> whoami(req, instance, proxyProtocol));
            } else {
                whoami(req, instance, proxyProtocol);
            }
        });
        return server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).actualPort();
    }

    private static void whoami(HttpServerRequest req, String instance, boolean proxyProtocol) {
        JsonObject headers = new JsonObject();
        req.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
        SocketAddress remote = req.remoteAddress();
        JsonObject endpoint = new JsonObject().put("address", remote.hostAddress()).put("port", remote.port());
        // With PROXY protocol Vert.x reports the PROXY source as the remote address.
        JsonObject body = new JsonObject().put("instance", instance)
                .put("peer", proxyProtocol ? null : endpoint)
                .put("headers", headers)
                .put("proxyClient", proxyProtocol ? endpoint : null);
        if (req.response().closed()) {
            return;
        }
        req.response().putHeader("content-type", "application/json").end(body.encode());
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
        }
    }
}
