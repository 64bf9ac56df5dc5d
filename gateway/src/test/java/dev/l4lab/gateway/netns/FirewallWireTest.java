package dev.l4lab.gateway.netns;

import static dev.l4lab.gateway.support.Api.api;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
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
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The security group on the wire: real packets from the client namespace to the gateway's outside address,
 * through the kernel rules in the gateway namespace, to the servers. allow gives OPEN, drop gives FILTERED
 * (TCP) or OPEN_FILTERED (UDP), reject gives CLOSED (TCP RST, ICMP port unreachable), as our client and nmap
 * both see it, and each rule's kernel counter moves.
 */
@QuarkusTest
@TestProfile(NetnsProfile.class)
class FirewallWireTest extends NetnsTestBase {



    @BeforeEach
    void noLoss() {
        api().body("{\"loss\":[]}").put("/impairment").then().statusCode(200);
    }

    @Test
    void allowDropAndRejectAsTheClientSeesThem() {
        JsonNode web = lab.client(10, "tcp-probe", NetnsLab.GATEWAY_OUTSIDE, "80", "2");
        assertEquals("OPEN", web.get("state").asText(), web.toString());
        assertTrue(web.get("banner").asText().startsWith("peer " + NetnsLab.GATEWAY_LAB + ":"),
                "the server sees the gateway's lab address (MASQUERADE): " + web);
        assertEquals("OPEN", state(lab.client(10, "tcp-probe", NetnsLab.GATEWAY_OUTSIDE, "22", "2")));
        assertEquals("FILTERED", state(lab.client(10, "tcp-probe", NetnsLab.GATEWAY_OUTSIDE, "3306", "1")),
                "no rule allows 3306 and the default action drops: no answer");
        assertEquals("OPEN_FILTERED", state(lab.client(10, "udp-probe", NetnsLab.GATEWAY_OUTSIDE, "53", "1")),
                "udp 53 is dropped: no reply and no ICMP");
        assertEquals("OPEN", state(lab.client(10, "udp-probe", NetnsLab.GATEWAY_OUTSIDE, "9001", "2")));

        api().body("""
                {"defaultAction":"reject","rules":[
                  {"protocol":"tcp","port":"80","action":"allow"},
                  {"protocol":"tcp","port":"22","action":"reject","description":"ssh closed"},
                  {"protocol":"udp","port":"53","action":"reject"}]}""").put("/firewall").then().statusCode(200)
                .body("defaultAction", equalTo("reject"));
        assertEquals("CLOSED", state(lab.client(10, "tcp-probe", NetnsLab.GATEWAY_OUTSIDE, "22", "2")), "reject: a TCP RST");
        assertEquals("CLOSED", state(lab.client(10, "udp-probe", NetnsLab.GATEWAY_OUTSIDE, "53", "2")),
                "reject: ICMP port unreachable, translated back through the NAT so the client's socket sees it");
        assertEquals("CLOSED", state(lab.client(10, "tcp-probe", NetnsLab.GATEWAY_OUTSIDE, "3306", "2")),
                "the default action is now reject");

        JsonPath fw = api().get("/firewall").then().statusCode(200).extract().jsonPath();
        assertTrue(fw.getLong("rules.find { it.port == '22' }.packets") >= 1, fw.prettify());
        assertTrue(fw.getLong("rules.find { it.port == '53' }.packets") >= 1, fw.prettify());
        assertTrue(fw.getLong("defaultPackets") >= 1, fw.prettify());
    }

    @Test
    void nmapSeesOpenClosedAndFiltered() {
        api().body("""
                {"defaultAction":"drop","rules":[
                  {"protocol":"tcp","port":"80","action":"allow"},
                  {"protocol":"tcp","port":"22","action":"reject"},
                  {"protocol":"udp","port":"53","action":"reject"},
                  {"protocol":"udp","port":"9001","action":"drop"}]}""").put("/firewall").then().statusCode(200);
        String tcp = Shell.run(List.of("ip", "netns", "exec", lab.clientNs(), "nmap", "-n", "-Pn", "-sT",
                "--max-retries", "1", "-p", "22,80,3306", NetnsLab.GATEWAY_OUTSIDE), 60).output();
        assertTrue(tcp.contains("22/tcp   closed"), tcp);
        assertTrue(tcp.contains("80/tcp   open"), tcp);
        assertTrue(tcp.contains("3306/tcp filtered"), tcp);
        String udp = Shell.run(List.of("ip", "netns", "exec", lab.clientNs(), "nmap", "-n", "-Pn", "-sU",
                "--max-retries", "1", "-p", "53,9001", NetnsLab.GATEWAY_OUTSIDE), 60).output();
        assertTrue(udp.contains("53/udp   closed"), udp);
        assertTrue(udp.contains("9001/udp open|filtered"), udp);
    }

    @Test
    void singleRulesAreAddedAndDeletedInOrder() {
        assertEquals("FILTERED", state(lab.client(10, "tcp-probe", NetnsLab.GATEWAY_OUTSIDE, "8050", "1")));
        int id = api().body("{\"protocol\":\"tcp\",\"port\":\"8000-8100\",\"action\":\"reject\",\"description\":\"a range\"}")
                .queryParam("position", 0).post("/firewall/rules").then().statusCode(201)
                .body("port", equalTo("8000-8100")).extract().path("id");
        api().get("/firewall").then().body("rules[0].id", equalTo(id)).body("rules.size()", equalTo(7));
        assertEquals("CLOSED", state(lab.client(10, "tcp-probe", NetnsLab.GATEWAY_OUTSIDE, "8050", "2")));
        api().get("/firewall").then().body("rules[0].packets", greaterThan(0));
        api().delete("/firewall/rules/" + id).then().statusCode(200).body("id", equalTo(id));
        api().delete("/firewall/rules/" + id).then().statusCode(404).body("field", equalTo("id"));
        assertEquals("FILTERED", state(lab.client(10, "tcp-probe", NetnsLab.GATEWAY_OUTSIDE, "8050", "1")));
    }

    @Test
    void theAdminPortStaysClosedToOutsideWhateverTheRulesSay() {
        api().body("""
                {"defaultAction":"reject","rules":[{"protocol":"tcp","port":"8080","action":"allow"}]}""")
                .put("/firewall").then().statusCode(200);
        assertEquals("FILTERED", state(lab.client(10, "tcp-probe", NetnsLab.GATEWAY_OUTSIDE, "8080", "1")),
                "the admin port is dropped on the outside interface before the security group is asked");
        assertTrue(Api.metricPositive("gateway_dropped_packets_total{reason=\"admin-from-outside\"}"));
    }

    @Test
    void aSourceCidrLimitsWhoIsAllowed() {
        api().body("""
                {"defaultAction":"drop","rules":[{"protocol":"tcp","port":"80","source":"10.0.0.0/8","action":"allow"}]}""")
                .put("/firewall").then().statusCode(200).body("rules[0].source", equalTo("10.0.0.0/8"));
        assertEquals("FILTERED", state(lab.client(10, "tcp-probe", NetnsLab.GATEWAY_OUTSIDE, "80", "1")),
                "the client 198.18.1.2 is not in 10.0.0.0/8");
        api().body("""
                {"defaultAction":"drop","rules":[{"protocol":"tcp","port":"80","source":"198.18.1.0/24","action":"allow"}]}""")
                .put("/firewall").then().statusCode(200);
        assertEquals("OPEN", state(lab.client(10, "tcp-probe", NetnsLab.GATEWAY_OUTSIDE, "80", "2")));
    }

    static String state(JsonNode n) {
        return n.get("state").asText();
    }
}
