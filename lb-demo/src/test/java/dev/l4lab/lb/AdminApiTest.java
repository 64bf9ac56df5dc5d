package dev.l4lab.lb;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AdminApiTest {

    @Inject
    LbRuntime runtime;

    @Test
    void listsFrontendsPoolsAndBackends() {
        given().get("/frontends").then().statusCode(200)
                .body("name", hasItems("echo", "echo-udp", "echo-http", "echo-http-proxied"))
                .body("port", everyItem(greaterThan(0)))
                .body("find { it.name == 'echo-udp' }.protocol", is("udp"));
        given().get("/pools").then().statusCode(200).body("name", hasItems("echo", "echo-udp"));
        given().get("/pools/echo-http-proxied").then().statusCode(200)
                .body("algorithm", is("round-robin"))
                .body("proxyProtocol", is("v2"))
                .body("backends[0].state", is("UP"))
                .body("backends[0].weight", is(1));
        given().get("/connections").then().statusCode(200).body("tcp", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void badInputGets400NamingTheField() {
        json("{\"algorithm\":\"foo\"}").put("/pools/echo/algorithm").then().statusCode(400)
                .body("field", is("algorithm")).body("error", containsString("unknown algorithm 'foo'"));
        json("{}").put("/pools/echo/algorithm").then().statusCode(400).body("field", is("algorithm"));
        String backend = given().get("/pools/echo").then().extract().path("backends[0].address");
        json("{\"weight\":-1}").put("/pools/echo/backends/" + backend + "/weight").then().statusCode(400)
                .body("field", is("weight"));
        json("{\"weight\":\"heavy\"}").put("/pools/echo/backends/" + backend + "/weight").then().statusCode(400)
                .body("field", is("weight"));
        json("{\"state\":\"DOWN\"}").put("/pools/echo/backends/" + backend + "/state").then().statusCode(400)
                .body("field", is("state")).body("error", containsString("health checks"));
        json("{\"address\":\"no-port\"}").post("/pools/echo/backends").then().statusCode(400)
                .body("field", is("address"));
        json("{\"address\":\"127.0.0.1:70000\"}").post("/pools/echo/backends").then().statusCode(400)
                .body("field", is("address"));
        json("{\"address\":\"" + backend + "\"}").post("/pools/echo/backends").then().statusCode(409)
                .body("field", is("address"));
        json("{not json").put("/pools/echo/algorithm").then().statusCode(400).body("field", is("body"));
    }

    @Test
    void unknownNamesGet404() {
        given().get("/pools/nope").then().statusCode(404).body("field", is("pool"));
        json("{\"state\":\"MAINT\"}").put("/pools/echo/backends/10.9.9.9:1/state").then().statusCode(404)
                .body("field", is("address"));
        given().delete("/pools/echo/backends/10.9.9.9:1").then().statusCode(404).body("field", is("address"));
    }

    @Test
    void algorithmChangeAndMetricsAreVisible() {
        json("{\"algorithm\":\"maglev\"}").put("/pools/echo-udp/algorithm").then().statusCode(200)
                .body("algorithm", is("maglev"));
        json("{\"algorithm\":\"round-robin\"}").put("/pools/echo-udp/algorithm").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("lb_frontend_active{frontend=\"echo\""))
                .body(containsString("lb_backend_up{backend=\""));
    }

    private static io.restassured.specification.RequestSpecification json(String body) {
        return given().contentType(ContentType.JSON).body(body);
    }
}
