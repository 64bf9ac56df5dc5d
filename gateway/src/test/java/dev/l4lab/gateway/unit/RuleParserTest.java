package dev.l4lab.gateway.unit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.l4lab.gateway.api.ApiException;
import dev.l4lab.gateway.firewall.Action;
import dev.l4lab.gateway.firewall.FirewallRule;
import dev.l4lab.gateway.firewall.RuleInput;
import dev.l4lab.gateway.firewall.RuleParser;
import dev.l4lab.gateway.firewall.SecurityGroup;
import dev.l4lab.gateway.impair.ImpairmentInput;
import dev.l4lab.gateway.impair.ImpairmentParser;
import dev.l4lab.gateway.net.Ipv4Cidr;
import dev.l4lab.gateway.net.PortRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class RuleParserTest {

    @Test
    void goodRules() {
        FirewallRule r = RuleParser.parse(new RuleInput("TCP", " 1000-2000 ", "10.1.2.3/8", "Reject", "a range"), "", 9);
        assertEquals(9, r.id());
        assertEquals(new PortRange(1000, 2000), r.ports());
        assertEquals("10.0.0.0/8", r.source().toString(), "host bits are cleared, as the kernel does");
        assertEquals(Action.REJECT, r.action());
        assertNull(RuleParser.parse(new RuleInput("icmp", null, null, "allow", null), "", 1).ports());
        assertTrue(RuleParser.parse(new RuleInput("udp", "", "", "drop", null), "", 1).source().isAny());
        SecurityGroup sg = RuleParser.parseSet("drop", List.of(new RuleInput("tcp", "80", null, "allow", null),
                new RuleInput("udp", "53", null, "drop", null)), 5, 10);
        assertEquals(List.of(5L, 6L), sg.rules().stream().map(FirewallRule::id).toList());
    }

    @Test
    void badRulesNameTheirField() {
        assertField("rules[0].port", () -> set(new RuleInput("tcp", "70000", null, "allow", null)));
        assertField("rules[0].protocol", () -> set(new RuleInput("tcpp", "80", null, "allow", null)));
        assertField("rules[0].source", () -> set(new RuleInput("tcp", "80", "10.0.0.0/33", "allow", null)));
        assertField("rules[0].action", () -> set(new RuleInput("tcp", "80", null, "permit", null)));
        assertField("rules[0].port", () -> set(new RuleInput("tcp", "0", null, "allow", null)));
        assertField("rules[0].port", () -> set(new RuleInput("tcp", "-1", null, "allow", null)));
        assertField("rules[0].port", () -> set(new RuleInput("tcp", "80-", null, "allow", null)));
        assertField("rules[0].port", () -> set(new RuleInput("icmp", "8", null, "allow", null)));
        assertField("rules[0].source", () -> set(new RuleInput("tcp", "80", "256.0.0.1/8", "allow", null)));
        assertField("rules[0].source", () -> set(new RuleInput("tcp", "80", "1.2.3/24", "allow", null)));
        assertField("rules[0].description", () -> set(new RuleInput("tcp", "80", null, "allow", "x\" accept")));
        assertField("rules[0].description", () -> set(new RuleInput("tcp", "80", null, "allow", "x".repeat(65))));
        assertField("rules[0].protocol", () -> set(new RuleInput(null, "80", null, "allow", null)));
        assertField("defaultAction", () -> RuleParser.parseSet("maybe", List.of(), 1, 10));
        assertField("rules", () -> RuleParser.parseSet("drop", List.of(new RuleInput("tcp", null, null, "allow", null),
                new RuleInput("tcp", null, null, "allow", null)), 1, 1));
    }

    @Test
    void cidrs() {
        assertEquals("0.0.0.0/0", Ipv4Cidr.parse("0.0.0.0/0").toString());
        assertEquals("192.168.1.7/32", Ipv4Cidr.parse("192.168.1.7").toString());
        assertTrue(Ipv4Cidr.parse("172.28.0.0/16").contains("172.28.200.1"));
        assertTrue(!Ipv4Cidr.parse("172.28.0.0/16").contains("172.29.0.1"));
        assertTrue(!Ipv4Cidr.parse("172.28.0.0/16").contains("not-an-address"));
    }

    @Test
    void badImpairmentsNameTheirField() {
        assertField("loss[0].percent", () -> ImpairmentParser.parse(new ImpairmentInput(
                List.of(new ImpairmentInput.LossInput("both", "tcp", 0.001)), null, null, null), 8));
        assertField("loss[0].percent", () -> ImpairmentParser.parse(new ImpairmentInput(
                List.of(new ImpairmentInput.LossInput("both", "tcp", Double.NaN)), null, null, null), 8));
        assertField("loss", () -> ImpairmentParser.parse(new ImpairmentInput(
                List.of(new ImpairmentInput.LossInput("inbound", "tcp", 1.0), new ImpairmentInput.LossInput("outbound", "tcp", 1.0)),
                null, null, null), 1));
        assertField("reorderPercent", () -> ImpairmentParser.parse(new ImpairmentInput(List.of(), null, null, 10), 8));
        assertEquals(525, ImpairmentParser.parse(new ImpairmentInput(
                List.of(new ImpairmentInput.LossInput("both", "all", 5.25)), null, null, null), 8).loss().get(0).basisPoints());
    }

    private static SecurityGroup set(RuleInput r) {
        return RuleParser.parseSet("drop", List.of(r), 1, 10);
    }

    private static void assertField(String field, Runnable r) {
        ApiException e = assertThrows(ApiException.class, r::run);
        assertEquals(400, e.status());
        assertEquals(field, e.field(), e.getMessage());
    }
}
