package dev.l4lab.gateway.netns;

import static dev.l4lab.gateway.support.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.l4lab.gateway.support.Api;
import dev.l4lab.gateway.support.NetnsLab;
import dev.l4lab.gateway.support.NetnsProfile;
import dev.l4lab.gateway.support.NetnsTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Port mapping and MASQUERADE as conntrack holds them: one entry per flow whose original tuple is what the
 * client sent (to the gateway's outside address) and whose reply tuple is what the server sees (from the
 * gateway's lab address), read back over GET /conntrack, counted in the summary, the NAT view and metrics.
 */
@QuarkusTest
@TestProfile(NetnsProfile.class)
class NatConntrackTest extends NetnsTestBase {



    @Test
    void theConntrackRowShowsBothTuplesOfTheTranslation() {
        JsonNode held = lab.clientInBackground("hold", NetnsLab.GATEWAY_OUTSIDE, "80", "20");
        String local = held.get("local").asText();
        int clientPort = Integer.parseInt(local.substring(local.indexOf(':') + 1));
        JsonPath ct = api().queryParam("port", clientPort).get("/conntrack").then().statusCode(200)
                .body("matched", equalTo(1)).body("accounting", equalTo(true)).extract().jsonPath();
        Map<String, Object> e = ct.getMap("entries[0]");
        assertEquals("tcp", e.get("protocol"));
        assertEquals("ESTABLISHED", e.get("state"));
        assertEquals(NetnsLab.CLIENT, ct.getString("entries[0].original.src"));
        assertEquals(NetnsLab.GATEWAY_OUTSIDE, ct.getString("entries[0].original.dst"));
        assertEquals(80, ct.getInt("entries[0].original.dport"));
        assertEquals(NetnsLab.SERVER, ct.getString("entries[0].reply.src"), "the reply comes from the server (DNAT)");
        assertEquals(8080, ct.getInt("entries[0].reply.sport"));
        assertEquals(NetnsLab.GATEWAY_LAB, ct.getString("entries[0].reply.dst"), "...to the gateway's lab address (MASQUERADE)");
        assertTrue(ct.getBoolean("entries[0].dnat") && ct.getBoolean("entries[0].snat"));
        assertTrue(ct.getLong("entries[0].original.packets") >= 3, "accounting counts the packets: " + ct.prettify());
        // Until the client's (delayed) ACK of the last data arrives, conntrack holds the flow with the 300 s
        // "unacknowledged" timeout; then the established one (five days) applies.
        long deadline = System.nanoTime() + 5_000_000_000L;
        long expires = ct.getLong("entries[0].expiresInSeconds");
        while (expires < 400_000 && System.nanoTime() < deadline) {
            Api.sleep(200);
            expires = api().queryParam("port", clientPort).get("/conntrack").then().extract().jsonPath().getLong("entries[0].expiresInSeconds");
        }
        assertTrue(expires > 400_000, "the kernel's established timeout, about five days: " + expires);
        assertTrue(ct.getString("entries[0].translatedText").startsWith(NetnsLab.GATEWAY_LAB + ":"), ct.prettify());
        assertNotNull(ct.get("entries[0].id"));

        api().queryParam("protocol", "tcp").queryParam("state", "established").queryParam("limit", 1).get("/conntrack")
                .then().statusCode(200).body("entries.size()", lessThanOrEqualTo(1)).body("matched", greaterThanOrEqualTo(1));
        api().get("/conntrack/summary").then().statusCode(200).body("count", greaterThanOrEqualTo(1))
                .body("byTcpState.ESTABLISHED", greaterThanOrEqualTo(1)).body("byProtocol.tcp", greaterThanOrEqualTo(1))
                .body("max", greaterThanOrEqualTo(1)).body("complete", equalTo(true));
        JsonPath nat = api().get("/nat").then().statusCode(200).extract().jsonPath();
        assertEquals(NetnsLab.GATEWAY_OUTSIDE, nat.getString("outside.address"));
        assertEquals(NetnsLab.GATEWAY_OUTSIDE + ":80", nat.getString("mappings.find { it.name == 'web' }.outside"));
        assertEquals(NetnsLab.SERVER + ":8080", nat.getString("mappings.find { it.name == 'web' }.target"));
        assertTrue(nat.getLong("mappings.find { it.name == 'web' }.connections") >= 1, nat.prettify());
        assertTrue(nat.getLong("masqueradedConnections") >= 1, nat.prettify());
        assertEquals("random", nat.getString("portAllocation"));

        String metrics = api().get("/q/metrics").asString();
        assertTrue(metrics.contains("gateway_ready 1.0"), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("gateway_conntrack_entries") && !l.endsWith(" -1.0")), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("gateway_nat_mapped_connections_total{mapping=\"web\"")), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("gateway_firewall_rule_packets_total{") && l.contains("port=\"80\"")), metrics);
        assertTrue(metrics.contains("gateway_kernel_commands_total{outcome=\"ok\",tool=\"nft\"}"), metrics);

        long deleted = api().delete("/conntrack").then().statusCode(200).extract().jsonPath().getLong("deleted");
        assertTrue(deleted >= 1, "flush deleted " + deleted);
        api().queryParam("port", clientPort).get("/conntrack").then().statusCode(200).body("matched", equalTo(0));
    }

    @Test
    void badFiltersAreRefusedByName() {
        api().queryParam("protocol", "tcpp").get("/conntrack").then().statusCode(400).body("field", equalTo("protocol"));
        api().queryParam("state", "DANCING").get("/conntrack").then().statusCode(400).body("field", equalTo("state"));
        api().queryParam("port", 70000).get("/conntrack").then().statusCode(400).body("field", equalTo("port"));
        api().queryParam("address", "10.0.0.300").get("/conntrack").then().statusCode(400).body("field", equalTo("address"));
        api().queryParam("limit", 0).get("/conntrack").then().statusCode(400).body("field", equalTo("limit"));
        api().queryParam("limit", 1_000_000).get("/conntrack").then().statusCode(400).body("field", equalTo("limit"));
        assertFalse(api().get("/conntrack").then().statusCode(200).extract().jsonPath().getBoolean("truncated"));
    }
}
