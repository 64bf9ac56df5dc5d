package dev.l4lab.lb.http;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.Clients;
import dev.l4lab.lb.support.Http1;
import dev.l4lab.lb.support.HttpTestBackends;
import dev.l4lab.lb.support.TestBackends;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * L7 client connections appear in GET /connections as rows of the tcp table, in the shape TCP rows have: client
 * "ip:port", frontend, backend (the one serving the current request, if any), state, bytesIn, bytesOut, ageMs.
 */
@QuarkusTest
@QuarkusTestResource(TestBackends.class)
@QuarkusTestResource(HttpTestBackends.class)
class L7ConnectionsTest extends RecordedBackendTest {

    private static Map<String, Object> row(String client) {
        List<Map<String, Object>> rows = given().get("/connections").then().statusCode(200).extract()
                .path("tcp.findAll { it.client == '" + client + "' }");
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static long number(Map<String, Object> row, String field) {
        return ((Number) row.get(field)).longValue();
    }

    /** The shape the L7 rows are held to, as an L4 row has it today (and a check that row() finds rows). */
    @Test
    void anL4ConnectionRowHasTheShapeL7RowsMustHave() throws Exception {
        String request = "GET /whoami HTTP/1.1\r\nHost: lb.test\r\n\r\n";
        try (Http1 c = Http1.open(runtime.port("web-l4"))) {
            c.send(request);
            assertEquals(200, c.read().status());
            String client = "127.0.0.1:" + c.socket().getLocalPort();
            Clients.await("a row for " + client, Duration.ofSeconds(10), () -> row(client) != null);
            Map<String, Object> r = row(client);
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
            assertEquals("established", r.get("state"));
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
}
