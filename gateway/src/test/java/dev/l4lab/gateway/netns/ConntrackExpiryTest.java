package dev.l4lab.gateway.netns;

import static dev.l4lab.gateway.support.Api.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.l4lab.gateway.support.Api;
import dev.l4lab.gateway.support.NetnsLab;
import dev.l4lab.gateway.support.NetnsProfile;
import dev.l4lab.gateway.support.NetnsTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The course's NAT pitfalls on real conntrack (timeouts by sysctl here, as the namespace's are writable): an
 * idle TCP connection through the NAT dies after the established timeout (strict tracking: the client's next
 * write is never answered), TCP keepalive below the timeout keeps it alive, and a UDP flow gets a new mapping
 * after its timeout.
 */
@QuarkusTest
@TestProfile(NetnsProfile.class)
class ConntrackExpiryTest extends NetnsTestBase {



    @AfterEach
    void kernelDefaults() {
        api().body("{\"tcpEstablishedSeconds\":432000,\"udpSeconds\":30,\"udpStreamSeconds\":120,\"strictTracking\":true}")
                .put("/conntrack/settings").then().statusCode(200);
    }

    @Test
    void anIdleTcpConnectionDiesAfterTheEstablishedTimeoutAndKeepaliveSavesIt() {
        api().body("{\"tcpEstablishedSeconds\":4,\"strictTracking\":true}").put("/conntrack/settings").then().statusCode(200)
                .body("mechanism", equalTo("sysctl")).body("tcpEstablishedSeconds", equalTo(4))
                .body("strictTracking", equalTo(true));
        long invalidBefore = invalidDrops();
        JsonNode idle = lab.client(30, "idle", NetnsLab.GATEWAY_OUTSIDE, "22", "7", "3");
        assertEquals("one", idle.get("first").asText(), idle.toString());
        assertTrue(idle.get("afterIdle").isNull(), "after 7 s of silence the mapping is gone: " + idle);
        assertTrue(idle.get("error").asText().startsWith("no answer"), idle.toString());
        assertTrue(invalidDrops() > invalidBefore, "the client's late segments are INVALID (no conntrack entry) and dropped");

        JsonNode alive = lab.client(30, "idle", NetnsLab.GATEWAY_OUTSIDE, "22", "7", "3", "1");
        assertEquals("two", alive.get("afterIdle").asText(), "keepalive every 1 s refreshes the 4 s timeout: " + alive);
    }

    @Test
    void theEntryExpiresWhileTheClientStillHoldsItsSocket() {
        api().body("{\"tcpEstablishedSeconds\":3}").put("/conntrack/settings").then().statusCode(200);
        JsonNode held = lab.clientInBackground("hold", NetnsLab.GATEWAY_OUTSIDE, "80", "15");
        int port = Integer.parseInt(held.get("local").asText().split(":")[1]);
        JsonPath row = api().queryParam("port", port).get("/conntrack").then().statusCode(200).extract().jsonPath();
        assertEquals(1, row.getInt("matched"));
        assertTrue(row.getLong("entries[0].expiresInSeconds") <= 3, row.prettify());
        assertTrue(waitUntilGone(port, 15), "the idle entry expired within 15 s");
    }

    @Test
    void aUdpFlowGetsANewMappingAfterItsTimeout() {
        api().body("{\"udpSeconds\":3,\"udpStreamSeconds\":3}").put("/conntrack/settings").then().statusCode(200)
                .body("udpSeconds", equalTo(3));
        JsonNode first = lab.client(10, "udp-probe", NetnsLab.GATEWAY_OUTSIDE, "9001", "2", "40002");
        JsonNode again = lab.client(10, "udp-probe", NetnsLab.GATEWAY_OUTSIDE, "9001", "2", "40002");
        assertEquals("OPEN", first.get("state").asText(), first.toString());
        JsonPath one = api().queryParam("port", 40002).queryParam("protocol", "udp").get("/conntrack").then().extract().jsonPath();
        assertEquals(1, one.getInt("matched"), one.prettify());
        assertEquals(2, one.getLong("entries[0].original.packets"), "one mapping carried both datagrams: " + one.prettify());
        int mapped1 = one.getInt("entries[0].reply.dport");
        assertTrue(again.get("reply").asText().startsWith("peer " + NetnsLab.GATEWAY_LAB + ":" + mapped1 + " "),
                "the server saw the mapped port both times: " + first + " " + again);
        assertTrue(waitUntilGone(40002, 15), "the UDP entry expired after 3 s of silence");
        JsonNode third = lab.client(10, "udp-probe", NetnsLab.GATEWAY_OUTSIDE, "9001", "2", "40002");
        assertEquals("OPEN", third.get("state").asText());
        JsonPath two = api().queryParam("port", 40002).queryParam("protocol", "udp").get("/conntrack").then().extract().jsonPath();
        assertEquals(1, two.getLong("entries[0].original.packets"), "a new mapping, counting from one: " + two.prettify());
        int mapped2 = two.getInt("entries[0].reply.dport");
        assertTrue(third.get("reply").asText().startsWith("peer " + NetnsLab.GATEWAY_LAB + ":" + mapped2 + " "), third.toString());
        System.out.printf("UDP %s:40002 was mapped to %s:%d, after expiry to %s:%d (fully-random port allocation)%n",
                NetnsLab.CLIENT, NetnsLab.GATEWAY_LAB, mapped1, NetnsLab.GATEWAY_LAB, mapped2);
    }

    @Test
    void settingsTheKernelKeepsGlobalAreReportedReadOnly() {
        JsonPath s = api().get("/conntrack/settings").then().statusCode(200).extract().jsonPath();
        assertEquals(false, s.getBoolean("kernel.find { it.name == 'nf_conntrack_max' }.writable"));
        assertTrue(s.getString("kernel.find { it.name == 'nf_conntrack_max' }.note").contains("initial (host) network namespace"));
        assertEquals(true, s.getBoolean("kernel.find { it.name == 'nf_conntrack_tcp_timeout_established' }.writable"));
        api().body("{\"max\":1000,\"tcpEstablishedSeconds\":50}").put("/conntrack/settings").then().statusCode(422)
                .body("field", equalTo("max")).body("error", containsString("read-only"));
        api().get("/conntrack/settings").then().body("tcpEstablishedSeconds", equalTo(432000));
        api().body("{\"tcpEstablishedSeconds\":0}").put("/conntrack/settings").then().statusCode(400)
                .body("field", equalTo("tcpEstablishedSeconds"));
        api().body("{\"udpSeconds\":-5}").put("/conntrack/settings").then().statusCode(400).body("field", equalTo("udpSeconds"));
        api().body("{\"strictTracking\":false}").put("/conntrack/settings").then().statusCode(200)
                .body("strictTracking", equalTo(false));
        api().body("{\"nonsense\":1}").put("/conntrack/settings").then().statusCode(400).body("error", containsString("nonsense"));
    }

    private boolean waitUntilGone(int port, int seconds) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (api().queryParam("port", port).get("/conntrack").then().extract().jsonPath().getInt("matched") == 0) {
                return true;
            }
            Api.sleep(250);
        }
        return false;
    }

    private long invalidDrops() {
        String listing = api().get("/ruleset").asString();
        return listing.lines().filter(l -> l.contains("drop:invalid"))
                .mapToLong(l -> Long.parseLong(l.replaceAll(".*counter packets (\\d+) .*", "$1"))).sum();
    }
}
