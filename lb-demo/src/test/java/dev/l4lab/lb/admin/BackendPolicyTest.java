package dev.l4lab.lb.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import dev.l4lab.lb.support.Lb;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * A backend may not be one of lb-demo's own listeners, in any spelling (a client connection would loop through the
 * LB until the connection limit), nor link-local (cloud metadata), unless a key allows it.
 */
@QuarkusTest
class BackendPolicyTest {

    private static void refused(String pool, String address, String why) {
        given().contentType(ContentType.JSON).body("{\"address\":\"" + address + "\"}")
                .post("/pools/" + pool + "/backends").then().statusCode(400)
                .body("field", is("address")).body("error", containsString(why));
    }

    @Test
    void theLbsOwnListenersAreRefusedInEverySpelling() {
        int echo = Lb.port("echo"); // bound to 127.0.0.1
        refused("echo", "127.0.0.1:" + echo, "lb.backend-policy.allow-self");
        refused("echo", "localhost:" + echo, "own listener echo");
        refused("echo", "0.0.0.0:" + echo, "own listener echo");
        refused("echo", "[::ffff:127.0.0.1]:" + echo, "own listener echo");
        refused("echo-udp", "127.0.0.1:" + Lb.port("echo-udp"), "own listener echo-udp");
        refused("echo", "127.0.0.1:" + Lb.port("echo-l7"), "own listener echo-l7");
    }

    @Test
    void theSamePortOverTheOtherTransportIsNotALoop() {
        int udpPort = Lb.port("echo-udp");
        given().contentType(ContentType.JSON).body("{\"address\":\"127.0.0.1:" + udpPort + "\",\"weight\":0}")
                .post("/pools/echo/backends").then().statusCode(201);
        Lb.removeBackend("echo", "127.0.0.1:" + udpPort);
    }

    @Test
    void linkLocalBackendsAreRefused() {
        refused("echo", "169.254.169.254:80", "lb.backend-policy.allow-link-local");
        refused("echo", "[fe80::1]:80", "link-local");
        refused("echo", "[::ffff:169.254.169.254]:80", "link-local");
    }
}
