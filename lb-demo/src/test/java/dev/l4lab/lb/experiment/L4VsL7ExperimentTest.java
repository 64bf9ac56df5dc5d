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
