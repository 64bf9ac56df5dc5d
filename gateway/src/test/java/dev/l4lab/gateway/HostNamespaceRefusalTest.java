package dev.l4lab.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * With no namespace configured, the test JVM's own namespace is the host's initial one: the gateway must
 * refuse to touch netfilter there, say so in readiness and on every kernel call, and run no nft at all.
 */
@QuarkusTest
class HostNamespaceRefusalTest {

    @Inject
    MeterRegistry registry;

    @Test
    void refusesTheInitialNamespaceAndSaysWhy() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String phase = "";
        while (System.nanoTime() < deadline) {
            phase = given().get("/").then().extract().path("phase");
            if ("REFUSED".equals(phase)) {
                break;
            }
            sleep();
        }
        assertEquals("REFUSED", phase);
        given().get("/q/health/ready").then().statusCode(503)
                .body("checks[0].data.detail", containsString("host's initial network namespace"));
        given().contentType("application/json").body("{\"defaultAction\":\"drop\",\"rules\":[]}").put("/firewall")
                .then().statusCode(503).body("error", containsString("refusing to configure netfilter"));
        given().get("/conntrack").then().statusCode(503);
        given().delete("/conntrack").then().statusCode(503);
        assertEquals(0, registry.find("gateway.kernel.commands").tag("tool", "nft").counters().stream()
                .mapToDouble(c -> c.count()).sum(), "no nft command may run in the host's namespace");
        assertEquals(0, registry.find("gateway.kernel.commands").tag("tool", "conntrack").counters().stream()
                .mapToDouble(c -> c.count()).sum());
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
