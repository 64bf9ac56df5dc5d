package dev.l4lab.lb.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Http1;
import dev.l4lab.lb.support.Http1.Response;
import dev.l4lab.lb.support.HttpTestBackends;
import dev.l4lab.lb.support.RecordingHttpBackend.Received;
import dev.l4lab.lb.support.TestBackends;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Connection management on the client side of the L7 frontend (RFC 9112 section 9): HTTP/1.0, Connection: close,
 * bodiless responses that must not desync the next request, pipelining, and reuse of backend connections.
 */
@QuarkusTest
@QuarkusTestResource(TestBackends.class)
@QuarkusTestResource(HttpTestBackends.class)
class L7KeepAliveTest extends RecordedBackendTest {

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: lb.test\r\n\r\n";
    }

    private static boolean saysClose(Response r) {
        return r.values("Connection").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("close"));
    }

    @Test
    void expectContinueGets100BeforeTheBodyThenTheAnswerAndTheConnectionGoesOn() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("PUT /upload HTTP/1.1\r\nHost: lb.test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            Response interim = c.read();
            assertEquals(100, interim.status(), "the backend's 100 Continue goes on before the body is sent");
            c.send("hello");
            Response r = c.read();
            assertEquals(200, r.status(), r.statusLine());
            assertEquals("ok", r.bodyText());
            c.send(get("/after-continue"));
            assertEquals(200, c.read().status(), "the connection goes on after an interim response");
        }
        assertEquals("hello", backend.received().get(backend.received().size() - 2).bodyText());
    }

    @Test
    void anHttp10ClientGetsNoInterimResponse() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("PUT /upload HTTP/1.0\r\nHost: lb.test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\nhello");
            Response r = c.read();
            assertEquals(200, r.status(), "no 1xx to HTTP/1.0 (RFC 9110 15.2): " + r.statusLine());
        }
    }

    @Test
    void anHttp10RequestWithoutKeepAliveGetsItsResponseThenTheConnectionCloses() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("GET /old HTTP/1.0\r\nHost: lb.test\r\n\r\n");
            Response r = c.read();
            assertEquals(200, r.status());
            assertEquals("ok", r.bodyText());
            assertTrue(c.closedByPeer(), "HTTP/1.0 without keep-alive: the LB closes after the response");
        }
    }

    @Test
    void anHttp10RequestWithKeepAliveKeepsTheConnection() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("GET /old1 HTTP/1.0\r\nHost: lb.test\r\nConnection: keep-alive\r\n\r\n");
            Response first = c.read();
            assertEquals(200, first.status());
            assertEquals("2", first.header("Content-Length"), "a kept-alive HTTP/1.0 response is length-delimited");
            assertFalse(saysClose(first), first.headerLines().toString());
            c.send("GET /old2 HTTP/1.0\r\nHost: lb.test\r\nConnection: keep-alive\r\n\r\n");
            assertEquals("/old2", c.read().header("X-Request-Target"));
        }
    }

    @Test
    void connectionCloseGetsConnectionCloseAndFin() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("GET /bye HTTP/1.1\r\nHost: lb.test\r\nConnection: close\r\n\r\n");
            Response r = c.read();
            assertEquals(200, r.status());
            assertEquals("ok", r.bodyText());
            assertTrue(saysClose(r), "the response says Connection: close: " + r.headerLines());
            assertTrue(c.closedByPeer(), "and the LB sends FIN");
        }
    }

    @Test
    void aHeadResponseWithContentLengthDoesNotDesyncTheNextRequest() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("HEAD /bytes?n=1000 HTTP/1.1\r\nHost: lb.test\r\n\r\n");
            Response head = c.read(true);
            assertEquals(200, head.status());
            assertEquals("1000", head.header("Content-Length"), "HEAD keeps the length a GET would have");
            c.send(get("/after-head"));
            Response next = c.read();
            assertEquals(200, next.status(), next.statusLine());
            assertEquals("/after-head", next.header("X-Request-Target"));
            assertEquals("ok", next.bodyText());
        }
        assertEquals("HEAD /bytes?n=1000 HTTP/1.1", backend.received().get(0).requestLine());
    }

    @Test
    void a204AndA304DoNotDesyncTheNextRequest() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send(get("/status?code=204"));
            assertEquals(204, c.read().status());
            c.send(get("/after-204"));
            assertEquals("/after-204", c.read().header("X-Request-Target"));

            c.send("GET /status?code=304 HTTP/1.1\r\nHost: lb.test\r\nIf-None-Match: \"v1\"\r\n\r\n");
            Response notModified = c.read();
            assertEquals(304, notModified.status());
            c.send(get("/after-304"));
            Response next = c.read();
            assertEquals("/after-304", next.header("X-Request-Target"), next.headerLines().toString());
            assertEquals("ok", next.bodyText());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send(get("/p1") + "POST /p2 HTTP/1.1\r\nHost: lb.test\r\nContent-Length: 5\r\n\r\nhello" + get("/p3"));
            assertEquals("/p1", c.read().header("X-Request-Target"));
            assertEquals("/p2", c.read().header("X-Request-Target"));
            assertEquals("/p3", c.read().header("X-Request-Target"));
        }
        List<Received> seen = backend.received();
        assertEquals(3, seen.size(), seen.toString());
        assertEquals("hello", seen.stream().filter(r -> r.requestLine().startsWith("POST")).findFirst().orElseThrow()
                .bodyText());
    }

    @Test
    void sequentialRequestsReuseKeptAliveBackendConnections() throws Exception {
        for (int client = 0; client < 3; client++) {
            try (Http1 c = Http1.open(port())) {
                for (int i = 0; i < 10; i++) {
                    c.send(get("/seq" + i));
                    assertEquals("/seq" + i, c.read().header("X-Request-Target"));
                }
            }
        }
        assertEquals(30, backend.received().size());
        // One idle backend connection per event loop (2 in the test profile) is enough for sequential requests.
        assertTrue(backend.connections() <= 2, "30 sequential requests opened " + backend.connections()
                + " backend connections");
        backend.received().forEach(r -> assertNull(r.values("Connection").stream()
                .filter(v -> v.toLowerCase(Locale.ROOT).contains("close")).findFirst().orElse(null),
                "the LB asks the backend to keep the connection: " + r.headerLines()));
    }
}
