package dev.l4lab.gateway.netns;

import static dev.l4lab.gateway.support.Api.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.l4lab.gateway.support.Api;
import dev.l4lab.gateway.support.NetnsLab;
import dev.l4lab.gateway.support.NetnsTestBase;
import dev.l4lab.gateway.support.PolicyProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/**
 * Conntrack timeouts by nftables ct timeout policies, the mechanism the gateway uses in a Docker container
 * (where /proc/sys is read-only): the namespace's sysctl stays as it was, new flows get the policy, and the
 * idle-expiry pitfall and its keepalive fix behave the same.
 */
@QuarkusTest
@TestProfile(PolicyProfile.class)
class PolicyModeTest extends NetnsTestBase {


    @Test
    void timeoutPoliciesGiveNewFlowsTheirTimeout() {
        api().body("{\"tcpEstablishedSeconds\":4}").put("/conntrack/settings").then().statusCode(200)
                .body("mechanism", equalTo("policy")).body("tcpEstablishedSeconds", equalTo(4))
                .body("note", containsString("tcp-g2"));
        JsonPath s = api().get("/conntrack/settings").then().extract().jsonPath();
        assertEquals("432000", s.getString("kernel.find { it.name == 'nf_conntrack_tcp_timeout_established' }.value"),
                "the sysctl is not touched");
        String ruleset = api().get("/ruleset").then().statusCode(200).extract().asString();
        assertTrue(ruleset.contains("ct timeout tcp-g2") && !ruleset.contains("tcp-g1"), ruleset);

        JsonNode held = lab.clientInBackground("hold", NetnsLab.GATEWAY_OUTSIDE, "80", "10");
        int port = Integer.parseInt(held.get("local").asText().split(":")[1]);
        JsonPath row = api().queryParam("port", port).get("/conntrack").then().extract().jsonPath();
        assertTrue(row.getLong("entries[0].expiresInSeconds") <= 4, "the policy's 4 s, not the sysctl's 5 days: " + row.prettify());

        // A firewall change is a new transaction too; it must not take the policy away from flows made after it.
        api().body(Api.baseline()).put("/firewall").then().statusCode(200);
        JsonNode idle = lab.client(30, "idle", NetnsLab.GATEWAY_OUTSIDE, "22", "7", "3");
        assertTrue(idle.get("afterIdle").isNull(), "idle past the policy's timeout: " + idle);
        JsonNode alive = lab.client(30, "idle", NetnsLab.GATEWAY_OUTSIDE, "22", "7", "3", "1");
        assertEquals("two", alive.get("afterIdle").asText(), alive.toString());

        api().body("{\"tcpEstablishedSeconds\":432000}").put("/conntrack/settings").then().statusCode(200)
                .body("tcpEstablishedSeconds", equalTo(432000));
        assertTrue(api().get("/ruleset").asString().contains("ct timeout tcp-g3"));
    }
}
