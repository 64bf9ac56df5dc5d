package dev.l4lab.gateway.netns;

import static dev.l4lab.gateway.support.Api.api;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.l4lab.gateway.support.Api;
import dev.l4lab.gateway.support.NetnsLab;
import dev.l4lab.gateway.support.NetnsProfile;
import dev.l4lab.gateway.support.NetnsTestBase;
import dev.l4lab.gateway.support.Shell;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway's fences: the bearer token on the API (health and metrics open), no traffic from the gateway
 * itself except to its two networks, and no forwarding except mapped flows from outside.
 */
@QuarkusTest
@TestProfile(NetnsProfile.class)
class SecurityTest extends NetnsTestBase {


    @Test
    void theApiNeedsTheToken() {
        given().get("/firewall").then().statusCode(401).header("WWW-Authenticate", "Bearer")
                .body("error", containsString("missing bearer token"));
        given().header("Authorization", "Bearer wrong-token").get("/conntrack").then().statusCode(401)
                .body("error", containsString("invalid"));
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        api().get("/").then().statusCode(200);
    }

    @Test
    void theGatewaySendsNothingBeyondItsTwoNetworks() {
        Shell.must("ip", "-n", lab.gatewayNs(), "route", "add", "198.18.9.0/24", "via", NetnsLab.SERVER);
        Shell.must("ip", "-n", lab.serverNs(), "route", "add", NetnsLab.OUTSIDE_NET, "via", NetnsLab.GATEWAY_LAB);
        try {
            JsonNode away = lab.peer(lab.gatewayNs(), 10, "connect", "198.18.9.9", "80");
            assertEquals("timeout", away.get("error").asText(), "the output chain drops the SYN (and its retransmissions): " + away);
            JsonNode datagram = lab.peer(lab.gatewayNs(), 10, "udp-send", "198.18.9.9", "53");
            assertEquals("EPERM", datagram.get("error").asText(), "a datagram dropped by the output chain fails at once: " + datagram);
            JsonNode lan = lab.peer(lab.gatewayNs(), 10, "connect", NetnsLab.SERVER, "9000");
            assertTrue(lan.get("error").isNull(), "the lab network is allowed: " + lan);
            JsonNode outward = lab.peer(lab.serverNs(), 10, "connect", NetnsLab.CLIENT, "9");
            assertEquals("timeout", outward.get("error").asText(), "nothing but mapped flows is forwarded: " + outward);
            assertTrue(Api.metricPositive("gateway_dropped_packets_total{reason=\"egress-blocked\"}"));
            assertTrue(Api.metricPositive("gateway_dropped_packets_total{reason=\"not-mapped\"}"));
        } finally {
            Shell.run(List.of("ip", "-n", lab.gatewayNs(), "route", "del", "198.18.9.0/24"), 10);
            Shell.run(List.of("ip", "-n", lab.serverNs(), "route", "del", NetnsLab.OUTSIDE_NET), 10);
        }
    }
}
