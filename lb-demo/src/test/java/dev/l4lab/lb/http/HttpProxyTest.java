package dev.l4lab.lb.http;

import static dev.l4lab.lb.support.Clients.connect;
import static dev.l4lab.lb.support.Clients.setState;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.LbRuntime;
import dev.l4lab.lb.support.HttpTestBackends;
import dev.l4lab.lb.support.RawHttp;
import dev.l4lab.lb.support.RawHttp.Reply;
import dev.l4lab.lb.support.TestBackends;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The L7 frontend over real sockets: per-request balancing, headers, stickiness, errors, h2c, metrics. */
@QuarkusTest
@QuarkusTestResource(TestBackends.class)
@QuarkusTestResource(HttpTestBackends.class)
class HttpProxyTest {

    @Inject
    LbRuntime runtime;

    @Inject
    Vertx vertx;

    private int l7() {
        return runtime.port("echo-l7");
    }

    private List<String> webBackends() {
        return given().get("/pools/web").then().statusCode(200).extract().path("backends.address");
    }

    @AfterEach
    void restore() {
        for (String b : webBackends()) {
            setState("web", b, "UP");
        }
    }

    @Test
    void oneKeepAliveConnectionIsSpreadByL7ButPinnedByL4() throws Exception {
        Set<String> viaL7 = new HashSet<>();
        try (Socket s = connect(l7())) {
            for (int i = 0; i < 6; i++) {
                Reply r = RawHttp.get(s, "/whoami");
                assertEquals(200, r.status(), r.body());
                viaL7.add(r.json().getString("instance"));
            }
        }
        Set<String> viaL4 = new HashSet<>();
        try (Socket s = connect(runtime.port("web-l4"))) {
            for (int i = 0; i < 6; i++) {
                Reply r = RawHttp.get(s, "/whoami");
                assertEquals(200, r.status(), r.body());
                viaL4.add(r.json().getString("instance"));
            }
        }
        assertEquals(Set.of("b1", "b2", "b3"), viaL7, "L7 round-robin: 6 requests on one connection reach all 3");
        assertEquals(1, viaL4.size(), "L4 pins the connection: " + viaL4);
    }

    @Test
    void forwardingHeadersAreAddedAndAClientXffIsAppendedTo() throws Exception {
        try (Socket s = connect(l7())) {
            Reply r = RawHttp.exchange(s, "GET", "/whoami",
                    "X-Forwarded-For: 203.0.113.7\r\nForwarded: for=203.0.113.7\r\nX-Forwarded-Proto: https\r\n");
            assertEquals(200, r.status());
            JsonObject h = r.json().getJsonObject("headers");
            assertEquals("203.0.113.7, 127.0.0.1", h.getString("X-Forwarded-For"));
            assertEquals("http", h.getString("X-Forwarded-Proto"), "our hop's scheme replaces the client's claim");
            assertEquals("lb.test", h.getString("X-Forwarded-Host"));
            assertEquals("lb.test", h.getString("host", h.getString("Host")), "the client's Host goes on unchanged");
            assertEquals("for=203.0.113.7, for=127.0.0.1;proto=http;host=lb.test", h.getString("Forwarded"));
            // The backend's TCP peer is the LB's own socket, not the client's.
            assertNotEquals(s.getLocalPort(), r.json().getJsonObject("peer").getInteger("port"));
        }
        try (Socket s = connect(l7())) {
            JsonObject h = RawHttp.get(s, "/whoami").json().getJsonObject("headers");
            assertEquals("127.0.0.1", h.getString("X-Forwarded-For"));
        }
    }

    @Test
    void stickyCookieKeepsAClientOnOneBackendAndIgnoresUnknownValues() throws Exception {
        try (Socket s = connect(l7())) {
            Reply first = RawHttp.get(s, "/whoami");
            String setCookie = first.header("set-cookie");
            assertNotNull(setCookie, "first response names the backend in a cookie");
            assertTrue(setCookie.startsWith("L4LAB_BACKEND=127.0.0.1:"), setCookie);
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));
            String instance = first.json().getString("instance");
            for (int i = 0; i < 5; i++) {
                Reply r = RawHttp.exchange(s, "GET", "/whoami", "Cookie: " + cookie + "\r\n");
                assertEquals(instance, r.json().getString("instance"), "sticky request " + i);
                assertNull(r.header("set-cookie"), "no new cookie while the backend serves");
            }
            Reply bogus = RawHttp.exchange(s, "GET", "/whoami", "Cookie: L4LAB_BACKEND=evil.example:80\r\n");
            assertEquals(200, bogus.status());
            assertTrue(bogus.header("set-cookie").startsWith("L4LAB_BACKEND=127.0.0.1:"), "unknown backend replaced");
        }
    }

    @Test
    void noBackendIs503DeadBackendIs502AndIdempotentConnectsAreRetried() throws Exception {
        List<String> live = webBackends();
        int deadPort;
        try (ServerSocket ss = new ServerSocket(0)) {
            deadPort = ss.getLocalPort();
        }
        String dead = "127.0.0.1:" + deadPort;
        given().contentType("application/json").body("{\"address\":\"" + dead + "\"}").post("/pools/web/backends")
                .then().statusCode(201);
        try {
            // GET: the dead backend's refused connect is retried on a live one, so every request succeeds.
            try (Socket s = connect(l7())) {
                for (int i = 0; i < 8; i++) {
                    assertEquals(200, RawHttp.get(s, "/whoami").status(), "GET " + i + " retried past " + dead);
                }
            }
            live.forEach(b -> setState("web", b, "MAINT"));
            try (Socket s = connect(l7())) {
                Reply post = RawHttp.exchange(s, "POST", "/whoami", "");
                assertEquals(502, post.status());
                assertTrue(post.body().contains("backend " + dead + ": connect refused: "), post.body());
            }
            setState("web", dead, "MAINT");
            try (Socket s = connect(l7())) {
                Reply r = RawHttp.get(s, "/whoami");
                assertEquals(503, r.status());
                assertTrue(r.body().contains("no backend available in pool web"), r.body());
                setState("web", live.get(0), "UP");
                assertEquals(200, RawHttp.get(s, "/whoami").status(), "same connection works again");
            }
        } finally {
            given().delete("/pools/web/backends/" + dead).then().statusCode(204);
        }
    }

    @Test
    void aSilentBackendIs504NamingIt() throws Exception {
        try (Socket s = connect(l7())) {
            long start = System.nanoTime();
            Reply r = RawHttp.get(s, "/slow?ms=9000");
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(504, r.status(), r.body());
            assertTrue(r.body().matches("(?s)504 backend 127\\.0\\.0\\.1:\\d+: no response within 600 ms.*"), r.body());
            assertTrue(ms >= 500 && ms < 8000, "timed out by the 600 ms request-timeout, not by the 9 s backend: " + ms + " ms");
        }
    }

    @Test
    void aWebSocketUpgradeIsAnsweredAsAPlainRequestNotHung() throws Exception {
        try (Socket s = connect(l7())) {
            Reply r = RawHttp.exchange(s, "GET", "/whoami", "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
            assertEquals(200, r.status(), "no tunnel: the backend got a plain GET");
            assertNull(r.json().getJsonObject("headers").getString("Upgrade"), "hop-by-hop Upgrade not forwarded");
            assertEquals(200, RawHttp.get(s, "/whoami").status(), "and the connection keeps working");
        }
    }

    @Test
    void h2cPriorKnowledgeIsProxied() throws Exception {
        HttpClient h2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        try {
            List<String> instances = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                JsonObject whoami = h2.request(HttpMethod.GET, l7(), "127.0.0.1", "/whoami")
                        .compose(req -> req.send().compose(resp -> {
                            assertEquals(HttpVersion.HTTP_2, resp.version());
                            return resp.body();
                        }))
                        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).toJsonObject();
                instances.add(whoami.getString("instance"));
                assertEquals("127.0.0.1", whoami.getJsonObject("headers").getString("X-Forwarded-For"));
            }
            assertEquals(3, new HashSet<>(instances).size(), "one h2 connection, three backends: " + instances);
        } finally {
            h2.close();
        }
    }

    @Test
    void perBackendRequestMetricsAreExported() throws Exception {
        try (Socket s = connect(l7())) {
            assertEquals(200, RawHttp.get(s, "/whoami").status());
        }
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("lb_http_requests_seconds_count{backend=\"127.0.0.1:"))
                .body(containsString("frontend=\"echo-l7\",status=\"2xx\"}"))
                .body(containsString("lb_frontend_total{frontend=\"echo-l7\",protocol=\"http\"}"));
    }
}
