package dev.l4lab.lb.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import dev.l4lab.lb.support.Lb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Absurd admin input gets a 400 naming the field, and nothing that is accepted is broken: hosts follow DNS syntax,
 * ports are plain decimal 1-65535, and JSON types are taken as they are written.
 */
@QuarkusTest
class AdminInputTest {

    private static RequestSpecification json(String body) {
        return given().contentType(ContentType.JSON).body(body);
    }

    private static void badAddress(String address) {
        json("{\"address\":\"" + address + "\"}").post("/pools/echo/backends").then().statusCode(400)
                .body("field", is("address"));
    }

    @Test
    void aHostOfAHundredThousandCharactersIsRefused() {
        badAddress("a".repeat(100_000) + ":80");
    }

    @ParameterizedTest
    @ValueSource(strings = {".:80", "a..b:80", "-a:80", "a-:80", "a_b c:80", "host:", ":80", "host", "999.1.1.1:80",
            "1.2.3:80", "[::1:80", "[fe80::1%eth0]:80", "[zz::1]:80", "::1:80", "host:+80", "host:080", "host: 80",
            "host:65536", "host:0", "host:8o", "host:99999999999"})
    void malformedAddressesAreRefused(String address) {
        badAddress(address);
    }

    @Test
    void aLabelOver63OrANameOver253IsRefused() {
        badAddress("a".repeat(64) + ".example:80");
        badAddress(("a".repeat(63) + ".").repeat(4) + "b:80"); // 257 characters
    }

    // Accepted backends go to pool "web", which has no health checks and takes no traffic at weight 0: nothing is
    // sent to them (tests send only to loopback).

    @Test
    void theLongestValidNameIsAcceptedAndCanBeDeleted() {
        String host = ("a".repeat(62) + ".").repeat(4) + "b"; // 253 characters, labels of 62
        String address = host + ":9";
        json("{\"address\":\"" + address + "\",\"weight\":0}").post("/pools/web/backends").then().statusCode(201)
                .body("address", is(address));
        Lb.removeBackend("web", address);
    }

    @Test
    void anIpv6LiteralInBracketsIsAccepted() {
        json("{\"address\":\"[2001:db8::7]:9\",\"weight\":0}").post("/pools/web/backends").then().statusCode(201)
                .body("address", is("[2001:db8::7]:9"));
        Lb.removeBackend("web", "[2001:db8::7]:9");
    }

    @Test
    void jsonTypesAreStrict() {
        String backend = given().get("/pools/echo").then().extract().path("backends[0].address");
        json("{\"weight\":\"5\"}").put("/pools/echo/backends/" + backend + "/weight").then().statusCode(400)
                .body("field", is("weight"));
        json("{\"weight\":5.5}").put("/pools/echo/backends/" + backend + "/weight").then().statusCode(400)
                .body("field", is("weight"));
        json("{\"weight\":true}").put("/pools/echo/backends/" + backend + "/weight").then().statusCode(400)
                .body("field", is("weight"));
        json("{\"weight\":1e10}").put("/pools/echo/backends/" + backend + "/weight").then().statusCode(400)
                .body("field", is("weight"));
        json("{\"address\":5}").post("/pools/echo/backends").then().statusCode(400).body("field", is("address"));
        json("{\"address\":\"127.0.0.1:9\",\"weight\":\"2\"}").post("/pools/echo/backends").then().statusCode(400)
                .body("field", is("weight"));
        json("{\"state\":1}").put("/pools/echo/backends/" + backend + "/state").then().statusCode(400)
                .body("field", is("state"));
        json("{\"algorithm\":[\"maglev\"]}").put("/pools/echo/algorithm").then().statusCode(400)
                .body("field", is("algorithm"));
        json("{\"algorithm\":\"maglev\",\"extra\":1}").put("/pools/echo/algorithm").then().statusCode(400)
                .body("field", is("extra"));
        given().get("/pools/echo").then().body("algorithm", is("round-robin"));
    }

    @Test
    void theExperimentTakesTypedParametersToo() {
        json("{\"requests\":\"10\"}").post("/experiments/l4-vs-l7").then().statusCode(400).body("field", is("requests"));
        json("{\"keepAlive\":\"yes\"}").post("/experiments/l4-vs-l7").then().statusCode(400)
                .body("field", is("keepAlive"));
    }

    @Test
    void aFullPoolIsAConflict() {
        int have = given().get("/pools/web").then().extract().path("backends.size()");
        int added = 0;
        try {
            for (int i = 0; have + added < 64; i++, added++) {
                json("{\"address\":\"127.0.0.1:" + (20000 + i) + "\",\"weight\":0}").post("/pools/web/backends").then()
                        .statusCode(201);
            }
            json("{\"address\":\"127.0.0.1:29999\",\"weight\":0}").post("/pools/web/backends").then().statusCode(409)
                    .body("field", is("address")).body("error", containsString("64 backends"));
        } finally {
            for (int i = 0; i < added; i++) {
                Lb.removeBackend("web", "127.0.0.1:" + (20000 + i));
            }
        }
    }
}
