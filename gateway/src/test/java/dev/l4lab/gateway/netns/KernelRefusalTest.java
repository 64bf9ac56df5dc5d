package dev.l4lab.gateway.netns;

import static dev.l4lab.gateway.support.Api.api;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.gateway.support.NetnsLab;
import dev.l4lab.gateway.support.NetnsProfile;
import dev.l4lab.gateway.support.NetnsTestBase;
import dev.l4lab.gateway.support.Shell;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * A rule set the kernel refuses leaves the previous one in force. Here another administrator has remade the
 * gateway's "input" chain on the output hook; the gateway's next transaction declares "input" on the input
 * hook, which the kernel refuses (a base chain cannot change its hook), so nothing of the transaction is
 * applied: the answer carries nft's message, GET /firewall and the wire still show the old rules.
 */
@QuarkusTest
@TestProfile(NetnsProfile.class)
class KernelRefusalTest extends NetnsTestBase {


    @Test
    void aRefusedTransactionChangesNothing() {
        assertEquals("OPEN", FirewallWireTest.state(lab.client(10, "tcp-probe", NetnsLab.GATEWAY_OUTSIDE, "22", "2")));
        String table = "l4lab";
        try {
            assertTrue(lab.inGateway("nft", "flush", "chain", "ip", table, "input").ok());
            assertTrue(lab.inGateway("nft", "delete", "chain", "ip", table, "input").ok());
            Shell.Result tamper = lab.inGateway("nft", "add", "chain", "ip", table, "input",
                    "{ type filter hook output priority 0; policy accept; }");
            assertTrue(tamper.ok(), tamper.output());

            api().body("{\"defaultAction\":\"drop\",\"rules\":[{\"protocol\":\"tcp\",\"port\":\"22\",\"action\":\"reject\"}]}")
                    .put("/firewall").then().statusCode(422)
                    .body("error", containsString("previous one is still in force"))
                    .body("error", containsString("Operation not supported"))
                    .body("error", containsString("add chain ip l4lab input"));
            api().get("/firewall").then().statusCode(200).body("rules.size()", equalTo(6)).body("rules[1].port", equalTo("22"))
                    .body("rules[1].action", equalTo("allow"));
            assertEquals("OPEN", FirewallWireTest.state(lab.client(10, "tcp-probe", NetnsLab.GATEWAY_OUTSIDE, "22", "2")),
                    "the kernel still runs the previous security group");
        } finally {
            lab.inGateway("nft", "delete", "chain", "ip", table, "input");
        }
        api().body("{\"defaultAction\":\"drop\",\"rules\":[{\"protocol\":\"tcp\",\"port\":\"22\",\"action\":\"reject\"}]}")
                .put("/firewall").then().statusCode(200);
        assertEquals("CLOSED", FirewallWireTest.state(lab.client(10, "tcp-probe", NetnsLab.GATEWAY_OUTSIDE, "22", "2")));
    }
}
