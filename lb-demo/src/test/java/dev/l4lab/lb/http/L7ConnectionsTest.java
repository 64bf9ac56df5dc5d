package dev.l4lab.lb.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Clients;
import dev.l4lab.lb.support.Http1;
import dev.l4lab.lb.support.Http1.Response;
import dev.l4lab.lb.support.HttpTestBackends;
import dev.l4lab.lb.support.TestBackends;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * L7 client connections appear in GET /connections as rows of the http table: client "ip:port", frontend, protocol,
 * backend (the one serving the current request, if any), state, requests, bytesIn, bytesOut (the client socket's),
 * ageMs; the L4 rows of the tcp table have the fields they share.
 */
@QuarkusTest
@QuarkusTestResource(TestBackends.class)
@QuarkusTestResource(HttpTestBackends.class)
class L7ConnectionsTest extends RecordedBackendTest {

    private static Map<String, Object> row(String client) {
        return row("http", client);
    }

    private static Map<String, Object> row(String table, String client) {
        List<Map<String, Object>> rows = given().get("/connections").then().statusCode(200).extract()
                .path(table + ".findAll { it.client == '" + client + "' }");
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static long number(Map<String, Object> row, String field) {
        return ((Number) row.get(field)).longValue();
    }

    /** The fields L7 rows share with an L4 row (and a check that row() finds rows). */
    @Test
    void anL4ConnectionRowHasTheFieldsL7RowsShare() throws Exception {
        String request = "GET /whoami HTTP/1.1\r\nHost: lb.test\r\n\r\n";
        try (Http1 c = Http1.open(runtime.port("web-l4"))) {
            c.send(request);
            assertEquals(200, c.read().status());
            String client = "127.0.0.1:" + c.socket().getLocalPort();
            Clients.await("a row for " + client, Duration.ofSeconds(10), () -> row("tcp", client) != null);
            Map<String, Object> r = row("tcp", client);
            assertEquals("web-l4", r.get("frontend"));
            assertEquals("established", r.get("state"));
            assertTrue(String.valueOf(r.get("backend")).startsWith("127.0.0.1:"), r.toString());
            assertEquals(request.length(), number(r, "bytesIn"), r.toString());
            assertTrue(number(r, "bytesOut") > 0 && number(r, "ageMs") >= 0, r.toString());
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsListedWithItsClientAndBytes() throws Exception {
        String request = "GET /listed HTTP/1.1\r\nHost: lb.test\r\n\r\n";
        try (Http1 c = Http1.open(port())) {
            c.send(request);
            assertEquals(200, c.read().status());
            String client = "127.0.0.1:" + c.socket().getLocalPort();
            Clients.await("a row for " + client, Duration.ofSeconds(10), () -> row(client) != null);
            Map<String, Object> r = row(client);
            assertEquals(FRONTEND, r.get("frontend"));
            assertEquals("idle", r.get("state"), "between requests: " + r);
            assertEquals("HTTP/1.1", r.get("protocol"));
            assertEquals(1L, number(r, "requests"), r.toString());
            assertTrue(number(r, "bytesIn") >= request.length(), "client bytes counted: " + r);
            assertTrue(number(r, "bytesOut") > 0, "response bytes counted: " + r);
            assertTrue(number(r, "ageMs") >= 0, r.toString());
            Object b = r.get("backend");
            assertTrue(b == null || b.equals(backend.address()), "no backend, or the last one used: " + r);
        }
    }

    @Test
    void aConnectionInTheMiddleOfARequestNamesItsBackend() throws Exception {
        try (Http1 c = Http1.open(port())) {
            c.send("POST /hold-body HTTP/1.1\r\nHost: lb.test\r\nContent-Length: 5\r\n\r\nhello");
            Clients.await("the backend holds the request", Duration.ofSeconds(10), () -> backend.holding() == 1);
            String client = "127.0.0.1:" + c.socket().getLocalPort();
            Clients.await("a row for " + client, Duration.ofSeconds(10), () -> row(client) != null);
            Map<String, Object> r = row(client);
            assertNotNull(r);
            assertEquals(FRONTEND, r.get("frontend"));
            assertEquals(backend.address(), r.get("backend"), "the backend serving the request: " + r);
            assertEquals("waiting-response", r.get("state"), "the body is sent, the backend holds it: " + r);
            backend.releaseHeldBody();
            assertEquals(200, c.read().status());
        }
    }

    @Test
    void aClosedConnectionLeavesTheTable() throws Exception {
        String client;
        try (Http1 c = Http1.open(port())) {
            c.send("GET /gone HTTP/1.1\r\nHost: lb.test\r\n\r\n");
            assertEquals(200, c.read().status());
            client = "127.0.0.1:" + c.socket().getLocalPort();
            Clients.await("a row for " + client, Duration.ofSeconds(10), () -> row(client) != null);
        }
        Clients.await("the row for " + client + " is gone", Duration.ofSeconds(10), () -> row(client) == null);
    }

    /** The backend's and the frontend's byte counters count what crossed the client's socket, heads included. */
    @Test
    void bytesAreCountedAsOnTheWireHeadsIncluded() throws Exception {
        String request = "GET /counted HTTP/1.1\r\nHost: lb.test\r\n\r\n";
        long frontendBefore = frontendBytesIn();
        long bytesOut;
        try (Http1 c = Http1.open(port())) {
            c.send(request);
            Response r = c.read();
            assertEquals(200, r.status());
            bytesOut = r.statusLine().length() + 2 + r.headerLines().stream().mapToLong(h -> h.length() + 2).sum() + 2
                    + r.bodyLength();
        }
        Map<String, Object> b = given().get("/pools/recorded").then().statusCode(200).extract()
                .path("backends.find { it.address == '" + backend.address() + "' }");
        assertEquals(request.length(), number(b, "bytesIn"), "the request as sent: " + b);
        assertEquals(bytesOut, number(b, "bytesOut"), "the response as received: " + b);
        assertEquals(request.length(), frontendBytesIn() - frontendBefore, "the frontend's count too");
    }

    private static long frontendBytesIn() {
        Number n = given().get("/frontends").then().statusCode(200).extract()
                .path("find { it.name == '" + FRONTEND + "' }.bytesIn");
        return n.longValue();
    }
}
