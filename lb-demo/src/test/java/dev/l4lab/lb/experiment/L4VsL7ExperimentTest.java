package dev.l4lab.lb.experiment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.lb.support.HttpTestBackends;
import dev.l4lab.lb.support.TestBackends;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /experiments/l4-vs-l7 against real HTTP backends: the lessons must come out of the numbers. */
@QuarkusTest
@QuarkusTestResource(TestBackends.class)
@QuarkusTestResource(HttpTestBackends.class)
class L4VsL7ExperimentTest {

    private static JsonPath run(String body) {
        return given().contentType("application/json").body(body).post("/experiments/l4-vs-l7")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void keepAlivePinsL4ConnectionsAndL7SpreadsRequests() {
        JsonPath r = run("{\"requests\":60,\"concurrency\":2,\"keepAlive\":true,\"proxyProtocol\":true}");
        assertFalse(r.getBoolean("partial"));
        assertEquals(List.of("L4", "L7", "L4+PROXY"), r.getList("paths.path"));
        for (int i = 0; i < 3; i++) {
            assertEquals(60, r.getInt("paths[" + i + "].completed"), "path " + i + ": " + r.get("paths[" + i + "].errors"));
            Map<String, Integer> dist = r.getMap("paths[" + i + "].distribution");
            assertEquals(60, dist.values().stream().mapToInt(Integer::intValue).sum());
            assertTrue(r.getDouble("paths[" + i + "].latencyMs.p99") >= r.getDouble("paths[" + i + "].latencyMs.p50"));
            assertTrue(r.getInt("paths[" + i + "].connections") <= 2);
        }
        assertEquals(1, r.getInt("paths[0].backendsPerConnection.max"), "L4 keep-alive: one backend per connection");
        assertTrue(r.getDouble("paths[1].backendsPerConnection.mean") > 1.5, "L7 spreads each connection's requests");
        assertEquals(3, r.getMap("paths[1].distribution").size());
        assertFalse(r.getBoolean("paths[0].sawRealClient"), "L4 hides the client");
        assertTrue(r.getBoolean("paths[1].sawRealClient"), "L7 shows it in X-Forwarded-For");
        assertEquals(Map.of("127.0.0.1", 60), r.getMap("paths[1].clientAddressSeen"));
        assertTrue(r.getBoolean("paths[2].sawRealClient"), "PROXY protocol shows it to L4 backends");
        List<String> lessons = r.getList("lessons");
        assertTrue(lessons.get(0).startsWith("With keep-alive, L4 pinned each client connection to one backend (1.0"),
                lessons.get(0));
        assertTrue(lessons.stream().anyMatch(l -> l.startsWith("L4 hid the client address")), lessons.toString());
    }

    @Test
    void withoutKeepAliveBothSpread() {
        JsonPath r = run("{\"requests\":30,\"concurrency\":3,\"keepAlive\":false}");
        assertEquals(30, r.getInt("paths[0].connections"), "every request its own connection");
        assertEquals(3, r.getMap("paths[0].distribution").size(), "so L4 spreads too");
        assertEquals(1, r.getInt("paths[0].backendsPerConnection.max"));
        assertEquals(3, r.getMap("paths[1].distribution").size());
        assertEquals(2, r.getList("paths").size(), "no PROXY path unless asked");
        assertTrue(r.getString("lessons[0]").startsWith("Without keep-alive"), r.getString("lessons[0]"));
    }

    @Test
    void overH2cL4PinsEachConnectionWithAllItsStreamsAndL7SpreadsEveryStream() {
        JsonPath r = run("{\"protocol\":\"h2c\",\"streams\":90,\"connections\":2}");
        assertFalse(r.getBoolean("partial"));
        assertEquals("h2c", r.getString("protocol"));
        assertEquals(90, r.getInt("requests"), "requests counts the streams");
        assertEquals(2, r.getInt("concurrency"), "concurrency counts the connections");
        assertEquals(List.of("L4", "L7"), r.getList("paths.path"));
        for (int i = 0; i < 2; i++) {
            assertEquals(90, r.getInt("paths[" + i + "].completed"), "path " + i + ": " + r.get("paths[" + i + "].errors"));
            assertEquals(0, r.getInt("paths[" + i + "].failed"));
            assertEquals(2, r.getInt("paths[" + i + "].connections"), "few long-lived HTTP/2 connections, no more");
            Map<String, Integer> dist = r.getMap("paths[" + i + "].distribution");
            assertEquals(90, dist.values().stream().mapToInt(Integer::intValue).sum());
        }
        assertEquals(1, r.getInt("paths[0].backendsPerConnection.max"), "L4: every stream of a connection on one backend");
        assertTrue(r.getMap("paths[0].distribution").size() <= 2, "two connections reach at most two backends: "
                + r.getMap("paths[0].distribution"));
        assertEquals(3, r.getMap("paths[1].distribution").size(), "L7 balances every stream");
        assertTrue(r.getDouble("paths[1].backendsPerConnection.mean") > 1.5, "L7 spreads each connection's streams");
        List<String> lessons = r.getList("lessons");
        assertTrue(lessons.get(0).startsWith("Over HTTP/2, L4 pinned each connection with all its streams to one backend: "
                + "90 stream(s) over 2 connection(s)"), lessons.get(0));
        assertTrue(lessons.stream().anyMatch(l -> l.contains("balance per stream at L7") && l.contains("maximum connection age")),
                lessons.toString());
    }

    @Test
    void h2cTextFormatCountsStreams() {
        String text = given().queryParam("format", "text").queryParam("protocol", "h2c").queryParam("streams", "30")
                .queryParam("connections", "1").post("/experiments/l4-vs-l7")
                .then().statusCode(200).contentType(containsString("text/plain")).extract().asString();
        assertTrue(text.startsWith("L4 vs L7 over HTTP/2 (h2c, prior knowledge): 30 streams per path over 1 connection(s)"),
                text);
        assertTrue(text.contains("HTTP/2 connections"), text);
        assertTrue(text.matches("(?s).*streams ok / failed +30 / 0 +30 / 0\n.*"), text);
        assertTrue(text.contains("streams on b1"), text);
        assertTrue(text.contains("Lessons:\n - Over HTTP/2, L4 pinned"), text);
    }

    @Test
    void badH2cParametersAre400NamingTheField() {
        bad("{\"protocol\":\"h3\"}", "protocol");
        bad("{\"protocol\":\"h2c\",\"streams\":0}", "streams");
        bad("{\"protocol\":\"h2c\",\"streams\":1001}", "streams");
        bad("{\"protocol\":\"h2c\",\"connections\":0}", "connections");
        bad("{\"protocol\":\"h2c\",\"connections\":9}", "connections");
        bad("{\"protocol\":\"h2c\",\"requests\":100}", "requests");
        bad("{\"protocol\":\"h2c\",\"concurrency\":2}", "concurrency");
        bad("{\"protocol\":\"h2c\",\"keepAlive\":false}", "keepAlive");
        bad("{\"protocol\":\"h2c\",\"proxyProtocol\":true}", "proxyProtocol");
        bad("{\"streams\":100}", "streams");
        bad("{\"connections\":2}", "connections");
        given().queryParam("protocol", "h2c").queryParam("streams", "lots").post("/experiments/l4-vs-l7").then()
                .statusCode(400).body("field", equalTo("streams"));
        given().queryParam("protocol", "spdy").post("/experiments/l4-vs-l7").then().statusCode(400)
                .body("field", equalTo("protocol"));
    }

    @Test
    void textFormatPrintsATable() {
        String text = given().queryParam("format", "text").queryParam("requests", "12").post("/experiments/l4-vs-l7")
                .then().statusCode(200).contentType(containsString("text/plain")).extract().asString();
        assertTrue(text.contains("backends per connection"), text);
        assertTrue(text.contains("requests on b1"), text);
        assertTrue(text.contains("Lessons:\n - With keep-alive"), text);
    }

    @Test
    void badParametersAre400NamingTheField() {
        bad("{\"requests\":0}", "requests");
        bad("{\"requests\":10001}", "requests");
        bad("{\"concurrency\":65}", "concurrency");
        bad("{\"concurrency\":0}", "concurrency");
        bad("{\"requests\":\"many\"}", "requests");
        given().queryParam("keepAlive", "maybe").post("/experiments/l4-vs-l7").then().statusCode(400)
                .body("field", equalTo("keepAlive"));
        given().queryParam("concurrency", "x").post("/experiments/l4-vs-l7").then().statusCode(400)
                .body("field", equalTo("concurrency"));
        given().queryParam("format", "xml").post("/experiments/l4-vs-l7").then().statusCode(400)
                .body("field", equalTo("format"));
    }

    private static void bad(String body, String field) {
        given().contentType("application/json").body(body).post("/experiments/l4-vs-l7").then().statusCode(400)
                .body("field", equalTo(field)).body("error", containsString(field));
    }
}
